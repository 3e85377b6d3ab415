"""What the script editor's "Open a script" list offers: every script in the catalog, and
the therapist's own script files the catalog left out.

The catalog leaves out a file with any problem (a clip missing or damaged, an id another
script holds, a length it cannot fit) and records why in ``Catalog.problems``, which the
Library's notice says to patients. Left out of the editor too, such a script could not be
mended where its clips are recorded. So the therapist's own files among those problems
(``<data>/scripts``) are listed here, marked, with their first problem (as the Library
says it) for when one is chosen:

* a file that still reads as a script opens in the form, with the clips the app would play
  (``with_narrated_clips``), and the editor's Check shows its problems in full;
* a file that does not read as a script (not TOML, a field missing or wrong) has no form
  to fill: it is listed by its name and reason, to be mended in a text editor.

Imported sets' files are not listed: they are signed, and only copies of scripts open.
Qt-free; the patient-facing Library keeps leaving all of these out.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from painease import paths
from painease.catalog import Catalog, audio_dir_for, with_narrated_clips
from painease.domain.script import Script
from painease.domain.script_loader import Problem, load_script
from painease.ui.library_notice import reason_line


@dataclass(frozen=True)
class LeftOut:
    """One of the therapist's own script files the catalog left out."""

    path: Path
    problems: tuple[Problem, ...]
    script: Script | None  # None: the file does not read as a script

    @property
    def listed(self) -> str:
        if self.script is None:
            return f"{self.path.name} · cannot be opened here"
        return f"{self.script.title} · has problems"

    @property
    def note(self) -> str:
        """What the editor says when it is chosen."""
        reason = reason_line(list(self.problems))
        if self.script is None:
            return (f"{self.path.name} is not a script painease can read ({reason}), so it "
                    f"cannot be opened here. Mend it in a text editor (it is in "
                    f"{self.path.parent}); to see every problem in it, run: painease check "
                    "FILE")
        return (f"This script has problems, so patients do not get it: {reason}\n"
                "Open it to see every problem in Check, mend them, and save.")


def left_out(catalog: Catalog) -> list[LeftOut]:
    """The therapist's own script files that ``catalog`` left out, with their problems."""
    folder = paths.user_scripts_dir(create=False)
    found: dict[str, list[Problem]] = {}
    for problem in catalog.problems:
        if Path(problem.file).parent == folder:
            found.setdefault(problem.file, []).append(problem)
    return [LeftOut(Path(file), tuple(problems), _read(Path(file)))
            for file, problems in found.items()]


def _read(path: Path) -> Script | None:
    try:
        script, _text = load_script(path)
        return with_narrated_clips(script, audio_dir_for(path))
    except Exception:  # noqa: BLE001 - a file that cannot be read is listed, not opened
        return None


def open_choices(catalog: Catalog, left: list[LeftOut]) -> list[tuple[str, str]]:
    """The list's items as (text, data), by title: a script's id, or a left-out file's
    path (two files may hold one id)."""
    items = [(entry.script.title, entry.script.title + ("" if entry.origin == "user" else
                                                        f" ({entry.origin}: opens as a copy)"),
              entry.script.id) for entry in catalog.entries.values()]
    items += [(found.script.title if found.script else found.path.name, found.listed,
               str(found.path)) for found in left]
    return [(text, data) for _key, text, data in sorted(items, key=lambda item: item[0])]

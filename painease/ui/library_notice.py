"""The Library's note on session files painease could not open, and what to do about them.

``Catalog.problems`` once reached only the command line (``painease scripts``, ``check``):
a file with a mistake simply was not listed, and nobody said why. ``notice_text`` says it
in the Library, where a person looks for the session, grouped by whose file it is:

* the person's own files (``<data>/scripts``): how many, each file's name with its first
  problem in one line, and what to do (mend it in a text editor, ``painease check FILE``
  for every problem; the window looks again when it is used: ``outside_changes``);
* a file of an imported set (``<data>/packs/<id>``): the set and its therapist are named,
  and the patient is asked to get a new copy from them, never to edit the pack's files;
  the file's reason follows, marked as being for the therapist;
* the folder of the person's own scripts, or of the imported sets, that is not a folder
  or cannot be read: what the catalog said of it, which says what to do;
* painease's own files: what the catalog said.

``LibraryNotice`` shows the text in a banner that Tab reaches (a read-only label with
focus, its words as its accessible name), hidden while there is nothing to say. Main
thread only; ``notice_text`` is Qt-free.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFrame, QVBoxLayout

from painease import paths
from painease.domain.shown_text import one_line
from painease.files import read_whole
from painease.ui.widgets import label, reachable_text

if TYPE_CHECKING:
    from painease.catalog import Catalog
    from painease.domain.script_loader import Problem

SHOWN_FILES = 8  # own files named one by one; more are counted
REASON_CHARS = 240  # a reason longer than this is cut (``painease check`` says it all)


def notice_text(catalog: Catalog | None) -> str:
    """What the Library says of the files left out of ``catalog`` ("" when none were)."""
    if catalog is None or not catalog.problems:
        return ""
    data = paths.data_dir(create=False)
    own: dict[str, list[Problem]] = {}
    packs: dict[str, list[Problem]] = {}
    other: list[Problem] = []
    folders: list[str] = []
    for problem in catalog.problems:
        path = Path(problem.file)
        if path in (data / "scripts", data / "packs"):  # not a folder, or unreadable
            folders.append(f"{path} {problem.message}.")
        elif path.parent == data / "scripts":
            own.setdefault(problem.file, []).append(problem)
        elif path.parent.parent.parent == data / "packs" and path.parent.name == "scripts":
            packs.setdefault(path.parent.parent.name, []).append(problem)
        else:
            other.append(problem)
    parts = folders
    if own:
        parts.append(_own_files(own, data / "scripts"))
    parts.extend(_pack_files(data / "packs" / pack, found) for pack, found in packs.items())
    if other:
        parts.append(_other_files(other))
    return "\n\n".join(parts)


def _own_files(found: dict[str, list[Problem]], folder: Path) -> str:
    count = len(found)
    lines = [("One of your own session files" if count == 1 else
              f"{count} of your own session files") + " could not be opened, so "
             + ("it is" if count == 1 else "they are") + " not listed:"]
    for file, problems in list(found.items())[:SHOWN_FILES]:
        lines.append(f"• {Path(file).name}: {reason_line(problems)}")
    if count > SHOWN_FILES:
        lines.append(f"• and {count - SHOWN_FILES} more.")
    lines.append(f"Mend a file in a text editor (they are in {folder}); painease looks "
                 "again when you come back to this window. To see every problem in a file, "
                 "run: painease check FILE")
    return "\n".join(lines)


def _pack_files(folder: Path, found: list[Problem]) -> str:
    title, therapist = _pack_names(folder)
    sessions = len({problem.file for problem in found})
    what = "A session" if sessions == 1 else f"{sessions} sessions"
    from_whom = f" from {therapist}" if therapist else ""
    the_set = f"the set “{title}”{from_whom}" if title else "a set you imported"
    ask = therapist or "your therapist"
    files = "; ".join(f"{Path(file).name}: {reason_line(problems)}"
                      for file, problems in _by_file(found).items())
    return (f"{what} in {the_set} could not be opened. Please ask {ask} for a new copy of "
            f"the set's pack file, and import it again.\nFor your therapist: {files}")


def _other_files(found: list[Problem]) -> str:
    files = "; ".join(f"{Path(file).name or file}: {reason_line(problems)}"
                      for file, problems in _by_file(found).items())
    return (f"Some sessions could not be opened ({files}). Reinstalling painease should "
            "bring back its own sessions.")


def _by_file(found: list[Problem]) -> dict[str, list[Problem]]:
    grouped: dict[str, list[Problem]] = {}
    for problem in found:
        grouped.setdefault(problem.file, []).append(problem)
    return grouped


def reason_line(problems: list[Problem]) -> str:
    """The first problem in one line (with its line number), and how many more there are."""
    first = " ".join(problems[0].message.split())
    if len(first) > REASON_CHARS:
        first = first[:REASON_CHARS - 1].rstrip() + "…"
    more = len(problems) - 1
    extra = f" (and {more} more problem{'s' if more > 1 else ''})" if more else ""
    return f"line {problems[0].line}: {first}{extra}"


def _pack_names(folder: Path) -> tuple[str, str]:
    """The set's title and its therapist's name from an installed pack's manifest ("" for
    what cannot be read: the note then says "a set you imported")."""
    from painease.catalog import MAX_MANIFEST_BYTES

    try:
        manifest = json.loads(read_whole(folder / "manifest.json", MAX_MANIFEST_BYTES,
                                         "a pack's manifest holds").decode("utf-8"))
    except (OSError, ValueError, RecursionError):
        return "", ""
    if not isinstance(manifest, dict):
        return "", ""
    title, therapist = manifest.get("title"), manifest.get("therapist_name")
    return (title if isinstance(title, str) else "",
            one_line(therapist) if isinstance(therapist, str) else "")


class LibraryNotice(QFrame):
    """The banner over the Library's list; ``show_catalog`` fills or hides it."""

    def __init__(self) -> None:
        super().__init__()
        self.setProperty("role", "banner")
        self.setObjectName("library-problems")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 14, 18, 14)
        # A Tab stop, so keyboard and screen-reader users find it; its words are its name.
        self.text = reachable_text(label("", name="library-problems-text"))
        self.text.setAccessibleDescription("Session files painease could not open, and what "
                                           "to do about them")
        layout.addWidget(self.text)
        self.hide()

    def show_catalog(self, catalog: Catalog | None) -> None:
        text = notice_text(catalog)
        self.text.setText(text)
        self.setVisible(bool(text))

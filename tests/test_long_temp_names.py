"""A long file name still saves: the temp file beside it fits the folder's name limit.

painease's temp names (``files.temp_beside``) are ``.<name>.XXXXXXXX.painease-part``, 24
bytes more than the target's name, so a target name of 232 to 255 bytes (NAME_MAX, 255 on
the usual file systems) made a temp name too long ("File name too long") and a report or
export that saved before the ``.painease-part`` ending came in failed. Now, when the temp
name would be too long, the name part inside it is shortened: the name's start, a ``~``
and twelve hex digits of a digest of the whole name, then its ending (``.pdf``), so it is
still painease's own temp of that one file, and the sweep of stale temps
(``remove_stale_temps``) still finds it, and only it: a person's look-alike beside it, or
another long name's temp, is not taken.

Real files in a real folder; the killed write is a real process SIGKILLed just before its
rename (``tests/packs/kill_at.py``)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from painease.files import write_atomically
from painease.temp_files import remove_stale_temps, remove_stale_temps_in
from tests.test_report import REPO

PART = ".painease-part"


def age(path: Path, seconds: float) -> None:
    then = time.time() - seconds
    os.utime(path, (then, then))


def name_max(folder: Path) -> int:
    try:
        return os.pathconf(folder, "PC_NAME_MAX")
    except (OSError, ValueError):
        return 255


def temps(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.name.endswith(PART))


@pytest.mark.parametrize("length", [231, 232, 240, 245, 255])
def test_a_long_name_saves(tmp_path, length):
    if name_max(tmp_path) < length:
        pytest.skip(f"this file system's names are shorter than {length} bytes")
    out = tmp_path / ("r" * (length - 4) + ".pdf")
    write_atomically(out, b"%PDF whole")
    assert out.read_bytes() == b"%PDF whole"
    assert temps(tmp_path) == []  # its temp was renamed, nothing left beside it


def test_a_long_name_in_letters_of_several_bytes_saves(tmp_path):
    """The limit is in bytes: 118 'é' are 236 bytes."""
    out = tmp_path / ("é" * 118 + ".pdf")
    write_atomically(out, b"%PDF whole")
    assert out.read_bytes() == b"%PDF whole"


def killed_write(target: Path) -> Path:
    """The temp file a write of ``target`` left when killed just before its rename."""
    child = ("import sys\n"
             "from pathlib import Path\n"
             "from tests.packs.kill_at import _arm\n"
             "_arm()\n"
             "from painease.files import write_atomically\n"
             "write_atomically(Path(sys.argv[1]), b'%PDF whole')\n")
    env = dict(os.environ, PYTHONPATH=str(REPO), KILL_AT="os.replace", KILL_N="1",
               KILL_WHEN="before", KILL_IF=target.name, PYTHONDONTWRITEBYTECODE="1")
    before = temps(target.parent)
    done = subprocess.run([sys.executable, "-c", child, str(target)], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == -9, done.stderr
    [left] = [path for path in temps(target.parent) if path not in before]
    return left


def test_a_killed_long_names_temp_is_swept_once_stale_and_nothing_else(tmp_path):
    folder = tmp_path / "mine"
    folder.mkdir()
    out = folder / ("a" * 236 + ".pdf")
    left = killed_write(out)
    assert len(os.fsencode(left.name)) <= name_max(folder)
    assert left.name.startswith(".aaaa") and left.name.endswith(".pdf." + left.name[-22:])
    assert left.read_bytes() == b"%PDF whole"
    stem = left.name[1:-len(PART) - 9]  # the shortened name inside the temp name
    # Beside it: another long name's temp (same start, another file) and a person's own
    # files named like it, an hour old, and two writes of others going on (seconds old).
    other = killed_write(folder / ("a" * 236 + ".png"))
    fresh = killed_write(folder / ("a" * 235 + "b.pdf"))
    persons = [f".{stem}.original", f".{stem}", f".{stem}.abcdefgh", f"{stem}.abcdefgh{PART}"]
    for name in persons:
        (folder / name).write_text("the person's own")
    for path in (folder / name for name in persons):
        age(path, 3600)
    gone = killed_write(folder / ("a" * 237 + ".png"))
    age(gone, 3600)

    write_atomically(out, b"%PDF new")  # seconds later: it may be a write going on now
    assert left.exists() and not gone.exists()  # another file's, and long stale
    assert out.read_bytes() == b"%PDF new"

    age(left, 120)
    assert remove_stale_temps(out) == [left]
    assert other.exists() and fresh.exists()
    assert all((folder / name).read_text() == "the person's own" for name in persons)


def test_a_folders_long_script_names_temps_are_found_in_one_look(tmp_path):
    """The start's sweep of the scripts folder goes by the ending (".toml"), kept."""
    left = killed_write(tmp_path / ("s" * 240 + ".toml"))
    kept = killed_write(tmp_path / ("s" * 240 + ".json"))
    age(left, 120)
    age(kept, 120)
    assert remove_stale_temps_in(tmp_path, ".toml") == [left]
    assert kept.exists()

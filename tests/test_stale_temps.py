"""What a write killed between its temp file and the rename leaves does not stay for ever,
and nothing else is ever taken for it.

``write_atomically`` (and painease's other writers of a temp file beside the target) clear
the temp files a killed earlier write of the same file left, once they are over a minute
old, after each write they finish: the person's next report to the same place removes the
whole report a killed one left there. The window's start clears the data dir's own (the
settings', the scripts', the record of packs made, the key's). A temp file younger than
the minute may be another process's write going on now: it is never taken.

painease's temp files end in ``.painease-part`` (``.<name>.XXXXXXXX.painease-part``), a name
no one else gives a file, and only that name is swept: a person's own ``.report.pdf.original``
(or ``.backup01``, ``.20261205``) beside an export is theirs, however old. Temps named the
older way (without the ending) are never swept, not even in the data dir: that folder may be
one the person chose (``--data-dir``) and may hold their own files.

The kills are real: a child process is SIGKILLed just before its rename
(``tests/packs/kill_at.py``)."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from painease import paths
from painease.files import write_atomically
from painease.storage import SessionStore
from painease.temp_files import remove_stale_temps_in
from tests.insights_history import add_session
from tests.test_report import REPO


def age(path: Path, seconds: float) -> None:
    then = time.time() - seconds
    os.utime(path, (then, then))


PART = ".painease-part"  # the ending every temp file painease makes has


def made_like(folder: Path, name: str, age_seconds: float, suffix: str = PART) -> Path:
    """A temp file named as the same mkstemp call names it (``suffix=""``: as painease
    named them before they had their own ending), last changed that long ago."""
    fd, temp = tempfile.mkstemp(prefix=f".{name}.", suffix=suffix, dir=folder)
    os.write(fd, b"left by a killed write")
    os.close(fd)
    age(Path(temp), age_seconds)
    return Path(temp)


def kill_env(home: Path, only_if: str) -> dict[str, str]:
    return dict(os.environ, PYTHONPATH=str(REPO), PAINEASE_HOME=str(home),
                KILL_AT="os.replace", KILL_N="1", KILL_WHEN="before", KILL_IF=only_if,
                PYTHONDONTWRITEBYTECODE="1")


def temps_of(folder: Path, name: str) -> list[Path]:
    """The files in ``folder`` named as ``write_atomically``'s temps of ``name`` are."""
    return sorted(p for p in folder.iterdir()
                  if p.name.startswith(f".{name}.") and p.name.endswith(PART)
                  and len(p.name) == len(name) + 10 + len(PART))


def persons_own(folder: Path, *names: str) -> list[Path]:
    """Files of the person's own beside a file painease writes (a hidden copy kept by
    hand, a backup tool's), two hours old: named as painease's temps once were."""
    made = []
    for name in names:
        (folder / name).write_text("the person's own")
        age(folder / name, 7200)
        made.append(folder / name)
    return made


def report(home: Path, out: Path, killed: bool = False) -> None:
    env = kill_env(home, out.name) if killed else dict(os.environ, PYTHONPATH=str(REPO),
                                                       PAINEASE_HOME=str(home))
    runner = [str(REPO / "tests" / "packs" / "kill_at.py")] if killed else ["-m", "painease"]
    done = subprocess.run([sys.executable, *runner, "report", "--pdf", str(out)], env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == (-9 if killed else 0), done.stderr


def test_a_killed_report_is_cleared_by_the_next_report_to_the_same_place(painease_home,
                                                                          tmp_path):
    with SessionStore(paths.database_path()) as store:
        add_session(store, datetime.now(UTC) - timedelta(days=1))
    folder = tmp_path / "mine"
    folder.mkdir()
    out = folder / "r.pdf"
    report(painease_home, out, killed=True)
    [left] = temps_of(folder, "r.pdf")
    assert left.read_bytes().startswith(b"%PDF")  # a whole report, in the person's folder
    assert not out.exists()
    others = {".r.pdf.lock": "not a temp name",
              ".r.pdf.original": "the person's own hidden copy", ".r.pdf.backup01": "theirs",
              ".r.pdf.20261205": "theirs", ".r.pdf.abcdefgh": "an older painease's temp"}
    for name, text in others.items():
        (folder / name).write_text(text)
        age(folder / name, 3600)

    another = made_like(folder, "other.pdf", 3600)  # another file's, killed long ago

    report(painease_home, out)  # seconds later: that temp may be a write going on now
    assert temps_of(folder, "r.pdf") == [left]
    assert not another.exists()  # painease's own too, and its writer long gone
    assert out.read_bytes().startswith(b"%PDF")

    age(left, 120)
    report(painease_home, out)
    assert sorted(p.name for p in folder.iterdir()) == sorted([*others, "r.pdf"])


def killed_write(home: Path, target: Path) -> Path:
    """The temp file a save of ``target`` (as the script editor and the pack record make
    it: ``write_atomically(..., own_data=True)``) left when killed before its rename."""
    child = ("import sys\n"
             "from pathlib import Path\n"
             "from tests.packs.kill_at import _arm\n"
             "_arm()\n"
             "from painease.files import write_atomically\n"
             "write_atomically(Path(sys.argv[1]), b'id = \"calm\"\\n', own_data=True)\n")
    done = subprocess.run([sys.executable, "-c", child, str(target)], cwd=REPO,
                          env=kill_env(home, target.name), capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == -9, done.stderr
    [left] = temps_of(target.parent, target.name)
    return left


def test_killed_saves_of_painease_files_are_cleared_at_the_next_start_once_stale(qtbot):
    from painease.ui.app import create_window, wait_until_ready

    home = paths.data_dir()
    scripts = paths.user_scripts_dir()
    scripts.mkdir()
    keys = paths.keys_dir()
    keys.mkdir()
    (scripts / "calm.toml").write_text('id = "calm"\n')
    stale = [killed_write(home, scripts / "calm.toml"),
             killed_write(home, scripts / "new-one.toml"),  # a first save: no file yet
             killed_write(home, paths.sent_packs_file()),
             made_like(keys, "identity.json", 600)]
    for left in stale:
        age(left, 120)
    young = killed_write(home, scripts / "other.toml")  # maybe another process's save now
    kept = [scripts / ".calm.toml.lock", scripts / f".notes.txt.abcdefgh{PART}",
            home / "keep.toml"]
    for path in kept:
        path.write_text("kept")
        age(path, 3600)
    # The data dir may be a folder the person chose, with their own files in it: names
    # painease's temps had before they ended in .painease-part are not taken even here.
    kept += persons_own(scripts, ".calm.toml.original", ".calm.toml.backup01")
    kept += persons_own(home, ".settings.json.20261205", ".sent-packs.json.original")
    kept += persons_own(keys, ".identity.json.original.tmp")
    kept += [made_like(scripts, "calm.toml", 3600, suffix=""),
             made_like(keys, "identity.json", 3600, suffix=".tmp")]

    window = create_window()
    qtbot.addWidget(window)
    wait_until_ready(window)
    window.close_store()

    assert not [left for left in stale if left.exists()]
    assert young.exists() and all(path.exists() for path in kept)
    assert (scripts / "calm.toml").read_text() == 'id = "calm"\n'


def test_an_export_never_takes_the_persons_own_files_beside_it(tmp_path):
    """The reviewer's case: exporting report.pdf beside the person's own hidden copies."""
    mine = persons_own(tmp_path, ".report.pdf.original", ".report.pdf.backup01",
                       ".report.pdf.20261205", ".report.pdf.abcdefgh")
    stale = made_like(tmp_path, "report.pdf", 120)
    write_atomically(tmp_path / "report.pdf", b"%PDF new export")
    assert all(path.read_text() == "the person's own" for path in mine)
    assert not stale.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        ["report.pdf", *(path.name for path in mine)])


def test_a_write_clears_only_painease_temps_whose_writers_are_gone(tmp_path):
    out = tmp_path / "chart.png"
    stale = made_like(tmp_path, "chart.png", 61)
    young = made_like(tmp_path, "chart.png", 20)
    other = made_like(tmp_path, "chart.png.png", 20)  # another file's, maybe being written
    older_way = made_like(tmp_path, "chart.png", 3600, suffix="")
    (tmp_path / f".chart.png.folder01{PART}").mkdir()
    age(tmp_path / f".chart.png.folder01{PART}", 3600)
    write_atomically(out, b"png")
    assert out.read_bytes() == b"png"
    assert not stale.exists() and young.exists() and other.exists() and older_way.exists()
    assert (tmp_path / f".chart.png.folder01{PART}").is_dir()
    assert sorted(p.name for p in tmp_path.iterdir() if p.is_file() and p.name.endswith(PART)
                  ) == sorted([young.name, other.name])  # the temp of this write went too


def test_a_folders_scripts_temps_are_found_in_one_look(tmp_path):
    gone = [made_like(tmp_path, "a.toml", 90), made_like(tmp_path, "b.c.toml", 90)]
    kept = [made_like(tmp_path, "a.toml", 10), made_like(tmp_path, "a.json", 90),
            made_like(tmp_path, "a.toml", 90, suffix=".tmp"),
            made_like(tmp_path, "a.toml", 90, suffix=""),
            *persons_own(tmp_path, ".a.toml.original", ".a.toml.backup01", ".a.toml.20261205")]
    for name in (".a.toml.lock", "a.toml", f".toml.abcdefgh{PART}", f".a.toml.ABCDEFGH{PART}",
                 f".a.toml.abcdefg{PART}", f"a.toml.abcdefgh{PART}"):
        (tmp_path / name).write_text("")
        age(tmp_path / name, 3600)
    assert sorted(remove_stale_temps_in(tmp_path, ".toml")) == sorted(gone)
    assert all(path.exists() for path in kept)
    assert len(list(tmp_path.iterdir())) == len(kept) + 6
    assert remove_stale_temps_in(tmp_path / "no-such-folder", ".toml") == []


def test_the_key_manifest_and_clip_writers_clear_their_own_stale_temps(tmp_path):
    import numpy as np

    from painease.audio.takes import save_opus
    from painease.narration.manifest import replacing
    from painease.packs.identity import load_or_create_identity

    keys = tmp_path / "keys"
    keys.mkdir()
    seed = made_like(keys, "identity.json", 120)
    mine = [*persons_own(keys, ".identity.json.original.tmp", ".identity.json.backup01"),
            made_like(keys, "identity.json", 3600, suffix=".tmp")]  # named the older way
    load_or_create_identity(keys, "Dr Lee")
    assert sorted(p.name for p in keys.iterdir()) == sorted(
        ["identity.json", *(path.name for path in mine)])

    words = made_like(tmp_path, "words.json", 120)
    mine += [*persons_own(tmp_path, ".words.json.original.tmp", ".words.json.20261205"),
             made_like(tmp_path, "words.json", 3600, suffix=".tmp")]
    with replacing(tmp_path / "words.json") as temp:
        assert temp.name.startswith(".words.json.") and temp.name.endswith(PART)
        temp.write_text("{}")
    assert not words.exists() and (tmp_path / "words.json").read_text() == "{}"

    clip = made_like(tmp_path, "step-1.ogg", 120)
    mine += persons_own(tmp_path, ".step-1-original.ogg", ".step-1.ogg.backup01")
    fd, older_way = tempfile.mkstemp(prefix=".step-1-", suffix=".ogg", dir=tmp_path)
    os.close(fd)
    age(Path(older_way), 3600)
    mine.append(Path(older_way))
    save_opus(tmp_path / "step-1.ogg", np.zeros(4800, dtype=np.float32))
    assert not clip.exists() and (tmp_path / "step-1.ogg").stat().st_size > 0
    assert not seed.exists()
    assert all(path.exists() for path in mine)
    assert not [p for p in tmp_path.rglob(f"*{PART}")]  # nothing of painease's own is left

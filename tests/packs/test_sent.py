"""What a therapist's install sent (``painease.packs.sent``): the record ``sent-packs.json``
keeps every set's entry when several processes record at once (the window's Set builder
and ``painease pack build`` may run together: only the window takes the instance lock)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from painease.packs.sent import Sent, changed_since, last_sent, record_sent

REPO = Path(__file__).resolve().parents[2]
# A child that says it is ready, waits for "go" on stdin, then records its sets one by one.
RECORDER = """\
import sys
from painease.packs.sent import record_sent
tag, count = sys.argv[1], int(sys.argv[2])
print("ready", flush=True)
sys.stdin.readline()
for i in range(count):
    record_sent(f"{tag}-{i}", 1, f"digest-{tag}-{i}")
"""


def _recorder(home: Path, tag: str, count: int) -> subprocess.Popen:
    env = dict(os.environ, PYTHONPATH=str(REPO), PAINEASE_HOME=str(home))
    child = subprocess.Popen([sys.executable, "-c", RECORDER, tag, str(count)], env=env,
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert child.stdout.readline() == "ready\n"
    return child


def test_two_processes_recording_at_once_lose_no_record(tmp_path, monkeypatch):
    """Both read-modify-write the one file; without a lock one's write dropped the other's
    new entries (seen within a few dozen rounds)."""
    home = tmp_path / "therapist"
    count = 150
    children = [_recorder(home, tag, count) for tag in ("window", "cli")]
    for child in children:  # both start together
        child.stdin.write("go\n")
        child.stdin.flush()
    for child in children:
        child.stdin.close()
        assert child.wait(timeout=120) == 0
    record = json.loads((home / "sent-packs.json").read_text(encoding="utf-8"))
    expected = {f"{tag}-{i}" for tag in ("window", "cli") for i in range(count)}
    assert expected - set(record) == set()
    monkeypatch.setenv("PAINEASE_HOME", str(home))
    assert last_sent("cli-7") == Sent(1, "digest-cli-7")


def test_a_lower_version_never_replaces_a_higher_one(painease_home):
    record_sent("set", 3, "three")
    record_sent("set", 2, "two")
    assert last_sent("set") == Sent(3, "three")
    record_sent("set", 3, "three again")
    assert last_sent("set") == Sent(3, "three again")


def test_a_record_from_an_older_painease_is_read_without_its_parts(painease_home):
    """Entries once held only the version and one digest: they still count (the version
    check needs no more), they just cannot say which part changed."""
    painease_home.mkdir(parents=True, exist_ok=True)
    (painease_home / "sent-packs.json").write_text(json.dumps({
        "old": {"version": 2, "content": "abc"},
        "damaged": {"version": 1, "content": "def", "parts": {"set": 5, "scripts": []}},
    }), encoding="utf-8")
    assert last_sent("old") == Sent(2, "abc", None)
    assert last_sent("damaged") == Sent(1, "def", None)
    parts = {"set": "s", "scripts": {"calm-corner": "c1", "paced-breathing": "p1"}}
    assert changed_since(last_sent("old"), parts, {}) == ""
    record_sent("old", 3, "ghi", parts)
    assert last_sent("old") == Sent(3, "ghi", parts)
    titles = {"calm-corner": "Calm corner"}
    newer = {"set": "s", "scripts": {"calm-corner": "c2", "paced-breathing": "p1",
                                     "new-one": "n1"}}
    assert changed_since(last_sent("old"), newer, titles) == (
        "the session “Calm corner” changed and the session “new-one” was added")
    assert changed_since(last_sent("old"), dict(newer, set="t"), titles).startswith(
        "the set and the session “Calm corner” changed and")


def test_a_damaged_record_is_kept_beside_the_new_one_never_written_over(painease_home):
    """A record that is not JSON (a disk error, a hand-edit) was replaced by a record of
    only the pack just made, losing what the therapist had sent before. Now it is kept
    beside as sent-packs.json.damaged (a second as …damaged-2) and the caller is told."""
    painease_home.mkdir(parents=True, exist_ok=True)
    record_file = painease_home / "sent-packs.json"
    record_file.write_text('{"set-a": {"version": 4, "cont', encoding="utf-8")
    assert last_sent("set-a") is None  # no warning can come from it
    told = record_sent("set-b", 1, "b1")
    assert told == (f"The record of the packs exported here ({record_file}) was damaged, so "
                    "this export was not checked against earlier ones. The damaged record is "
                    "kept as sent-packs.json.damaged. A new record starts with this export.")
    assert (painease_home / "sent-packs.json.damaged").read_text(encoding="utf-8") == \
        '{"set-a": {"version": 4, "cont'
    assert last_sent("set-b") == Sent(1, "b1")
    assert record_sent("set-b", 2, "b2") == ""  # all well: nothing to say

    record_file.write_text("[1, 2]", encoding="utf-8")  # JSON, but not a record
    assert "kept as sent-packs.json.damaged-2." in record_sent("set-c", 1, "c1")
    assert (painease_home / "sent-packs.json.damaged-2").read_text() == "[1, 2]"
    assert (painease_home / "sent-packs.json.damaged").read_text().startswith('{"set-a"')
    assert json.loads(record_file.read_text()) == {"set-c": {"version": 1, "content": "c1"}}


def test_a_record_that_cannot_be_read_is_left_as_it_is(painease_home, tmp_path):
    """There but unreadable (a folder of that name here; a link to a drive not connected):
    it was treated as empty and replaced. Now nothing is written and the caller is told."""
    painease_home.mkdir(parents=True, exist_ok=True)
    record_file = painease_home / "sent-packs.json"
    record_file.mkdir()
    (record_file / "mine.txt").write_text("kept")
    told = record_sent("set-a", 1, "a1")
    assert told == (f"The record of the packs exported here ({record_file}) could not be read "
                    "(it is a folder, not a file), so this export was not checked against "
                    "earlier ones, and painease leaves the record as it is: this export is not "
                    "noted in it.")
    assert [p.name for p in record_file.iterdir()] == ["mine.txt"]
    record_file.joinpath("mine.txt").unlink()
    record_file.rmdir()

    drive = tmp_path / "drive"
    record_file.symlink_to(drive / "sent-packs.json")
    assert "which cannot be found), so this export was not checked" in record_sent(
        "set-a", 1, "a1")
    assert record_file.is_symlink() and not drive.exists()
    drive.mkdir()  # connected again: noted there, through the link
    (drive / "sent-packs.json").write_text(json.dumps({"old": {"version": 2, "content": "o"}}))
    assert record_sent("set-a", 1, "a1") == ""
    assert record_file.is_symlink() and last_sent("old") == Sent(2, "o")
    assert last_sent("set-a") == Sent(1, "a1")


def test_a_record_that_cannot_be_written_says_so(painease_home):
    """The lock file beside it cannot be made (a folder of that name): a real failure."""
    (painease_home / ".sent-packs.json.lock").mkdir(parents=True)
    told = record_sent("set-a", 1, "a1")
    assert told.startswith("This export could not be noted in the record of the packs "
                           f"exported here ({painease_home / 'sent-packs.json'}): ")
    assert not (painease_home / "sent-packs.json").exists()

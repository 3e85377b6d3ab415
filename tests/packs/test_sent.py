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
        "the session “Calm corner” and the session “new-one”")
    assert changed_since(last_sent("old"), dict(newer, set="t"), titles).startswith(
        "the set, the session “Calm corner” and")

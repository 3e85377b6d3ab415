"""This install's key: made once, kept private, never silently replaced."""

from __future__ import annotations

import json

import pytest

from painease.packs.identity import IdentityError, fingerprint, load_or_create_identity


def test_made_once_private_and_stable(painease_home):
    me = load_or_create_identity()
    path = painease_home / "keys" / "identity.json"
    assert path.stat().st_mode & 0o777 == 0o600
    assert (painease_home / "keys").stat().st_mode & 0o777 == 0o700
    created = json.loads(path.read_text())["created_at"]
    again = load_or_create_identity(name="Dr. Ana Moreno")
    assert again.public_key == me.public_key and again.name == "Dr. Ana Moreno"
    assert json.loads(path.read_text())["created_at"] == created
    assert load_or_create_identity().name == "Dr. Ana Moreno"
    assert len(me.public_key) == 64 and len(me.key_id) == 16
    assert me.fingerprint == fingerprint(me.public_key)
    assert len(me.fingerprint.split()) == 8


@pytest.mark.parametrize("content", ["not json", '{"format": "other"}',
                                     '{"format": "painease-identity", "seed": "zz"}'])
def test_a_damaged_identity_is_refused_and_left_alone(painease_home, content):
    path = painease_home / "keys" / "identity.json"
    path.parent.mkdir(parents=True)
    path.write_text(content)
    with pytest.raises(IdentityError, match="cannot be used .*it was left as it is"):
        load_or_create_identity()
    assert path.read_text() == content


def test_a_key_file_whose_halves_do_not_match_is_refused(painease_home):
    me = load_or_create_identity()
    path = painease_home / "keys" / "identity.json"
    data = json.loads(path.read_text())
    data["public_key"] = "00" * 32
    path.write_text(json.dumps(data))
    with pytest.raises(IdentityError, match="does not belong to its private key"):
        load_or_create_identity()
    assert me.public_key != "00" * 32


def test_two_first_uses_at_once_share_one_key(tmp_path):
    """Real processes racing to make the key (a window and a command, say): once one in
    three runs lost a key, or failed with a raw rename error (one shared temp name)."""
    import os
    import subprocess
    import sys
    import time
    from pathlib import Path

    repo = str(Path(__file__).resolve().parents[2])
    # Each racer loads everything first, then waits for one moment on the clock.
    probe = ("import sys, time\n"
             "from painease.packs.identity import load_or_create_identity as make\n"
             "while time.time() < float(sys.argv[1]): pass\n"
             "print(make().public_key)")
    for attempt in range(8):
        home = tmp_path / f"home-{attempt}"
        env = dict(os.environ, PAINEASE_HOME=str(home), PYTHONPATH=repo)
        start = str(time.time() + 1.0)
        racers = [subprocess.Popen([sys.executable, "-c", probe, start], env=env, text=True,
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE)
                  for _ in range(3)]
        answers = [racer.communicate(timeout=60) for racer in racers]
        assert all(racer.returncode == 0 for racer in racers), answers
        kept = json.loads((home / "keys" / "identity.json").read_text())["public_key"]
        assert {out.strip() for out, _ in answers} == {kept}
        assert sorted(p.name for p in (home / "keys").iterdir()) == ["identity.json"]

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


def _cli(home, *args, **extra):
    import os
    import subprocess
    import sys

    from tests.test_cli import REPO

    env = dict(os.environ, PYTHONPATH=str(REPO), PAINEASE_HOME=str(home))
    # A command that waits on the pipe for ever fails here (TimeoutExpired) instead.
    return subprocess.run([sys.executable, "-m", "painease", *args], env=env,
                          capture_output=True, text=True, timeout=30, **extra)


@pytest.mark.parametrize("command", [["identity"], ["therapist", "init", "--name", "Ana"]])
def test_a_pipe_in_place_of_the_key_file_is_refused_not_waited_on(tmp_path, command):
    # Once every command that reads the key (and the app's Send results) waited for ever
    # for something to write into the pipe.
    import os

    path = tmp_path / "home" / "keys" / "identity.json"
    path.parent.mkdir(parents=True)
    os.mkfifo(path)
    done = _cli(tmp_path / "home", *command)
    assert done.returncode == 1
    assert done.stderr.endswith(f"{path} cannot be used (it is not a regular file); it was "
                                "left as it is\n")
    assert "Traceback" not in done.stderr


def test_a_pipe_in_place_of_the_key_file_stops_a_results_import(tmp_path):
    import os

    path = tmp_path / "home" / "keys" / "identity.json"
    path.parent.mkdir(parents=True)
    os.mkfifo(path)
    results = tmp_path / "r.painease-results"
    results.write_bytes(b'{"format": "painease-results"}\n' + b"x" * 100)
    done = _cli(tmp_path / "home", "results", "import", str(results))
    assert done.returncode == 1 and "Traceback" not in done.stderr


@pytest.mark.parametrize("content, reason", [
    # 5000 digits: Python's own words were "…use sys.set_int_max_str_digits()".
    ('{"format": "painease-identity", "seed": ' + "7" * 5000 + "}",
     "it is damaged: it is not a key file's text"),
    ('{"a": ' + "1" * 1_000_000 + "}", "it is larger than 64 KiB, far more than a key file "
                                       "holds"),
])
def test_a_damaged_key_file_is_named_damaged_in_plain_words(painease_home, content, reason):
    path = painease_home / "keys" / "identity.json"
    path.parent.mkdir(parents=True)
    path.write_text(content)
    with pytest.raises(IdentityError) as refused:
        load_or_create_identity()
    assert str(refused.value) == f"{path} cannot be used ({reason}); it was left as it is"
    assert path.read_text() == content


@pytest.mark.parametrize("command", [["identity"], ["therapist", "init", "--name", "Ana"]])
def test_a_key_that_cannot_be_saved_is_said_plainly(tmp_path, command):
    # A file may not grow past 100 bytes: the write fails as on a full disk. Once
    # "[Errno 28] No space left on device: '…/.identity.json.x1y2.tmp'".
    from tests.test_report import limit_file_size

    done = _cli(tmp_path / "home", *command, preexec_fn=limit_file_size(100))
    keys = tmp_path / "home" / "keys"
    assert done.returncode == 1
    assert done.stderr.endswith(f"this install has no signing key yet, and it cannot be made "
                                f"in {keys} (File too large); nothing was changed\n"), \
        done.stderr
    assert "Errno" not in done.stderr and list(keys.iterdir()) == []


def test_the_therapists_name_is_kept_on_one_line_as_a_patients_is(tmp_path):
    # Once "Dr. Ana\nMoreno\t" was kept as typed: a line break in the name patients see on
    # every pack, while a patient's name is tidied (shown_text.one_line).
    home = tmp_path / "home"
    done = _cli(home, "therapist", "init", "--name", " Dr. Ana\nMoreno\t\u200b")
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[0] == "name:        Dr. Ana Moreno"
    assert load_or_create_identity(home / "keys").name == "Dr. Ana Moreno"
    again = load_or_create_identity(home / "keys", name="Dr.\tAna\r\nMoreno")  # no change
    assert again.name == "Dr. Ana Moreno"
    assert load_or_create_identity(home / "keys", name="Ana\u2028M").name == "Ana M"


@pytest.mark.parametrize("command", [["therapist", "init"], ["identity"]])
def test_a_blank_name_is_refused_and_the_name_kept(tmp_path, command):
    # Once "   " (or a line break alone) cleared the name patients see on packs, silently:
    # tidied to nothing, it was stored as no name at all.
    home = tmp_path / "home"
    assert _cli(home, *command, "--name", "Dr. Ana Moreno").returncode == 0
    for blank in ("   ", "\n\t", ""):
        done = _cli(home, *command, "--name", blank)
        assert done.returncode != 0, done.stdout
        assert "the name given is blank; the name “Dr. Ana Moreno” is kept" in done.stderr, \
            done.stderr
        assert done.stderr.count("\n") == 1
    assert load_or_create_identity(home / "keys").name == "Dr. Ana Moreno"


def test_a_blank_name_makes_no_key(tmp_path):
    keys = tmp_path / "keys"
    with pytest.raises(IdentityError, match="^the name given is blank; no key was made$"):
        load_or_create_identity(keys, name=" \u200b ")
    assert not keys.exists() or list(keys.iterdir()) == []

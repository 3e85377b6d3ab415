"""``painease results export`` offers the senders Send results… offers
(``painease.packs.senders.recipients``): every key the patient's sets are on record with,
not only the pinned ones, told apart by fingerprint when names read alike. Real
subprocesses on a real data folder (a database as an older painease left it, with a
look-alike name's set on its own key and a set whose key was never pinned)."""

from __future__ import annotations

import json

from painease.packs.identity import fingerprint, key_id
from tests.storage.test_accepted_keys import (
    FORGER,
    KIM,
    NEW,
    PACO,
    PACO_LOOK_ALIKE,
    SAM_NEW,
    _old_file,
)
from tests.test_cli import painease


def _home(tmp_path):
    home = tmp_path / "patient"
    home.mkdir()
    _old_file(home / "painease.sqlite3")
    return home


def _sealed_to(path) -> str:
    return json.loads(path.read_bytes().split(b"\n")[0])["recipient_key_id"]


def test_the_cli_lists_every_sender_the_app_offers(tmp_path):
    home = _home(tmp_path)
    out = tmp_path / "r.painease-results"
    asked = painease("results", "export", "--name", "Sam", "-o", str(out), data_dir=home)
    assert asked.returncode == 1 and not out.exists()
    # Kim's key was never pinned, and the look-alike's set is on its own key: both are
    # senders the app offers, so the CLI names them too, each with its fingerprint.
    for name, key in (("Dr. Ana Moreno", NEW), ("Dr. Kim Park", KIM), ("Dr. Paco Lee", PACO),
                      (PACO_LOOK_ALIKE, FORGER), ("Dr. Sam Lee", SAM_NEW)):
        assert f"{name} (fingerprint {fingerprint(key)})" in asked.stderr, asked.stderr
    assert "--therapist" in asked.stderr and len(asked.stderr.splitlines()) == 1


def test_the_cli_sends_to_a_sender_whose_key_was_never_pinned(tmp_path):
    home = _home(tmp_path)
    out = tmp_path / "kim.painease-results"
    sent = painease("results", "export", "--therapist", "dr kim park", "--name", "Sam",
                    "-o", str(out), data_dir=home)
    assert sent.returncode == 0, sent.stderr
    assert f"encrypted to Dr. Kim Park ({fingerprint(KIM)})" in sent.stdout
    assert _sealed_to(out) == key_id(KIM)


def test_names_that_read_alike_are_chosen_by_fingerprint(tmp_path):
    home = _home(tmp_path)
    out = tmp_path / "r.painease-results"
    # "Dr Paco Lee" reads as Dr. Paco Lee's name and as the look-alike's: both are named,
    # and the patient is asked to choose by fingerprint; nothing is written.
    both = painease("results", "export", "--therapist", "Dr Paco Lee", "--name", "Sam",
                    "-o", str(out), data_dir=home)
    assert both.returncode == 1 and not out.exists()
    assert f"Dr. Paco Lee (fingerprint {fingerprint(PACO)})" in both.stderr
    assert f"{PACO_LOOK_ALIKE} (fingerprint {fingerprint(FORGER)})" in both.stderr
    assert "fingerprint" in both.stderr.split(")")[-1]  # how to choose, said last

    chosen = painease("results", "export", "--therapist", fingerprint(FORGER).upper(),
                      "--name", "Sam", "-o", str(out), data_dir=home)
    assert chosen.returncode == 0, chosen.stderr
    assert _sealed_to(out) == key_id(FORGER)
    assert f"encrypted to {PACO_LOOK_ALIKE} ({fingerprint(FORGER)})" in chosen.stdout
    # As the app says under the choice: another key's name reads the same.
    assert (f"Another sender goes by a name that reads the same as {PACO_LOOK_ALIKE}, with "
            f"a different key (fingerprint {fingerprint(PACO)})") in chosen.stderr

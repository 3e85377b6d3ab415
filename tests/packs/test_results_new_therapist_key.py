"""A therapist on a new computer (``therapist init`` there: the same name, a new key) opens
results sealed to their old key: told so, in a therapist's words, with both keys and the
way forward, not "if you made it to send your results, send it to your therapist". Real
CLI processes, real keys, a real sealed results file."""

from __future__ import annotations

from painease.packs.identity import fingerprint
from tests.packs.test_cli_round_trip import PERIOD
from tests.pinned import therapists
from tests.test_cli import painease


def test_results_sealed_to_a_previous_key_are_said_so_on_a_therapists_install(
        patient, homes, tmp_path):
    [(_, old_key)] = therapists(patient)
    patient.close()
    out = tmp_path / "sam.painease-results"
    sent = painease("results", "export", *PERIOD, "--name", "Sam", "-o", str(out),
                    data_dir=homes.patient)
    assert sent.returncode == 0, sent.stderr
    new_home = tmp_path / "new-computer"
    made = painease("therapist", "init", "--name", "Dr. Ana Moreno", data_dir=new_home)
    assert made.returncode == 0, made.stderr
    new = made.stdout.split("fingerprint: ")[1].split("\n")[0]
    opened = painease("results", "import", str(out), data_dir=new_home)
    assert opened.returncode == 1
    said = opened.stderr
    assert len(said.splitlines()) == 1
    assert said.startswith(f"painease: {out}: this results file was sealed to another "
                           "therapist key than this install's")
    assert f"that key's fingerprint starts {fingerprint(old_key)[:19]}" in said
    assert f"this install's starts {new[:19]}" in said
    assert "keys/identity.json" in said
    for patients_words in ("send the file to your therapist", "If you made it"):
        assert patients_words not in said

"""Notes longer than a results file keeps (written before notes had a limit) are sent in
parts and arrive whole: the file is no longer refused by the therapist's painease.

Real keys, pack, sealed results file and SQLite files on both sides (the fixtures of
``test_results``).
"""

from __future__ import annotations

from datetime import date

from painease.packs.long_notes import parts
from painease.packs.results import import_results, open_patient
from painease.storage.notes import NOTE_LIMIT
from tests.packs.conftest import _as_therapist, _at, _export


def words(n: int, seed: str) -> str:
    return (f"{seed} it moved, then eased.\n" * (n // 20 + 1))[:n]


def test_long_notes_arrive_whole_and_a_second_send_adds_nothing(
        patient, identity, homes, tmp_path):
    # Once: "journal entry …: text must be text of at most 20000 characters", and nothing
    # of the file was imported.
    journal = words(45_000, "Back")
    before = words(25_000, "Hip")
    patient.add_journal_entry(journal, session_id=1, written_at=_at(2, 15))
    patient.save_rating(1, "pre", 6, 7, note=before, rated_at=_at(2))
    summary = _export(patient, identity, tmp_path, date(2026, 11, 1), date(2026, 11, 3),
                      include_journal=True)
    assert summary.journal_entries == 2  # the patient's two entries, not their parts
    me, store = _as_therapist(homes)
    with store:
        result = import_results(summary.path, me, store)
        assert import_results(summary.path, me, store).counts.journal_new == 0  # again
    assert result.counts.journal_new == 3 + 1 + 1  # 45,000 in 3, the short one, 5,000 over
    with open_patient(identity.key_id) as theirs:
        [session] = theirs.sessions()
        pre = theirs.ratings(session.id)["pre"].note
        texts = [e.text for e in theirs.journal_entries()]
    assert all(len(text) <= NOTE_LIMIT for text in [pre, *texts])
    # Oldest first: the rest of the note rated at 12:00, then the entries of 14:00, 15:00.
    assert pre + texts[0] == before  # the rating keeps what fits; the rest follows it
    assert texts[1] == "Felt safer today."
    assert "".join(texts[2:]) == journal and len(texts[2:]) == 3


def test_parts_end_at_a_word_join_to_the_note_and_leave_out_only_blank_space():
    note = "word " * 9_000
    cut = parts(note)
    assert "".join(cut) == note and all(len(p) <= NOTE_LIMIT for p in cut)
    assert all(p.endswith(" ") for p in cut)  # never in the middle of a word
    unbroken = "x" * (NOTE_LIMIT + 5)
    assert parts(unbroken) == ["x" * NOTE_LIMIT, "xxxxx"]
    assert parts("a" + " " * (2 * NOTE_LIMIT) + "b") == ["a" + " " * (NOTE_LIMIT - 1),
                                                        " " * 1 + "b"]


def test_the_patients_own_export_keeps_a_long_note_whole(patient, tmp_path):
    import csv

    from painease.storage.export import export_csv

    journal = words(45_000, "Back")
    patient.add_journal_entry(journal, session_id=1, written_at=_at(2, 15))
    export_csv(patient, tmp_path / "csv")
    usual = csv.field_size_limit(10 * NOTE_LIMIT)  # Python's reader stops at 131,072
    try:
        with open(tmp_path / "csv" / "journal.csv", encoding="utf-8-sig", newline="") as file:
            rows = [row["text"] for row in csv.DictReader(file)]
    finally:
        csv.field_size_limit(usual)
    assert rows == ["Felt safer today.", journal]

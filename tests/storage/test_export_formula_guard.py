"""The CSV export's formula guard is exact: a reader who follows the codebook (drop the
first ' of a text cell that starts with one) gets every note back as written, and no text
cell starts with a character a spreadsheet may take as the start of a formula.

Real SQLite file, real export, read back with csv.DictReader."""

from __future__ import annotations

import csv
from datetime import UTC, datetime

from painease.storage import SessionStore, export_csv

T0 = datetime(2024, 5, 1, 8, 0, tzinfo=UTC)
# What a person may write. OWASP's testing guide (WSTG-INPV-21) names = + - @, tab, CR,
# LF and the full-width forms; spreadsheets are said to look past leading blanks.
NOTES = ("'tis a good day", "''twas", "'", "=1+1", "+1", "-2 after", "@SUM(A1)", "\t=1+1",
         "\r=1+1", "\n=1+1", " =1+1", "   +1", "\u00a0=1+1", "\u3000=1+1", "＝1+1", "＋1",
         "－1", "＠SUM(A1)", "\x1f=1", "calm; 2 = fine", "Zoë's knee", "a'b")
GUARDED_FIRST = set("=+-@'＝＋－＠")


def _read(path):
    with path.open(newline="", encoding="utf-8-sig") as fh:
        return list(csv.DictReader(fh))


def codebook_reading(cell: str) -> str:
    """What the codebook tells a reader to do with a text cell."""
    return cell[1:] if cell.startswith("'") else cell


def test_every_note_comes_back_exactly_and_none_can_start_a_formula(tmp_path):
    # "'tis a good day" was written unchanged, so a reader dropping the first ' (as the
    # codebook says) lost the person's own apostrophe.
    with SessionStore(tmp_path / "db.sqlite3") as s:
        sid = s.start_session("somatic-tracking", 1, 10, started_at=T0)
        for text in NOTES:
            s.add_journal_entry(text, session_id=sid, written_at=T0)
        export_csv(s, tmp_path / "out")
    cells = [row["text"] for row in _read(tmp_path / "out" / "journal.csv")]
    assert [codebook_reading(c) for c in cells] == list(NOTES)
    for cell in cells:
        guarded = cell[1:] if cell.startswith("'") else None
        first = (guarded if guarded is not None else cell)[:1]
        if guarded is None:  # unguarded: nothing a spreadsheet could take for a formula
            assert first not in GUARDED_FIRST and not first.isspace() and first >= " ", cell


def test_the_codebook_names_every_guarded_first_character(tmp_path):
    with SessionStore(tmp_path / "db.sqlite3") as s:
        export_csv(s, tmp_path / "out")
    codebook = {(r["file"], r["column"]): r["meaning"]
                for r in _read(tmp_path / "out" / "codebook.csv")}
    for column in (("ratings.csv", "note"), ("journal.csv", "text"),
                   ("sessions.csv", "audio_note")):
        meaning = codebook[column]
        assert ("starting with = + - @ (or the full-width ＝ ＋ － ＠), with ', or with a "
                "space, tab, line break") in meaning
        assert "has a ' added in front" in meaning
        for words in ("a space", "tab", "line break", "carriage return",
                      "drop that first '"):
            assert words in meaning, (column, words)

"""What a patient or a therapist typed cannot reorder the report's own words: a note, a
name or a title with an unclosed right-to-left override (U+202E) or embedding once turned
the rest of its session's notes, labels and all, backwards ("retfa setunim 02 deklaw
:noisses eht retfA"). A real store, a real PDF, read back with poppler's pdftotext."""

from __future__ import annotations

import re
import subprocess
from datetime import UTC, datetime, timedelta

import pytest

from painease import paths
from painease.storage import SessionStore
from tests.insights_history import SCRIPTS, add_session
from tests.test_report import needs_poppler
from tests.test_report_notes import words

RLO, RLE = "\u202e", "\u202b"
START = datetime(2026, 3, 2, 9, tzinfo=UTC)


def _history(store) -> None:
    first = add_session(store, START, pre=None, post=None)
    store.save_rating(first, "pre", 6, 5, f"knee pain 6 {RLO}unclosed override")
    store.save_rating(first, "post", 2, 2, "walked 20 minutes after")
    store.add_journal_entry("felt calmer, pain 2", session_id=first)
    second = add_session(store, START + timedelta(days=1), pre=None)
    store.save_rating(second, "pre", 6, 5, f"knee pain 6 {RLE}الم")
    store.add_journal_entry("slept well", session_id=second)


@needs_poppler
def test_an_override_in_a_note_leaves_the_other_notes_and_labels_in_order(
        qapp, painease_home, tmp_path):
    from painease.report import write_report

    with SessionStore(paths.database_path()) as store:
        _history(store)
        out = tmp_path / "override.pdf"
        write_report(store, out, since=START, until=START + timedelta(days=7), tz=UTC,
                     include_notes=True, titles={SCRIPTS[0]: "Paced breathing"})
    notes = words(out).split("Your notes", 1)[1].split("Definitions", 1)[0]
    assert "After the session: walked 20 minutes after" in notes
    assert "What you noticed: felt calmer, pain 2" in notes
    assert "What you noticed: slept well" in notes
    assert "Before the session: knee pain 6" in notes
    assert "retfA" not in notes and "deciton" not in notes


@needs_poppler
def test_an_override_in_a_name_or_a_title_leaves_the_reports_words_in_order(
        qapp, painease_home, tmp_path):
    from painease.report import write_report

    with SessionStore(paths.database_path()) as store:
        _history(store)
        out = tmp_path / "name.pdf"
        write_report(store, out, since=START, until=START + timedelta(days=7), tz=UTC,
                     include_notes=True, patient_name=f"Sam {RLO}x",
                     titles={SCRIPTS[0]: f"Breathing {RLO}calm"})
    text = words(out)
    assert "'s ratings (imported results)" in text
    assert "'s notes" in text
    notes = text.split("notes", 1)[1].split("Definitions", 1)[0]
    assert "After the session: walked 20 minutes after" in notes
    assert "x noticed: felt calmer, pain 2" in notes
    assert "stpircs" not in text and "detropmi" not in text


RLM, RLI = "\u200f", "\u2067"


@needs_poppler
@pytest.mark.parametrize("name", [f"{RLM}sam", "سارا", f"{RLI}سارا"])
def test_a_name_that_begins_right_to_left_leaves_its_heading_in_order(
        qapp, painease_home, tmp_path, name):
    # "\u200fsam" once read "s notes'sam": the notes heading's paragraph took its
    # direction from the mark inside the name's isolate (an Arabic name's from its first
    # letter). It reads as the report's first heading, which starts with "painease", does.
    from painease.report import write_report

    with SessionStore(paths.database_path()) as store:
        _history(store)
        out = tmp_path / "rtl-name.pdf"
        write_report(store, out, since=START, until=START + timedelta(days=7), tz=UTC,
                     include_notes=True, patient_name=name,
                     titles={SCRIPTS[0]: "Paced breathing"})
    text = words(out)
    shown = text.split("painease — ", 1)[1].split("s ratings (imported results)", 1)[0]
    assert f"{shown}s notes" in text
    assert "s notes'" not in text


def _pdf_title(pdf) -> str:
    info = subprocess.run(["pdfinfo", "-enc", "UTF-8", str(pdf)], capture_output=True,
                          check=True).stdout.decode("utf-8")
    return re.search(r"^Title:\s+(.*)$", info, re.M).group(1)


@needs_poppler
@pytest.mark.parametrize(("name", "shown", "title"), [
    (f"Sam {RLO}x", "", "Sam x"),
    (f"Sam{RLO}", f"Sam{RLO} (key 1a2b …)", "Sam (key 1a2b …)"),
    (f"{RLI}سارا{RLE}\u202c{RLM}", "", "سارا"),
    ("Sam\u2029Lee\r\nKim", "", "Sam Lee Kim"),
])
def test_the_pdfs_title_holds_the_names_letters_and_no_bidi_controls(
        qapp, painease_home, tmp_path, name, shown, title):
    # A viewer's title bar shows the PDF's title on its own, often with no bidi isolates
    # (they would show as boxes or be ignored): an override typed in a name ("Sam<RLO>
    # (key 1a2b …)") turned the rest of the title, the key too, backwards there.
    from painease.report import write_report

    with SessionStore(paths.database_path()) as store:
        _history(store)
        out = tmp_path / "titled.pdf"
        write_report(store, out, since=START, until=START + timedelta(days=7), tz=UTC,
                     patient_name=name, patient_shown=shown,
                     titles={SCRIPTS[0]: "Paced breathing"})
    assert _pdf_title(out) == f"painease ratings report — {title}"

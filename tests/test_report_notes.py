"""The PDF report lists the notes written with each session, and says so when there are
none: a real store, a real PDF, read back with poppler's pdftotext."""

from __future__ import annotations

import unicodedata
from datetime import UTC, datetime, timedelta

from painease import paths
from painease.storage import SessionStore
from tests.insights_history import add_session
from tests.test_report import needs_poppler, pages_of, painease, text_of


def words(pdf) -> str:
    """The PDF's text in one line, its ligatures ("ﬀ") read back as letters."""
    return " ".join(unicodedata.normalize("NFKC", text_of(pdf)).split())


@needs_poppler
def test_the_report_lists_each_sessions_date_and_notes(qapp, painease_home, tmp_path):
    from painease.report import write_report

    start = datetime(2026, 3, 2, 9, tzinfo=UTC)
    with SessionStore(paths.database_path()) as store:
        first = add_session(store, start, pre=None, post=(3, 2))
        store.save_rating(first, "pre", 6, 7, "Stiff <after> the drive & tired.")
        store.add_journal_entry("The ache moved to my hip, then faded.", session_id=first)
        add_session(store, start + timedelta(days=1))  # nothing written
        third = add_session(store, start + timedelta(days=2), pre=(5, 5), post=None)
        store.add_journal_entry("Felt safer today.", session_id=third)
        out = tmp_path / "notes.pdf"
        write_report(store, out, since=start, until=start + timedelta(days=7),
                     tz=UTC, include_notes=True)
    text = words(out)
    section = text.split("Your notes", 1)[1].split("Definitions", 1)[0]
    # Newest first, each under its date and session; the words as written.
    assert section.index("4 Mar 2026, 09:00") < section.index("2 Mar 2026, 09:00")
    assert "What you noticed: Felt safer today." in section
    assert "Before the session: Stiff <after> the drive & tired." in section
    assert "What you noticed: The ache moved to my hip, then faded." in section
    assert "03 Mar 2026" not in section  # a session without notes is not listed


@needs_poppler
def test_a_report_without_notes_says_so(qapp, painease_home, tmp_path):
    from painease.report import write_report

    start = datetime(2026, 3, 2, 9, tzinfo=UTC)
    with SessionStore(paths.database_path()) as store:
        add_session(store, start)
        out = tmp_path / "quiet.pdf"
        write_report(store, out, since=start, until=start + timedelta(days=7), tz=UTC,
                     include_notes=True)
        write_report(store, tmp_path / "sam.pdf", since=start,
                     until=start + timedelta(days=7), tz=UTC, patient_name="Sam",
                     include_notes=True)
    assert "Your notes No notes were written with the sessions in this period." in words(out)
    assert ("Sam's notes No notes with the sessions in this period. Notes are in the "
            "results only when Sam chooses to send them.") in words(tmp_path / "sam.pdf")


@needs_poppler
def test_many_long_notes_are_all_listed_each_shortened(qapp, painease_home, tmp_path):
    """Once only the newest few, to stay within three pages ("… not listed here"): the
    person chose to include their notes, and the therapist reads them all."""
    from painease.report import write_report

    start = datetime(2026, 1, 1, 9, tzinfo=UTC)
    long_note = "I noticed the warmth spreading slowly. " * 100  # about 4,000 characters
    with SessionStore(paths.database_path()) as store:
        for day in range(60):
            sid = add_session(store, start + timedelta(days=day))
            store.add_journal_entry(long_note, session_id=sid)
        out = tmp_path / "long.pdf"
        report = write_report(store, out, since=start, until=start + timedelta(days=90),
                              tz=UTC, include_notes=True)
    assert report.pages == pages_of(out)
    text = words(out)
    notes = text.split("Your notes", 1)[1].split("Definitions", 1)[0]
    assert notes.count("(shortened here; the whole note is in painease)") == 60
    assert "not listed" not in text


@needs_poppler
def test_notes_are_left_out_unless_asked_for(qapp, painease_home, tmp_path):
    """Notes are private: ``write_report`` and ``painease report`` leave them out (not even
    a heading) unless asked, with ``include_notes`` or ``--with-notes``."""
    from painease.report import write_report

    start = datetime(2026, 3, 2, 9, tzinfo=UTC)
    with SessionStore(paths.database_path()) as store:
        sid = add_session(store, start)
        store.add_journal_entry("A private thought about my sister.", session_id=sid)
        write_report(store, tmp_path / "plain.pdf", since=start,
                     until=start + timedelta(days=7), tz=UTC)
    assert "Your notes" not in words(tmp_path / "plain.pdf")
    assert "sister" not in words(tmp_path / "plain.pdf")
    for flag, shown in (((), False), (("--with-notes",), True)):
        out = tmp_path / f"cli{len(flag)}.pdf"
        done = painease("report", "--pdf", str(out), "--from", "2026-03-01", *flag,
                        home=painease_home)
        assert done.returncode == 0, done.stderr
        text = words(out)
        assert "Sessions, newest first" in text
        assert ("What you noticed: A private thought about my sister." in text) is shown
        assert ("Your notes" in text) is shown


@needs_poppler
def test_notes_of_no_session_are_in_the_report_in_their_period(qapp, painease_home, tmp_path):
    """The Insights page shows notes written with no session ("Other notes"); the report
    left them out. They go in with the other notes, those written in the period only,
    newest first, and only when the notes are asked for."""
    from painease.report import write_report

    start = datetime(2026, 3, 2, 9, tzinfo=UTC)
    with SessionStore(paths.database_path()) as store:
        sid = add_session(store, start)
        store.add_journal_entry("With the session.", session_id=sid)
        store.add_journal_entry("Slept badly, <but> calmer & kinder to myself.",
                                written_at=start + timedelta(days=1, hours=12))
        store.add_journal_entry("A walk by the river helped.",
                                written_at=start + timedelta(days=3))
        store.add_journal_entry("Written before the period.",
                                written_at=start - timedelta(days=3))
        store.add_journal_entry("Written after the period.",
                                written_at=start + timedelta(days=9))
        out = tmp_path / "loose.pdf"
        week = {"since": start, "until": start + timedelta(days=7), "tz": UTC}
        write_report(store, out, include_notes=True, **week)
        write_report(store, tmp_path / "private.pdf", **week)
        write_report(store, tmp_path / "sam.pdf", patient_name="Sam", include_notes=True,
                     **week)
    text = words(out)
    section = text.split("Other notes", 1)[1].split("Definitions", 1)[0].strip()
    assert section.startswith("Notes you wrote that are not linked to a session.")
    assert section.index("5 Mar 2026, 09:00 A walk by the river helped.") < section.index(
        "3 Mar 2026, 21:00 Slept badly, <but> calmer & kinder to myself.")
    assert "before the period" not in text and "after the period" not in text
    assert "What you noticed: With the session." in text.split("Other notes", 1)[0]
    assert "Other notes" not in words(tmp_path / "private.pdf")
    assert "river" not in words(tmp_path / "private.pdf")
    sam = words(tmp_path / "sam.pdf").split("Other notes", 1)[1].strip()
    assert sam.startswith("Notes in Sam's results that are not linked to a session")
    assert "A walk by the river helped." in sam


@needs_poppler
def test_a_period_with_only_loose_notes_lists_them(qapp, painease_home, tmp_path):
    from painease.report import write_report

    start = datetime(2026, 3, 2, 9, tzinfo=UTC)
    with SessionStore(paths.database_path()) as store:
        store.add_journal_entry("A quiet week, no sessions.", written_at=start)
        out = tmp_path / "only.pdf"
        write_report(store, out, since=start, until=start + timedelta(days=7), tz=UTC,
                     include_notes=True)
    text = words(out)
    assert "No sessions in this period." in text
    assert "Other notes Notes you wrote that are not linked to a session. 2 Mar 2026, " \
           "09:00 A quiet week, no sessions." in text

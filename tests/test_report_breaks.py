"""Where the report's notes meet a page break: a notes entry's date and title line never
ends a page alone, and no line is in the PDF twice. A real store, a real PDF, read back
with poppler's pdftotext."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from painease import paths
from painease.storage import SessionStore
from tests.insights_history import add_session
from tests.test_report import needs_poppler, text_of
from tests.test_report_layout import page_texts

START = datetime(2026, 1, 5, 9, tzinfo=UTC)
ENTRY_TITLE = re.compile(r"^\d{1,2} [A-Z][a-z]{2} \d{4}, \d\d:\d\d — ")
FOOTER = "painease — not a medical device"


def _noted_history(store, sessions: int, words: int) -> list[str]:
    """``sessions`` sessions, each with a note before it and one after it, of different
    lengths; every word of the notes is told apart from every other ("w00012"); returns
    them."""
    number, written = 0, []
    for day in range(sessions):
        sid = add_session(store, START + timedelta(days=day), pre=None)
        before, after = ([f"w{number + k:05d}" for k in range(start, start + length)]
                         for start, length in ((0, 3 + (day * 7) % words),
                                               (words, 3 + (day * 11) % words)))
        store.save_rating(sid, "pre", 6, 7, " ".join(before))
        store.add_journal_entry(" ".join(after), session_id=sid)
        written += before + after
        number += 2 * words
    return written


def _last_body_line(page: str) -> str:
    lines = [line.strip() for line in page.split(FOOTER, 1)[0].splitlines() if line.strip()]
    return lines[-1] if lines else ""


@needs_poppler
def test_no_page_ends_with_a_notes_entrys_title(qapp, painease_home, tmp_path):
    """The title of an entry ("14 Jun 2019, 13:00 — Paced breathing") once sat alone at a
    page's foot, its notes on the next page: it was a bold line in the notes' paragraph,
    which no heading rule kept with them."""
    from painease.report import write_report

    ends = []
    for sessions in (40, 41, 43):
        out = tmp_path / f"notes{sessions}.pdf"
        with SessionStore(paths.database_path()) as store:
            _noted_history(store, sessions - len(store.sessions()), 60)
            write_report(store, out, since=START, until=START + timedelta(days=60), tz=UTC,
                         include_notes=True)
        ends += [_last_body_line(page) for page in page_texts(out)]
    assert ends and not [end for end in ends if ENTRY_TITLE.match(end)]


@needs_poppler
def test_every_word_of_every_note_is_in_a_long_report(qapp, painease_home, tmp_path):
    """Qt lays a long document out lazily, a part at a time; the page-break changes made
    while it was still doing so once left the notes of 32 of 40 sessions with no lines:
    not in the PDF, and no error."""
    from painease.report import write_report

    with SessionStore(paths.database_path()) as store:
        written = _noted_history(store, 40, 150)
        out = tmp_path / "long.pdf"
        write_report(store, out, since=START, until=START + timedelta(days=60), tz=UTC,
                     include_notes=True)
    seen = set(re.findall(r"w\d{5}", text_of(out)))
    assert [word for word in written if word not in seen] == []


@needs_poppler
def test_no_line_is_read_twice_across_a_page_break(qapp, painease_home, tmp_path):
    """The last line before a page break was also painted in the next page's top margin,
    out of sight but read by pdftotext, copy and paste and screen readers: Qt draws the
    line above the part of a paragraph it is asked to draw."""
    from painease.report import write_report

    with SessionStore(paths.database_path()) as store:
        written = _noted_history(store, 60, 150)
        out = tmp_path / "long.pdf"
        report = write_report(store, out, since=START, until=START + timedelta(days=60),
                              tz=UTC, include_notes=True)
    assert report.pages >= 8
    text = text_of(out)
    seen = re.findall(r"w\d{5}", text) + re.findall(r"\d+ \w+ 2026, 09:00 —", text)
    assert set(written) <= set(seen)
    assert sorted({word for word in seen if seen.count(word) > 1}) == []

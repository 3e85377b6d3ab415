"""A PDF for a therapist, written with Qt's own PDF writer (QPdfWriter).

``write_report(store, out, since=…, until=…)`` gathers the period's insights
(``painease.ui.charts.data.gather``) and, only with ``include_notes``, the notes written
with those sessions and those of the period written with none (the Insights page's
"Other notes"); draws the trend and shift charts (the same chart classes as the
Insights page, in the light look, as images); reads the set the patient follows and how
far along it they are (``painease.report_set``); has ``painease.report_document`` lay out
what the report says (period, sessions done, the set, yardsticks, readings, charts, a
table of every session of the period, the notes if asked for, definitions and a "not a
medical device" line) and paints it page by page with a footer.

Every session of the period is listed: the person chose the period, and the therapist who
reads the report should not have to ask for the rest (it was once the newest 40, to stay
within three pages). A short period is one to three pages; a long one runs longer.
A heading never ends a page alone and a table row is never cut in two
(``painease.report_pages.keep_together``); the table's header row is repeated on each
page; a notes entry's date and title line is a heading too; no line is in the PDF twice,
once out of sight at the top of the next page (``painease.report_lines``).

With ``patient_name`` the report is a therapist's reading of that patient's imported
results: its title and heading name them, and every reading speaks about them ("Sam's last
10 rated sessions", ``painease.domain.voice``); without it, the readings say "your".

A long period takes seconds (900 sessions, 28 pages: about 5 s), all of it on the GUI
thread (the charts are widgets; the document and the PDF writer are Qt's too). So
``write_report`` calls ``progress`` between its steps, each a fraction of a second (after
gathering, after each chart, after each page-break change, after each page painted):
the Insights page turns its event loop there, so its window keeps painting and says that
the report is being made (``painease.ui.charts.report_row.make_report``).

No browser, no network. It needs a ``QApplication`` (the charts are widgets):
``report_command`` — used by ``painease report`` — makes one on Qt's "offscreen" platform
unless ``QT_QPA_PLATFORM`` says otherwise, because a report needs no screen and the
command must work over ssh or in a terminal without a display.

Main thread only.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo
from pathlib import Path

from PySide6.QtCore import (
    QBuffer,
    QMarginsF,
    QMessageLogContext,
    QRectF,
    QSizeF,
    Qt,
    QtMsgType,
    qFormatLogMessage,
    qInstallMessageHandler,
)
from PySide6.QtGui import QFont, QPageLayout, QPageSize, QPainter, QPdfWriter, QTextDocument
from PySide6.QtWidgets import QApplication

from painease import __version__
from painease.domain.wrong_clock import dated_ahead, runs_to_now
from painease.files import write_atomically
from painease.local_time import day_end, day_start
from painease.report_document import CHART_TITLES, report_document
from painease.report_lines import draw_page, lines_on_one_page
from painease.report_pages import keep_together
from painease.report_set import set_progress
from painease.report_text import one_line, report_voice
from painease.storage.notes import session_notes
from painease.storage.zones import own_zone
from painease.ui.charts.data import InsightsData, gather

CHART_SIZE = (900, 330)  # widget pixels; exported 1800 px wide


class ReportError(Exception):
    """The report could not be made; the message says why in one line."""


@dataclass(frozen=True)
class Report:
    path: Path
    pages: int
    sessions: int  # in the period
    listed: int  # rows in the session table: every session of the period
    ahead: int = 0  # of the sessions, those dated in the future (painease.domain.wrong_clock)


def write_report(store, out: Path, *, since: datetime | None = None,
                 until: datetime | None = None, titles: Mapping[str, str] | None = None,
                 tz: tzinfo | None = None, today: date | None = None,
                 patient_name: str | None = None, zone_note: str = "",
                 include_notes: bool = False,
                 covered: Sequence[tuple[date, date]] = (), patient_shown: str = "",
                 progress: Callable[[], None] | None = None) -> Report:
    """Write the PDF for sessions started in [since, until) to ``out``.

    ``patient_name``: the report is a therapist's reading of that patient's imported
    sessions (the heading and the PDF title name them); None: the person's own report.
    ``tz`` is the clock days and times are counted on (a patient's own, for their imported
    sessions), ``today`` too (default: now on ``tz``; a period with no ``until`` ends on it);
    ``zone_note`` says whose, under the period. The notes go in only with
    ``include_notes`` (the person's choice: see ``painease.ui.charts.report_row``).
    ``covered``: the days the patient's imported results cover (``PatientStore.covered``),
    said under the period, and the set is counted as of the last of them when that is
    before ``today``; ``patient_shown``: the patient as the therapist's list tells them
    apart from another of the same name ("Sam (key 1a2b …)"), said when given.
    ``progress`` is called (on this thread) between the steps of making it."""
    progress = progress or _nothing
    if QApplication.instance() is None:
        raise ReportError("a report needs a QApplication (use report_command)")
    tz = tz or own_zone(store)
    titles = dict(titles or {})
    # The sessions no period holds: said once, as "Not in this report" under the period,
    # not again under the trend as the Insights page says them.
    data = gather(store, since, until, tz, titles, report_voice(patient_name),
                  say_unread=False)
    left_out = unplaced(store, own=patient_name is None)
    notes = (session_notes(store, (point.id for point in data.points)) if include_notes
             else None)
    # Today on ``tz`` too: a period up to now ends on the patient's today.
    today = today or datetime.now(tz).date()
    # As Home and the Patients page count it, at the end of a period that ended before.
    period_end = (None if until is None
                  else (until - timedelta(microseconds=1)).astimezone(tz).date())
    # In save order when the store knows it (``ProgramStore.counts_by_save_order``).
    last_covered = max((last for _, last in covered), default=None)
    followed = set_progress(store, today, tz, period_end, last_covered)
    progress()
    charts = _chart_images(data, tz, progress)
    document = report_document(data, charts, titles, tz, today, patient_name, zone_note,
                               notes, followed, left_out, covered, patient_shown)
    progress()
    pages = _paint(document, out, title=_title(patient_shown or patient_name),
                   progress=progress)
    return Report(Path(out), pages, len(data.points), len(data.points),
                  sum(dated_ahead(point.started_at) for point in data.points))


def unplaced(store, own: bool = True) -> str:
    """The sessions whose start, or another value, cannot be read (the file was edited or
    damaged): in no period, so said, not left out unsaid; "" when there are none. ``own``:
    the person's own store, whose CSV export has them (``painease.storage.unplaced``)."""
    from painease.storage.unplaced import unread_sessions_text

    return unread_sessions_text(store, own)


def _nothing() -> None:
    """No ``progress`` to report to (the command; tests)."""


def report_command(out: Path, first: date | None, last: date | None,
                   include_notes: bool = False) -> Report:
    """What ``painease report`` runs: the default store and catalog, inclusive days; the
    notes only with ``include_notes`` (``--with-notes``)."""
    from painease.catalog import load_catalog
    from painease.storage.store import SessionStore, StoreError

    if first and last and first > last:
        raise ReportError(f"--from {first} is after --to {last}")
    if out.suffix.lower() != ".pdf":
        raise ReportError(f"{out}: the report is a PDF; give a file name ending in .pdf")
    if not out.parent.is_dir():
        raise ReportError(f"{out.parent}: no such folder")
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from painease.ui.app import application

    application()
    titles = {key: entry.script.title for key, entry in load_catalog().entries.items()}
    try:
        with SessionStore.open_default(read_only_ok=True) as store:
            tz = own_zone(store)  # a session done on a trip is on the day it was lived
            since = day_start(first, tz) if first else None
            # A period up to today also holds the sessions dated after it (the clock was
            # ahead when they were saved): counted as Insights counts them, and said
            # (painease.domain.wrong_clock). A --to in the past leaves later ones out.
            today = datetime.now(tz).date()
            if last is None and first and first > today:  # as --from after --to is
                raise ReportError(f"--from {first} is after today ({today})")
            if first is None:  # the period starts at the first session
                _refuse_a_period_with_no_first_session(store, last, tz)
            until = None if runs_to_now(last, today) else day_end(last, tz)
            return write_report(store, out, since=since, until=until, titles=titles, tz=tz,
                                include_notes=include_notes)
    except StoreError as exc:
        raise ReportError(str(exc)) from None


def _refuse_a_period_with_no_first_session(store, last: date | None, tz: tzinfo) -> None:
    """A period with no ``--from`` starts at the first session. With no session at all it
    has no start (it once read "the first session – 1 Dec 2026", 0 sessions), so it is
    refused plainly; one ending before the first session would run backwards ("the first
    session – 1 Jan 1900"), so it is refused too, as a ``--from`` after ``--to`` is."""
    sessions = [s for s in store.sessions(keep_unreadable=True)
                if isinstance(s.started_at, datetime)]  # the rest: ``unplaced``
    if not sessions:
        raise ReportError("there are no sessions yet, so there is nothing to report")
    first = sessions[0].started_at.astimezone(tz).date()
    if last is not None and last < first:
        raise ReportError(f"--to {last} is before the first session ({first})")


# ---- charts ------------------------------------------------------------------------------


def _chart_images(data: InsightsData, tz: tzinfo,
                  progress: Callable[[], None] = _nothing) -> dict[str, object]:
    """The trend and shift charts as QImages, drawn off screen in the light look."""
    from painease.ui.charts.shift import ShiftChart
    from painease.ui.charts.trend import TrendChart

    if not data.points:
        return {}
    trend, shift = TrendChart(theme="light", points=10), ShiftChart(theme="light", points=10)
    trend.set_series(data.series, data.weekly)
    shift.set_shifts(data.shifts, tz)
    for key, chart in (("trend", trend), ("shift", shift)):
        chart.item.setTitle(CHART_TITLES[key], color=chart.colours.text, size="12pt",
                            bold=True)
    images = {}
    # Shown (off screen) so they lay out as on the page. Qt's offscreen platform, which
    # the report uses without a screen, then prints "This plugin does not support
    # propagateSizeHints()" for each: not a problem, but stderr is the person's, so that
    # one line is dropped (anything else Qt says still goes through).
    previous = qInstallMessageHandler(_quiet_size_hints)
    try:
        for key, chart in (("trend", trend), ("shift", shift)):
            chart.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen, True)
            chart.resize(*CHART_SIZE)
            chart.show()
            QApplication.processEvents()
            images[key] = chart.image(CHART_SIZE[0] * 2)
            chart.close()
            chart.deleteLater()
            progress()
    finally:
        qInstallMessageHandler(previous)
    return images


def _quiet_size_hints(kind: QtMsgType, context: QMessageLogContext, message: str) -> None:
    if "propagateSizeHints" not in message:
        print(qFormatLogMessage(kind, context, message), file=sys.stderr)


# ---- painting ----------------------------------------------------------------------------


def _title(patient_name: str | None) -> str:
    """The PDF's title (its metadata, shown in a viewer's title bar), the name in it with
    no bidi controls: a viewer shows it with none of the body's isolates around
    (``report_text.one_line``)."""
    if patient_name and one_line(patient_name):
        return f"painease ratings report — {one_line(patient_name)}"
    return "painease ratings report"


def _writer(buffer: QBuffer, title: str = "painease ratings report") -> QPdfWriter:
    writer = QPdfWriter(buffer)  # in memory; _save writes the file
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    writer.setPageMargins(QMarginsF(16, 14, 16, 14), QPageLayout.Unit.Millimeter)
    writer.setResolution(300)
    writer.setTitle(title)
    writer.setCreator(f"painease {__version__}")
    return writer


def _paint(document: QTextDocument, out: Path, title: str = "painease ratings report",
           progress: Callable[[], None] = _nothing) -> int:
    """Lay the document out on A4 pages (with a footer), its headings kept with what
    follows them and its table rows whole (``keep_together``), each paragraph ending at
    its page's end (``lines_on_one_page``), and paint it; returns the pages.

    The PDF is made in memory and only then written to ``out`` (``_save``): QPdfWriter
    writing to a file says nothing when the disk fills, so a full disk once gave a cut-off
    PDF, reported as saved, in place of the earlier report."""
    scratch = QBuffer()  # in memory: for measuring, and for the PDF itself
    scratch.open(QBuffer.OpenModeFlag.WriteOnly)
    writer = _writer(scratch, title)
    document.documentLayout().setPaintDevice(writer)
    page = writer.pageLayout().paintRectPixels(writer.resolution())
    footer = writer.resolution() * 0.35  # about 9 mm for the footer line
    body = QSizeF(page.width(), page.height() - footer)
    document.setPageSize(body)
    # Laid out whole now: Qt lays a long document out lazily, a part at a time, and the
    # page-break changes made while it was still doing so once left the notes of 32 of
    # 40 sessions with no lines at all (missing from the PDF, and nothing said).
    document.pageCount()
    keep_together(document, progress)
    lines_on_one_page(document, progress)  # each line drawn on one page only
    pages = document.pageCount()
    painter = QPainter()
    if not painter.begin(writer):
        raise ReportError(f"cannot write {out}")
    small = QFont()
    small.setPointSizeF(8)
    try:
        for number in range(pages):
            if number:
                writer.newPage()
            draw_page(document, painter, number, body)
            painter.setFont(small)
            painter.drawText(QRectF(0, body.height(), body.width(), footer),
                             Qt.AlignmentFlag.AlignBottom | Qt.AlignmentFlag.AlignLeft,
                             "painease — not a medical device")
            painter.drawText(QRectF(0, body.height(), body.width(), footer),
                             Qt.AlignmentFlag.AlignBottom | Qt.AlignmentFlag.AlignRight,
                             f"page {number + 1} of {pages}")
            progress()
    finally:
        painter.end()
    _save(out, bytes(scratch.data()))
    return pages


def _save(out: Path, pdf: bytes) -> None:
    """Write ``pdf`` to ``out`` whole or not at all (``write_atomically``: an earlier
    report there stays until then); ``ReportError`` says why it could not be written."""
    try:
        write_atomically(Path(out), pdf)
    except OSError as exc:
        raise ReportError(f"could not write {out}: {exc.strerror or exc}") from None


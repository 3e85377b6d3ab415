"""A one-to-three-page PDF for a therapist, written with Qt's own PDF writer (QPdfWriter).

``write_report(store, out, since=…, until=…)`` gathers the period's insights
(``painease.ui.charts.data.gather``), lays out an HTML ``QTextDocument`` — the period,
sessions done (completed / ended early / interrupted), the yardsticks with their
definitions, the plain-language readings, the trend and shift charts (drawn by the same
chart classes as the Insights page, in the light look, as images), a table of the most
recent sessions (at most ``TABLE_ROWS``, the rest counted in words; how each ended in the
words of the app's lists, ``progress_words``), the notes written with those sessions
(``painease.report_notes``: "Your notes", or a line saying there are none), the
definitions of
the scales and a "not a medical device" line — and paints it page by page with a footer.
If the layout runs past ``MAX_PAGES`` the table (and the notes with it) is shortened
until it fits.

With ``patient_name`` the report is a therapist's reading of that patient's imported
results: its title and heading name them, and every reading speaks about them ("Sam's last
10 rated sessions", ``painease.domain.voice``); without it, the readings say "your".

No browser, no network. It needs a ``QApplication`` (the charts are widgets):
``report_command`` — used by ``painease report`` — makes one on Qt's "offscreen" platform
unless ``QT_QPA_PLATFORM`` says otherwise, because a report needs no screen and the
command must work over ssh or in a terminal without a display.

Main thread only.
"""

from __future__ import annotations

import html
import os
import sys
from collections.abc import Mapping
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
    QUrl,
    qFormatLogMessage,
    qInstallMessageHandler,
)
from PySide6.QtGui import QFont, QPageLayout, QPageSize, QPainter, QPdfWriter, QTextDocument
from PySide6.QtWidgets import QApplication

from painease import __version__
from painease.domain.vocabulary import (
    PAIN_ANCHORS,
    PAIN_NAME,
    THREAT_ANCHORS,
    THREAT_NAME,
    counted,
    progress_words,
)
from painease.domain.voice import Voice, voice_for
from painease.files import write_atomically
from painease.local_time import day_end, day_start
from painease.report_notes import notes_section
from painease.storage.notes import session_notes
from painease.storage.zones import own_zone
from painease.ui.charts.data import InsightsData, gather

TABLE_ROWS = 40
MAX_PAGES = 3
CHART_SIZE = (900, 330)  # widget pixels; exported 1800 px wide
SCALE_DEFINITIONS = (
    (PAIN_NAME, f"how strong the pain is right now, 0–10: {PAIN_ANCHORS[0]}, "
                f"{PAIN_ANCHORS[1]}. Rated just before and just after each session."),
    (THREAT_NAME, f"how threatening or dangerous the pain feels right now, 0–10: "
                  f"{THREAT_ANCHORS[0]}; {THREAT_ANCHORS[1]}. Rated with pain; the exported "
                  f"files' columns call it fear."),
    ("Change", "after minus before, in points; a negative number means the rating came "
               "down."),
    ("Ended early", "the person stopped the session before its end; interrupted: the app "
                    "was closed or stopped during the session."),
)
CHART_TITLES = {"trend": f"Pain and {THREAT_NAME.lower()} over time",
                "shift": "Before and after the last sessions"}
YARDSTICK_NAMES = {"share_30": "30% lower", "share_50": "50% lower",
                   "days_0_1": "Days at 0–1", "missing": "Missing ratings"}
SAFETY = ("painease is not a medical device and does not diagnose anything. These are "
          "{whose} own ratings, for talking about together. New, changing or alarming "
          "symptoms need a clinician.")


def safety_note(voice: Voice) -> str:
    """The report's safety line; a patient's report names whose ratings they are."""
    return SAFETY.format(whose="the person's" if voice.own else voice.whose())


class ReportError(Exception):
    """The report could not be made; the message says why in one line."""


@dataclass(frozen=True)
class Report:
    path: Path
    pages: int
    sessions: int  # in the period
    listed: int  # rows in the session table


def write_report(store, out: Path, *, since: datetime | None = None,
                 until: datetime | None = None, titles: Mapping[str, str] | None = None,
                 tz: tzinfo | None = None, today: date | None = None,
                 patient_name: str | None = None, zone_note: str = "") -> Report:
    """Write the PDF for sessions started in [since, until) to ``out``.

    ``patient_name``: the report is a therapist's reading of that patient's imported
    sessions (the heading and the PDF title name them); None: the person's own report.
    ``tz`` is the clock days and times are counted on (a patient's own, for their imported
    sessions), ``today`` too (default: now on ``tz``; a period with no ``until`` ends on it);
    ``zone_note`` says whose, under the period."""
    if QApplication.instance() is None:
        raise ReportError("a report needs a QApplication (use report_command)")
    tz = tz or own_zone(store)
    titles = dict(titles or {})
    data = gather(store, since, until, tz, titles, voice_for(patient_name))
    notes = session_notes(store, (point.id for point in data.points))
    charts = _chart_images(data, tz)
    rows = TABLE_ROWS
    while True:
        # Today on ``tz`` too: a period up to now ends on the patient's today.
        document = _document(data, charts, titles, tz, rows, today or datetime.now(tz).date(),
                             patient_name, zone_note, notes)
        pages = _paint(document, out, measure_only=True, title=_title(patient_name))
        if pages <= MAX_PAGES or rows <= 5:
            break
        rows = max(5, rows - 10)
    pages = _paint(document, out, title=_title(patient_name))
    return Report(Path(out), pages, len(data.points), min(rows, len(data.points)))


def report_command(out: Path, first: date | None, last: date | None) -> Report:
    """What ``painease report`` runs: the default store and catalog, inclusive days."""
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
        with SessionStore.open_default() as store:
            tz = own_zone(store)  # a session done on a trip is on the day it was lived
            since = day_start(first, tz) if first else None
            # As --to says: a session dated later is left out.
            last = last or datetime.now(tz).date()
            until = day_end(last, tz)
            return write_report(store, out, since=since, until=until, titles=titles, tz=tz)
    except StoreError as exc:
        raise ReportError(str(exc)) from None


# ---- charts ------------------------------------------------------------------------------


def _chart_images(data: InsightsData, tz: tzinfo) -> dict[str, object]:
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
    finally:
        qInstallMessageHandler(previous)
    return images


def _quiet_size_hints(kind: QtMsgType, context: QMessageLogContext, message: str) -> None:
    if "propagateSizeHints" not in message:
        print(qFormatLogMessage(kind, context, message), file=sys.stderr)


# ---- the document ------------------------------------------------------------------------


def _day(value: datetime | date, tz: tzinfo) -> str:
    if isinstance(value, datetime):
        value = value.astimezone(tz).date()
    return f"{value.day} {value:%b %Y}"


def _period(data: InsightsData, tz: tzinfo, today: date) -> str:
    first = data.since or (data.points[0].started_at if data.points else None)
    if data.until is not None:
        last: datetime | date = (data.until - timedelta(microseconds=1))
    else:
        last = today
    start = _day(first, tz) if first else "the first session"
    return f"{start} – {_day(last, tz)}"


def _counts(data: InsightsData) -> str:
    counts, total = data.outcomes, len(data.points)
    if not total:
        return "No sessions in this period."
    words = (("completed", "completed"), ("stopped_early", "ended early"),
             ("interrupted", "interrupted"), ("in_progress", "still in progress"))
    parts = [f"{counts[key]} {text}" for key, text in words if counts.get(key)]
    return f"{counted(total, 'session', 'sessions')}: {', '.join(parts)}."


def _yardstick_rows(data: InsightsData) -> list[tuple[str, str]]:
    y = data.yardsticks
    base = y.n_base
    rows = []
    if y.share_30 is not None and base:
        rows.append(("Pain at least 30% lower after a session",
                     f"{round(y.share_30 * base)} of {base} ({y.share_30:.0%})"))
        rows.append(("Pain at least 50% lower after a session",
                     f"{round(y.share_50 * base)} of {base} ({y.share_50:.0%})"))
    elif y.n_rated:
        rows.append(("Sessions rated before and after",
                     f"{y.n_rated}, all starting at pain 0: no drop to measure"))
    else:
        rows.append(("Sessions rated before and after", "none in this period"))
    rows.append(("Days with pain at 0–1 (no pain or almost none)",
                 f"{y.days_0_1} of {counted(y.n_days, 'day', 'days')} with a pain rating"))
    return rows


def _pair(before: int | None, after: int | None) -> str:
    if before is None and after is None:
        return "–"
    return f"{'–' if before is None else before} → {'–' if after is None else after}"


def _title(patient_name: str | None) -> str:
    if patient_name:
        return f"painease ratings report — {patient_name}"
    return "painease ratings report"


def _heading(patient_name: str | None) -> str:
    if patient_name:
        return f"painease — {html.escape(patient_name)}'s ratings (imported results)"
    return "painease — ratings report for a therapist"


def _document(data: InsightsData, charts: Mapping[str, object], titles: Mapping[str, str],
              tz: tzinfo, rows: int, today: date,
              patient_name: str | None = None, zone_note: str = "",
              notes: Mapping | None = None) -> QTextDocument:
    e = html.escape
    document = QTextDocument()
    font = QFont()
    font.setPointSizeF(9.5)
    document.setDefaultFont(font)
    document.setDefaultStyleSheet(
        "h1 { font-size: 16pt; } h2 { font-size: 12pt; margin-top: 10px; }"
        "th { text-align: left; background: #e4eff2; } td, th { padding: 2px 6px; }"
        ".muted { color: #4f5f66; }")
    parts = [
        f"<h1>{_heading(patient_name)}</h1>",
        f"<p><b>Period:</b> {e(_period(data, tz, today))}<br>"
        + (f"<b>Time zone:</b> {e(zone_note)}<br>" if zone_note else "") +
        f"<b>Sessions done:</b> {e(_counts(data))}<br>"
        f"<span class='muted'>Made on {e(_day(today, tz))} with painease {__version__}."
        f" {e(safety_note(voice_for(patient_name)))}</span></p>",
        "<h2>Yardsticks</h2><table cellspacing='0'>",
        *[f"<tr><td>{e(name)}</td><td><b>{e(value)}</b></td></tr>"
          for name, value in _yardstick_rows(data)],
        "</table>",
    ]
    readings = [data.readings.get(k, "") for k in ("shift", "trend", "link", "phases")]
    if any(readings):
        parts.append("<h2>What the ratings show</h2><ul>")
        parts += [f"<li>{e(text)}</li>" for text in readings if text]
        parts.append("</ul>")
    for key in CHART_TITLES:  # each title is drawn inside its image: they never part
        if key in charts:
            name = f"chart://{key}"
            document.addResource(QTextDocument.ResourceType.ImageResource, QUrl(name),
                                 charts[key])
            parts.append(f"<p><img src='{name}' width='640'></p>")
    parts.append(_session_table(data, titles, tz, rows))
    parts.append(notes_section(data.points, notes or {}, titles, tz, rows,
                               voice_for(patient_name)))
    parts.append("<h2>Definitions</h2><p>")
    definitions = [*SCALE_DEFINITIONS, *((YARDSTICK_NAMES.get(key, key), text)
                                         for key, text in data.yardsticks.definitions.items())]
    parts += [f"<b>{e(name)}:</b> {e(text)}<br>" for name, text in definitions]
    parts.append("</p>")
    document.setHtml("".join(parts))
    return document


def _session_table(data: InsightsData, titles: Mapping[str, str], tz: tzinfo,
                   rows: int) -> str:
    e = html.escape
    if not data.points:
        return ""
    recent = data.points[-rows:][::-1]
    words = {"completed": "completed", "stopped_early": "ended early",
             "interrupted": "interrupted", "in_progress": "in progress"}
    out = ["<h2>Sessions, newest first</h2><table cellspacing='0' width='100%'>",
           "<tr><th>Date</th><th>Session</th><th>How it ended</th>"
           f"<th>{PAIN_NAME}</th><th>{THREAT_NAME}</th></tr>"]
    for point in recent:
        when = point.started_at.astimezone(tz).strftime("%d %b %Y, %H:%M")
        title = titles.get(point.script_id, point.script_id)
        # As the app's lists say it: where it stopped, how much played when parts were skipped.
        ended = words.get(point.outcome, point.outcome) + progress_words(
            point.outcome, point.elapsed_ms, point.played_ms, point.length_minutes)
        out.append(f"<tr><td style='white-space: nowrap'>{e(when)}</td><td>{e(title)}"
                   f"</td><td>{e(ended)}</td>"
                   f"<td>{_pair(point.pre_pain, point.post_pain)}</td>"
                   f"<td>{_pair(point.pre_fear, point.post_fear)}</td></tr>")
    out.append("</table>")
    more = len(data.points) - len(recent)
    if more:
        out.append(f"<p class='muted'>and {counted(more, 'more session', 'more sessions')} in "
                   f"this period, not listed here.</p>")
    return "".join(out)


# ---- painting ----------------------------------------------------------------------------


def _writer(buffer: QBuffer, title: str = "painease ratings report") -> QPdfWriter:
    writer = QPdfWriter(buffer)  # in memory; _save writes the file
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    writer.setPageMargins(QMarginsF(16, 14, 16, 14), QPageLayout.Unit.Millimeter)
    writer.setResolution(300)
    writer.setTitle(title)
    writer.setCreator(f"painease {__version__}")
    return writer


def _paint(document: QTextDocument, out: Path, measure_only: bool = False,
           title: str = "painease ratings report") -> int:
    """Lay the document out on A4 pages (with a footer) and paint it; returns the pages.

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
    pages = document.pageCount()
    if measure_only:
        return pages
    painter = QPainter()
    if not painter.begin(writer):
        raise ReportError(f"cannot write {out}")
    small = QFont()
    small.setPointSizeF(8)
    try:
        for number in range(pages):
            if number:
                writer.newPage()
            painter.save()
            painter.translate(0, -number * body.height())
            document.drawContents(painter, QRectF(0, number * body.height(), body.width(),
                                                  body.height()))
            painter.restore()
            painter.setFont(small)
            painter.drawText(QRectF(0, body.height(), body.width(), footer),
                             Qt.AlignmentFlag.AlignBottom | Qt.AlignmentFlag.AlignLeft,
                             "painease — not a medical device")
            painter.drawText(QRectF(0, body.height(), body.width(), footer),
                             Qt.AlignmentFlag.AlignBottom | Qt.AlignmentFlag.AlignRight,
                             f"page {number + 1} of {pages}")
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

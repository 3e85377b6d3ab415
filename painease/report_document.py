"""What the therapist's PDF says, laid out as one HTML ``QTextDocument`` (``report_document``).

In order: the heading, the period, the sessions in one sentence ("12 sessions in this
period: 9 completed and 3 ended early", and how many are dated in the future:
``painease.domain.wrong_clock``), the "made on" line with the "not a medical device" note
(``safety_note``), when the patient follows a set "Your set" (``painease.report_set``:
its name, days and progress as Home counts it), the yardsticks, the plain-language
readings, the trend and shift charts (images ``painease.report`` drew, each with its
title inside the image, ``CHART_TITLES``), a table of every session of the period, newest
first (how each ended in the words of the app's lists, ``ended_words``; with a set,
the item of it each session was done for; its header row is a ``thead``, so Qt repeats it
at the top of each page the table runs on), when given (the person chose to include them)
the notes written with those sessions (``painease.report_notes``: "Your notes", or a line
saying there are none, then "Other notes", those of the period written with no session,
when there are any; not given: nothing about notes, not even a heading) and the
definitions of the scales and yardsticks.

One voice throughout (``painease.domain.voice``): a person's own report speaks to them
("your sense of threat", "these are your own ratings", "you stopped the session"), as the
readings do; with ``patient_name`` the heading names them and every sentence speaks about
them. Days are written "3 Dec 2026" everywhere (``painease.local_time.day_text``). Every
text is escaped; what was typed (names, titles) is a bidi isolate
(``painease.report_text``). Making the charts and painting the pages into a PDF is
``painease.report``.

Main thread only (a ``QTextDocument``).
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping, Sequence
from datetime import date, datetime, timedelta, tzinfo

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QFont, QTextDocument

from painease import __version__
from painease.domain.red_flags import EMERGENCY_SIGNS, SAME_DAY_EXAMPLES, SOON_SIGN
from painease.domain.summaries import MEASURES_HEADING, share_notes, share_rows
from painease.domain.vocabulary import (
    OUTCOME_WORDS,
    PAIN_ANCHORS,
    PAIN_NAME,
    THREAT_ANCHORS,
    THREAT_NAME,
    counted,
    ended_words,
)
from painease.domain.voice import Voice, capital
from painease.domain.wrong_clock import ahead_sentence, dated_ahead
from painease.local_time import day_text, when_text
from painease.report_notes import STYLE as NOTES_STYLE
from painease.report_notes import loose_section, notes_section
from painease.report_set import SetProgress, UnreadableSet, set_section
from painease.report_text import free, report_voice
from painease.ui.charts.data import InsightsData

SCALE_DEFINITIONS = (
    (PAIN_NAME, f"how strong the pain is right now, 0–10: {PAIN_ANCHORS[0]}, "
                f"{PAIN_ANCHORS[1]}. Rated just before and just after each session."),
    (THREAT_NAME, "how threatening or dangerous the sensation rated as pain feels right "
                  f"now, 0–10: {THREAT_ANCHORS[0]}; {THREAT_ANCHORS[1]}. Rated with pain; "
                  "the exported files' columns call it fear."),
    ("Change", "after minus before, in points; a negative number means the rating came "
               "down."),
)
ENDED = (OUTCOME_WORDS["stopped_early"].capitalize(),
         "{who} stopped the session before its end; " + OUTCOME_WORDS["interrupted"]
         + ": the app was closed or stopped during the session.")
CHART_TITLES = {"trend": f"Pain and {THREAT_NAME.lower()} over time",
                "shift": "Before and after the last sessions"}
YARDSTICK_NAMES = {"share_30": "At least 30% lower", "share_50": "At least halved",
                   "days_0_1": "Days at 0–1", "missing": "Missing ratings"}
# The same three tiers and the same signs as Help (``painease.domain.red_flags``): the
# emergency first, in a sentence of its own; the signs that need help the same day are not
# said "soon", and are said "new" where that is what makes them pressing.
SAFETY = ("painease is not a medical device and does not diagnose anything. These are "
          f"{{whose}} own ratings, for talking about together. {EMERGENCY_SIGNS} Call the "
          "local emergency number now. Other signs need medical help the same day, such as "
          f"{SAME_DAY_EXAMPLES}. If one comes on suddenly, call the emergency number now. "
          f"{SOON_SIGN.capitalize()} and other new, changing or worrying "
          "symptoms need a clinician soon. The Help page in painease lists all the signs.")

def safety_note(voice: Voice) -> str:
    """The report's safety line, in the report's voice: "your own ratings" in a person's
    own report, "Sam's own ratings" in a therapist's report on Sam."""
    return SAFETY.format(whose=voice.whose())


def definitions(voice: Voice, yardsticks: Mapping[str, str]) -> list[tuple[str, str]]:
    """The scales' and the yardsticks' definitions, in the report's voice."""
    ended = (ENDED[0], ENDED[1].format(who=voice.who()))
    return [*SCALE_DEFINITIONS, ended,
            *((YARDSTICK_NAMES.get(key, key), text) for key, text in yardsticks.items())]


def _period(data: InsightsData, tz: tzinfo, today: date) -> str:
    """"3 Nov 2026 – 1 Dec 2026": from ``since`` or the first session, to ``until`` or
    today; when a session is dated after today (a clock that ran ahead, since put
    right), to the last session's day, so that the period holds every session it counts
    and never runs backwards."""
    first = data.since or (data.points[0].started_at if data.points else None)
    latest = max((point.started_at for point in data.points), default=None)
    last: datetime | date
    if data.until is not None:
        last = data.until - timedelta(microseconds=1)
    elif latest is not None and latest.astimezone(tz).date() > today:
        last = latest
    else:
        last = today
    start = day_text(first, tz) if first else "the first session"
    return f"{start} – {day_text(last, tz)}"


def covered_text(covered: Sequence[tuple[date, date]], voice: Voice, today: date) -> str:
    """"Sam's results cover: 1 Nov 2026 – 14 Nov 2026. Days after 14 Nov 2026 are not in
    them yet." (the second sentence only when that day is before ``today``); spans apart
    are joined with "and". Days are the patient's (the files' periods are their days)."""
    spans = " and ".join(f"{day_text(first)} – {day_text(last)}" for first, last in covered)
    last = covered[-1][1]
    later = (f" Days after {day_text(last)} are not in them yet." if last < today
             else "")
    return f"{capital(voice.whose())} results cover: {spans}.{later}"


def _counts(data: InsightsData) -> str:
    """One sentence: "12 sessions in this period: 9 completed and 3 ended early." (or
    "…, all completed.")."""
    counts, total = data.outcomes, len(data.points)
    if not total:
        return "No sessions in this period."
    parts = [(counts[key], text) for key, text in OUTCOME_WORDS.items() if counts.get(key)]
    done = f"{counted(total, 'session', 'sessions')} in this period"
    if len(parts) == 1:
        return f"{done}, {'all ' if total > 1 else ''}{parts[0][1]}."
    listed = [f"{number} {text}" for number, text in parts]
    return f"{done}: {', '.join(listed[:-1])} and {listed[-1]}."


def _ahead(data: InsightsData, patient_name: str | None) -> str:
    """" 1 session is dated in the future: …" when the clock was ahead, else ""."""
    count = sum(dated_ahead(point.started_at) for point in data.points)
    return f" {ahead_sentence(count, own=patient_name is None)}" if count else ""


def _yardstick_rows(data: InsightsData) -> list[tuple[str | None, str]]:
    """The yardsticks' table rows, (name, value); a note under the shares (too few for a
    percentage, sessions left out…, as Insights says it: ``summaries.share_notes``) is a
    row of its own with no name."""
    y = data.yardsticks
    rows: list[tuple[str | None, str]] = list(share_rows(y))
    if rows:
        rows += [(None, note) for note in share_notes(y)]
    elif y.n_rated:
        rows.append(("Sessions rated before and after",
                     f"{y.n_rated}, {'starting' if y.n_rated == 1 else 'all starting'} at "
                     "pain 0: no drop to measure"))
    else:
        rows.append(("Sessions rated before and after", "none in this period"))
    rows.append(("Days with pain at 0–1 (no pain or almost none)",
                 f"{y.days_0_1} of {counted(y.n_days, 'day', 'days')} with a pain rating"))
    return rows


def _pair(before: int | None, after: int | None) -> str:
    if before is None and after is None:
        return "–"
    # No-break spaces: the pair is one word to the layout.
    return f"{'–' if before is None else before}\u00a0→\u00a0{'–' if after is None else after}"


def _heading(patient_name: str | None) -> str:
    if patient_name:
        return f"painease — {free(patient_name)}'s ratings (imported results)"
    return "painease — your ratings, for your therapist"


def report_document(data: InsightsData, charts: Mapping[str, object],
                    titles: Mapping[str, str], tz: tzinfo, today: date,
                    patient_name: str | None = None, zone_note: str = "",
                    notes: Mapping | None = None,
                    set_progress: SetProgress | UnreadableSet | None = None,
                    left_out: str = "", covered: Sequence[tuple[date, date]] = (),
                    patient_shown: str = "") -> QTextDocument:
    """The report's pages as one document; ``charts`` are the images by ``CHART_TITLES``
    key (none when there are no sessions); ``set_progress`` the set the patient follows
    (``painease.report_set``; one that cannot be read is said, with no "Set" column), None:
    no set, no "Set" column; ``left_out``: what is not in
    it and why (sessions whose start cannot be read), said under the counts; ``covered``:
    the days a patient's results cover (``covered_text``); ``patient_shown``: the patient
    told apart from another of the same name, said first."""
    e = html.escape
    voice = report_voice(patient_name)
    document = QTextDocument()
    font = QFont()
    font.setPointSizeF(9.5)
    # No ligatures: the PDF's text reads back as it is written. A key copied from the
    # report ("key fbbe ff9f …") once came out with "ﬀ" in it, one character, and did not
    # match the Patients list's; a set's id or a word searched for ("first") the same.
    for tag in ("liga", "clig"):
        font.setFeature(QFont.Tag(tag), 0)
    document.setDefaultFont(font)
    # Every paragraph is laid out left to right, as the report's words are: Qt otherwise
    # takes a paragraph's direction from its first strong letter even inside an isolate,
    # and a heading that starts with a name ("\u200fsam", "سارا") read "s notes'sam".
    option = document.defaultTextOption()
    option.setTextDirection(Qt.LayoutDirection.LeftToRight)
    document.setDefaultTextOption(option)
    document.setDefaultStyleSheet(
        "h1 { font-size: 16pt; } h2 { font-size: 12pt; margin-top: 10px; }"
        "th { text-align: left; background: #e4eff2; } td, th { padding: 2px 6px; }"
        ".muted { color: #4f5f66; }" + NOTES_STYLE)
    parts = [
        f"<h1>{_heading(patient_name)}</h1>",
        "<p>" + (f"<b>Patient:</b> {free(patient_shown)}; another patient of yours is named "
                 f"{free(patient_name or '')} too.<br>" if patient_shown else "") +
        f"<b>Period:</b> {e(_period(data, tz, today))}<br>"
        + (f"{e(covered_text(covered, voice, today))}<br>" if covered else "")
        + (f"<b>Time zone:</b> {e(zone_note)}<br>" if zone_note else "") +
        f"{e(_counts(data))}{e(_ahead(data, patient_name))}<br>"
        + (f"<b>Not in this report:</b> {e(left_out)}<br>" if left_out else "") +
        f"<span class='muted'>Made on {e(day_text(today, tz))} with painease {__version__}."
        f" {e(safety_note(voice))}</span></p>",
        (set_section(set_progress, voice, tz, table=bool(data.points))
         if set_progress is not None else ""),
        f"<h2>{MEASURES_HEADING}</h2><table cellspacing='0'>",
        *[f"<tr><td>{e(name)}</td><td><b>{e(value)}</b></td></tr>" if name is not None
          else f"<tr><td colspan='2' class='muted'>{e(value)}</td></tr>"
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
    parts.append(_session_table(data, titles, tz,
                                None if set_progress is None else set_progress.marks))
    if notes is not None:  # None: left out by choice, not even a heading
        parts.append(notes_section(data.points, notes, titles, tz, voice))
        parts.append(loose_section(data.loose_notes, tz, voice))
    parts.append("<h2>Definitions</h2><p>")
    parts += [f"<b>{e(name)}:</b> {e(text)}<br>"
              for name, text in definitions(voice, data.yardsticks.definitions)]
    parts.append("</p>")
    document.setHtml("".join(parts))
    return document


def _item_together(mark: str) -> str:
    """``mark`` (escaped) with "item 2" kept on one line: a narrow "Set" column once put
    the "2" of "Going deeper: item 2" on a line of its own."""
    return re.sub(r"\bitem (\d)", r"item&nbsp;\1", mark)


def _session_table(data: InsightsData, titles: Mapping[str, str], tz: tzinfo,
                   set_marks: Mapping[int, str] | None = None) -> str:
    """Every session of the period, newest first. The header row is the table's ``thead``
    (repeated on each page); a before → after pair never wraps, so a narrow column cannot
    put "1 →" and "0" on two lines. With ``set_marks`` (session id → "item 2"), a "Set"
    column says which item of the set each session was done for."""
    e = html.escape
    if not data.points:
        return ""
    nowrap = "<td style='white-space: nowrap'>"
    out = ["<h2>Sessions, newest first</h2><table cellspacing='0' width='100%'>",
           "<thead><tr><th>Date</th><th>Session</th><th>How it ended</th>"
           + ("<th>Set</th>" if set_marks is not None else "") +
           f"<th>{PAIN_NAME}</th><th>{THREAT_NAME}</th></tr></thead>"]
    for point in reversed(data.points):
        # A time in an hour the clock showed twice says which showing, and one dated in
        # the future (the clock was ahead) says so: in one bracket, each on a line of its
        # own, as the column does not wrap.
        ahead = "dated in the future" if dated_ahead(point.started_at) else ""
        when, _, notes = when_text(point.started_at, tz, also=ahead).partition(" (")
        when = e(when) + (f"<br>({e(notes).replace('; ', ';<br>')}" if notes else "")
        title = titles.get(point.script_id, point.script_id)
        # As the app's lists say it: where it stopped, how much played when parts were skipped.
        ended = ended_words(point.outcome, point.elapsed_ms, point.played_ms,
                            point.length_minutes)
        mark = ("" if set_marks is None
                else f"<td>{_item_together(e(set_marks.get(point.id, '–')))}</td>")
        out.append(f"<tr>{nowrap}{when}</td><td>{free(title)}</td><td>{e(ended)}</td>{mark}"
                   f"{nowrap}{_pair(point.pre_pain, point.post_pain)}</td>"
                   f"{nowrap}{_pair(point.pre_fear, point.post_fear)}</td></tr>")
    out.append("</table>")
    return "".join(out)

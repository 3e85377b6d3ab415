"""The report's notes section: what was written with each session of the period.

``notes_section(points, notes, titles, tz, voice)`` is the HTML of "Your notes"
("Sam's notes" in a therapist's report on Sam's imported results): for each session of
``points`` (oldest first, as the insights give them) that has notes in ``notes``
(``painease.storage.notes.session_notes``), newest first, its date and time, its title and
each kind of note as the Insights page shows them (``note_lines``): every session of the
period with notes, as the report's table lists every session. An entry's date and title
line is a heading (``ENTRY``: ``painease.report_pages.keep_together`` keeps it on a page
with its first note, not alone at a page's foot) and each note a paragraph of its own. A
note longer than ``NOTE_CHARS`` is cut at a word and says so. No notes: one honest line
(for a patient's results: notes come only when they send them). Every word is escaped: a
note is shown as typed, never read as markup, and each note, title and name is a bidi
isolate (``painease.report_text``): what was typed cannot reorder the labels or another
note.

``loose_section(notes, tz, voice)`` is the HTML of "Other notes", as the Insights page
shows them: the journal entries of the period that belong to no session
(``painease.storage.notes.loose_notes``), newest first, each under the day and time it was
written, shortened alike; nothing at all when there are none.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from datetime import tzinfo

from painease.domain.voice import Voice, capital
from painease.local_time import when_text
from painease.report_text import free
from painease.storage.notes import LooseNote, SessionNotes
from painease.ui.charts.notes import loose_intro, note_lines

NOTE_CHARS = 1200  # of one kind of note, in the report
# An entry's date (and title): a heading, kept with its first note; as large as the text.
ENTRY, NOTE = "<h4 class='entry'>{}</h4>", "<p class='note'>{}</p>"
STYLE = (".entry { font-size: 9.5pt; margin-top: 12px; margin-bottom: 0; }"
         ".note { margin-top: 0; margin-bottom: 0; }")
SHORTENED = " … (shortened here; the whole note is in painease)"


def notes_section(points: Sequence, notes: Mapping[int, SessionNotes],
                  titles: Mapping[str, str], tz: tzinfo, voice: Voice) -> str:
    heading = f"<h2>{html.escape(capital(voice.whose()))} notes</h2>"
    noted = [point for point in reversed(points) if point.id in notes]
    if not noted:
        if voice.own:
            return f"{heading}<p>No notes were written with the sessions in this period.</p>"
        return (f"{heading}<p>No notes with the sessions in this period. Notes are in the "
                f"results only when {html.escape(voice.who())} chooses to send them.</p>")
    out = [heading]
    for point in noted:
        when = when_text(point.started_at, tz)
        title = titles.get(point.script_id, point.script_id)
        out.append(ENTRY.format(f"{html.escape(when)} — {free(title)}"))
        out += [NOTE.format(f"{html.escape(what)}: {_shown(text)}")
                for what, text in note_lines(notes[point.id], voice)]
    return "".join(out)


def loose_section(notes: Sequence[LooseNote], tz: tzinfo, voice: Voice) -> str:
    """``notes`` (oldest first, as read) newest first under "Other notes"; '' for none."""
    if not notes:
        return ""
    out = [f"<h2>Other notes</h2><p>{html.escape(loose_intro(voice))}</p>"]
    for note in reversed(notes):
        out.append(ENTRY.format(html.escape(when_text(note.written_at, tz))))
        out.append(NOTE.format(_shown(note.text)))
    return "".join(out)


def _shown(text: str) -> str:
    """``text`` escaped and isolated, its line breaks kept, cut at a word past
    ``NOTE_CHARS``."""
    shortened = ""
    if len(text) > NOTE_CHARS:
        cut = text[:NOTE_CHARS]
        text, shortened = (cut.rsplit(None, 1)[0] if " " in cut else cut).rstrip(), SHORTENED
    return (free(text) + html.escape(shortened)).replace("\n", "<br>")

"""The Insights page's list of sessions, newest first, a batch at a time.

The list opens with the newest ``RECENT_SESSIONS`` of the period (ten years are ~11,000
sessions: each row is a wrapped item, and building them all would slow the page's
opening). When there are more, a line under the list says how many are listed of how
many, and a button lists the next batch of older ones, so every session can be reached
(a shorter period only shows newer ones). ``session_item`` makes one row.

Main thread only.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import tzinfo

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QListWidgetItem, QWidget

from painease.domain.insight_sessions import SessionPoint
from painease.domain.vocabulary import counted, ended_words
from painease.domain.voice import Voice
from painease.domain.wrong_clock import dated_ahead, future_note
from painease.local_time import when_text
from painease.ui.widgets import button, label

RECENT_SESSIONS = 200  # listed at first, and added with each press of the button


def session_item(point: SessionPoint, titles: Mapping[str, str], tz: tzinfo,
                 voice: Voice) -> QListWidgetItem:
    """One row: when, what, how it ended and the pain before → after; the point as its
    data (``Qt.ItemDataRole.UserRole``)."""
    # The clock was ahead: said where it shows, in the time's one bracket.
    ahead = future_note(voice.own) if dated_ahead(point.started_at) else ""
    when = when_text(point.started_at, tz, weekday=True, also=ahead)
    title = titles.get(point.script_id, point.script_id)
    ended = ended_words(point.outcome, point.elapsed_ms, point.played_ms,
                        point.length_minutes)
    text = f"{when} — {title} ({ended})"
    if point.pre_pain is not None and point.post_pain is not None:
        text += f" — pain {point.pre_pain} → {point.post_pain}"
    item = QListWidgetItem(text)
    item.setData(Qt.ItemDataRole.UserRole, point)
    return item


def listed_text(listed: int, total: int) -> str:
    """E.g. "The newest 200 of the 321 sessions in this period are listed."."""
    return (f"The newest {listed} of the {counted(total, 'session', 'sessions')} in this "
            f"period are listed.")


class OlderSessions(QWidget):
    """The line under the list and its button; hidden while every session is listed.
    Emits ``more`` when the button is pressed."""

    more = Signal()

    def __init__(self):
        super().__init__()
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.note = label("", "muted", name="sessions-listed")
        self.button = button("List older sessions", "sessions-older",
                             "Add the next older sessions to the list")
        self.button.clicked.connect(lambda _=False: self.more.emit())
        row.addWidget(self.note, 1)
        row.addWidget(self.button)
        self.hide()

    def show_counts(self, listed: int, total: int) -> None:
        left = total - listed
        self.setVisible(left > 0)
        if left > 0:
            self.note.setText(listed_text(listed, total))

"""The breathing pace in sight: "Breathe in", "Hold", "Breathe out" or "Rest", and how far
through that part the breath is, for whoever cannot hear the tones that pace it (deaf or
hard of hearing, the sound turned off, or no sound device: the player then runs silently).

``BreathCue(timeline)`` is a card the player page shows under its caption; ``follow(
session)`` at each of the page's polls reads the session's audio clock once, as the
captions follow it, and shows the part of the breath playing, or hides the card outside
paced breaths. The words keep the width of the widest ("Breathe out"), so the bar beside
them stays put as the parts change. The bar is how full the lungs are meant to be: it
fills while breathing in, stays full through a hold, empties while breathing out and
stays empty through a rest; the seconds left in the part are written beside it. Its empty
track's edge is drawn on whole pixels, so it keeps its colour's contrast. It moves
smoothly and never blinks.

For screen readers the words change once per part (a label's text: one name change), and
the card's description says the part and its length when the part changes; the bar and
its count are drawn, not controls with a value, so the ~30 polls a second send them
nothing. Nothing here takes keyboard focus. Main thread only.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QPainter, QPalette, QPen
from PySide6.QtWidgets import QApplication, QFrame, QHBoxLayout, QSizePolicy, QWidget

from painease.domain.timeline import Segment, SegmentKind, Timeline
from painease.ui.widgets import label

WORDS = {SegmentKind.INHALE: "Breathe in", SegmentKind.HOLD: "Hold",
         SegmentKind.EXHALE: "Breathe out", SegmentKind.REST: "Rest"}
# What the bar does in each part, for a screen reader (said once, when the part starts).
HOW = {SegmentKind.INHALE: "as the bar fills", SegmentKind.HOLD: "while the bar stays full",
       SegmentKind.EXHALE: "as the bar empties",
       SegmentKind.REST: "while the bar stays empty"}


def seconds_words(seconds: float) -> str:
    return f"{seconds:g} second{'' if seconds == 1 else 's'}"


class BreathBar(QWidget):
    """How full the breath is (0 to 1) as a bar, and the whole seconds left in the part
    beside it, drawn in the theme's colours at the text's size."""

    def __init__(self):
        super().__init__()
        self.setObjectName("breath-bar")
        self.setAccessibleName("Breath bar")
        self.setAccessibleDescription("Fills as you breathe in and empties as you breathe "
                                      "out")
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.fullness = 0.0
        self.seconds_left = 0

    def show_breath(self, fullness: float, seconds_left: int) -> None:
        fullness = min(1.0, max(0.0, fullness))
        if (fullness, seconds_left) != (self.fullness, self.seconds_left):
            self.fullness, self.seconds_left = fullness, seconds_left
            self.update()

    def count_text(self) -> str:
        return f"{self.seconds_left} s"

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        metrics = self.fontMetrics()
        return QSize(20 * metrics.averageCharWidth(), round(1.6 * metrics.height()))

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt override
        metrics = self.fontMetrics()
        return QSize(8 * metrics.averageCharWidth(), round(1.6 * metrics.height()))

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt override
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette, metrics = self.palette(), self.fontMetrics()
        count_width = metrics.horizontalAdvance("00 s") + metrics.averageCharWidth()
        height = self.height()
        # On pixel centres (x.5): a 1 px edge on whole coordinates is drawn half on each of
        # two pixels, blended with the card to about 2:1.
        top = round(height * 0.2)
        track = QRectF(0.5, top + 0.5, max(0, self.width() - count_width - 1),
                       max(0, height - 2 * top - 1))
        radius = track.height() / 2
        # The empty track: the window colour inside an edge in the muted text colour, which
        # stands out 3:1 or more from the card in both themes; the breath in the accent.
        # The muted colour is the application's: this widget's own palette, under the
        # style sheet, has a half-transparent one.
        muted = QApplication.palette().color(QPalette.ColorRole.PlaceholderText)
        painter.setPen(QPen(muted, 1))
        painter.setBrush(palette.window())
        painter.drawRoundedRect(track, radius, radius)
        if self.fullness > 0:
            whole = track.adjusted(-0.5, -0.5, 0.5, 0.5)  # over the edge, on whole pixels
            filled = QRectF(whole.left(), whole.top(), whole.width() * self.fullness,
                            whole.height())
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(palette.highlight())
            painter.drawRoundedRect(filled, min(radius + 0.5, filled.width() / 2), radius + 0.5)
        painter.setPen(palette.text().color())
        painter.drawText(QRectF(self.width() - count_width, 0, count_width, height),
                         Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                         self.count_text())


class BreathCue(QFrame):
    """The card: the part's words over the bar. Shown only during a paced breath; in a
    session with paced breaths it keeps its room while hidden, so the page does not jump
    as the breaths start and stop."""

    def __init__(self, timeline: Timeline):
        super().__init__()
        self.setProperty("role", "card")  # the look of ``widgets.card``
        layout = QHBoxLayout(self)
        layout.setContentsMargins(18, 10, 18, 10)
        layout.setSpacing(16)
        self.setObjectName("breath-cue")
        self.setAccessibleName("Breathing guide")
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.word = label("", "heading", name="breath-word", wrap=False)
        self.bar = BreathBar()
        layout.addWidget(self.word)
        layout.addWidget(self.bar, 1)
        self._rate = timeline.samplerate
        self._part: Segment | None = None
        breaths = any(s.kind in WORDS for s in timeline.segments)
        policy = self.sizePolicy()
        policy.setRetainSizeWhenHidden(breaths)
        self.setSizePolicy(policy)
        self.hide()

    def _keep_word_width(self) -> None:
        """The word's room: that of the widest ("Breathe out") at the word's font now (the
        text size can change between parts), so the bar beside it does not move."""
        word = self.word
        margins = word.contentsMargins()
        width = (max(word.fontMetrics().horizontalAdvance(words) for words in WORDS.values())
                 + margins.left() + margins.right() + 2 * word.margin() + 1)
        if word.minimumWidth() != width:
            word.setMinimumWidth(width)

    def follow(self, session) -> None:
        """Show where ``session``'s audio clock is in the breath (read once, so the words
        and the bar agree), or hide outside paced breaths."""
        frame = session.position_frames
        segment = session.timeline.segment_at(frame)
        if segment.kind not in WORDS:
            self._part = None
            self.setVisible(False)
            return
        if segment != self._part:  # a new part: its words, said once
            self._part = segment
            words = WORDS[segment.kind]
            self._keep_word_width()
            self.word.setText(words)
            self.setAccessibleDescription(
                f"{words} for {seconds_words(round(segment.frames / self._rate, 1))}, "
                f"{HOW[segment.kind]}")
        through = min(1.0, max(0.0, (frame - segment.start) / max(1, segment.frames)))
        fullness = {SegmentKind.INHALE: through, SegmentKind.HOLD: 1.0,
                    SegmentKind.EXHALE: 1.0 - through, SegmentKind.REST: 0.0}[segment.kind]
        left = max(0, segment.end - frame) / self._rate
        self.bar.show_breath(fullness, max(1, math.ceil(left - 1e-6)))
        self.setVisible(True)

"""Summary: pain and the sense of threat before → after in plain words, and the
live-rating curve with one sentence saying what it did (the one Insights gives for a
session).

The wording follows CLINICAL.md: a drop of 30 % or half is said as what it is, a change
within this one session (the yardsticks studies use, "moderately important" and
"substantial", are about a course of treatment, so they are not lent to one session: see
``reading``), 0–1 is "no pain or almost none"; a rise is named calmly, never as a
warning, with a pointer to a clinician for anything new, changing or worrying. The curve
is drawn with QPainter, so no charting library is loaded for it.

Main thread only.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QKeySequence, QPainter, QPainterPath, QPen, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QWidget

from painease.domain.readings import live_reading, past_end_words
from painease.domain.vocabulary import (
    ONE_SESSION,
    PAIN_NAME,
    THREAT_NAME,
    clock_text,
    decimal_text,
    duration_words,
    listened_ms,
    quoted,
)
from painease.session_outcome import Change, Outcome
from painease.ui.widgets import button, card, label, reachable_text, scrolling_page


def describe_change(name: str, change: Change) -> str:
    """One sentence, e.g. "Pain: 6 → 3, down 3 points (50% lower)."; the percent rounded
    as people round (8 → 5 is "38% lower", not Python's half-to-even "37%"), and left out
    of a change too small for one (``Change.said_percent``: 1 → 2 is "up 1 point.")."""
    points = change.points
    head = f"{name}: {change.before} → {change.after}"
    if points == 0:
        return f"{head}, the same as before."
    direction = "down" if points < 0 else "up"
    unit = "point" if abs(points) == 1 else "points"
    text = f"{head}, {direction} {abs(points)} {unit}"
    percent = change.said_percent
    if percent is not None:
        text += f" ({decimal_text(abs(percent), 0)}% {'lower' if points < 0 else 'higher'})"
    return text + "."


# The same three words as Home's and Help's safety note, the report and the scripts' closing
# lines ("new, changing or worrying": tests/test_patient_wording.py holds them to it).
CHECK_NOTE = "If a symptom is new, changing or worrying, please have it checked by a clinician."


def reading(outcome: Outcome) -> str:
    """A kind, plain reading of what changed; honest about one session being one session.

    A drop of 30 % or of half is named only for a drop of 2 points or more (one point on a
    low rating, 1 → 0 is "100 % lower", is the scale's own wobble, not a verdict: the
    rule ``Change.said_percent`` holds for ``describe_change`` too), and only
    as a change during this session: studies of pain treatment count such drops as
    moderately important or substantial over a course of treatment, and Insights' yardstick
    definitions say single sessions are not that measure. A rise is named
    calmly, as common and part of the practice (claiming nothing about harm, which only a
    clinician can judge, and promising nothing about what practice will do: it once said
    "it often settles with practice"), and always comes with the one check that matters."""
    if outcome.pain is None:
        return ("You chose not to rate afterwards, which is fine. Your ratings from before "
                "the session are saved.")
    notes = []
    pain, fear = outcome.pain, outcome.fear
    if fear.points < 0:
        notes.append("Your sense of threat came down. Feeling safer with a sensation is at "
                     "the heart of this work.")
    drop = -(pain.said_percent or 0.0)  # 0 for a change too small for a percent
    if pain.after <= 1 and pain.before > 1:
        notes.append("Your pain is at 0–1 right now: no pain, or almost none.")
    elif drop >= 50:
        notes.append("Your pain was at least halved after this session.")
    elif drop >= 30:
        notes.append("Your pain was at least 30% lower after this session.")
    if pain.points > 0:
        notes.append("Sensations can grow for a while when you pay attention to them. That "
                     "is common, and part of the practice.")
    elif fear.points > 0:
        notes.append("Your sense of threat went up this time. That is common when you pay "
                     "close attention to a sensation, and part of the practice.")
    if pain.points > 0 or fear.points > 0:
        notes.append(CHECK_NOTE)
    if not notes:
        notes.append(ONE_SESSION)
    return " ".join(notes)


class LiveCurve(QWidget):
    """Live ratings (0–10) against the time the session ran, as steps: each value holds
    until the next, and the last until the session ended (``end_ms``: for a session ended
    early, the moment it ended, not the planned length). ``start``, when known, is where the
    slider started (the pain rated before): drawn dashed from 0:00 with a hollow dot, up to
    the first move or across the whole session when it was never moved, so it reads apart
    from the solid line of what the patient set. The time axis is labelled at its start,
    middle and end. Margins and height follow the font, so the labels keep clear of the
    plot at any text size.

    Samples after ``end_ms`` are left out: a rating is stamped with the audio clock and
    the player can go back a step, so a session can end before a moment rated in it
    (``charts.session.within_session`` says the same for Insights)."""

    def __init__(self, samples: tuple[tuple[int, float], ...], end_ms: int,
                 start: float | None = None):
        super().__init__()
        self.end_ms = max(1, end_ms)
        self.samples = tuple((t, v) for t, v in samples if t <= self.end_ms)
        self.past_end = len(samples) - len(self.samples)  # said, not drawn
        self.start = start
        self.setAccessibleName("Live pain rating during the session")
        self.setAccessibleDescription(self.describe())

    def describe(self) -> str:
        """The curve in words, the start apart from the moves."""
        moves = ", ".join(f"{v:g} at {clock_text(t)}" for t, v in self.samples[:20])
        end = f"the session ended at {clock_text(self.end_ms)}"
        if self.start is None:
            return f"Your live ratings: {moves}; {end}"
        head = f"The slider started at {self.start:g} (your pain before the session)"
        if not self.samples and self.past_end:
            return f"{head}; {past_end_words(self.past_end)[:-1]}; {end}"
        if not self.samples:
            return f"{head} and was not moved; {end}"
        return f"{head}, drawn dashed; you moved it to {moves}; {end}"

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return QSize(400, 9 * self.fontMetrics().lineSpacing())

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return QSize(200, 7 * self.fontMetrics().lineSpacing())

    def plot_rect(self) -> QRectF:
        """Where the curve goes: the values' labels on its left, the times under it."""
        metrics = self.fontMetrics()
        left = metrics.horizontalAdvance("10") + metrics.averageCharWidth()
        right = 2
        top = metrics.height() / 2 + 1  # room for the top label, centred on its line
        bottom = metrics.height() + 6
        return QRectF(left, top, max(1.0, self.width() - left - right),
                      max(1.0, self.height() - top - bottom))

    def point(self, t_ms: float, value: float) -> QPointF:
        """Where (t_ms, value) is drawn, in this widget's coordinates."""
        plot = self.plot_rect()
        return QPointF(plot.left() + plot.width() * t_ms / self.end_ms,
                       plot.top() + plot.height() * (1 - value / 10))

    def lead_in(self) -> list[QPointF]:
        """The dashed start's corners: the start value from 0:00 to the first move, then
        to that move's value; to the end when never moved; none when the start is unknown."""
        if self.start is None:
            return []
        if not self.samples:
            return [self.point(0, self.start), self.point(self.end_ms, self.start)]
        first_t, first_value = self.samples[0]
        return [self.point(0, self.start), self.point(first_t, self.start),
                self.point(first_t, first_value)]

    def steps(self) -> list[QPointF]:
        """The solid curve's corners (the patient's moves), in this widget's coordinates."""
        point = self.point
        corners: list[QPointF] = []
        for index, (t_ms, value) in enumerate(self.samples):
            if index:
                corners.append(point(t_ms, self.samples[index - 1][1]))
            corners.append(point(t_ms, value))
        if self.samples:
            corners.append(point(self.end_ms, self.samples[-1][1]))
        return corners

    def time_labels(self) -> list[tuple[QRectF, str]]:
        """The time axis' words and where they are drawn: the start's begins at the plot's
        left edge (clear of the values' "0"), the end's ends at its right edge, the
        middle's is centred under its moment."""
        plot, metrics = self.plot_rect(), self.fontMetrics()
        labels = []
        for share in (0.0, 0.5, 1.0):
            text = clock_text(round(self.end_ms * share))
            width = metrics.horizontalAdvance(text)
            x = plot.left() + (plot.width() - width) * share
            labels.append((QRectF(x, plot.bottom() + 4, width, metrics.height()), text))
        return labels

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt override
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette, metrics, plot = self.palette(), self.fontMetrics(), self.plot_rect()
        text_pen = QPen(palette.text().color())
        grid = QPen(palette.mid().color(), 1, Qt.PenStyle.DotLine)
        for value in (0, 5, 10):
            y = plot.top() + plot.height() * (1 - value / 10)
            painter.setPen(grid)
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            painter.setPen(text_pen)
            painter.drawText(QRectF(0, y - metrics.height() / 2, plot.left() - 4,
                                    metrics.height()),
                             Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                             str(value))
        for rect, text in self.time_labels():
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, text)
        colour = palette.highlight().color()
        lead = self.lead_in()
        if lead:
            painter.setPen(QPen(colour, 2, Qt.PenStyle.DashLine))
            painter.drawPolyline(lead)
            painter.setPen(QPen(colour, 2))
            painter.setBrush(palette.base())
            radius = max(4.0, metrics.height() / 4)
            painter.drawEllipse(lead[0], radius, radius)  # hollow: a start, not a move
            painter.setBrush(Qt.BrushStyle.NoBrush)
        corners = self.steps()
        if corners:
            path = QPainterPath(corners[0])
            for corner in corners[1:]:
                path.lineTo(corner)
            painter.setPen(QPen(colour, 3))
            painter.drawPath(path)


def ended_text(outcome: Outcome, title: str, total_ms: int) -> str:
    """How the session ended, and how much of it played when parts were skipped: said
    plainly, as a fact and without judgement (moving on is the patient's choice). For a
    session done for a set, the kind line says whether it counts for the set (half or
    more heard), so it never says "counts" of one the set card will not count. One that
    does not count is said kindly, with what follows (its planned session stays open, so
    the set offers it again: ``program_status``), not as a rule the patient fell short of:
    it is read just after ending early, and the set card states the rule."""
    kind = " Any time you give to this practice counts."
    if outcome.for_set is True:
        kind = " Any time you give to this practice counts, and this one counts for your set."
    elif outcome.for_set is False:
        kind = (" Any time you give to this practice is worth it. This one does not count "
                "for your set, so the set keeps it for another time that suits you.")
    listened = listened_ms(outcome.played_ms, outcome.elapsed_ms)
    heard = "" if listened is None else f" and listened to {duration_words(listened)} of it"
    # Times in words: in a sentence, "0:40 of 5:00" reads like a time of day.
    title, total = quoted(title), duration_words(total_ms)
    if outcome.ended == "completed":
        if listened is None:
            return f"You finished {title} ({total})."
        return f"You reached the end of {title} ({total}){heard}.{kind}"
    # "ended … early", as the After page says it and Insights lists it (``OUTCOME_WORDS``).
    return (f"You ended {title} early, after {duration_words(outcome.elapsed_ms)} of "
            f"{total}{heard}.{kind}")


class SummaryPage(QWidget):
    """Shows an ``Outcome``. Emits ``done`` when the patient is finished with it (Done,
    or Esc). Opens with the result (``summary``) focused, so it is what a screen reader
    says first; it is a Tab stop on the way to Done.

    ``crisis_note``: end with Help's crisis note (after an emotional awareness session,
    which can stir up strong feelings; Help itself cannot be opened until Done)."""

    done = Signal()

    def __init__(self, outcome: Outcome, title: str, total_ms: int,
                 marks: Sequence[tuple[int, str]] = (), *, crisis_note: bool = False):
        super().__init__()
        area, layout = scrolling_page(name="What changed")
        outer = QHBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(area)
        layout.addWidget(label("What changed", "title"))
        when = ended_text(outcome, title, total_ms)
        layout.addWidget(label(when, "muted", name="summary-ended"))

        lines = []
        if outcome.pain is not None:
            lines = [describe_change(PAIN_NAME, outcome.pain),
                     describe_change(THREAT_NAME, outcome.fear)]
        box, box_layout = card()
        self.summary = label("\n".join([*lines, "", reading(outcome)]).strip(), "big-number",
                             name="summary")
        self.summary.setAccessibleDescription("What changed in this session")
        # A Tab stop, and where the page starts (``showEvent``): a screen reader says the
        # result first.
        reachable_text(self.summary, mouse=False)
        box_layout.addWidget(self.summary)
        layout.addWidget(box)

        if outcome.live or outcome.live_start is not None:
            self._live(layout, outcome, marks, outcome.elapsed_ms or total_ms)
        if crisis_note:
            from painease.ui.help_page import crisis_card

            layout.addWidget(crisis_card("summary-crisis-note"))
        row = QHBoxLayout()
        row.addStretch(1)
        finish = button("Done", "summary-done", "Back to the home page", primary=True)
        finish.clicked.connect(self.done)
        row.addWidget(finish)
        layout.addLayout(row)
        layout.addStretch(1)
        self.finish = finish
        # Esc is Done too: everything here is saved already, so leaving loses nothing.
        # Held down, one press (its repeats are not Done again).
        escape = QShortcut(QKeySequence(Qt.Key.Key_Escape), self)
        escape.setContext(Qt.ShortcutContext.WindowShortcut)
        escape.setAutoRepeat(False)
        escape.activated.connect(self.done)

    def _live(self, layout, outcome: Outcome, marks: Sequence[tuple[int, str]],
              end_ms: int) -> None:
        """The live rating's curve (to when the session ended: a line on to the planned end
        would show ratings nobody gave), a key to its lines, and the curve in words with
        the phase its low came in and how long it lasted (``marks``: the phase starts on
        the session's timeline): the same sentence Insights gives. A live rating left
        where it started still shows where that was and says so."""
        layout.addWidget(label("Your live rating during the session", "heading"))
        self.curve = LiveCurve(outcome.live, end_ms, outcome.live_start)
        self.curve.setObjectName("live-curve")
        layout.addWidget(self.curve)
        live = self.curve.samples  # those up to the end
        if outcome.live_start is not None:
            key = ("The dashed line is where the slider started: your pain before the "
                   "session.")
            if live:
                key += " The solid line is where you moved it."
            layout.addWidget(label(key, "muted", name="live-key"))
        times, values = zip(*live, strict=True) if live else ((), ())
        past = past_end_words(self.curve.past_end)
        words = (past if past and not live else
                 " ".join(filter(None, (live_reading(times, values, marks, end_ms,
                                                     start=outcome.live_start), past))))
        self.live_words = label(words, name="live-reading")
        layout.addWidget(self.live_words)

    def showEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        self.summary.setFocus()

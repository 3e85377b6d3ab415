"""Summary: pain and fear before → after in plain words, and the live-rating curve.

The wording follows CLINICAL.md: a drop of 30 % or more is a meaningful change, 50 % or
more a substantial one, 0–1 is "no pain or almost none"; a rise is named calmly, as part
of the process, never as a warning. The curve is drawn with QPainter, so no charting
library is loaded for it.

Main thread only.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, Qt, Signal
from PySide6.QtGui import QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QHBoxLayout, QWidget

from painease.session import Change, Outcome
from painease.ui.widgets import button, card, clock_text, label, scrolling_page


def describe_change(name: str, change: Change) -> str:
    """One sentence, e.g. "Pain: 6 → 3, down 3 points (50% lower)."."""
    points = change.points
    head = f"{name}: {change.before} → {change.after}"
    if points == 0:
        return f"{head}, the same as before."
    direction = "down" if points < 0 else "up"
    unit = "point" if abs(points) == 1 else "points"
    text = f"{head}, {direction} {abs(points)} {unit}"
    if change.percent is not None:
        text += f" ({abs(change.percent):.0f}% {'lower' if points < 0 else 'higher'})"
    return text + "."


def reading(outcome: Outcome) -> str:
    """A kind, plain reading of what changed; honest about one session being one session."""
    if outcome.pain is None:
        return ("You chose not to rate afterwards, which is fine. Your ratings from before "
                "the session are saved.")
    notes = []
    pain, fear = outcome.pain, outcome.fear
    if fear.points < 0:
        notes.append("Your sense of threat came down. That is what this practice works on, "
                     "and pain often follows over time.")
    drop = -pain.percent if pain.percent is not None else 0.0
    if pain.after <= 1 and pain.before > 1:
        notes.append("Your pain is at 0–1 right now: no pain, or almost none.")
    elif drop >= 50:
        notes.append("A drop of half or more is a substantial change.")
    elif drop >= 30:
        notes.append("A drop of 30% or more is a meaningful change.")
    if pain.points > 0 or fear.points > 0:
        notes.append("Sensations can grow for a while when you turn toward them. That is "
                     "part of the process, not a sign of harm.")
    if not notes:
        notes.append("One session is one moment. The pattern across many sessions says more.")
    return " ".join(notes)


class LiveCurve(QWidget):
    """Live ratings (0–10) against session time, as steps: each value holds until the next."""

    def __init__(self, samples: tuple[tuple[int, float], ...], total_ms: int):
        super().__init__()
        self.samples, self.total_ms = samples, max(1, total_ms)
        self.setMinimumHeight(140)
        self.setAccessibleName("Live pain rating during the session")
        values = ", ".join(f"{v:g} at {clock_text(t)}" for t, v in samples[:20])
        self.setAccessibleDescription(f"Your live ratings: {values}")

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt override
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        margin, width, height = 28, self.width() - 40, self.height() - 30
        grid = QPen(palette.mid().color(), 1, Qt.PenStyle.DotLine)
        painter.setPen(QPen(palette.text().color()))
        for value in (0, 5, 10):
            y = 8 + height * (1 - value / 10)
            painter.drawText(QPointF(4, y + 4), str(value))
            painter.setPen(grid)
            painter.drawLine(QPointF(margin, y), QPointF(margin + width, y))
            painter.setPen(QPen(palette.text().color()))

        def point(t_ms: float, value: float) -> QPointF:
            return QPointF(margin + width * t_ms / self.total_ms, 8 + height * (1 - value / 10))

        path = QPainterPath()
        for index, (t_ms, value) in enumerate(self.samples):
            if index == 0:
                path.moveTo(point(t_ms, value))
            else:
                path.lineTo(point(t_ms, self.samples[index - 1][1]))
                path.lineTo(point(t_ms, value))
        if self.samples:
            path.lineTo(point(self.total_ms, self.samples[-1][1]))
        painter.setPen(QPen(palette.highlight().color(), 3))
        painter.drawPath(path)


class SummaryPage(QWidget):
    """Shows an ``Outcome``. Emits ``done`` when the patient is finished with it."""

    done = Signal()

    def __init__(self, outcome: Outcome, title: str, total_ms: int):
        super().__init__()
        area, layout = scrolling_page()
        outer = QHBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(area)
        layout.addWidget(label("What changed", "title"))
        if outcome.ended == "completed":
            when = f"You finished {title} ({clock_text(total_ms)})."
        else:
            when = (f"You ended {title} after {clock_text(outcome.elapsed_ms)} of "
                    f"{clock_text(total_ms)}. Any time you give to this practice counts.")
        layout.addWidget(label(when, "muted"))

        lines = []
        if outcome.pain is not None:
            lines = [describe_change("Pain", outcome.pain), describe_change("Fear", outcome.fear)]
        box, box_layout = card()
        self.summary = label("\n".join([*lines, "", reading(outcome)]).strip(), "big-number",
                             name="summary")
        self.summary.setAccessibleName("Summary")
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByKeyboard)
        box_layout.addWidget(self.summary)
        layout.addWidget(box)

        if outcome.live:
            layout.addWidget(label("Your live rating during the session", "heading"))
            self.curve = LiveCurve(outcome.live, total_ms)
            self.curve.setObjectName("live-curve")
            layout.addWidget(self.curve)
        row = QHBoxLayout()
        row.addStretch(1)
        finish = button("Done", "summary-done", "Back to the home page", primary=True)
        finish.clicked.connect(self.done)
        row.addWidget(finish)
        layout.addLayout(row)
        layout.addStretch(1)
        self.finish = finish

    def showEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        self.finish.setFocus()

"""``scroll_when_tall(box)``: a question's words scroll inside it when they would make it
taller than the screen has room for, so its buttons stay on the screen.

A QMessageBox is as tall as its words at the width it picks (about 500 px, whatever the
screen), with no upper bound: at 200 % text on a 20 pt desktop (40 pt words) the question
on closing with something not saved was over 1,300 px tall, its buttons below the bottom
of a laptop's screen. Here the box's own label is hidden (``text()``, Copy and what a
screen reader reads of the box stay its own) and the same words are shown in a scroll area
as wide as a readable line, or the screen, allows and at most ``SHARE`` of the screen's
height; the rest of the box (icon, buttons) is laid out by the box as before. Words that
fit are shown whole, with no scroll bar and no Tab stop; words that scroll make the area a
Tab stop, so the arrow keys and Page Up/Down scroll them.

``stack_when_too_wide(box)``: the shown box's buttons one above the other when side by
side they are wider than the box.

Main thread only.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QDialogButtonBox, QFrame, QLabel, QMessageBox, QScrollArea

SHARE = 0.4  # of the screen's free height, at most, for the words
LINE = 60  # average characters in a readable line of the words
SIDES = 160  # px of the screen's width left for the icon and the box's margins


class _Words(QScrollArea):
    """The words, wrapped: as wide as a readable line or the screen allows; as tall as
    they are, or ``SHARE`` of the screen's height, whichever is less."""

    def __init__(self, label: QLabel):
        super().__init__()
        self.label = label
        self.setObjectName("question-words")
        self.setWidget(label)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setAccessibleName("The question's words")
        self.setAccessibleDescription("The arrow keys and Page Up and Page Down scroll them")

    def _wanted(self) -> QSize:
        room = self.screen().availableGeometry()
        bar = self.verticalScrollBar().sizeHint().width()
        edge = 2 * self.frameWidth()  # the theme's focus border
        width = min(self.label.fontMetrics().averageCharWidth() * LINE,
                    room.width() - SIDES - bar - edge)
        words = self.label.heightForWidth(width)
        line = self.label.fontMetrics().lineSpacing()  # whole lines, at least three
        most = max(int(room.height() * SHARE) // line, 3) * line
        tall = words > most
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus if tall else Qt.FocusPolicy.NoFocus)
        return QSize(width + edge + (bar if tall else 0), min(words, most) + edge)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return self._wanted()

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return self._wanted()


def scroll_when_tall(box: QMessageBox) -> None:
    """Show ``box``'s words (its ``text()``) in a scroll area that keeps it within the
    screen (see the top); call before the box is shown, once its words are set."""
    own = box.findChild(QLabel, "qt_msgbox_label")
    grid = box.layout()
    at = grid.indexOf(own) if own is not None else -1
    if at < 0:
        return
    row, column, rows, columns = grid.getItemPosition(at)
    grid.removeWidget(own)
    own.hide()
    label = QLabel(own.text())
    label.setObjectName(f"{box.objectName()}-words")
    label.setWordWrap(True)
    label.setTextFormat(own.textFormat())
    label.setTextInteractionFlags(own.textInteractionFlags())
    label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
    grid.addWidget(_Words(label), row, column, rows, columns)


def stack_when_too_wide(box: QMessageBox) -> None:
    """The shown ``box``'s buttons one above the other when side by side they are wider
    than the question: Qt makes a question no wider than the screen (on a large one, than
    1000 px or less), so at 200 % on a 20 pt desktop "Close anyway" and "Keep painease
    open" in a row were cut ("ep painease o"). A row that fits stays a row."""
    row = box.findChild(QDialogButtonBox)
    if row is None:
        return
    margins = box.layout().contentsMargins()
    if row.sizeHint().width() > box.width() - margins.left() - margins.right():
        row.setOrientation(Qt.Orientation.Vertical)  # the question lays itself out again

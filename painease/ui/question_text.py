"""``scroll_when_tall(box)``: a question's or a note's words scroll inside it when they
would make it taller than the screen has room for, so its buttons stay on the screen.

A QMessageBox is as tall as its words at the width it picks (about 500 px, whatever the
screen), with no upper bound: at 200 % text on a 20 pt desktop (40 pt words) the question
on closing with something not saved was over 1,300 px tall, its buttons below the bottom
of a laptop's screen; a note with a second paragraph (its "informative text": "Your
painease data is in use", "painease is already open"…) over 1,000. Here the box's own
labels are hidden (``text()``, ``informativeText()``, Copy and what a screen reader reads
of the box stay its own) and the same words, both paragraphs, are shown in one scroll
area no wider than a readable line, nor than the widest box Qt allows (``widest``), and
at most ``SHARE`` of the screen's height; the rest of the box (icon, buttons, details) is laid
out by the box as before. Words that fit are shown whole, with no scroll bar and no Tab
stop; words that scroll make the area a Tab stop, so the arrow keys and Page Up/Down
scroll them. The area stays in place when Qt lays the box out anew (a new theme or text
size, ``setIcon``).

A note's details (Qt's "Show Details…") show in the same scroll area, under the words,
so showing them does not make the box taller than that limit (Qt's own details box, 100 px
tall under the area, pushed the buttons of a note at 200 % off a 1366 × 768 screen).
Shown, they are a Tab stop of their own, named "Details" (selectable with the keyboard
too; their start is brought into sight when Tab reaches them), and the box's
description to a screen reader ends with them; hidden, the focus goes to the details
button if it was in the words.

``stack_when_too_wide(box)``: the shown box's buttons one above the other when side by
side they are wider than the box; decided again when the box is restyled (a new text
size), side by side again when they fit.

``fit_note(box)``: both, for a note not shown yet (``exec()`` shows it): its words
scroll, and its buttons are stacked when they would be wider than Qt lets the box be.

Main thread only.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QSize, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractButton,
    QDialogButtonBox,
    QFrame,
    QLabel,
    QLayout,
    QMessageBox,
    QScrollArea,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from painease.ui.screens import screen_of

SHARE = 0.4  # of the screen's free height, at most, for the words
LINE = 60  # average characters in a readable line of the words
SIDES = 160  # px of the widest box (``widest``) left for the icon and the margins


def widest(box: QWidget) -> int:
    """How wide Qt lets a message box be on ``box``'s screen: the screen's width on one up
    to 1024 px wide, else 480 px less, and at most 1000 px (on a 1366 px laptop, 886)."""
    room = screen_of(box).availableGeometry().width()
    return room if room <= 1024 else min(room - 480, 1000)


class _Words(QScrollArea):
    """The words (a label, or a column of two: ``scroll_when_tall``), wrapped: as wide as
    a readable line, or the widest box less ``SIDES``, whichever is less; as tall as they
    are, or ``SHARE`` of the screen's height, whichever is less. Made with the box as its
    parent, and keeping no reference of its own to what it shows: Qt deletes them all with
    the box.

    A Tab stop only while the words scroll: set by the scroll bar's range, as laid out,
    not by the size asked for. Qt lays a box out anew (a new grid with its own labels in
    it) when its style changes (a new theme or text size: the app's style sheet), and on
    ``setIcon``: the area then puts itself back in place of those labels (``_place``),
    which stay hidden, on the next turn of the event loop."""

    def __init__(self, kind: str, box: QMessageBox):
        super().__init__(box)
        self.setObjectName("question-words")
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setAccessibleName(f"The {kind}'s words")
        self.setAccessibleDescription("The arrow keys and Page Up and Page Down scroll them")
        self.verticalScrollBar().rangeChanged.connect(self._scrolls)
        box.installEventFilter(self)
        self._own_description: str | None = None  # the box's, while it says the details

    def _scrolls(self, _least: int, most: int) -> None:
        if most <= 0 and self.hasFocus():  # no Tab stop now: the focus must not stay here
            self._focus_elsewhere()
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus if most > 0
                            else Qt.FocusPolicy.NoFocus)

    def _focus_elsewhere(self) -> None:
        """The focus, in the words, to the details button (words no longer scrolling
        after Hide Details…, pressed by a screen reader, which leaves the focus put), or
        to the next control if the box has none."""
        button = _details_button(self.parentWidget())
        if button is not None:
            button.setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            self.focusNextChild()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.ChildAdded and isinstance(event.child(), QLayout):
            QTimer.singleShot(0, self, self._back_in_place)  # once Qt has laid the box out
        return False

    def _back_in_place(self) -> None:
        box = self.parentWidget()
        if box.layout() is not None and box.layout().indexOf(self) < 0:
            _place(box, self)
        details = _details(box)
        if details is not None and box.layout() is not None:
            box.layout().removeWidget(details)  # Qt's new grid has it again (_words_for_details)

    def details_toggled(self, words: QLabel, shown: bool) -> None:
        """Qt showed or hid the box's details: their ``words`` (in this area) with them,
        the area sized again at once (Qt sizes the box next) and, shown, scrolled to
        their start once laid out; the box's description to a screen reader says them while
        they are shown."""
        box = self.parentWidget()
        if not shown and words.hasFocus():
            self._focus_elsewhere()  # before they go (Qt would pass it on to the words)
        words.setVisible(shown)
        self.updateGeometry()
        if shown:
            QTimer.singleShot(0, self, lambda: self.show_start(words))
            if self._own_description is None:
                self._own_description = box.accessibleDescription()
            box.setAccessibleDescription(
                f"{self._own_description} Details: {words.text()}".strip())
        elif self._own_description is not None:
            box.setAccessibleDescription(self._own_description)
            self._own_description = None

    def show_start(self, words: QLabel) -> None:
        """Scroll to ``words``: all of them, or their start if they are taller than the
        area (``ensureWidgetVisible`` shows the middle of a tall label)."""
        if words.height() > self.viewport().height():
            self.verticalScrollBar().setValue(words.y())
        else:
            self.ensureWidgetVisible(words)

    def _wanted(self) -> QSize:
        shown = self.widget()
        label = shown if isinstance(shown, QLabel) else shown.findChild(QLabel)
        room = screen_of(self).availableGeometry()
        bar = self.verticalScrollBar().sizeHint().width()
        edge = 2 * self.frameWidth()  # the theme's focus border
        width = min(label.fontMetrics().averageCharWidth() * LINE,
                    widest(self) - SIDES - bar - edge)
        words = shown.heightForWidth(width)
        line = label.fontMetrics().lineSpacing()  # whole lines, at least three
        most = max(int(room.height() * SHARE) // line, 3) * line
        tall = words > most
        return QSize(width + edge + (bar if tall else 0), min(words, most) + edge)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return self._wanted()

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return self._wanted()


def scroll_when_tall(box: QMessageBox, kind: str = "question") -> None:
    """Show ``box``'s words (its ``text()`` and, under it, its ``informativeText()``) in
    one scroll area that keeps it within the screen (see the top), named for screen
    readers as "The ``kind``'s words"; call before the box is shown, once its words are
    set. It stays in place when the box is laid out anew (``_Words``)."""
    own = box.findChild(QLabel, "qt_msgbox_label")
    if own is None or box.layout().indexOf(own) < 0 or box.findChild(_Words) is not None:
        return
    area = _Words(kind, box)
    more = box.findChild(QLabel, "qt_msgbox_informativelabel")
    two = more is not None and box.layout().indexOf(more) >= 0 and bool(box.informativeText())
    details = _details(box)
    if not two and details is None:
        area.setWidget(_copy(own, f"{box.objectName()}-words"))
    else:  # the second paragraph and the details, under the first, in the same area
        area.setWidget(QWidget())
        paragraphs = QVBoxLayout(area.widget())
        paragraphs.setContentsMargins(0, 0, 0, 0)
        for label, name in ((own, "words"), (more, "more"))[:2 if two else 1]:
            paragraphs.addWidget(_copy(label, f"{box.objectName()}-{name}", area.widget()))
        if details is not None:
            _words_for_details(box, details, area)
    _place(box, area)


def _details(box: QMessageBox) -> QWidget | None:
    """Qt's details box of ``box`` (a line and a 100 px text box), if it has details."""
    text = box.findChild(QTextEdit) if box.detailedText() else None
    return text.parentWidget() if text is not None else None


def _words_for_details(box: QMessageBox, details: QWidget, area: _Words) -> None:
    """The details' words, wrapped, at the foot of ``area``'s column, shown while Qt
    shows ``details``. That is left empty (its line and 100 px text box hidden) and out of
    the box's grid, still the box's child: Qt shows and hides it, and keeps its "Show
    Details…" button in step with it (a widget moved to another parent is hidden a moment,
    and the button said "Show Details…" with the details shown after a restyle)."""
    for part in details.findChildren(QWidget):
        part.hide()
    details.setMaximumSize(0, 0)
    if box.layout() is not None:
        box.layout().removeWidget(details)
    words = QLabel(box.detailedText(), area.widget())
    words.setObjectName(f"{box.objectName()}-details")
    words.setTextFormat(Qt.TextFormat.PlainText)
    words.setWordWrap(True)
    words.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                  | Qt.TextInteractionFlag.TextSelectableByKeyboard)
    words.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # a Tab stop while shown
    words.setAccessibleName("Details")
    words.setAccessibleDescription(box.detailedText())  # what a screen reader says of it
    words.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
    words.setVisible(not details.isHidden())
    area.widget().layout().addWidget(words)
    toggled = _Toggled(area)
    details.installEventFilter(toggled)
    words.installEventFilter(toggled)


def _details_button(box: QWidget) -> QAbstractButton | None:
    """``box``'s "Show Details…" ("Hide Details…") button, if it has one."""
    said = {QCoreApplication.translate("QMessageBox", f"{verb} Details...")
            for verb in ("Show", "Hide")}
    buttons = box.buttons() if isinstance(box, QMessageBox) else []
    return next((button for button in buttons if button.text() in said), None)


_TOGGLE_EVENTS = frozenset((QEvent.Type.FocusIn, QEvent.Type.ShowToParent,
                            QEvent.Type.HideToParent))


class _Toggled(QObject):
    """Tells the area (its parent) when Qt shows or hides the details
    (``details_toggled``), and shows their start when they get the focus.

    It keeps no reference to the area or the words (found again at each call), and is
    the area's child, not that of Qt's own details box; ``_Restyled`` likewise. A child
    of a widget Qt made lost its Python half as soon as the call that found that widget
    returned, and one holding its parent in Python made a cycle, which Python's collector
    broke (clearing the filter's attributes) before Qt deleted the box: Qt went on calling
    it, and painease now and then crashed while the next window was built (seen in
    test_store_problem_words: a segmentation fault in 1 run of 5)."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() not in _TOGGLE_EVENTS:  # every other event (paint, move…): nothing
            return False
        area = self.parent()
        if not isinstance(area, _Words):
            return False
        words = area.widget().findChild(QLabel, f"{area.parentWidget().objectName()}-details")
        if words is None:
            return False
        if watched is words:
            if event.type() == QEvent.Type.FocusIn:  # after the area's own scroll to them
                QTimer.singleShot(0, area, lambda: area.show_start(words))
        elif event.type() in (QEvent.Type.ShowToParent, QEvent.Type.HideToParent):
            area.details_toggled(words, event.type() == QEvent.Type.ShowToParent)
        return False


def _place(box: QMessageBox, area: _Words) -> None:
    """``area`` in ``box``'s grid where Qt put its own label (and the second paragraph's
    under it, if the area shows that too), theirs hidden."""
    grid = box.layout()
    own = box.findChild(QLabel, "qt_msgbox_label")
    at = grid.indexOf(own) if own is not None else -1
    if at < 0:
        return
    row, column, rows, columns = grid.getItemPosition(at)
    more = box.findChild(QLabel, "qt_msgbox_informativelabel")
    below = grid.indexOf(more) if more is not None and box.informativeText() else -1
    if below >= 0:
        rows = max(row + rows, sum(grid.getItemPosition(below)[::2])) - row
        grid.removeWidget(more)
        more.hide()
    grid.removeWidget(own)
    own.hide()
    grid.addWidget(area, row, column, rows, columns)


def _copy(own: QLabel, name: str, parent: QWidget | None = None) -> QLabel:
    """A wrapped label with ``own``'s words, as ``own`` shows them."""
    label = QLabel(own.text(), parent)
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setTextFormat(own.textFormat())
    label.setTextInteractionFlags(own.textInteractionFlags())
    label.setOpenExternalLinks(own.openExternalLinks())
    if own.testAttribute(Qt.WidgetAttribute.WA_SetFont):  # a style's smaller second paragraph
        label.setFont(own.font())
    label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
    return label


def stack_when_too_wide(box: QMessageBox) -> None:
    """The shown ``box``'s buttons one above the other when side by side they are wider
    than the question: Qt makes a question no wider than the screen (on a large one, than
    1000 px or less), so at 200 % on a 20 pt desktop "Close anyway" and "Keep painease
    open" in a row were cut ("ep painease o"). A row that fits stays a row."""
    margins = box.layout().contentsMargins()
    _stack_if_wider(box, box.width() - margins.left() - margins.right())


def fit_note(box: QMessageBox) -> QMessageBox:
    """``box`` (a note, its words set, not shown yet: ``exec()`` shows it), its words
    scrolling inside it when they would make it taller than the screen, and its buttons
    stacked when side by side they would be wider than Qt lets the box be ("Show
    Details…", "Try again" and "Quit" at 200 % on a 20 pt desktop were cut)."""
    scroll_when_tall(box, "note")
    box.ensurePolished()  # the theme's sizes, as the box will show
    margins = box.layout().contentsMargins()
    _stack_if_wider(box, widest(box) - margins.left() - margins.right())
    return box


def _stack_if_wider(box: QMessageBox, width: int) -> None:
    """``box``'s buttons one above the other when side by side they are wider than
    ``width``. Stacked, Qt gives the row a focus proxy (one of its buttons) that Tab then
    goes to, passing over the buttons above it ("Show Details…" in a note with details):
    the proxy is the top one, so that Tab reaches every button."""
    row = box.findChild(QDialogButtonBox)
    if row is None:
        return
    if box.findChild(_Restyled) is None:
        _Restyled(box)
    if row.sizeHint().width() > width:
        row.setOrientation(Qt.Orientation.Vertical)  # the box lays itself out again
        stacked = row.layout()
        top = next((item.widget() for item in map(stacked.itemAt, range(stacked.count()))
                    if item.widget() is not None), None)
        if top is not None:
            row.setFocusProxy(top)


class _Restyled(QObject):
    """Decides again, once Qt has laid its parent box out anew for a new style or font
    (the text size changed), whether the box's buttons go side by side or one above the
    other. No reference kept to the box (see ``_Toggled``)."""

    def __init__(self, box: QMessageBox):
        super().__init__(box)
        box.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() in (QEvent.Type.StyleChange, QEvent.Type.FontChange):
            QTimer.singleShot(0, self, self._again)
        return False

    def _again(self) -> None:
        box = self.parent()
        row = box.findChild(QDialogButtonBox) if isinstance(box, QMessageBox) else None
        if row is None:
            return
        if row.orientation() == Qt.Orientation.Vertical:
            row.setFocusProxy(None)
            row.setOrientation(Qt.Orientation.Horizontal)
        margins = box.layout().contentsMargins()
        _stack_if_wider(box, widest(box) - margins.left() - margins.right())

"""Small form helpers shared by the therapist's pages, the patient's dialogs and the Library.

Qt only (no domain import), so Home can use them without loading the script models:
``named`` (automation and accessible names), ``chosen`` (a combo's data, never asking an
empty one), ``narrow`` combos, ``ElidingCombo`` (a cut entry ends in "…"), ``form_layout``
(labels wrap above fields when narrow), ``button_grid`` (buttons two to a row),
``scrolled_column`` (a column that scrolls up and down, never sideways) and
``ReflowColumns`` (two columns that stack when the page is narrow, Tab going through the
first and then the second). Main thread only.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QEvent, QRect, QSize, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractSlider,
    QAbstractSpinBox,
    QApplication,
    QBoxLayout,
    QComboBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QMessageBox,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from painease.ui.eliding_combo import ElidingCombo as ElidingCombo  # re-exported
from painease.ui.question_text import scroll_when_tall, stack_when_too_wide
from painease.ui.widgets import PAGE_TOP, SCROLL_BORDER, reachable_text, wheel_only_when_focused


def question_box(parent: QWidget, name: str, title: str, text: str, yes: str, then,
                 no: str, otherwise=None) -> QMessageBox:
    """Open (window-modal, not blocking) a question; ``then()`` runs only if the therapist
    chooses ``yes``, ``otherwise()`` (when given) whenever the question closes another way:
    ``no``, Esc, or the window's close button (which clicks no button). ``no`` is the
    default, so Enter or Esc changes nothing. Both buttons are named for screen readers."""
    box = QMessageBox(parent)
    box.setObjectName(name)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle(title)
    box.setText(text)
    box.setStandardButtons(QMessageBox.StandardButton.Discard
                           | QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    for role, words, what in ((QMessageBox.StandardButton.Cancel, no, "Change nothing"),
                              (QMessageBox.StandardButton.Discard, yes, text)):
        found = box.button(role)
        found.setText(words)
        named(found, f"{name}-{'no' if role == QMessageBox.StandardButton.Cancel else 'yes'}",
              words, what)
    yes_button = box.button(QMessageBox.StandardButton.Discard)
    yes_button.clicked.connect(then)
    if otherwise is not None:
        box.finished.connect(lambda _: None if box.clickedButton() is yes_button
                             else otherwise())
    scroll_when_tall(box)  # long words at large text: the buttons stay on the screen
    box.open()
    stack_when_too_wide(box)
    return box


def discard_question(parent: QWidget, text: str, then, drop: str = "Drop them") -> QMessageBox:
    """Ask whether to drop unsaved changes (``question_box``; "Keep editing" is the
    default); ``then()`` runs only if the therapist chooses ``drop``."""
    return question_box(parent, "discard-question", "Unsaved changes", text, drop, then,
                        "Keep editing")


def unless_unsaved(owner: QWidget, dirty: bool, title: str, then) -> QMessageBox | None:
    """Run ``then`` now when nothing is unsaved; otherwise ask first (``discard_question``
    about "Your changes to “title”") and return the question."""
    if not dirty:
        then()
        return None
    return discard_question(owner, f"Your changes to “{title}” are not saved. Drop them?",
                            then)


def chosen(combo):
    """The current item's data, or None when the combo is empty.

    Never asks an empty combo for ``currentData()``: an empty QVariant coming back to
    Python is what PySide6 6.12.0 mishandles (see pyproject)."""
    return combo.currentData() if combo.currentIndex() >= 0 else None


class ColumnArea(QScrollArea):
    """A scroll area for a column: it scrolls up and down, and asks its layout for at least
    its content's minimum width (plus the vertical scroll bar), so the page makes room
    instead of the column scrolling sideways at large text.

    Like a scrolling page (``widgets.scrolling_page``) it is a Tab stop, so a column of
    text with no control in it can still be scrolled with Page Up and Page Down; ``name``
    says what it holds (screen readers say it when Tab arrives)."""

    def __init__(self, name: str):
        super().__init__()
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        # As needed, not off: should the window itself be too narrow, nothing is cut off.
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.setAccessibleName(name)
        self.setAccessibleDescription("Page Up and Page Down scroll the column; Tab moves "
                                      "through its controls")

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt override
        hint = super().minimumSizeHint()
        inner = self.widget()
        if inner is None:
            return hint
        return QSize(max(hint.width(), self.around(inner.minimumSizeHint().width())),
                     hint.height())

    def around(self, content: int) -> int:
        """The width the area needs for ``content`` px of content: with the vertical scroll
        bar and the frame (the theme's focus border, counted by ``frameWidth``)."""
        return content + self.verticalScrollBar().sizeHint().width() + 2 * self.frameWidth()

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt override
        # The content's layout changed (new text, a font change): its minimum width may have
        # too, and the page's layout must ask again. Qt does not pass this up through a
        # scroll area, so a column filled after the page was laid out kept the minimum of
        # its empty self and could be squeezed until it scrolled sideways.
        if watched is self.widget() and event.type() == QEvent.Type.LayoutRequest:
            self.updateGeometry()
        return super().eventFilter(watched, event)


COLUMN_MARGIN = 4  # px around a column's content, inside its area's focus border
# Above a column's area, so its content starts ``PAGE_TOP`` below the page's top edge (the
# Library, the Therapist tabs), as a scrolling page's does.
COLUMNS_TOP = PAGE_TOP - SCROLL_BORDER - COLUMN_MARGIN
# Beside a tab's columns (the Therapist tabs: ``ReflowColumns`` and the Outcomes tab alike),
# so every tab's content starts as far from the page's left edge.
COLUMNS_SIDE = 20
COLUMNS_BOTTOM = 16  # below them, alike on every tab


def column_area(name: str) -> tuple[ColumnArea, QVBoxLayout]:
    """A ``ColumnArea`` named ``name`` holding an empty column: (the area, the column's
    layout)."""
    area = ColumnArea(name)
    inner = QWidget()
    column = QVBoxLayout(inner)
    column.setContentsMargins(COLUMN_MARGIN, COLUMN_MARGIN, COLUMN_MARGIN, COLUMN_MARGIN)
    area.setWidget(inner)
    return area, column


def scrolled_column(outer: QBoxLayout, stretch: int, name: str) -> QVBoxLayout:
    """A column named ``name`` added to ``outer`` that scrolls when its content is taller
    than the page (large text, a small window): returns the column's layout."""
    area, column = column_area(name)
    outer.addWidget(area, stretch)
    return column


class ReflowColumns(QWidget):
    """Two columns side by side, each scrolling on its own (``first``, ``second``: their
    layouts; ``names``: what each holds, the names of their scroll areas). When the page
    is narrower than ``min_chars`` characters of its text (together, at the current text
    size) or than both columns' content, the second column moves under the first and the
    page scrolls as one column: at 200 % text nothing has to scroll sideways. ``stacked``
    says which it is; ``laid_out(stacked)`` is emitted after each resize or text change,
    for pages that size a part by the room there is.

    Tab follows the page: the first column's area, its controls, then the second's. (Qt
    orders Tab by when widgets joined the window, which put both areas, made here, before
    anything the page then put in them; ``order_tabs`` puts it right whenever a column's
    content or the stacking changes.)"""

    laid_out = Signal(bool)

    def __init__(self, min_chars: int, stretch: tuple[int, int] = (3, 2), *,
                 names: tuple[str, str]):
        super().__init__()
        self.min_chars = min_chars
        self.stacked = False
        self.outer = QHBoxLayout(self)
        self.outer.setContentsMargins(COLUMNS_SIDE, COLUMNS_TOP, COLUMNS_SIDE, COLUMNS_BOTTOM)
        self.outer.setSpacing(16)
        self.first_area, self._first_column = column_area(names[0])
        self.second_area, self._second_column = column_area(names[1])
        self.first_box, self.first = _box()
        self.second_box, self.second = _box()
        self._first_column.addWidget(self.first_box)
        self._second_column.addWidget(self.second_box)
        self.outer.addWidget(self.first_area, stretch[0])
        self.outer.addWidget(self.second_area, stretch[1])
        for box in (self.first_box, self.second_box):
            box.installEventFilter(self)  # controls added later, see eventFilter

    def _wide_enough(self, width: int) -> bool:
        margins = self.outer.contentsMargins()
        room = width - margins.left() - margins.right() - self.outer.spacing()
        # Each column's area as wide as it asks to be (``ColumnArea.minimumSizeHint``) with
        # its box in it: its margins, scroll bar and focus border too (the border left out,
        # the columns stood side by side 8 px short and the Library's scrolled sideways).
        needed = max(self.min_chars * self.fontMetrics().averageCharWidth(),
                     sum(area.around(box.minimumSizeHint().width() + 2 * COLUMN_MARGIN)
                         for area, box in ((self.first_area, self.first_box),
                                           (self.second_area, self.second_box))))
        return room >= needed

    def reflow(self) -> None:
        """Stack or unstack the columns for the current width and text size."""
        stack = not self._wide_enough(self.width())
        if stack == self.stacked:
            return
        self.stacked = stack
        self.second_box.setParent(None)  # leaves its layout
        if stack:
            self._first_column.addWidget(self.second_box)
            self.second_area.hide()
        else:
            self._second_column.addWidget(self.second_box)
            self.second_area.show()
        self.second_box.show()
        self.order_tabs()  # out of the window and back: its controls went to the end

    def order_tabs(self) -> None:
        """Put Tab in page order: the first area, the first column's controls, the second
        area, the second column's controls."""
        wanted = ([self.first_area] + _tab_stops(self.first_box) + [self.second_area]
                  + _tab_stops(self.second_box))
        for before, after in zip(wanted, wanted[1:], strict=False):
            QWidget.setTabOrder(before, after)

    def showEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        self.order_tabs()

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt override
        # A column's layout changed: controls may have been added (the page fills some in
        # later, as a patient is chosen).
        if event.type() == QEvent.Type.LayoutRequest and self.isVisible():
            self.order_tabs()
        return super().eventFilter(watched, event)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt override
        # Stacked is always possible, so the page needs only its wider column.
        hint = super().minimumSizeHint()
        margins = self.outer.contentsMargins()
        # Its area's focus border counted too (``ColumnArea.around``): left out, stacked
        # columns were squeezed 4 px below their content and scrolled sideways.
        width = (self.first_area.around(max(self.first_box.minimumSizeHint().width(),
                                            self.second_box.minimumSizeHint().width())
                                        + 2 * COLUMN_MARGIN)
                 + margins.left() + margins.right())
        return QSize(width, hint.height())

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        self.reflow()
        self.laid_out.emit(self.stacked)

    def changeEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self.reflow()
            self.laid_out.emit(self.stacked)


def _tab_stops(box: QWidget) -> list[QWidget]:
    """The widgets inside ``box`` that Tab can stop at, in the order they joined it (which
    is the order the page laid them out in).

    Only ``box``'s own: walking the window's whole focus chain instead gave Python
    wrappers to widgets all over the window, and the next theme change crashed in
    ``setStyleSheet`` (tests/ui/test_therapist_large_text.py)."""
    window = box.window()  # not a drop-down's list, which is a window of its own
    return [widget for widget in box.findChildren(QWidget)
            if widget.focusPolicy() & Qt.FocusPolicy.TabFocus and widget.window() is window]


def _box() -> tuple[QWidget, QVBoxLayout]:
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    return box, layout


def narrow(combo: QComboBox) -> QComboBox:
    """Let a combo be narrower than its longest entry, so large text does not force the
    page wider than the window."""
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(8)
    return combo


def button_grid(buttons, per_row: int = 2) -> QGridLayout:
    """Buttons in rows of ``per_row``: a row of four is too wide for a column at 200 %."""
    grid = QGridLayout()
    for index, widget in enumerate(buttons):
        grid.addWidget(widget, index // per_row, index % per_row)
    grid.setColumnStretch(per_row, 1)
    return grid


class RowsForTheirWidth(QFormLayout):
    """A ``QFormLayout`` whose labels wrap above their fields when narrow (``WrapLongRows``)
    and whose rows are laid out at their heights for the width it is given, not at those
    for its size hint's width.

    Qt keeps one set of row heights for a width (``hfwLayouts``) and two cached totals:
    for the last width asked, and for its size hint's width. Asked the height for its size
    hint's width (every ``sizeHint()`` of the form's widget does: ``QLayout::totalSizeHint``),
    Qt recomputes the row heights for that width but still counts the other width as
    cached, and ``setGeometry`` at that width then uses the rows of the wide one. So after
    a breathing step was chosen in the script editor (the breath form's labels going above
    its boxes, 124 px taller at 200 % text on a 20 pt desktop), the step form was as tall
    as it should be, but its rows were shared as at 1762 px: the breath form got 1254 px
    for 1378, its number boxes 61 px for 78, and the smaller rows the rest, until the next
    resize. Asking for the height at another width first makes ``setGeometry`` compute its
    rows for its own width. At the size hint's width itself this cannot be forced, and is
    left to Qt."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent) if parent is not None else super().__init__()
        self.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)

    def setGeometry(self, rect: QRect) -> None:  # noqa: N802 - Qt override
        hint = self.sizeHint().width()
        if rect.width() != hint and self.hasHeightForWidth():
            super().heightForWidth(rect.width() + (1 if rect.width() + 1 != hint else 2))
        super().setGeometry(rect)


def form_layout(parent: QWidget | None = None) -> QFormLayout:
    """A form whose labels move above their fields when the page is narrow (200 % text),
    its rows laid out for its own width (``RowsForTheirWidth``)."""
    return RowsForTheirWidth(parent)


def enable_keeping_focus(states: Iterable[tuple[QWidget, bool]], fallback: QWidget) -> None:
    """Turn controls on or off; if that turns off the focused one, focus goes to
    ``fallback``. Left to Qt it would move on to the next control in the Tab order, where
    the same key pressed again does something else (Move up at the top became Move down).
    """
    focused = QApplication.focusWidget()
    for widget, on in states:
        widget.setEnabled(on)
    if focused is not None and not focused.isEnabled():
        fallback.setFocus()


def named(widget, name: str, title: str, description: str):
    """Give ``widget`` its automation name and accessible name and description (and let a
    combo shrink below its longest entry, see ``narrow``)."""
    if isinstance(widget, QComboBox):
        narrow(widget)
    if isinstance(widget, QComboBox | QAbstractSpinBox | QAbstractSlider):
        wheel_only_when_focused(widget)
    widget.setObjectName(name)
    widget.setAccessibleName(title)
    widget.setAccessibleDescription(description)
    return widget


def reachable(widget, name: str, title: str, description: str):
    """A read-only label Tab stops at (so keyboard and screen-reader users find it). Its
    words are its accessible name, so a screen reader says them (a fixed name would replace
    them: ``labels_hiding_text`` in the tests); ``title`` and ``description``, what the
    label is, are its accessible description."""
    return named(reachable_text(widget), name, "", f"{title}. {description}")

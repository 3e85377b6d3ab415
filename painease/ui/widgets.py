"""Small building blocks every page uses: labels with a role, cards, buttons, a page frame.

Roles are looked up by the style sheet in ``theme.py``; nothing here picks a colour.

Home is built from these at start-up, so they set Qt's enum-typed properties by name
(``setProperty("textFormat", "PlainText")``) rather than through ``PySide6.QtCore.Qt``:
the first touch of that namespace makes PySide6 build all ~120 of its Python enum classes,
about 15 ms, which no other part of the first screen needs. Main thread only.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QFont  # built at start-up anyway: the theme sets the text size
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

if TYPE_CHECKING:
    from PySide6.QtCore import QSize
    from PySide6.QtWidgets import QFileDialog, QMessageBox

# The background sounds in the patient's words (Settings and the player offer them).
AMBIENCE_WORDS = {"none": "None", "brown-noise": "Soft noise", "soft-rain": "Soft rain",
                  "warm-drone": "Warm hum"}

_wheel_filter = None  # one shared event filter, made when the first control asks for it
# Where a page's content starts, in px below the page's top edge: every patient page and
# the Therapist page (its tab bar; and each tab's content below the tab's top), so the
# title does not jump as the pages change. A scrolling page: its area's 2 px focus border
# (``theme``) and its column's top margin (``scrolling_page``).
PAGE_TOP = 26
SCROLL_BORDER = 2  # the theme's focus border of every QScrollArea


def wheel_only_when_focused(widget: QWidget) -> QWidget:
    """Let the mouse wheel change ``widget`` (a slider, combo or spin box) only once it has
    focus: a wheel turned over it while scrolling the page scrolls the page, instead of
    quietly changing a rating or a volume. Returns ``widget``."""
    global _wheel_filter
    if _wheel_filter is None:
        from PySide6.QtCore import QCoreApplication, QEvent, QObject
        from PySide6.QtWidgets import QAbstractScrollArea

        wheel = QEvent.Type.Wheel

        class WheelWhenFocused(QObject):
            def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt override
                if event.type() != wheel or watched.hasFocus():
                    return False
                # Handed to the page that scrolls (Qt passes an ignored wheel on to the
                # parent only for events from the window system, so it is done here).
                area = watched.parentWidget()
                while area is not None and not isinstance(area, QAbstractScrollArea):
                    area = area.parentWidget()
                if area is not None:
                    QCoreApplication.sendEvent(area.viewport(), event)
                else:
                    event.ignore()
                return True

        _wheel_filter = WheelWhenFocused()
    widget.setProperty("focusPolicy", "StrongFocus")  # a wheel does not give focus either
    widget.installEventFilter(_wheel_filter)
    return widget


def label(text: str, role: str | None = None, *, name: str | None = None,
          wrap: bool = True, rich: bool = False) -> QLabel:
    widget = QLabel(text)
    widget.setWordWrap(wrap)
    widget.setProperty("textFormat", "RichText" if rich else "PlainText")
    if rich:
        widget.setOpenExternalLinks(False)
    if role:
        widget.setProperty("role", role)
    if name:
        widget.setObjectName(name)
    return widget


def fixed_words(widget: QLabel) -> QLabel:
    """Lay out the label ``widget``'s text, painease's own words that never change, without
    OpenType shaping when it is plain ASCII (English): only kerning pairs and ligatures
    ("fi") go, which such text reads the same without, and measuring it costs half as
    much. A word-wrapped label is measured again at every width a layout tries (Home's
    first screen: 657 M instructions to idle without this, 649 M with it,
    benchmarks/README.md). Any other text keeps Qt's shaping, which Arabic, for one, needs
    to be read at all (Qt's own "when not required" test lets Arabic through unshaped),
    so this is never for words a person or a pack brings. Returns ``widget``."""
    if widget.text().isascii():
        font = QFont()  # only this one property set: size and weight still follow the app
        font.setStyleStrategy(QFont.StyleStrategy.PreferNoShaping)
        widget.setFont(font)
    return widget


def reachable_text(widget: QLabel, *, mouse: bool = True) -> QLabel:
    """Make the label ``widget`` a Tab stop whose text can be read (and selected) from the
    keyboard, so keyboard and screen-reader users in focus mode find it, with the theme's
    focus ring (``mouse``: select with the mouse too). The sheet picks out a focusable
    label by its focus policy, which Qt reads when it styles a widget, so a label styled
    before it became a Tab stop is styled again here: else it kept no room for the ring,
    and no ring. Its text has no indent beyond the ring's room: QLabel indents a label
    with a border by half an "x" unless told, which set it further in than the plain
    labels above it (7px more at 200 % text). Returns ``widget``."""
    from PySide6.QtCore import Qt  # not at import: Home is built before anything is focusable

    flags = Qt.TextInteractionFlag.TextSelectableByKeyboard
    if mouse:
        flags |= Qt.TextInteractionFlag.TextSelectableByMouse
    widget.setTextInteractionFlags(flags)
    widget.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
    widget.setIndent(0)
    if widget.testAttribute(Qt.WidgetAttribute.WA_WState_Polished):
        style = widget.style()
        style.unpolish(widget)
        style.polish(widget)
        widget.setFrameStyle(widget.frameStyle())  # the frame's width read again, too
    return widget


def set_role(widget: QWidget, role: str | None) -> None:
    """Give ``widget`` the style sheet's look for ``role`` (None: the plain look) and draw
    it so at once: a property the sheet matches on is only read when a widget is styled,
    so it is styled again (nothing happens when it already has that role)."""
    if widget.property("role") == role:
        return
    widget.setProperty("role", role)
    style = widget.style()
    style.unpolish(widget)
    style.polish(widget)
    widget.update()


def spoken(text: str) -> str:
    """``text`` as a screen reader should say it: without the mnemonic ``&`` and without
    arrows and shapes ("◀◀ Previous" → "Previous"), which would be read out by name."""
    kept = "".join(c for c in text.replace("&", "") if not 0x2190 <= ord(c) <= 0x2BFF)
    return " ".join(kept.split())


def button(text: str, name: str, description: str, *, primary: bool = False,
           accessible: str | None = None, wrap: bool = False) -> QPushButton:
    """A push button with an automation name and an accessible name and description.
    The accessible name is ``accessible``, else the text in plain words (``spoken``): give
    one whenever the text alone does not say what the button does ("Start" what?).
    Enter and Return press it when it has focus, as Space does (Qt does that by itself only
    in dialogs: ``autoDefault``). ``wrap``: a long text's words may go onto further lines
    (``WrapButton``) where a large text size leaves less room than one line needs."""
    if wrap:
        from painease.ui.wrap_button import WrapButton

        widget = WrapButton(text)
    else:
        widget = QPushButton(text)
    widget.setAutoDefault(True)
    widget.setObjectName(name)
    widget.setAccessibleName(accessible or spoken(text))
    widget.setAccessibleDescription(description)
    if primary:
        widget.setProperty("role", "primary")
    return widget


def _layout_size_hint(widget: QWidget) -> QSize:
    """``widget``'s preferred size as its layout's, grown by its margins: Qt's own
    ``sizeHint``, except for the height. Qt's would measure every word-wrapped label in it
    again at the preferred width (the label's ~80 characters), and again at each level of
    boxes, whenever a layout's cache was cleared. Nothing takes that height: a page's
    scroll area lays it out by its height at the width it is shown at (``heightForWidth``),
    as do windows and dialogs. Home's first screen asked its labels 149 heights at six
    widths, now 61 at two (~10 M instructions fewer; the benchmarks' README, twenty-ninth
    session)."""
    return widget.layout().sizeHint().grownBy(widget.contentsMargins())


class Card(QFrame):
    """A card: a framed box of rows (``card``), sized by its layout (``_layout_size_hint``)."""

    sizeHint = _layout_size_hint  # noqa: N815 - Qt's name


class Column(QWidget):
    """A page's column and what holds it (``scrolling_page``), sized by its layout
    (``_layout_size_hint``)."""

    sizeHint = _layout_size_hint  # noqa: N815 - Qt's name


def card(role: str = "card") -> tuple[QFrame, QVBoxLayout]:
    frame = Card()
    frame.setProperty("role", role)
    layout = QVBoxLayout(frame)
    layout.setContentsMargins(18, 14, 18, 14)
    layout.setSpacing(8)
    return frame, layout


def scrolling_page(width: int = 820, name: str = "Page") -> tuple[QScrollArea, QVBoxLayout]:
    """A page that scrolls when text is large, its content centred at a readable width
    (``width`` px at 100 % text, growing with the text).
    The area itself is a Tab stop (so a page of text can be scrolled with the keys),
    named ``name`` for screen readers, with the theme's focus border. Its rows wrap or
    reflow to the window's width; only content that truly cannot be narrower (eleven
    numbers of a rating scale at 200 % text in a very narrow window) scrolls sideways,
    rather than being cut off at the right."""
    area = QScrollArea()
    area.setAccessibleName(name)
    area.setAccessibleDescription("Page Up and Page Down scroll the page; Tab moves through "
                                  "its controls")
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setProperty("horizontalScrollBarPolicy", "ScrollBarAsNeeded")
    inner = Column()
    # The readable width grows with the text: the theme's sheet sets it to ``width`` px
    # times the text's scale (``theme.COLUMN_WIDTHS``), so a line at 200 % text or on a
    # large-text desktop holds as many words as at 100 %, and what cannot be narrower
    # (a row of buttons) has the room a wide window gives. Until the sheet is set (and
    # for a width it has no rule for): ``width`` as it is.
    inner.setMaximumWidth(width)
    inner.setProperty("column", str(width))
    layout = QVBoxLayout(inner)
    layout.setContentsMargins(28, PAGE_TOP - SCROLL_BORDER, 28, 24)
    layout.setSpacing(14)
    holder = Column()
    # Stretches either side (not an alignment) so the column takes the full readable width
    # and word-wrapped labels get their real height.
    outer = QHBoxLayout(holder)
    outer.setContentsMargins(0, 0, 0, 0)
    outer.addStretch(1)
    outer.addWidget(inner, 100)
    outer.addStretch(1)
    area.setWidget(holder)
    return area, layout


def fill(owner: QWidget, child: QWidget) -> None:
    """Make ``child`` cover ``owner`` edge to edge (how every page holds its scroll area)."""
    outer = QVBoxLayout(owner)
    outer.setContentsMargins(0, 0, 0, 0)
    outer.addWidget(child)


def titled_page(title: str) -> tuple[QWidget, QVBoxLayout]:
    """A plain page: a scrolling column that starts with ``title``."""
    page = QWidget()
    area, layout = scrolling_page(name=title)
    fill(page, area)
    layout.addWidget(label(title, "title"))
    return page, layout


def file_dialog(parent: QWidget, title: str, name: str, name_filter: str,
                chosen: Callable[[Path], object], *, save_as: str | None = None) -> QFileDialog:
    """Open a non-blocking file dialog (an existing file, or ``save_as`` as the suggested
    name of a new one, whose suffix is then the default) that calls ``chosen(path)``.
    Returned so tests can answer it."""
    from PySide6.QtWidgets import QFileDialog  # late: its type and enums are not start-up's

    dialog = QFileDialog(parent, title)
    dialog.setObjectName(name)
    dialog.setNameFilter(name_filter)
    if save_as is None:
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
    else:
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setDefaultSuffix(Path(save_as).suffix.lstrip("."))
        dialog.selectFile(save_as)
    dialog.fileSelected.connect(lambda path: chosen(Path(path)))
    dialog.open()
    return dialog


def note_box(name: str, title: str, text: str, more: str, ok_says: str, *,
             warning: bool, parent: QWidget | None = None) -> QMessageBox:
    """A note with one OK button (its default and Esc button), named ``name`` and
    ``name-ok`` for tests, and described in full for assistive tools. ``parent``: the
    window it belongs to (centred on it), if any."""
    from PySide6.QtWidgets import QMessageBox  # only here: its enums cost ~1 ms at start-up

    box = QMessageBox(parent)
    box.setObjectName(name)
    box.setIcon(QMessageBox.Icon.Warning if warning else QMessageBox.Icon.Information)
    box.setWindowTitle(title)
    box.setText(text)
    box.setInformativeText(more)
    box.setStandardButtons(QMessageBox.StandardButton.Ok)
    box.setDefaultButton(QMessageBox.StandardButton.Ok)
    box.setEscapeButton(QMessageBox.StandardButton.Ok)
    box.setAccessibleName(title)
    box.setAccessibleDescription(f"{text} {more}")
    ok = box.button(QMessageBox.StandardButton.Ok)
    ok.setObjectName(f"{name}-ok")
    ok.setAccessibleName("OK")
    ok.setAccessibleDescription(ok_says)
    return box

"""Light and dark looks and the text size, applied to the whole application at once.

Colours are calm and cool on purpose (CLINICAL.md): no alarm-red anywhere, not even for
a 10/10 rating, and a selected rating looks the same whatever its number. Widgets say
what they are with a ``role`` property (title, caption, note, card, banner…); the style
sheet below gives each role its look, so pages never hard-code colours or sizes.

Everything Tab stops at shows focus with a 2px accent border, tables and labels too. A
label that takes focus (its focus policy, read when it is styled: ``widgets.reachable_text``
styles it again) keeps a clear 2px border all the time, so the ring, when it comes, sits
around its text, not over it (a border only on focus is drawn inside the label's edge,
where its text is).

Main thread only.
"""

from __future__ import annotations

import gc
from contextlib import contextmanager
from pathlib import Path
from typing import NamedTuple

from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication

BASE_POINTS = 11  # body text at 100 % (or the desktop's, if larger: see text_scale)
_desktop_points: float | None = None  # the desktop's text size, kept by ``text_scale``
ITEM_PADDING = 6  # px around a list item's text (painease.ui.wrapped_items sizes by it)
# The readable widths of ``widgets.scrolling_page`` columns (px at 100 % text; the Player's
# is wider): the sheet grows each with the text, as it does paddings.
COLUMN_WIDTHS = (820, 1100)


class Colours(NamedTuple):  # not a dataclass: start-up, see settings.Option
    window: str
    surface: str
    text: str
    muted: str
    accent: str
    accent_text: str
    accent_soft: str
    border: str  # cards, panes and dividers: subtle on purpose
    banner: str
    # The edge of a field, button or slider and the line beside its arrows: 3:1 or more on
    # window, surface and banner (a banner's buttons: WCAG 1.4.11; a disabled button keeps
    # the subtle ``border``).
    control_border: str


LIGHT = Colours(window="#f4f6f5", surface="#ffffff", text="#1e2a30", muted="#4f5f66",
                accent="#2e6e7e", accent_text="#ffffff", accent_soft="#dcebee",
                border="#c9d4d8", banner="#fbf1d9", control_border="#74868d")
DARK = Colours(window="#182024", surface="#222d33", text="#e4ebee", muted="#a9b8bf",
               accent="#80c3d1", accent_text="#0f1a1e", accent_soft="#2b454d",
               border="#3b4b52", banner="#4a4230", control_border="#8398a0")
THEMES = {"light": LIGHT, "dark": DARK}


STYLE_SET = "painease_style_set"  # application property: Fusion is already in place
FUSION_ARGS = ("-style", "fusion")  # Qt's own command-line option for the same choice


def apply_theme(app: QApplication, theme: str = "light", text_size: int = 100, *,
                with_style_sheet: bool = True) -> None:
    """Set palette, base font and style sheet for ``theme`` at ``text_size`` percent.

    ``with_style_sheet=False`` leaves the style sheet to a later ``apply_style_sheet``: at
    start-up the window is built first and the sheet set just before it shows. With the
    sheet in place while the window is assembled, Qt re-applies it as branches are put
    into their parents; measured, that was ~6 ms more for Home (building the window's
    frame first and adding Home last did not win it back).
    """
    colours = THEMES.get(theme, LIGHT)
    # Fusion: the same look on every desktop, and it honours the palette. Set once per
    # application, and only when the platform chose another style: a new style costs ~13 ms
    # at start-up, and replacing the style later, under a style sheet and with charts on
    # screen, crashed Qt (a segfault in setStyle on a theme change). Once a style sheet is
    # set, ``app.style()`` is Qt's style-sheet wrapper, so its name cannot be asked again.
    # ``application()`` passes FUSION_ARGS when it creates the QApplication and sets
    # STYLE_SET, so the question is not asked then: asking makes PySide6 build its QStyle
    # enum classes (~3 ms).
    if not app.property(STYLE_SET):
        if app.style().name().lower() != "fusion":
            app.setStyle("Fusion")
        app.setProperty(STYLE_SET, True)
    font = QFont(app.font())
    font.setPointSizeF(BASE_POINTS * text_scale(app, text_size))
    with collector_paused():
        app.setPalette(_palette(colours))
        app.setFont(font)
    if with_style_sheet:
        apply_style_sheet(app, theme, text_size)


def apply_style_sheet(app: QApplication, theme: str = "light", text_size: int = 100) -> None:
    """The style sheet part of ``apply_theme`` (nothing happens if it is already set: Qt
    would polish every widget again)."""
    sheet = style_sheet(THEMES.get(theme, LIGHT), text_scale(app, text_size))
    if app.styleSheet() != sheet:
        with collector_paused():
            app.setStyleSheet(sheet)


def text_scale(app: QApplication, text_size: int) -> float:
    """How much larger than the design's sizes (body ``BASE_POINTS``) text is drawn: the
    Settings page's ``text_size`` percent, on top of the desktop's own text size when a
    person chose that larger than painease's body text (large text for every program). A
    smaller desktop size leaves the design as it is. Every size in the style sheet grows by
    the same factor, so titles stay larger than body text.

    The desktop's size is the application font's before painease first sets its own: it
    is kept then (``_desktop_points``; one application per process), as later the
    application font is painease's. A Python value, not a Qt property on the application:
    setting a property there makes PySide6 build its QByteArray class (~0.8 ms of start)."""
    global _desktop_points
    if _desktop_points is None:
        _desktop_points = app.font().pointSizeF()  # -1 for a font sized in pixels: as is
    desktop = _desktop_points
    return max(1.0, desktop / BASE_POINTS) * text_size / 100


@contextmanager
def collector_paused():
    """Run a walk over every widget with Python's cyclic garbage collector held off.

    Qt restyles (palette, font, style sheet) from a list of widget pointers taken at the
    start, and our widgets run Python while it does. Should the collector run then and
    free an unreachable widget (one kept alive only by a reference cycle, as pyqtgraph
    items often are) that is still further down Qt's list, Qt touches freed memory and
    the process dies in ``setStyleSheet``. So the collector stays off until the walk is
    over; what it would have freed is freed on its next run (no full collection here:
    that would cost start-up ~10 ms for nothing).
    """
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


def _palette(c: Colours) -> QPalette:
    palette = QPalette()
    roles = {
        QPalette.ColorRole.Window: c.window, QPalette.ColorRole.WindowText: c.text,
        QPalette.ColorRole.Base: c.surface, QPalette.ColorRole.AlternateBase: c.window,
        QPalette.ColorRole.Text: c.text, QPalette.ColorRole.Button: c.surface,
        QPalette.ColorRole.ButtonText: c.text, QPalette.ColorRole.Highlight: c.accent,
        QPalette.ColorRole.HighlightedText: c.accent_text,
        QPalette.ColorRole.ToolTipBase: c.surface, QPalette.ColorRole.ToolTipText: c.text,
        QPalette.ColorRole.PlaceholderText: c.muted, QPalette.ColorRole.Link: c.accent,
    }
    for role, colour in roles.items():
        palette.setColor(role, QColor(colour))
    palette.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.ButtonText, QColor(c.muted))
    palette.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.WindowText, QColor(c.muted))
    return palette


ARROWS = Path(__file__).resolve().parent / "arrows"


def arrow(direction: str, colour: str) -> str:
    """The SVG of a small "up", "down", "left" or "right" triangle in ``colour`` (one of the
    themes' text and muted colours: ``arrows/`` holds one file each), as a path the style
    sheet takes. With their frames styled, combo and spin boxes (and the tab bar's scroll
    buttons) draw no arrows of their own. "check"
    is the tick of a ticked check box, in the themes' ``accent_text``: with its box
    styled (Fusion's own edge all but vanished in the dark theme), Qt draws no tick."""
    return (ARROWS / f"{direction}-{colour.lstrip('#').lower()}.svg").as_posix()


def style_sheet(c: Colours, scale: float) -> str:
    def pt(points: float) -> str:
        return f"{points * scale:.1f}pt"

    def px(pixels: float, fixed: int = 0) -> str:  # ``pixels`` grow with the text
        return f"{round(pixels * scale) + fixed}px"

    # A tab's sides grow with the text only up to 1.5 times: at a 20 pt desktop font and
    # 200 % the four therapist tabs' words fit a 1280 px window, their sides as wide as
    # the words' own (88 px more for each tab) did not.
    tab_side = round(12 * min(scale, 1.5))
    # Two kinds of tab, each set of rules catching only its own: the window's page tabs
    # (``QTabBar#nav``) are words on a bar with a line under it, the page shown on the soft
    # accent with an accent foot (as wide at every state, so no tab moves when it changes);
    # the Therapist page's (``QTabWidget QTabBar``) are boxed and open into their pane. Both
    # ring the focused tab in the accent and share the scroll buttons.
    columns = " ".join(f'QWidget[column="{width}"] {{ max-width: {px(width)}; }}'
                       for width in COLUMN_WIDTHS)
    return f"""
    QWidget {{ color: {c.text}; }}
    QMainWindow, QStackedWidget, QScrollArea, QScrollArea > QWidget > QWidget {{
        background: {c.window}; }}
    {columns}
    QLabel[role="title"] {{ font-size: {pt(20)}; font-weight: 600; }}
    QLabel[role="heading"] {{ font-size: {pt(14)}; font-weight: 600; }}
    QLabel[role="muted"] {{ color: {c.muted}; }}
    QLabel[role="caption"] {{ font-size: {pt(19)}; padding: 12px; }}
    QLabel[role="phase"] {{ color: {c.accent}; font-size: {pt(13)}; font-weight: 600; }}
    QLabel[role="big-number"] {{ font-size: {pt(16)}; }}
    QFrame[role="card"] {{ background: {c.surface}; border: 1px solid {c.border};
        border-radius: 10px; }}
    QFrame[role="card"] QLabel {{ background: transparent; }}
    QFrame[role="banner"] {{ background: {c.banner}; border: 1px solid {c.border};
        border-radius: 8px; }}
    QFrame[role="banner"] QLabel {{ background: transparent; }}
    QTabBar#nav {{ background: {c.surface}; border-bottom: 1px solid {c.border};
        font-size: {pt(12)}; }}
    QTabBar#nav::tab {{ background: transparent; color: {c.text};
        border: 2px solid transparent; border-bottom-width: 3px;
        border-top-left-radius: 6px; border-top-right-radius: 6px;
        padding: 8px 14px 7px 14px; margin: 6px 0 0 6px; }}
    QTabBar#nav::tab:selected {{ background: {c.accent_soft};
        border-bottom-color: {c.accent}; }}
    QTabBar#nav::tab:focus {{ border-color: {c.accent}; }}
    QScrollArea {{ border: 2px solid transparent; }}
    QScrollArea:focus {{ border-color: {c.accent}; }}
    QPushButton {{ background: {c.surface}; border: 1px solid {c.control_border};
        border-radius: 8px; padding: 8px 16px; }}
    QPushButton:hover {{ border-color: {c.accent}; }}
    QPushButton:focus {{ border: 2px solid {c.accent}; }}
    QPushButton:disabled {{ color: {c.muted}; background: {c.window};
        border-color: {c.border}; }}
    QPushButton[role="primary"] {{ background: {c.accent}; color: {c.accent_text};
        border: 1px solid {c.accent}; font-weight: 600; padding: 10px 22px; }}
    QPushButton[role="primary"]:disabled {{ background: {c.accent_soft}; color: {c.muted};
        border-color: {c.accent_soft}; }}
    QPushButton[role="primary"]:focus {{ border: 2px solid {c.text}; }}
    RatingScale {{ border: 2px solid transparent; border-radius: 10px; }}
    RatingScale:focus {{ border: 2px solid {c.accent}; }}
    QPushButton[role="scale"] {{ min-width: 1.2em; min-height: 2.2em; padding: 2px;
        font-size: {pt(13)}; }}
    QPushButton[role="scale"]:checked {{ background: {c.accent}; color: {c.accent_text};
        border-color: {c.accent}; font-weight: 700; }}
    QListWidget {{ background: {c.surface}; border: 1px solid {c.control_border};
        border-radius: 8px; }}
    QListWidget::item {{ padding: {ITEM_PADDING}px; }}
    QListWidget::item:selected {{ background: {c.accent_soft}; color: {c.text}; }}
    QListWidget#transcript::item:focus {{ border: 2px solid {c.accent};
        padding: {ITEM_PADDING - 2}px; }}
    QLineEdit, QPlainTextEdit, QComboBox, QAbstractSpinBox {{ background: {c.surface};
        border: 1px solid {c.control_border}; border-radius: 6px; padding: 5px;
        placeholder-text-color: {c.muted}; }}
    QTableView {{ border: 1px solid {c.control_border}; padding: 1px; }}
    QLineEdit:focus, QPlainTextEdit:focus, QComboBox:focus, QAbstractSpinBox:focus,
    QSlider:focus, QCheckBox:focus, QListWidget:focus, QTableView:focus {{
        border: 2px solid {c.accent}; }}
    QLabel[focusPolicy="StrongFocus"], QLabel[focusPolicy="TabFocus"],
    QLabel[focusPolicy="WheelFocus"] {{ border: 2px solid transparent; border-radius: 4px; }}
    QLabel[focusPolicy="StrongFocus"]:focus, QLabel[focusPolicy="TabFocus"]:focus,
    QLabel[focusPolicy="WheelFocus"]:focus {{ border-color: {c.accent}; }}
    QComboBox::drop-down, QDateTimeEdit::drop-down, QAbstractSpinBox::up-button,
    QAbstractSpinBox::down-button {{
        subcontrol-origin: border; width: {px(10, 10)}; background: transparent;
        border: none; border-left: 1px solid {c.control_border}; }}
    QComboBox::drop-down, QDateTimeEdit::drop-down {{ subcontrol-position: top right; }}
    QAbstractSpinBox::up-button {{ subcontrol-position: top right; }}
    QAbstractSpinBox::down-button {{ subcontrol-position: bottom right;
        border-top: 1px solid {c.control_border}; }}
    QComboBox::drop-down:hover, QDateTimeEdit::drop-down:hover,
    QAbstractSpinBox::up-button:hover, QAbstractSpinBox::down-button:hover {{
        background: {c.accent_soft}; }}
    QComboBox::down-arrow, QDateTimeEdit::down-arrow, QAbstractSpinBox::down-arrow {{
        image: url("{arrow("down", c.text)}"); width: {px(10)}; height: {px(6)}; }}
    QAbstractSpinBox::up-arrow {{ image: url("{arrow("up", c.text)}"); width: {px(10)};
        height: {px(6)}; }}
    QComboBox::down-arrow:disabled, QDateTimeEdit::down-arrow:disabled,
    QAbstractSpinBox::down-arrow:disabled {{ image: url("{arrow("down", c.muted)}"); }}
    QAbstractSpinBox::up-arrow:disabled {{ image: url("{arrow("up", c.muted)}"); }}
    QCheckBox::indicator {{ width: {px(14)}; height: {px(14)}; background: {c.surface};
        border: 2px solid {c.muted}; border-radius: 4px; }}
    QCheckBox::indicator:checked {{ background: {c.accent}; border-color: {c.accent};
        image: url("{arrow("check", c.accent_text)}"); }}
    QCheckBox::indicator:disabled {{ border-color: {c.border}; }}
    QTabWidget::pane {{ border: 1px solid {c.border}; top: -1px; }}
    QTabWidget QTabBar::tab {{ background: {c.window}; color: {c.muted};
        border: 1px solid {c.control_border};
        border-top-left-radius: 6px; border-top-right-radius: 6px;
        padding: {px(4)} {tab_side}px; margin-right: 2px; }}
    QTabWidget QTabBar::tab:selected {{ background: {c.surface}; color: {c.text};
        border-bottom-color: {c.surface}; }}
    QTabWidget QTabBar::tab:selected:focus {{ border: 2px solid {c.accent};
        border-bottom-color: {c.surface}; }}
    QTabBar::scroller {{ width: {px(28)}; }}
    QTabBar QToolButton {{ background: {c.surface}; border: 1px solid {c.control_border};
        border-radius: 6px; }}
    QTabBar QToolButton:hover {{ border-color: {c.accent}; }}
    QTabBar QToolButton:focus {{ border: 2px solid {c.accent}; }}
    QTabBar QToolButton:disabled {{ border-color: {c.border}; }}
    QTabBar QToolButton::left-arrow {{ image: url("{arrow("left", c.text)}");
        width: {px(6)}; height: {px(10)}; }}
    QTabBar QToolButton::right-arrow {{ image: url("{arrow("right", c.text)}");
        width: {px(6)}; height: {px(10)}; }}
    QTabBar QToolButton::left-arrow:disabled {{ image: url("{arrow("left", c.muted)}"); }}
    QTabBar QToolButton::right-arrow:disabled {{ image: url("{arrow("right", c.muted)}"); }}
    QSlider {{ min-height: {px(22)}; border: 2px solid transparent;
        padding: 0 2px; }}
    QSlider::groove:horizontal {{ height: {px(6)}; background: {c.surface};
        border: 1px solid {c.control_border}; border-radius: {px(4)}; }}
    QSlider::sub-page:horizontal {{ background: {c.accent}; border: 1px solid {c.accent};
        border-radius: {px(4)}; }}
    QSlider::handle:horizontal {{ background: {c.surface}; width: {px(14)};
        border: 2px solid {c.control_border}; border-radius: {px(8)};
        margin: {px(-6)} 0; }}
    QProgressBar {{ background: {c.accent_soft}; border: none; border-radius: 5px;
        max-height: 10px; }}
    QProgressBar::chunk {{ background: {c.accent}; border-radius: 5px; }}
    """

"""Small form helpers shared by the therapist's pages and the patient's dialogs.

Qt only (no domain import), so Home can use them without loading the script models:
``named`` (automation and accessible names), ``chosen`` (a combo's data, never asking an
empty one), ``narrow`` combos, ``form_layout`` (labels wrap above fields when narrow),
``button_grid`` (buttons two to a row) and ``scrolled_column`` (a column that scrolls).
Main thread only.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QBoxLayout,
    QComboBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)


def chosen(combo):
    """The current item's data, or None when the combo is empty.

    Never asks an empty combo for ``currentData()``: an empty QVariant coming back to
    Python is what PySide6 6.12.0 mishandles (see pyproject)."""
    return combo.currentData() if combo.currentIndex() >= 0 else None


def scrolled_column(outer: QBoxLayout, stretch: int) -> QVBoxLayout:
    """A column added to ``outer`` that scrolls when its content is taller than the page
    (large text, a small window): returns the column's layout."""
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
    inner = QWidget()
    column = QVBoxLayout(inner)
    column.setContentsMargins(4, 4, 4, 4)
    area.setWidget(inner)
    outer.addWidget(area, stretch)
    return column


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


def form_layout(parent: QWidget | None = None) -> QFormLayout:
    """A form whose labels move above their fields when the page is narrow (200 % text)."""
    form = QFormLayout(parent) if parent is not None else QFormLayout()
    form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
    return form


def named(widget, name: str, title: str, description: str):
    """Give ``widget`` its automation name and accessible name and description (and let a
    combo shrink below its longest entry, see ``narrow``)."""
    if isinstance(widget, QComboBox):
        narrow(widget)
    widget.setObjectName(name)
    widget.setAccessibleName(title)
    widget.setAccessibleDescription(description)
    return widget

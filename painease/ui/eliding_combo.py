"""``ElidingCombo``: a combo box whose shown entry, cut to its box, ends in "…".

Qt only, and small, so any page can use it without loading the therapist's forms: the
Therapist pages (through ``painease.ui.therapist.forms``) and the patient's Library,
Player, Settings and Send results. Main thread only.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QStyle


class ElidingCombo(QComboBox):
    """A combo box whose shown entry, when it is too long for the box (a ``narrow`` combo
    at large text, a long device name in a narrow window), ends in "…": Qt's Fusion style
    cuts it off with no sign that more follows ("Four weeks of somatic trackin"). The whole
    entry stays reachable: it is the tooltip, screen readers read the item's own text, and
    the open list is as wide as its longest entry (Qt makes it so)."""

    def __init__(self):
        super().__init__()
        self.currentTextChanged.connect(self.setToolTip)

    def initStyleOption(self, option) -> None:  # noqa: N802 - Qt override
        # What the box paints (QComboBox.paintEvent asks here), cut to the text field.
        super().initStyleOption(option)
        if self.toolTip() != self.currentText():
            # Filled or set with its signals blocked (the Library's kinds, Settings showing
            # a value changed elsewhere): currentTextChanged did not say so.
            self.setToolTip(self.currentText())
        if self.isEditable():
            return
        field = self.style().subControlRect(QStyle.ComplexControl.CC_ComboBox, option,
                                            QStyle.SubControl.SC_ComboBoxEditField, self)
        # Fusion draws the label 1 px in from each side of the field.
        option.currentText = self.fontMetrics().elidedText(
            option.currentText, Qt.TextElideMode.ElideRight, max(0, field.width() - 2))

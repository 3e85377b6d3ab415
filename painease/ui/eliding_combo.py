"""``ElidingCombo``: a combo box whose shown entry, cut to its box, ends in "…".

Qt only, and small, so any page can use it without loading the therapist's forms: the
Therapist pages (through ``painease.ui.therapist.forms``) and the patient's Library,
Player, Settings and Send results. Main thread only.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QComboBox, QStyle, QStyleOptionComboBox

SHORTEST = 10  # the narrowest a box asks to be, in characters ("x") of its font


class ElidingCombo(QComboBox):
    """A combo box whose shown entry, when it is too long for the box (a ``narrow`` combo
    at large text, a long device name in a narrow window), ends in "…": Qt's Fusion style
    cuts it off with no sign that more follows ("Four weeks of somatic trackin"). The whole
    entry stays reachable: it is the tooltip, screen readers read the item's own text, and
    the open list is as wide as its longest entry (Qt makes it so).

    It asks to be as wide as its longest entry, but is content with ``SHORTEST`` characters
    when there is less room: Qt's own minimum is the longest entry too, which at large text
    made the Library's kind filter (621 px) widen the window and Settings scroll sideways.
    A box given a policy of its own (``AdjustToMinimumContentsLength…``) keeps it."""

    def __init__(self):
        super().__init__()
        self.shortest = SHORTEST  # a page may ask for more (the Library's kind filter)
        self.currentTextChanged.connect(self.setToolTip)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt override
        hint = super().minimumSizeHint()
        option = QStyleOptionComboBox()
        self.initStyleOption(option)
        text = QSize(self.shortest * self.fontMetrics().horizontalAdvance("x"), hint.height())
        least = self.style().sizeFromContents(QStyle.ContentsType.CT_ComboBox, option, text,
                                              self)
        return QSize(min(hint.width(), least.width()), hint.height())

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

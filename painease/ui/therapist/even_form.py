"""``EvenForm``: a form whose labels are all beside their fields, or all above them.

Qt's ``WrapLongRows`` (``forms.form_layout``) decides row by row: at 200 % text a breathing
step's breath form on a 20 pt desktop had "Breathe in" above its box, "Hold" beside the
next, and so on, every other one. Here one rule holds for the whole form, chosen from the
width it is given and its own minimum width with the labels beside (the widest
label, the spacing, the widest field's minimum): beside when that fits, else above. Its
minimum width is the one with the labels above, so it never makes the window wider (one
rule forced on all three nested forms of a step, labels beside, made it 1565 px wide).

Only for fields whose height does not depend on their width (number boxes, drop-downs):
with its labels above (Qt's ``WrapAllRows``) a form gives such a field the height it has
at its size hint's width, so a field holding wrapped words would be squeezed (a step's own
form, around the breath form, was 62 px short at 200 % on a 20 pt desktop, its number
boxes cut); that form keeps Qt's ``WrapLongRows`` (``forms.RowsForTheirWidth``).

Main thread only.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize
from PySide6.QtWidgets import QFormLayout, QWidget

_LABEL = QFormLayout.ItemRole.LabelRole
_FIELD = QFormLayout.ItemRole.FieldRole
_SPANNING = QFormLayout.ItemRole.SpanningRole


class EvenForm(QFormLayout):
    """A ``QFormLayout`` that lays all its rows out alike (see the top)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent) if parent is not None else super().__init__()
        self.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)

    def _widths(self) -> tuple[int, int]:
        """This form's least width with its labels beside their fields, and above them."""
        label = field = spanning = 0
        for row in range(self.rowCount()):
            for role in (_LABEL, _FIELD, _SPANNING):
                item = self.itemAt(row, role)
                if item is None or item.isEmpty():
                    continue
                if role is _LABEL:  # a label keeps its words on one line
                    label = max(label, item.sizeHint().width())
                elif role is _FIELD:
                    field = max(field, item.minimumSize().width())
                else:
                    spanning = max(spanning, item.minimumSize().width())
        margins = self.contentsMargins()
        sides = margins.left() + margins.right()
        gap = self.horizontalSpacing() if label else 0
        beside = max(label + max(gap, 0) + field, spanning) + sides
        above = max(label, field, spanning) + sides
        return beside, above

    def setGeometry(self, rect: QRect) -> None:  # noqa: N802 - Qt override
        beside, _above = self._widths()
        policy = (QFormLayout.RowWrapPolicy.DontWrapRows if rect.width() >= beside
                  else QFormLayout.RowWrapPolicy.WrapAllRows)
        if self.rowWrapPolicy() != policy:
            self.setRowWrapPolicy(policy)
            # Its height for its width changed (labels above take more): the layouts
            # holding it are told to ask again. (The breath form's boxes squeezed after
            # this switch at 200 % were not for want of it: see
            # forms.RowsForTheirWidth.)
            holder = self.parentWidget()
            if holder is not None and not holder.isWindow():
                holder.updateGeometry()
        super().setGeometry(rect)

    def minimumSize(self) -> QSize:  # noqa: N802 - Qt override
        least = super().minimumSize()
        return QSize(min(least.width(), self._widths()[1]), least.height())

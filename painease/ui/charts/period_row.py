"""The Insights page's Period row: "Period:" and the box that chooses which sessions the
charts and tables show.

A ``FlowRow``, so at large text, where the words and the box do not fit side by side (at
200 % on a 20 pt desktop they asked for 630 px, more than the page had beside the page
list then at the window's left), the box goes under the words instead of the page
scrolling sideways. Main thread only.
"""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox

from painease.ui.charts.data import PERIODS
from painease.ui.flow_row import FlowRow
from painease.ui.widgets import label, wheel_only_when_focused


def period_row(first: str) -> tuple[FlowRow, QComboBox]:
    """The row, and its box with ``PERIODS`` in it (their keys as the items' data), the
    period ``first`` chosen."""
    row = FlowRow()
    row.addWidget(label("Period:", wrap=False))
    period = wheel_only_when_focused(QComboBox())
    period.setObjectName("insights-period")
    period.setAccessibleName("Period")
    period.setAccessibleDescription("Which sessions the charts and tables show")
    for key, (text, _) in PERIODS.items():
        period.addItem(text, key)
    period.setCurrentIndex(list(PERIODS).index(first))
    period.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
    row.addWidget(period)
    return row, period

"""Insights: a placeholder until the Insights issue fills it with graphs.

When it does, pyqtgraph is imported here lazily (when the page is first shown), never at
start-up. Main thread only.
"""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from painease.ui.widgets import card, fill, label, titled_page


class InsightsPage(QWidget):
    """A placeholder: the Insights issue puts graphs here (pyqtgraph, loaded lazily)."""

    def __init__(self):
        super().__init__()
        page, layout = titled_page("Insights")
        fill(self, page)
        box, box_layout = card()
        box.setObjectName("insights-placeholder")
        box_layout.addWidget(label("Graphs of your ratings over time will appear here in a "
                                   "coming version. Your ratings are already being saved, so "
                                   "nothing will be missing when they arrive."))
        layout.addWidget(box)
        layout.addStretch(1)

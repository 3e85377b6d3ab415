"""The editor's timing preview: for a chosen length, every part of the fitted session.

``TimingPreview.show_check(check)`` takes a ``DraftCheck``: its lengths fill the length
choice (the chosen one stays chosen when it is still listed) and the table shows the
fitted timeline at that length -- start, phase and what is heard (the caption, or the
kind and length of a silence or breath) -- or why there is none, in the form's words as
Check says it (``check_words.in_form_words``). Main thread only.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from painease.domain.timeline import SegmentKind, Timeline
from painease.domain.vocabulary import PHASE_WORDS, clock_text, minutes_text
from painease.ui.therapist.check_words import in_form_words
from painease.ui.therapist.draft_check import DraftCheck
from painease.ui.therapist.forms import ElidingCombo, chosen, named
from painease.ui.widgets import label


class TimingPreview(QWidget):
    def __init__(self):
        super().__init__()
        self.check: DraftCheck | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(label("Timing preview", "heading"))
        self.length = named(ElidingCombo(), "preview-length", "Preview length",
                            "Show the timing the script gets at this length")
        self.length.currentIndexChanged.connect(self._show)
        layout.addWidget(self.length)
        self.summary = label("", "muted", name="preview-summary")
        layout.addWidget(self.summary)
        self.table = named(QTableWidget(0, 3), "timeline-preview", "Timing preview",
                           "Every part of the session at the chosen length: when it "
                           "starts, its phase and its caption")
        self.table.setHorizontalHeaderLabels(["Start", "Phase", "What"])
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)
        self.table.setWordWrap(True)
        self.table.setMinimumHeight(220)
        # The words wrap, so a row is as tall as its words at its columns' widths: the view
        # sizes the rows itself whenever it lays them out. Resizing them on the header's
        # sectionResized was not enough: the stretched last column announces its new width
        # before it takes it, and the rows kept the heights for the width before.
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        layout.addWidget(self.table, 1)

    def show_check(self, check: DraftCheck) -> None:
        self.check = check
        wanted = chosen(self.length)
        self.length.blockSignals(True)
        self.length.clear()
        for minutes in check.fits:
            self.length.addItem(minutes_text(minutes), minutes)
        index = self.length.findData(wanted)
        self.length.setCurrentIndex(index if index >= 0 else 0)
        self.length.blockSignals(False)
        self._show()

    def _show(self) -> None:
        check = self.check
        minutes = chosen(self.length)
        fitted = check.fits.get(minutes) if check is not None and minutes is not None else None
        self.table.setRowCount(0)
        if not isinstance(fitted, Timeline):
            self.summary.setText(in_form_words(fitted, check.script.id) if fitted
                                 else "Fix the problems above to see the timing.")
            self._fit_columns()  # to the headings: Qt's 100 px each scrolled sideways
            return
        rate = fitted.samplerate
        words = [s for s in fitted.segments if s.kind is SegmentKind.SPEECH]
        silence = sum(s.frames for s in fitted.segments if s.kind is SegmentKind.SILENCE)
        self.summary.setText(
            f"{len(words)} spoken steps, {clock_text(round(silence * 1000 / rate))} of silence; "
            f"the shortest this script can be is {clock_text(round(check.shortest * 1000))}.")
        for segment in fitted.segments:
            row = self.table.rowCount()
            self.table.insertRow(row)
            what = segment.caption if segment.kind is SegmentKind.SPEECH else (
                f"({segment.kind.value}, {segment.frames / rate:.1f} s)")
            for column, text in enumerate((clock_text(round(segment.start * 1000 / rate)),
                                           PHASE_WORDS.get(segment.phase, segment.phase), what)):
                self.table.setItem(row, column, QTableWidgetItem(text))
        self._fit_columns()

    def _fit_columns(self) -> None:
        """The start and phase columns as narrow as their words (or headings, when there
        are no rows) allow; the captions' column stretches over the rest."""
        self.table.resizeColumnToContents(0)
        self._fit_phases()

    def _fit_phases(self) -> None:
        """The phase column as wide as its longest word (its names wrap at their spaces,
        "Curiosity and / ease"), so the captions get the room: sized to its whole names, the
        table once scrolled sideways at normal text size, the captions cut at its edge."""
        table = self.table
        table.resizeColumnToContents(1)  # the whole names, with the cells' padding
        names = [table.item(row, 1).text() for row in range(table.rowCount())]
        if not names:
            return
        metrics = table.fontMetrics()
        padding = table.columnWidth(1) - max(map(metrics.horizontalAdvance, names))
        word = max(metrics.horizontalAdvance(w) for name in names for w in name.split())
        heading = table.horizontalHeader().fontMetrics().horizontalAdvance("Phase")
        table.setColumnWidth(1, max(word, heading) + padding)

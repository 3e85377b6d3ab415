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
        self.rows: list[tuple[str, str, str]] = []  # (start, phase, what) as the table shows
        self._fitted_for: tuple | None = None  # what the columns' widths were fitted to
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
        if not isinstance(fitted, Timeline):
            self.summary.setText(in_form_words(fitted, check.script.id) if fitted
                                 else "Fix the problems above to see the timing.")
            self._set_rows([])  # the columns to the headings: Qt's 100 px each scrolled sideways
            return
        rate = fitted.samplerate
        words = [s for s in fitted.segments if s.kind is SegmentKind.SPEECH]
        silence = sum(s.frames for s in fitted.segments if s.kind is SegmentKind.SILENCE)
        self.summary.setText(
            f"{len(words)} spoken steps, {clock_text(round(silence * 1000 / rate))} of silence; "
            f"the shortest this script can be is {clock_text(round(check.shortest * 1000))}.")
        self._set_rows([(clock_text(round(segment.start * 1000 / rate)),
                         PHASE_WORDS.get(segment.phase, segment.phase),
                         segment.caption if segment.kind is SegmentKind.SPEECH else
                         f"({segment.kind.value}, {segment.frames / rate:.1f} s)")
                        for segment in fitted.segments])

    def _set_rows(self, rows: list[tuple[str, str, str]]) -> None:
        """The table shows ``rows`` (start, phase, what), changing only the cells that
        differ: its rows are as tall as their wrapped words, and Qt measures every row
        again after a change, so refilling a 1,000-row timeline at each check (a key
        typed in a caption, or in the title, which changes no row) stalled the window."""
        table, shown = self.table, self.rows
        if rows != shown:
            # Sized to their contents, the rows are all measured again at each cell's
            # change, there and then (~40 ms a cell at 1,000 rows): fixed while the cells
            # change, then sized to their contents again, all at once.
            heights = table.verticalHeader()
            heights.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
            table.setRowCount(len(rows))  # rows past the new end go, new ones come empty
            for number, row in enumerate(rows):
                before = shown[number] if number < len(shown) else None
                if row == before:
                    continue
                for column, text in enumerate(row):
                    if before is None:
                        table.setItem(number, column, QTableWidgetItem(text))
                    elif before[column] != text:
                        table.item(number, column).setText(text)
            heights.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.rows = rows
        # The first two columns fit their words, so they change only with those words (or
        # the fonts: a new text size).
        fitted_for = ([row[:2] for row in rows], table.font().key(),
                      table.horizontalHeader().font().key())
        if fitted_for != self._fitted_for:
            self._fitted_for = fitted_for
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
        table, header = self.table, self.table.horizontalHeader()
        # The whole names, with the cells' padding, as resizeColumnToContents measures them
        # (not set: each width the column takes has every row measured again).
        whole = max(table.sizeHintForColumn(1), header.sectionSizeHint(1))
        names = [row[1] for row in self.rows]
        if not names:
            table.setColumnWidth(1, whole)
            return
        metrics = table.fontMetrics()
        padding = whole - max(map(metrics.horizontalAdvance, names))
        word = max(metrics.horizontalAdvance(w) for name in names for w in name.split())
        heading = header.fontMetrics().horizontalAdvance("Phase")
        table.setColumnWidth(1, max(word, heading) + padding)

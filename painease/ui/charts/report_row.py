"""The Insights page's report row: the report button, whether the notes go in, and
making the report (``make_report``) while the status line says so (``StatusLine``).

Notes are the person's own words and often private (a hard day, an unsent letter). A
report may be printed for someone other than the therapist (a family doctor, an
employer, family), so the notes go into the PDF only when "Include my notes" is ticked.
It starts unticked: a note shared by mistake cannot be taken back, while one left out
costs a single tick. The choice lasts while painease is open (``InsightsPage`` hands it
to the charts it builds again after a theme change) and is never saved, so a tick made
once for the therapist does not carry the notes, unnoticed, into a report made weeks
later for someone else. A therapist reading a patient's results has the same choice
("Include Sam's notes"), off too.

The PDF lists every session of the period, so a long period takes seconds (900 sessions,
28 pages: about 5 s). ``make_report`` says so in the status line ("Making your report…")
and turns the event loop between the report's steps (``write_report``'s ``progress``),
leaving out the person's clicks and keys until it is done, so the window keeps painting
without anything new being started meanwhile. The report is made on the GUI thread: its
charts are widgets.

The page speaks through a ``StatusLine``, which holds its other news (a reload's "Loading
your sessions…" or period summary: the event loop turns, so a reload can be answered
meanwhile) until the report is done; the line says the report is being made all along,
then where it went. The held news is dropped: the result replaces it either way.

Main thread only.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QEventLoop, Qt
from PySide6.QtWidgets import QApplication, QCheckBox, QLabel, QPushButton

from painease.domain.file_names import file_name_part
from painease.domain.vocabulary import counted
from painease.ui.flow_row import FlowRow
from painease.ui.widgets import button


def report_row(patient_name: str | None,
               include_notes: bool = False) -> tuple[FlowRow, QPushButton, QCheckBox]:
    """The row (the two side by side, one above the other when 200 % text needs it), its
    button and its tick box (ticked when ``include_notes``). The button's words wrap when
    even a line of its own is too narrow (a large desktop font at 200 %)."""
    if patient_name:
        report = button("PDF report…", "insights-report",
                        f"Save a short PDF of {patient_name}'s ratings and charts in this "
                        "period", wrap=True)
        notes = QCheckBox(f"Include {patient_name}'s notes")
        notes.setAccessibleName(f"Include {patient_name}'s notes in the report")
        notes.setAccessibleDescription(
            f"{patient_name}'s notes are private: they go into the PDF only when this is "
            "ticked")
    else:
        report = button("Report for my therapist…", "insights-report",
                        "Save a short PDF of this period's ratings and charts to show your "
                        "therapist", wrap=True)
        notes = QCheckBox("Include my notes")
        notes.setAccessibleName("Include my notes in the report")
        notes.setAccessibleDescription(
            "Your notes are private: they go into the PDF only when this is ticked. "
            "Unticked again each time painease starts")
    notes.setObjectName("insights-report-notes")
    notes.setChecked(include_notes)
    row = FlowRow()
    row.addWidget(report)
    row.addWidget(notes)
    return row, report, notes


def default_report_path(patient_name: str | None) -> Path:
    """The name the save dialog offers: in the home folder, with the day (and the
    patient's name in a therapist's, as a plain piece of a file name: ``file_name_part``;
    "Sam/Alex" once suggested a folder that does not exist)."""
    stamp = datetime.now().strftime("%Y-%m-%d")
    who = file_name_part(patient_name)
    return Path.home() / f"painease-report{'-' + who if who else ''}-{stamp}.pdf"


class StatusLine:
    """The page's status line (``label``): ``say`` shows a text there, except while a
    report is being made (``making``; see the module docstring)."""

    def __init__(self, label: QLabel):
        self.label = label
        self.making = False

    def say(self, text: str) -> None:
        if not self.making:
            self.label.setText(text)


def make_report(line: StatusLine, making: str, store, path: Path, **options):
    """Write the report (``painease.report.write_report(store, path, **options)``), with
    ``making`` ("Making your report…") in ``line`` and a wait cursor meanwhile, then where
    it went; returns the ``Report``, or None when it failed (reason in ``line``)."""
    from painease.report import ReportError, write_report
    from painease.storage import StoreError

    line.label.setText(making)
    line.making = True  # nothing else said until it is done
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)  # seconds for a long period
    try:
        _keep_painting()  # the line is seen before the work starts
        done = write_report(store, path, progress=_keep_painting, **options)
    except (ReportError, OSError) as exc:
        done, result = None, f"The report was not saved: {exc}"
    except StoreError as exc:  # a value it needs cannot be read: said, with its place
        from painease.ui.data_file_words import store_cause

        done, result = None, f"The report was not saved: {store_cause(exc)}."
    else:
        result = f"Report saved to {path} ({counted(done.pages, 'page', 'pages')})."
    finally:
        line.making = False
        QApplication.restoreOverrideCursor()
    line.say(result)
    return done


def _keep_painting() -> None:
    """Let the window repaint (and timers, and answers from worker threads, arrive); the
    person's clicks and keys wait until the report is done."""
    QApplication.processEvents(QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents)

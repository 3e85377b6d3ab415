"""Saving from the Insights page: a chart as a picture ("Save chart…", ``save_chart``)
and the period's PDF report ("Report for my therapist…", ``save_report``).

``SavesInsights`` is a mixin for ``painease.ui.charts.view.InsightsView``: it uses the
view's ``charts``, ``line`` (the status line), ``period_key``, ``tz``, ``store``,
``titles``, ``patient_name``, ``zone_note``, ``notes_choice``, ``report_facts``, ``data``,
``reload``, ``_own_clock``, ``_here``, ``_own_zone`` and ``_whose``. Whether the page on
screen is out of date (``_out_of_date``: a new day or a new clock since it was read) is
asked here for the report and by the view at a new day. Main thread only.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from PySide6.QtWidgets import QFileDialog

from painease.local_time import local_zone, same_clock
from painease.ui.charts.data import period_bounds
from painease.ui.charts.report_row import default_report_path, make_report


class SavesInsights:
    """"Save chart…" (``save_chart``) and "Report for my therapist…" (``save_report``)."""

    def save_chart(self, key: str, path: str | Path, width: int = 1600) -> Path:
        """Write chart ``key`` ('shift', 'trend', 'link', 'session') as PNG or SVG."""
        return self.charts[key].save(path, width)

    def _ask_save(self, key: str) -> None:
        default = str(Path.home() / f"painease-{key}.png")
        path, _ = QFileDialog.getSaveFileName(
            self, "Save chart", default, "PNG picture (*.png);;SVG drawing (*.svg)")
        if not path:
            return
        if Path(path).suffix.lower() not in (".png", ".svg"):
            path += ".png"
        try:
            saved = self.save_chart(key, path)
        except (OSError, ValueError) as exc:
            self.line.say(f"The chart was not saved: {exc}")
            return
        self.line.say(f"Chart saved to {saved}.")

    def _ask_report(self) -> None:
        default = str(default_report_path(self.patient_name))
        path, _ = QFileDialog.getSaveFileName(self, "Save the report", default, "PDF (*.pdf)")
        if path:
            self.save_report(path)

    def _period_moved(self) -> bool:
        """Whether the period on screen began on another day than it does now: a new day
        (or, for a person's own sessions, a new clock) since it was read, not yet looked
        at (``painease.ui.new_day`` reloads the page when it sees one)."""
        if self.data is None:
            return False
        tz = self._own_zone() if self._own_clock else self.tz
        return period_bounds(self.period_key, tz)[0] != self.data.since

    def _clock_moved(self) -> bool:
        """Whether this computer's clock (``own_zone``'s home) reads otherwise now, or at
        a session or note on screen, than at the last reload: they travelled, or its zone
        was put right. Quick to ask at 11,000 sessions, unlike a clock of recorded offsets
        built on it."""
        if self.data is None or not self._own_clock or self._here is None:
            return False
        return not same_clock(local_zone(), self._here,
                              [datetime.now(UTC), *self.data.moments()])

    def _out_of_date(self) -> bool:
        """Whether the page shows another period or clock than it would if read now."""
        return self._period_moved() or self._clock_moved()

    def save_report(self, path: str | Path):
        """Write the period's PDF to ``path`` (``.pdf`` added if missing), with the notes
        when ``notes_choice`` is ticked, saying in the status line that it is being made,
        then where it went; returns the ``Report``, or None when it failed (reason shown).
        The period and the clock are the ones as they are now: a page left on screen since
        yesterday, or since this computer's zone changed, reads them again too (keeping
        the patient's place), so the two agree. The window keeps painting meanwhile
        (``report_row.make_report``)."""
        path = str(path)
        if not path.lower().endswith(".pdf"):
            path += ".pdf"
        if self._out_of_date():
            self.reload(keep_place=True)  # the page shows what the report holds
        since, until = period_bounds(self.period_key, self.tz)
        return make_report(self.line, self._whose("Making {} report…"), self.store,
                           Path(path), since=since, until=until, titles=self.titles,
                           tz=self.tz, patient_name=self.patient_name,
                           zone_note=self.zone_note,
                           include_notes=self.notes_choice.isChecked(), **self.report_facts)

"""One session of a set, as a form: which script, how long, when, and a note.

An item is edited as a plain dict (``new_item``/``item_from_program`` make one;
``build_item`` turns one into the real ``ProgramItem`` or raises its one-line
``ProgramError``: a day its dates list twice is one, named, as ``painease pack build``
refuses it; days out of order are put in order). ``SetItemForm.show_item(data)`` shows a
dict owned by the set builder; every edit is written back into it and announced with
``changed``. The length offered is always one the chosen script can be played at. Main
thread only.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection
from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QSpinBox,
    QWidget,
)

from painease.catalog import Catalog
from painease.domain.programs import ProgramError, ProgramItem, Schedule
from painease.domain.vocabulary import minutes_text
from painease.ui.therapist.forms import ElidingCombo, chosen, form_layout, named
from painease.ui.therapist.lines_tall import lines_tall
from painease.ui.therapist.pasted_text import LineEdit, PasteNote, WordsEdit


def new_item(catalog: Catalog, used: Collection[str] = ()) -> dict:
    """A new item for "Add session": the first script, in the order the Session list
    offers them (by title), that the set does not use yet (``used``: script ids), so
    adding sessions one after another walks through the library instead of offering the
    same first script each time; when the set uses them all, the first one."""
    offered = sorted(catalog.entries.values(), key=lambda e: e.script.title)
    fresh = [entry for entry in offered if entry.script.id not in used]
    script = (fresh or offered)[0].script if offered else None
    return {"script_id": script.id if script else "", "minutes":
            script.lengths[0] if script else 5.0, "weekly": True, "times_per_week": 2,
            "weeks": 2, "start_week": 0, "dates": "", "note": ""}


def item_from_program(item: ProgramItem) -> dict:
    schedule = item.schedule
    return {"script_id": item.script_id, "minutes": item.minutes, "weekly": schedule.weekly,
            "times_per_week": schedule.times_per_week or 2, "weeks": schedule.weeks or 2,
            "start_week": schedule.start_week,
            "dates": ", ".join(d.isoformat() for d in schedule.dates), "note": item.note or ""}


def build_item(position: int, data: dict) -> ProgramItem:
    """The real ``ProgramItem`` for a form row; ``ProgramError`` (one line) if it is wrong."""
    if data["weekly"]:
        schedule = Schedule(times_per_week=data["times_per_week"], weeks=data["weeks"],
                            start_week=data["start_week"])
    else:
        days = []
        for part in data["dates"].replace(";", ",").split(","):
            if part.strip():
                try:
                    days.append(date.fromisoformat(part.strip()))
                except ValueError:
                    raise ProgramError(f"{part.strip()!r} is not a date like 2026-12-01") \
                        from None
        if not days:  # (the schedule's own words name the set file's fields)
            raise ProgramError("list at least one date, like 2026-12-01 (or choose times "
                               "a week)")
        listed = Counter(days)  # the first day listed more than once, if any
        repeated = next((day for day in days if listed[day] > 1), None)
        if repeated is not None:  # (dropped, the set had fewer sessions than typed)
            raise ProgramError(f"{_day_words(repeated)} is listed "
                               f"{_times(listed[repeated])}; list each day only once")
        schedule = Schedule(dates=tuple(sorted(days)))  # in order: that loses nothing
    return ProgramItem(position, data["script_id"], data["minutes"], schedule,
                       data["note"].strip() or None)


def _day_words(day: date) -> str:
    """A day as the session list says it: "Tue 8 Dec" (the year when not this one's)."""
    from painease.local_time import day_text

    return day_text(day, weekday=True, year=day.year != date.today().year)


def _times(count: int) -> str:
    return "twice" if count == 2 else f"{count} times"


class SetItemForm(QWidget):
    """Edits the item dict given to ``show_item``; ``changed`` after every edit."""

    changed = Signal()

    def __init__(self, catalog: Catalog):
        super().__init__()
        self.catalog = catalog
        self.item: dict | None = None
        self._loading = False
        form = form_layout(self)
        form.setContentsMargins(0, 0, 0, 0)
        self.script = named(ElidingCombo(), "item-script", "Session",
                            "Which script the patient plays")
        self.length = named(ElidingCombo(), "item-length", "Length",
                            "How many minutes; only the lengths the script allows")
        self.schedule_kind = named(ElidingCombo(), "item-schedule-kind", "Schedule",
                                   "Weekly: a number of times a week for some weeks. "
                                   "Dates: on the days you list")
        # "Weekly", not "Times a week": the row under it is called that.
        self.schedule_kind.addItem("Weekly", "weekly")
        self.schedule_kind.addItem("On these dates", "dates")
        self.times = named(QSpinBox(), "item-times", "Times a week",
                           "How many sessions a week, 1 to 7")
        self.times.setRange(1, 7)
        self.weeks = named(QSpinBox(), "item-weeks", "For how many weeks",
                           "How many weeks the sessions go on, 1 to 104")
        self.weeks.setRange(1, 104)
        self.start_week = named(QSpinBox(), "item-start-week", "From week",
                                "1 = from the day the patient starts the set")
        self.start_week.setRange(1, 104)
        self.dates = named(LineEdit(), "item-dates", "Days",
                           "Dates like 2026-12-01, 2026-12-03")
        self.note = named(WordsEdit(), "item-note", "Note for the patient",
                          "Shown with this session on the patient's Home page")
        self.note.setTabChangesFocus(True)
        lines_tall(self.note, 3)
        form.addRow("Sess&ion", self.script)
        form.addRow("&Length", self.length)
        form.addRow("Sc&hedule", self.schedule_kind)
        # The schedule's own rows are the form's, shown for the kind chosen: in a form of
        # their own (in the Schedule row's field) they sat further in than the other rows.
        self.form = form
        # Each with an Alt letter as the other rows have, one no other row or button of
        # the builder uses ("Dates" has none left: "Days").
        for title, widget in (("Ti&mes a week", self.times),
                              ("For how many wee&ks", self.weeks),
                              ("F&rom week", self.start_week), ("Da&ys", self.dates)):
            form.addRow(title, widget)
        self._show_schedule(0)
        form.addRow("Not&e", self.note)
        # What a paste into Days or Note left out, under them (hidden until then).
        self.paste_note = PasteNote("item-paste-note")
        form.addRow(self.paste_note)
        self.dates.cleaned.connect(self.paste_note.say)
        self.note.cleaned.connect(self.paste_note.say)
        self.script.currentIndexChanged.connect(self._script_changed)
        for signal in (self.length.currentIndexChanged, self.schedule_kind.currentIndexChanged,
                       self.times.valueChanged, self.weeks.valueChanged,
                       self.start_week.valueChanged, self.dates.textChanged,
                       self.note.textChanged):
            signal.connect(self._edited)
        self.set_catalog(catalog)

    def set_catalog(self, catalog: Catalog) -> None:
        """Offer ``catalog``'s scripts (the chosen one stays chosen if it is still there)."""
        self.catalog = catalog
        self._loading = True
        self._offer(self.item["script_id"] if self.item else "")
        self._loading = False

    def _offer(self, script_id: str) -> None:
        """List the catalog's scripts and choose ``script_id``. One that is not in the
        library (its file removed, or its id changed) is listed as missing and chosen,
        never replaced by another: once the first script in the list took its place, and
        the next edit of the item saved that one."""
        self.script.clear()
        for entry in sorted(self.catalog.entries.values(), key=lambda e: e.script.title):
            self.script.addItem(entry.script.title, entry.script.id)
        if script_id and script_id not in self.catalog.entries:
            self.script.insertItem(0, f"Not in your library: {script_id}", script_id)
        self.script.setCurrentIndex(max(0, self.script.findData(script_id)))

    def show_item(self, item: dict) -> None:
        if item is not self.item:
            self.paste_note.clear()  # said of another session
        self.item = item
        self._loading = True
        self._offer(item["script_id"])
        self._fill_lengths(item["minutes"])
        self.schedule_kind.setCurrentIndex(0 if item["weekly"] else 1)
        self._show_schedule(0 if item["weekly"] else 1)
        self.times.setValue(item["times_per_week"])
        self.weeks.setValue(item["weeks"])
        self.start_week.setValue(item["start_week"] + 1)
        self.dates.setText(item["dates"])
        if self.note.toPlainText() != item["note"]:
            self.note.setPlainText(item["note"])
        self._loading = False

    def _chosen_script(self) -> str:
        return chosen(self.script) or ""

    def _fill_lengths(self, minutes: float | None) -> None:
        entry = self.catalog.entries.get(self._chosen_script())
        self.length.clear()
        for length in entry.script.lengths if entry else ():
            self.length.addItem(minutes_text(length), length)
        index = self.length.findData(minutes) if minutes is not None else -1
        self.length.setCurrentIndex(index if index >= 0 else 0)

    def _script_changed(self) -> None:
        if self._loading:
            return
        self._loading = True
        self._fill_lengths(None)
        self._loading = False
        self._edited()

    def _edited(self) -> None:
        item = self.item
        if self._loading or item is None:
            return
        minutes = chosen(self.length)
        item.update(script_id=self._chosen_script(), minutes=minutes or item["minutes"],
                    weekly=self.schedule_kind.currentData() == "weekly",
                    times_per_week=self.times.value(), weeks=self.weeks.value(),
                    start_week=self.start_week.value() - 1, dates=self.dates.text(),
                    note=self.note.toPlainText())
        self._show_schedule(0 if item["weekly"] else 1)
        self.changed.emit()

    def _show_schedule(self, index: int) -> None:
        """Show the weekly rows (0) or the Dates row (1)."""
        for widget in (self.times, self.weeks, self.start_week):
            self.form.setRowVisible(widget, index == 0)
        self.form.setRowVisible(self.dates, index == 1)

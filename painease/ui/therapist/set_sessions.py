"""The set's sessions in the set builder: their list (add, remove, move) and the chosen one's form.

``SetSessions`` holds the set's items as plain dicts (see ``set_item_form``): ``fill(items)``
takes a new list of them and chooses the first (a new set has none: then a prompt to add
one stands in for the list and the form, which edit nothing), the list shows one line a session
(number, title, length and schedule; "(schedule to fix)" while its schedule is not
valid), and the chosen session is edited in the ``SetItemForm`` below it, which writes
straight back into its dict. ``changed`` fires after every edit and every time a session
is shown in the form (chosen, added, removed, moved, or after ``fill``): the builder then
checks the whole set again (a set without sessions is refused there). Main thread only.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QAbstractItemView, QListWidget, QVBoxLayout, QWidget

from painease.catalog import Catalog
from painease.domain.programs import ProgramError
from painease.ui.therapist.forms import button_grid, enable_keeping_focus, named
from painease.ui.therapist.lines_tall import lines_tall
from painease.ui.therapist.set_item_form import SetItemForm, build_item, new_item
from painease.ui.widgets import button, label
from painease.ui.wrapped_items import WrappedItems


class SetSessions(QWidget):
    changed = Signal()

    def __init__(self, catalog: Catalog):
        super().__init__()
        self.catalog = catalog
        self.items: list[dict] = []
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(label("Sessions in the set", "heading"))
        self.empty_prompt = label("No sessions yet. Add a session…", "muted",
                                  name="set-items-empty")
        column.addWidget(self.empty_prompt)
        self.item_list = named(QListWidget(), "set-items", "Sessions in the set",
                               "In order; choose one to edit it below")
        self.item_list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        lines_tall(self.item_list, 9)
        self.wrapped_items = WrappedItems(self.item_list)  # word wrap, heights that fit
        # Its lines wrap, so it never needs to scroll sideways.
        self.item_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.item_list.currentRowChanged.connect(self._choose_item)
        column.addWidget(self.item_list)
        self.add_item = button("Add &session", "item-add", "Add a session after the chosen one")
        self.remove_item = button("Remove", "item-remove", "Take the chosen session out")
        self.up = button("Move &up", "item-up", "Move the chosen session earlier")
        self.down = button("Move do&wn", "item-down", "Move the chosen session later")
        row = button_grid((self.add_item, self.remove_item, self.up, self.down))
        column.addLayout(row)
        self.add_item.clicked.connect(self._add_item)
        self.remove_item.clicked.connect(self._remove_item)
        self.up.clicked.connect(lambda: self._move_item(-1))
        self.down.clicked.connect(lambda: self._move_item(1))
        self.item_form = SetItemForm(catalog)
        self.item_form.changed.connect(self._item_edited)
        column.addWidget(self.item_form)

    def set_catalog(self, catalog: Catalog) -> None:
        """The scripts offered (and named in the list) from now on."""
        self.catalog = catalog
        self.item_form.set_catalog(catalog)

    def fill(self, items: list[dict]) -> None:
        """Show ``items`` (kept, not copied: edits go into these dicts) and choose the first."""
        self.items = items
        self._refill(0)

    def current_item(self) -> int:
        return self.item_list.currentRow()

    def _refill(self, current: int) -> None:
        self.item_list.blockSignals(True)
        self.item_list.clear()
        for position, data in enumerate(self.items, start=1):
            self.item_list.addItem(self._item_title(position, data))
        self.item_list.blockSignals(False)
        current = min(max(0, current), len(self.items) - 1)
        empty = not self.items
        self.empty_prompt.setVisible(empty)
        self.item_list.setVisible(not empty)
        self.item_form.setVisible(not empty)
        if empty:
            self.item_form.item = None  # the form edits nothing until a session is added
        self.item_list.setCurrentRow(current)
        self._choose_item(current)

    def _item_title(self, position: int, data: dict) -> str:
        entry = self.catalog.entries.get(data["script_id"])
        title = entry.script.title if entry else data["script_id"] or "(no session)"
        try:
            when = build_item(position, data).schedule.describe()
        except ProgramError:
            when = "(schedule to fix)"
        return f"{position}. {title} · {data['minutes']:g} min · {when}"

    def _choose_item(self, row: int) -> None:
        valid = 0 <= row < len(self.items)
        enable_keeping_focus(((self.remove_item, valid), (self.up, row > 0),
                              (self.down, valid and row < len(self.items) - 1)),
                             self.item_list if self.items else self.add_item)
        if valid:
            self.item_form.show_item(self.items[row])
            self.changed.emit()
        elif not self.items:
            self.changed.emit()  # none left: the builder says a set needs one

    def _item_edited(self) -> None:
        row = self.current_item()
        if 0 <= row < len(self.items):
            self.item_list.item(row).setText(self._item_title(row + 1, self.items[row]))
        self.changed.emit()

    def _add_item(self) -> None:
        row = self.current_item() + 1
        self.items.insert(row, new_item(self.catalog, {i["script_id"] for i in self.items}))
        self._refill(row)
        self.item_form.script.setFocus()

    def _remove_item(self) -> None:
        row = self.current_item()
        if 0 <= row < len(self.items):
            del self.items[row]
            self._refill(row)

    def _move_item(self, by: int) -> None:
        row, other = self.current_item(), self.current_item() + by
        if 0 <= row < len(self.items) and 0 <= other < len(self.items):
            self.items[row], self.items[other] = self.items[other], self.items[row]
            self._refill(other)

"""The script's steps in the editor: their list (add, remove, move) and the chosen one's form.

``ScriptSteps`` holds the draft's steps as plain dicts (the TOML shape, see ``step_form``):
``fill(steps)`` takes a new list of them and chooses the first, the list shows one line a
step (``step_title``), and the chosen step is edited in the ``StepForm`` below it, which
writes straight back into its dict. ``changed`` fires after every edit, addition, removal
or move (not after ``fill``, nor after ``set_clip``: the editor follows those itself).
Remove is off while one step is left; Add step is off once the script holds ``MAX_STEPS``
(the loader refuses more), and a line under the buttons, a Tab stop, says so. The form's
Record…, Render with voice and Play step signals are the editor's to connect. Main thread
only.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAccessible, QAccessibleEvent
from PySide6.QtWidgets import QAbstractItemView, QListWidget, QVBoxLayout, QWidget

from painease.domain.script import MAX_STEPS
from painease.ui.therapist.check_words import FORM_NAMES
from painease.ui.therapist.forms import button_grid, enable_keeping_focus, named, reachable
from painease.ui.therapist.lines_tall import lines_tall
from painease.ui.therapist.step_form import StepForm, new_step, step_title
from painease.ui.widgets import button, label
from painease.ui.wrapped_items import WrappedItems

ADD_STEP = "Add a new step after the chosen one"
FULL_SHORT = f"this script has {MAX_STEPS} steps, the most a script can hold"
FULL = (f"This script has {MAX_STEPS} steps, the most a script can hold, so Add step is off. "
        "To add a step, first remove one, or split the session into two scripts.")


class ScriptSteps(QWidget):
    changed = Signal()

    def __init__(self, voice_available: bool, voice_hint: str):
        super().__init__()
        self.steps: list[dict] = []
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        heading = label(FORM_NAMES["steps"], "heading")
        column.addWidget(heading)
        self.step_list = named(QListWidget(), "step-list", FORM_NAMES["steps"],
                               "The steps in order; choose one to edit it below")
        heading.setBuddy(self.step_list)  # Check names the list as its heading does
        self.wrapped_items = WrappedItems(self.step_list)  # word wrap, heights that fit
        # Its lines wrap, so it never needs to scroll sideways.
        self.step_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        lines_tall(self.step_list, 9)
        self.step_list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.step_list.currentRowChanged.connect(self._choose_step)
        column.addWidget(self.step_list)
        self.add_step = button("&Add step", "step-add", ADD_STEP)
        self.remove_step = button("Remove step", "step-remove", "Delete the chosen step")
        self.up = button("Move &up", "step-up", "Move the chosen step earlier")
        self.down = button("Move down", "step-down", "Move the chosen step later")
        row = button_grid((self.add_step, self.remove_step, self.up, self.down))
        column.addLayout(row)
        # Tab skips a turned-off button, and its tooltip needs a mouse: why Add step is off
        # is also a line under the buttons, reached by Tab.
        self.full_note = reachable(label(FULL, "muted"), "steps-full", FORM_NAMES["steps"],
                                   "Why Add step is off")
        self.full_note.hide()
        column.addWidget(self.full_note)
        self.add_step.clicked.connect(self._add_step)
        self.remove_step.clicked.connect(self._remove_step)
        self.up.clicked.connect(lambda: self._move_step(-1))
        self.down.clicked.connect(lambda: self._move_step(1))

        self.step_form = StepForm(voice_available, voice_hint)
        self.step_form.changed.connect(self._step_edited)
        column.addWidget(self.step_form)

    def fill(self, steps: list[dict]) -> None:
        """Show ``steps`` (kept, not copied: edits go into these dicts) and choose the first."""
        self.steps = steps
        self._refill_steps(0)

    def current_step(self) -> int:
        return self.step_list.currentRow()

    def set_clip(self, row: int, clip: str) -> bool:
        """Give step ``row`` the clip just recorded or rendered; False when there is no such
        step (any more)."""
        if not 0 <= row < len(self.steps):
            return False
        self.steps[row]["clip"] = clip
        if row == self.current_step():
            self.step_form.clip_changed()
        self.step_list.item(row).setText(step_title(row + 1, self.steps[row]))
        return True

    def _refill_steps(self, current: int) -> None:
        self.step_list.blockSignals(True)
        self.step_list.clear()
        for number, step in enumerate(self.steps, start=1):
            self.step_list.addItem(step_title(number, step))
        self.step_list.blockSignals(False)
        current = min(max(current, 0), len(self.steps) - 1)
        self.step_list.setCurrentRow(current)
        self._choose_step(current)

    def _choose_step(self, row: int) -> None:
        self.step_form.show_step(self.steps[row] if 0 <= row < len(self.steps) else None)
        room = len(self.steps) < MAX_STEPS
        enable_keeping_focus(((self.add_step, room), (self.remove_step, len(self.steps) > 1),
                              (self.up, row > 0), (self.down, 0 <= row < len(self.steps) - 1)),
                             self.step_list)
        self.add_step.setAccessibleDescription(ADD_STEP if room else f"Off: {FULL_SHORT}")
        self.add_step.setToolTip("" if room else FULL)
        self.full_note.setVisible(not room)

    def _say_full(self) -> None:
        """Send the line saying the script is full to a screen reader as an alert: Add step
        just made it so, and the focus went on to the new step's words, right under it."""
        QAccessible.updateAccessibility(QAccessibleEvent(self.full_note,
                                                         QAccessible.Event.Alert))

    def _step_edited(self) -> None:
        row = self.current_step()
        if 0 <= row < len(self.steps):
            self.step_list.item(row).setText(step_title(row + 1, self.steps[row]))
        self.changed.emit()

    def _add_step(self) -> None:
        if len(self.steps) >= MAX_STEPS:
            return
        row = self.current_step() + 1
        self.steps.insert(row, new_step())
        self._refill_steps(row)
        self.step_form.text.setFocus()
        if len(self.steps) >= MAX_STEPS:
            self._say_full()
        self.changed.emit()

    def _remove_step(self) -> None:
        row = self.current_step()
        if len(self.steps) > 1 and 0 <= row < len(self.steps):
            del self.steps[row]
            self._refill_steps(row)
            self.changed.emit()

    def _move_step(self, by: int) -> None:
        row = self.current_step()
        other = row + by
        if 0 <= row < len(self.steps) and 0 <= other < len(self.steps):
            self.steps[row], self.steps[other] = self.steps[other], self.steps[row]
            self._refill_steps(other)
            self.changed.emit()

"""Paced breathing after a step's words: on or off, the four timings, how many breaths.

``BreathForm.show_breath(breath)`` shows a step's ``breath`` table (the TOML shape, or
None for none); ``value()`` is what the form says in that shape (None when off), and
``changed`` fires after every edit. Breaths are a fixed count or *at least* a count that
grows in whole cycles with a share of the spare time (``{ min, weight }``). The loader
checks the rest (breath pacing only in a "breathing" step, a flexible silence somewhere
when the breaths are flexible). A hold longer than ``draft_check.GENTLE_HOLD`` is allowed,
with a word of advice under the form (the check notes it too). Main thread only.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDoubleSpinBox,
    QSizePolicy,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from painease.ui.therapist.check_words import FORM_NAMES
from painease.ui.therapist.draft_check import GENTLE_HOLD
from painease.ui.therapist.even_form import EvenForm
from painease.ui.therapist.forms import ElidingCombo, chosen, named
from painease.ui.widgets import label

DEFAULT = {"inhale": 4.0, "hold": 0.0, "exhale": 6.0, "rest": 1.0,
           "cycles": {"min": 4, "weight": 1.0}}


def seconds_box(name: str, title: str, description: str, low: float, high: float,
                step: float = 1.0) -> QDoubleSpinBox:
    box = named(QDoubleSpinBox(), name, title, description)
    box.setRange(low, high)
    box.setDecimals(1)
    box.setSingleStep(step)
    return box


class BreathForm(QWidget):
    changed = Signal()

    def __init__(self):
        super().__init__()
        self._loading = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        # A check box cannot wrap its text: short words on it, the rest in a label that can.
        self.enabled = named(QCheckBox(FORM_NAMES["breath"]), "step-breath-on",
                             FORM_NAMES["breath"], "Soft tones guide breaths after the words; "
                             "only in a breathing step")
        self.enabled.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
        layout.addWidget(self.enabled)
        layout.addWidget(label("Soft tones guide breaths after the words (only in a "
                               "breathing step).", "muted"))
        self.fields = QWidget()
        form = EvenForm(self.fields)
        form.setContentsMargins(0, 0, 0, 0)
        self.inhale = seconds_box("breath-inhale", FORM_NAMES["inhale"], "Seconds breathing in",
                                  0.5, 30, 0.5)
        self.hold = seconds_box("breath-hold", FORM_NAMES["hold"],
                                "Seconds holding after breathing in; none, or up to "
                                f"{GENTLE_HOLD:g}, is gentlest", 0, 30, 0.5)
        self.exhale = seconds_box("breath-exhale", FORM_NAMES["exhale"], "Seconds breathing out",
                                  0.5, 30, 0.5)
        self.rest = seconds_box("breath-rest", FORM_NAMES["rest"],
                                "Seconds resting after breathing out", 0, 30, 0.5)
        self.cycles_kind = named(ElidingCombo(), "breath-cycles-kind", FORM_NAMES["cycles"],
                                 "Exactly: always the same number. At least: more breaths "
                                 "when the session is longer")
        self.cycles_kind.addItem("Exactly", "fixed")
        self.cycles_kind.addItem("At least", "flexible")
        self.cycles = named(QSpinBox(), "breath-cycles", "How many breaths",
                            "The number of breaths, or the fewest when at least")
        self.cycles.setRange(1, 500)
        self.cycles_weight = seconds_box("breath-cycles-weight",
                                         FORM_NAMES["weight"].capitalize(),
                                         "How many shares of the spare time more breaths "
                                         "get", 0.1, 1000, 0.5)
        # Labelled as Check names them (FORM_NAMES), so its "Breathe in (seconds)" is here.
        for title, widget in ((FORM_NAMES["inhale"], self.inhale),
                              (FORM_NAMES["hold"], self.hold),
                              (FORM_NAMES["exhale"], self.exhale),
                              (FORM_NAMES["rest"], self.rest),
                              (FORM_NAMES["cycles"], self.cycles_kind),
                              ("How many", self.cycles),
                              (FORM_NAMES["weight"].capitalize(), self.cycles_weight)):
            form.addRow(title, widget)
        layout.addWidget(self.fields)
        # Advice, not a refusal (the check notes it too): said beside the form as it is set.
        self.hold_note = label(f"A hold longer than {GENTLE_HOLD:g} seconds can leave some "
                               "people light-headed or short of air; a shorter hold, or "
                               "none, is gentler.", "muted", name="breath-hold-note")
        layout.addWidget(self.hold_note)
        self.enabled.toggled.connect(self._edited)
        for box in (self.inhale, self.hold, self.exhale, self.rest, self.cycles_weight):
            box.valueChanged.connect(self._edited)
        self.cycles.valueChanged.connect(self._edited)
        self.cycles_kind.currentIndexChanged.connect(self._edited)
        self.show_breath(None)

    def show_breath(self, breath: dict | None) -> None:
        self._loading = True
        try:
            self.enabled.setChecked(breath is not None)
            data = breath or DEFAULT
            for key, box in (("inhale", self.inhale), ("hold", self.hold),
                             ("exhale", self.exhale), ("rest", self.rest)):
                box.setValue(float(data.get(key, 0)))
            cycles = data.get("cycles", 1)
            flexible = isinstance(cycles, dict)
            self.cycles_kind.setCurrentIndex(1 if flexible else 0)
            self.cycles.setValue(int(cycles["min"] if flexible else cycles))
            self.cycles_weight.setValue(float(cycles.get("weight", 1)) if flexible else 1.0)
        finally:
            self._loading = False
        self._show_fields()

    def value(self) -> dict | None:
        if not self.enabled.isChecked():
            return None
        count = self.cycles.value()
        cycles = ({"min": count, "weight": self.cycles_weight.value()}
                  if chosen(self.cycles_kind) == "flexible" else count)
        return {"inhale": self.inhale.value(), "hold": self.hold.value(),
                "exhale": self.exhale.value(), "rest": self.rest.value(), "cycles": cycles}

    def _show_fields(self) -> None:
        self.fields.setVisible(self.enabled.isChecked())
        self.hold_note.setVisible(self.enabled.isChecked() and self.hold.value() > GENTLE_HOLD)
        self.cycles_weight.setEnabled(chosen(self.cycles_kind) == "flexible")

    def _edited(self) -> None:
        self._show_fields()
        if not self._loading:
            self.changed.emit()

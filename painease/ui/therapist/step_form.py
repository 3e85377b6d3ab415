"""The form for one step of a script: phase, words, the silence after them, its clip.

``StepForm`` edits a plain step dict (the TOML shape: ``phase``, ``text``, ``clip``,
``pause`` as seconds or ``{min, weight, max}``, ``breath`` from a ``BreathForm``,
``from_minutes`` when the step is only for longer sessions) that its
owner hands it with ``show_step``; every edit is written straight back into that dict
and announced with ``changed``. The form does not validate: the editor runs the real
loader over the whole script and shows what it says.

Buttons for the clip (Record…, Render with voice, Remove) and Play step only emit
signals; the editor acts on them. Also here: a new step's dict (``new_step``), a loaded
script's steps as such dicts (``step_data``) and a step's line in the editor's list
(``step_title``). Main thread only.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDoubleSpinBox,
    QHBoxLayout,
    QVBoxLayout,
    QWidget,
)

from painease.domain.script import Script
from painease.domain.vocabulary import PHASE_WORDS
from painease.ui.flow_row import FlowRow
from painease.ui.therapist.breath_form import BreathForm, seconds_box
from painease.ui.therapist.check_words import FORM_NAMES, form_label
from painease.ui.therapist.even_form import EvenForm
from painease.ui.therapist.forms import (
    ElidingCombo,
    form_layout,
    narrow,
    reachable,
)
from painease.ui.therapist.lines_tall import lines_tall
from painease.ui.therapist.pasted_text import WordsEdit
from painease.ui.widgets import button, label

NO_MAX = -1.0
EVERY_LENGTH = 0.0  # the "Played from" box's special value: no from_minutes


def new_step() -> dict:
    return {"phase": "settle", "text": "", "pause": {"min": 5.0, "weight": 1.0, "max": None}}


def step_data(script: Script) -> list[dict]:
    """The steps of a loaded script as the editor's plain dicts."""
    steps = []
    for step in script.steps:
        data = step.model_dump(mode="json", exclude_none=True)
        pause = data.get("pause", 0.0)
        if isinstance(pause, dict):
            pause.setdefault("max", None)
        steps.append(data)
    return steps


def step_title(number: int, step: dict) -> str:
    """A step's line in the editor's list: number, phase, words (cut at 70), and
    "· recorded" when it has a clip."""
    phase = PHASE_WORDS.get(step.get("phase"), step.get("phase", ""))
    text = " ".join(step.get("text", "").split()) or "(no words yet)"
    clip = " · recorded" if step.get("clip") else ""  # words: an emoji can show as a box
    only = step.get("from_minutes")
    when = f" (from {only:g} min)" if isinstance(only, int | float) else ""
    return f"{number}. {phase}{when}: {text[:70]}{'…' if len(text) > 70 else ''}{clip}"


class StepForm(QWidget):
    """Edits the step dict given to ``show_step``; ``changed`` after every edit."""

    changed = Signal()
    record_requested = Signal()
    voice_requested = Signal()
    play_requested = Signal()

    def __init__(self, voice_available: bool, voice_hint: str):
        super().__init__()
        self.step: dict | None = None
        self._loading = False
        form = form_layout(self)
        form.setContentsMargins(0, 0, 0, 0)

        self.phase = narrow(ElidingCombo())
        self.phase.setObjectName("step-phase")
        self.phase.setAccessibleName(FORM_NAMES["phase"])
        self.phase.setAccessibleDescription("Which part of the practice this step belongs to")
        for phase, words in PHASE_WORDS.items():
            self.phase.addItem(words, str(phase))
        form.addRow(form_label("phase", "P"), self.phase)

        self.text = WordsEdit()  # a paste leaves out control characters
        self.text.setObjectName("step-text")
        self.text.setAccessibleName(FORM_NAMES["text"])
        self.text.setAccessibleDescription("Exactly what the guide says; also the caption")
        self.text.setTabChangesFocus(True)
        lines_tall(self.text, 5)
        form.addRow(form_label("text", "d"), self.text)

        self.pause_kind = narrow(ElidingCombo())
        self.pause_kind.setObjectName("step-pause-kind")
        self.pause_kind.setAccessibleName(f"{FORM_NAMES['pause']} after the words")
        self.pause_kind.setAccessibleDescription("Fixed: always the same length. Flexible: "
                                                 "stretches so the script fits each length")
        self.pause_kind.addItem("Fixed", "fixed")
        self.pause_kind.addItem("Flexible", "flexible")
        form.addRow(form_label("pause", "c"), self.pause_kind)

        # The two kinds' fields, only the chosen one shown. Not a QStackedWidget: that is
        # as tall as its tallest page, and its height for a width is its tallest page's too,
        # so a fixed silence had a flexible one's room; held to its size hint instead (one
        # line high), the flexible boxes were squeezed to half their height at 200 % text,
        # where their labels go above them, with the room they needed left empty below.
        self.pause_stack = QWidget()
        pages = QVBoxLayout(self.pause_stack)
        pages.setContentsMargins(0, 0, 0, 0)
        fixed = QWidget()
        fixed_row = QHBoxLayout(fixed)
        fixed_row.setContentsMargins(0, 0, 0, 0)
        self.pause_seconds = seconds_box("step-pause-seconds",
                                         f"{FORM_NAMES['pause']} in seconds",
                                         "How long the fixed silence lasts", 0, 3600)
        fixed_row.addWidget(self.pause_seconds)
        fixed_row.addWidget(label("seconds", wrap=False))
        fixed_row.addStretch(1)
        flexible = QWidget()
        flex_form = EvenForm(flexible)
        flex_form.setContentsMargins(0, 0, 0, 0)
        self.pause_min = seconds_box("step-pause-min",
                                     f"{FORM_NAMES['pause']}: {FORM_NAMES['min']} (seconds)",
                                     "The silence lasts at least this many seconds", 0, 3600)
        self.pause_weight = seconds_box("step-pause-weight",
                                        FORM_NAMES["weight"].capitalize(),
                                        "How many shares of the spare time this silence "
                                        "gets, relative to the others", 0.1, 1000, 0.5)
        self.pause_max = seconds_box("step-pause-max",
                                     f"{FORM_NAMES['pause']}: {FORM_NAMES['max']} (seconds)",
                                     "The silence lasts at most this many seconds; "
                                     "'no limit' to let it grow", NO_MAX, 3600)
        self.pause_max.setSpecialValueText("no limit")
        for title, box in ((f"{FORM_NAMES['min']} (seconds)", self.pause_min),
                           (FORM_NAMES["weight"], self.pause_weight),
                           (f"{FORM_NAMES['max']} (seconds)", self.pause_max)):
            flex_form.addRow(title, box)
        self.pause_pages = (fixed, flexible)  # in the order of pause_kind's entries
        for page in self.pause_pages:
            pages.addWidget(page)
        flexible.hide()
        form.addRow("", self.pause_stack)

        self.from_minutes = seconds_box(
            "step-from-minutes", FORM_NAMES["from_minutes"],
            "Minutes: play this step only in sessions this many minutes or longer, so "
            "longer sessions get more guidance and not only longer silences; 'every "
            "length' plays it always", EVERY_LENGTH, 240)
        self.from_minutes.setSpecialValueText("every length")
        # Its unit beside the box, not inside it as a suffix: a label can go under the box
        # and wrap, where a box with its words in it was 773 px wide at 200 % text and made
        # the window wider than a 1280-px laptop. Hidden at "every length", which says all.
        self.from_unit = label("minutes or longer", name="step-from-unit")
        from_row = QWidget()
        from_flow = FlowRow(from_row)
        from_flow.addWidget(self.from_minutes)
        from_flow.addWidget(self.from_unit)
        form.addRow(form_label("from_minutes", "f"), from_row)
        form.labelForField(from_row).setBuddy(self.from_minutes)  # Alt+F goes to the box
        self.from_unit.hide()  # the box starts at "every length"
        self.from_minutes.valueChanged.connect(
            lambda value: self.from_unit.setVisible(value != EVERY_LENGTH))

        self.breath = BreathForm()
        form.addRow("", self.breath)

        self.clip = label("", name="step-clip")
        self.clip.setAccessibleName(f"{FORM_NAMES['clip']} clip")
        form.addRow(FORM_NAMES["clip"], self.clip)
        self.record = button("&Record…", "step-record",
                             "Record this step's words with the microphone")
        self.voice = button("Render with voice", "step-voice",
                            "Make this step's narration with the offline voice")
        self.voice.setEnabled(voice_available)
        self.voice.setToolTip("" if voice_available else voice_hint)
        if not voice_available:
            self.voice.setAccessibleDescription(f"Not available: {voice_hint}")
        self.clip_remove = button("Remove clip", "step-clip-remove",
                                  "Use no recording for this step (captions only)")
        self.play = button("Pla&y step", "step-play", "Play this step's words and caption")
        # A line of buttons that wraps (two to a row at 200 % text made a row 874 px wide).
        buttons = FlowRow()
        for widget in (self.record, self.voice, self.clip_remove, self.play):
            buttons.addWidget(widget)
        form.addRow("", buttons)
        self.voice_note = None
        if not voice_available:
            # Tab skips a turned-off button and its tooltip needs a mouse: why it is off is
            # also a line under it, reached by Tab (its pip command can be copied). Beside a
            # label (even ""), a form gives a wrapped label its size hint's height, taller
            # than it needs when wider: its words go at the top, right under the buttons.
            # (A row of its own, spanning, was cut: the form kept row heights from before.)
            self.voice_note = reachable(label(voice_hint, "muted"), "step-voice-note",
                                        "Render with voice", "Why it is off")
            self.voice_note.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
            form.addRow("", self.voice_note)

        self.phase.currentIndexChanged.connect(self._edited)
        self.text.textChanged.connect(self._edited)
        self.pause_kind.currentIndexChanged.connect(self._edited)
        for box in (self.pause_seconds, self.pause_min, self.pause_weight, self.pause_max,
                    self.from_minutes):
            box.valueChanged.connect(self._edited)
        self.breath.changed.connect(self._breath_edited)
        self.clip_remove.clicked.connect(self._remove_clip)
        self.record.clicked.connect(self.record_requested)
        self.voice.clicked.connect(self.voice_requested)
        self.play.clicked.connect(self.play_requested)
        self.setEnabled(False)

    def show_step(self, step: dict | None) -> None:
        """Edit ``step`` (a dict owned by the editor), or nothing."""
        self.step = step
        self.setEnabled(step is not None)
        if step is None:
            return
        self._loading = True
        try:
            self.phase.setCurrentIndex(max(0, self.phase.findData(step.get("phase"))))
            if self.text.toPlainText() != step.get("text", ""):
                self.text.setPlainText(step.get("text", ""))
            pause = step.get("pause", 0)
            flexible = isinstance(pause, dict)
            self.pause_kind.setCurrentIndex(1 if flexible else 0)
            if flexible:
                self.pause_min.setValue(pause.get("min", 0))
                self.pause_weight.setValue(pause.get("weight", 1))
                top = pause.get("max")
                self.pause_max.setValue(NO_MAX if top is None else top)
            else:
                self.pause_seconds.setValue(pause)
            self.from_minutes.setValue(step.get("from_minutes") or EVERY_LENGTH)
            self.breath.show_breath(step.get("breath"))
            self._show_extras()
        finally:
            self._loading = False

    def clip_changed(self) -> None:
        """The owner set or cleared ``step['clip']``: show it."""
        self._show_extras()
        self.changed.emit()

    def _show_extras(self) -> None:
        step = self.step or {}
        chosen = self.pause_kind.currentIndex()
        for index, page in enumerate(self.pause_pages):
            page.setVisible(index == chosen)
        clip = step.get("clip")
        words = clip if clip else "none — captions only; the time is estimated from the words"
        self.clip.setText(words)
        self.clip.setAccessibleDescription(words)
        self.clip_remove.setEnabled(bool(clip))

    def _edited(self) -> None:
        if self._loading or self.step is None:
            return
        step = self.step
        step["phase"] = self.phase.currentData()
        step["text"] = self.text.toPlainText()
        if self.pause_kind.currentData() == "fixed":
            if isinstance(step.get("pause"), dict):  # switching kind: carry the minimum over
                self._set_quietly(self.pause_seconds, step["pause"].get("min", 0))
            step["pause"] = self.pause_seconds.value()
        else:
            if not isinstance(step.get("pause"), dict):
                self._set_quietly(self.pause_min, step.get("pause", 0))
            top = self.pause_max.value()
            step["pause"] = {"min": self.pause_min.value(), "weight": self.pause_weight.value(),
                             "max": None if top == NO_MAX else top}
        shortest = self.from_minutes.value()
        if shortest == EVERY_LENGTH:
            step.pop("from_minutes", None)
        else:
            step["from_minutes"] = shortest
        self._show_extras()
        self.changed.emit()

    def _set_quietly(self, box: QDoubleSpinBox, value: float) -> None:
        box.blockSignals(True)
        box.setValue(value)
        box.blockSignals(False)

    def _breath_edited(self) -> None:
        if self._loading or self.step is None:
            return
        breath = self.breath.value()
        if breath is None:
            self.step.pop("breath", None)
        else:
            self.step["breath"] = breath
        self.changed.emit()

    def _remove_clip(self) -> None:
        if self.step is not None:
            self.step.pop("clip", None)
            self.clip_changed()

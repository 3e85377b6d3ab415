"""Settings: volumes, background sound, ducking, sound output, live rating, text, look.

Each control is built from an option declared in ``painease.settings`` (its title is the
label) and writes straight back to ``Settings``, which saves at once; the volumes and the
softening, which a held arrow key steps many times a second, apply at once and are saved
once the steps stop (``SaveSoon``), or when the page is left. The page listens to the
settings too, so a change made elsewhere (a volume moved in the player) shows here.
The list of sound outputs is read only when the patient asks for it, so start-up never
waits on PortAudio; a chosen output is looked for when the page is shown, and said to be
not connected when PortAudio does not list it (sessions then play through the system's
default output, and the choice is kept for when it is connected again).

Main thread only.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QSlider,
    QSpinBox,
    QWidget,
)

from painease.domain.vocabulary import counted
from painease.settings import BY_KEY, SCRIPT_AMBIENCE, Settings
from painease.ui.save_soon import SaveSoon
from painease.ui.slider_words import percent_row, say_value
from painease.ui.widgets import (
    AMBIENCE_WORDS,
    button,
    card,
    fill,
    label,
    scrolling_page,
    wheel_only_when_focused,
)
from painease.ui.wrapping_combo import WrappingCombo

AMBIENCE_CHOICES = {SCRIPT_AMBIENCE: "As the session suggests", **AMBIENCE_WORDS}
THEME_WORDS = {"light": "Light", "dark": "Dark"}


class WrappedCheck(QWidget):
    """A tick box whose title wraps like any text: a QCheckBox's own text never wraps, so
    at 200 % text a long title made the whole page wider than the window. The title is
    the box's label (its buddy), and clicking it ticks the box, as a tick box's own text
    does."""

    def __init__(self, title: str):
        super().__init__()
        self.box = QCheckBox()
        self.title = label(title)
        self.title.setBuddy(self.box)
        self.title.installEventFilter(self)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.box, 0, Qt.AlignmentFlag.AlignTop)
        row.addWidget(self.title, 1)

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt override
        if (watched is self.title and event.type() == QEvent.Type.MouseButtonRelease
                and event.button() == Qt.MouseButton.LeftButton
                and self.title.rect().contains(event.position().toPoint())):
            self.box.click()
            return True
        return super().eventFilter(watched, event)


class SettingsPage(QWidget):
    """Edits ``settings`` in place; other parts of the app listen to it."""

    def __init__(self, settings: Settings):
        super().__init__()
        self.settings = settings
        self.levels = SaveSoon(settings, self)  # the volumes and the softening
        self._controls: dict[str, QWidget] = {}  # option key → the control that shows it
        # A volume's key → what shows and says its value (set with the signals blocked).
        self._shows_value: dict[str, Callable[[int], None]] = {}
        area, layout = scrolling_page(name="Settings")
        fill(self, area)
        layout.addWidget(label("Settings", "title"))

        sound, sound_form = self._section(layout, "Sound")
        for key in ("master_volume", "narration_volume", "tones_volume", "ambience_volume"):
            slider = self._slider(key)
            self._row(sound_form, key, self._with_number(key, slider), buddy=slider)
        duck = wheel_only_when_focused(QSpinBox())
        duck.setRange(int(BY_KEY["duck_db"].low), int(BY_KEY["duck_db"].high))
        duck.setSuffix(" dB")
        duck.setValue(settings.get("duck_db"))
        duck.valueChanged.connect(lambda v: self.levels.set("duck_db", v))
        self._controls["duck_db"] = duck
        self._name(duck, "duck_db")
        duck.setAccessibleDescription("How far the background sound is lowered while the "
                                      "voice speaks")
        self._row(sound_form, "duck_db", duck)
        self._row(sound_form, "ambience", self._choice("ambience", AMBIENCE_CHOICES))

        self.device = wheel_only_when_focused(WrappingCombo())
        self._name(self.device, "audio_device")
        current = settings.get("audio_device")
        self.device.addItem("The system's default", "")
        if current:
            self.device.addItem(current, current)
            self.device.setCurrentIndex(1)
        self._describe_device()
        self.device.currentIndexChanged.connect(
            lambda _: settings.set("audio_device", self.device.currentData() or ""))
        self.device.currentTextChanged.connect(lambda _: self._describe_device())
        self._controls["audio_device"] = self.device
        find = button("Look for devices", "find-devices",
                      "List the sound outputs found when painease started")
        find.clicked.connect(self.list_devices)
        row = QHBoxLayout()  # under the list, which keeps the full width for long names
        row.addWidget(find)
        row.addStretch(1)
        output = label("Sound output", wrap=False)
        output.setBuddy(self.device)
        sound_form.addRow(output)
        sound_form.addRow(self.device)
        sound_form.addRow(row)
        self.device_note = label("", "muted")
        sound_form.addRow(self.device_note)

        session, session_form = self._section(layout, "During a session")
        session_form.addRow(self._check(
            "live_rating", "A slider you can move with the up and down arrows while you "
            "listen. Leave it off if it distracts you."))

        looks, looks_form = self._section(layout, "Reading and appearance")
        sizes = {size: f"{size}%" for size in BY_KEY["text_size"].choices}
        self._row(looks_form, "text_size", self._choice("text_size", sizes))
        self._row(looks_form, "theme", self._choice("theme", THEME_WORDS))
        therapist, therapist_form = self._section(layout, "For therapists")
        therapist_form.addRow(self._check(
            "therapist_mode", "Adds a Therapist page to write scripts, record narration, "
            "build sets and read patients' results"))
        self.saved_note = label("", "muted", name="settings-saved-note")
        layout.addWidget(self.saved_note)
        layout.addStretch(1)
        self._say_whether_saved()
        settings.add_listener(self._show_value)
        # A change saved a moment after it was made (a volume, here or in the player) is
        # said when that save is tried.
        self.levels.timer.timeout.connect(self._say_whether_saved)  # after its save
        settings.add_problem_listener(lambda _problem: self._say_whether_saved())

    def showEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        self._say_if_output_missing()

    def hideEvent(self, event) -> None:  # noqa: N802 - Qt override
        self.levels.flush()  # another page is shown, or the window closes: save now
        super().hideEvent(event)

    def _show_value(self, key: str, value) -> None:
        """A setting changed (here or elsewhere): show its value, without that showing
        counting as a change of its own."""
        control = self._controls.get(key)
        if control is not None:
            control.blockSignals(True)
            if isinstance(control, QCheckBox):
                control.setChecked(value)
            elif isinstance(control, QComboBox):
                row = control.findData(value)
                if row < 0 and control is self.device and value:
                    control.addItem(value, value)  # an output not listed here yet
                    row = control.count() - 1
                control.setCurrentIndex(max(0, row))
            else:  # a slider or a spin box
                control.setValue(value)
            control.blockSignals(False)
            if control is self.device:
                self._describe_device()
            if key in self._shows_value:
                self._shows_value[key](value)
            if key == "audio_device" and self.isVisible():
                self._say_if_output_missing()
        self._say_whether_saved()

    def _say_whether_saved(self) -> None:
        self.saved_note.setText(
            "Changes are saved as you make them." if self.settings.save_problem is None
            else "Your changes work until you close painease, but painease cannot save "
            "them now.")

    def _section(self, layout, title: str):
        box, box_layout = card()
        box_layout.addWidget(label(title, "heading"))
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)  # robust at 200 % text
        box_layout.addLayout(form)
        layout.addWidget(box)
        return box, form

    def _row(self, form: QFormLayout, key: str, field: QWidget,
             buddy: QWidget | None = None) -> None:
        """The option's title over (or beside) its control (``buddy``, when ``field`` holds
        more), as the control's label: a screen reader names a drop-down by its label on
        Linux, not by its accessible name (Qt reports a combo box's current text as its
        name there)."""
        title = label(BY_KEY[key].title)
        title.setBuddy(buddy or field)
        # Each on a row of its own (as WrapAllRows would place them), so a long title wraps
        # to the card's width: as a form's label it kept its one-line width and was cut.
        form.addRow(title)
        form.addRow(field)

    def _name(self, widget: QWidget, key: str) -> None:
        widget.setObjectName(f"setting-{key.replace('_', '-')}")
        widget.setAccessibleName(BY_KEY[key].title)

    def _check(self, key: str, description: str) -> WrappedCheck:
        """A tick box for a true/false option, saved as it changes."""
        row = WrappedCheck(BY_KEY[key].title)
        box = row.box
        box.setChecked(self.settings.get(key))
        box.toggled.connect(lambda on: self.settings.set(key, on))
        self._controls[key] = box
        self._name(box, key)
        box.setAccessibleDescription(description)
        return row

    def _slider(self, key: str) -> QSlider:
        slider = wheel_only_when_focused(QSlider(Qt.Orientation.Horizontal))
        slider.setRange(0, 100)
        slider.setValue(self.settings.get(key))
        # Set when a drag ends, not at each of its steps, and at each key or wheel step;
        # saved once the steps stop (each save is a write flushed to the disk).
        slider.valueChanged.connect(
            lambda v: None if slider.isSliderDown() else self.levels.set(key, v))
        slider.sliderReleased.connect(lambda: self.levels.set(key, slider.value()))
        self._controls[key] = slider
        self._name(slider, key)
        return slider

    def _with_number(self, key: str, slider: QSlider) -> QWidget:
        """``slider`` with its value beside it ("80%"), following it as it moves: a slider
        alone shows no number, so arrow keys moved it by steps no one could see. A screen
        reader hears it in words ("80 percent")."""
        row, number = percent_row(slider)
        say = say_value(slider, lambda v: f"{v} percent (0 to 100)")
        slider.valueChanged.connect(number.show_value)

        def show(value: int) -> None:
            number.show_value(value)
            say(value)

        self._shows_value[key] = show
        return row

    def _choice(self, key: str, words: dict) -> QComboBox:
        combo = wheel_only_when_focused(WrappingCombo())
        for value, text in words.items():
            combo.addItem(text, value)
        combo.setCurrentIndex(max(0, combo.findData(self.settings.get(key))))
        combo.currentIndexChanged.connect(lambda _: self.settings.set(key, combo.currentData()))
        self._controls[key] = combo
        self._name(combo, key)
        combo.setAccessibleDescription("Choose one: " + ", ".join(words.values()))
        return combo

    def list_devices(self) -> None:
        """Ask PortAudio for output devices now (a slow-ish call, so only on request)."""
        from painease.audio.outputs import import_sounddevice  # late: keep start-up light

        try:
            devices = import_sounddevice().query_devices()
        except Exception as exc:  # noqa: BLE001 - PortAudio errors vary; say what happened
            self.device_note.setText(f"No sound outputs could be listed ({exc}).")
            return
        names = [d["name"] for d in devices if d["max_output_channels"] >= 1]
        current = self.settings.get("audio_device")
        self.device.blockSignals(True)
        self.device.clear()
        self.device.addItem("The system's default", "")
        for name in names:
            self.device.addItem(name, name)
        missing = bool(current) and current not in names
        if missing:
            # Still the choice (sessions try it first, and play through the system's
            # default while it is not connected): say so, rather than show "The system's
            # default" for a device that is not.
            self.device.addItem(not_connected(current), current)
        self.device.setCurrentIndex(max(0, self.device.findData(current)))
        self.device.blockSignals(False)
        self._describe_device()
        # PortAudio lists the devices there were when it started, so say so: a headset
        # plugged in later shows up only once painease is opened again.
        found = (f"{counted(len(names), 'sound output', 'sound outputs')} found."
                 if names else "No sound outputs were found. Sessions still run, silently, "
                 "with captions and the timer.")
        self.device_note.setText(f"{missing_words(current) + ' ' if missing else ''}"
                                 f"{found} A device plugged in after painease started "
                                 "appears once painease is opened again.")

    def _describe_device(self) -> None:
        """The chosen output's whole name, for a screen reader (and each entry's, to
        hover over): a long one is cut short in the box, even at three lines."""
        tip = Qt.ItemDataRole.ToolTipRole
        for row in range(self.device.count()):
            if self.device.itemData(row, tip) != self.device.itemText(row):
                self.device.setItemData(row, self.device.itemText(row), tip)
        self.device.setAccessibleDescription(
            f"Where the sound plays, now {self.device.currentText()}. Press Look for "
            "devices to list them")

    def _say_if_output_missing(self) -> None:
        """Mark the chosen output "(not connected)" when PortAudio does not list it now,
        and say what sessions do meanwhile (asked only when an output was chosen)."""
        current = self.settings.get("audio_device")
        row = self.device.findData(current)
        if not current or row < 0:
            return
        from painease.audio.outputs import output_missing  # late: keep start-up light

        missing = output_missing(current)
        self.device.setItemText(row, not_connected(current) if missing else current)
        note = self.device_note.text()
        if missing and not note.startswith(missing_words(current)):
            self.device_note.setText(missing_words(current))
        elif not missing and note.endswith(NOT_CONNECTED_END):
            self.device_note.setText("")


NOT_CONNECTED_END = "is connected again."


def not_connected(device: str) -> str:
    return f"{device} (not connected)"


def missing_words(device: str) -> str:
    """What the note says while the chosen output ``device`` is not connected."""
    return (f"{device} is not connected now, so sessions play through the system's default "
            f"output. It stays your choice, and is used once it {NOT_CONNECTED_END}")

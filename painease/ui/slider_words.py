"""A slider's value for eyes and ears: the number beside it, and the words a screen reader
hears.

Qt hands assistive tools a slider's value as a bare number (its accessible value text is
the number, and the AT-SPI value interface has no text at all), so "70" could be a volume
or a rating out of 10, and Qt has no way to give the value words of its own. The slider's
accessible description says it instead ("70 percent", "5 out of 10", then what the slider
is for), kept up to date by ``say_value``; a screen reader reads it after the name and the
number.

``NumberBeside`` is the number shown next to a slider ("70%", "Pain right now: 5"), as
wide as its widest value at the current text size, so the slider does not shift as the
value goes from 9 to 10. ``labelled_slider`` is the player's slider that says its value,
``with_number`` one with its number beside it, ``level_with`` a number kept level with its
slider. Main thread only.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSlider, QWidget

from painease.ui.widgets import wheel_only_when_focused


def say_value(slider: QSlider, spoken: Callable[[int], str],
              about: str = "") -> Callable[[int], None]:
    """Keep ``slider``'s accessible description saying its value (``spoken(value)``, then
    ``about``, what the slider is for). Returns the function that says a value, for a
    value set while the slider's signals are blocked."""
    def say(value: int) -> None:
        words = spoken(value)
        slider.setAccessibleDescription(f"{words}. {about}" if about else words)

    say(slider.value())
    slider.valueChanged.connect(say)
    return say


class NumberBeside(QLabel):
    """The value of ``slider`` in ``shown`` words, as wide as the widest of them (right
    aligned when ``align_right``). Its builder calls ``show_value`` as the value changes
    (Settings sets a value with the slider's signals blocked)."""

    def __init__(self, slider: QSlider, shown: Callable[[int], str], name: str,
                 align_right: bool = False):
        super().__init__(shown(slider.value()))
        self._shown = shown
        self._values = range(slider.minimum(), slider.maximum() + 1)
        self._widest: tuple[str, int] = ("", 0)  # (font key, width of the widest text)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setObjectName(name)
        if align_right:
            self.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

    def show_value(self, value: int) -> None:
        self.setText(self._shown(value))

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return self._widened(super().sizeHint())

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return self._widened(super().minimumSizeHint())

    def _widened(self, hint: QSize) -> QSize:
        """``hint`` (for the text shown now) made as wide as for the widest text."""
        metrics = self.fontMetrics()
        key = self.font().key()  # the text size or the theme may have changed the font
        if self._widest[0] != key:
            self._widest = (key, max(metrics.size(0, self._shown(value)).width()
                                     for value in self._values))
        return QSize(hint.width() + self._widest[1] - metrics.size(0, self.text()).width(),
                     hint.height())


def percent_row(slider: QSlider) -> tuple[QWidget, NumberBeside]:
    """``slider`` (0 to 100) in a row with its value beside it ("80%", right aligned, as
    wide as "100%"), and that number, for the caller to keep up to date (``show_value``):
    a slider alone shows no number, so arrow keys moved it by steps no one could see.
    Settings' volumes and the player's use it."""
    number = NumberBeside(slider, lambda v: f"{v}%", f"{slider.objectName()}-value",
                          align_right=True)
    row = QWidget()
    layout = QHBoxLayout(row)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(slider, 1)
    layout.addWidget(number)
    return row, number


def labelled_slider(name: str, title: str, description: str, value: int,
                    high: int = 100) -> QSlider:
    """A slider whose accessible description says its value (a percent, as Settings'
    volumes say it, or out of ``high`` for a rating), then ``description``."""
    slider = QSlider(Qt.Orientation.Horizontal)
    slider.setRange(0, high)
    slider.setValue(value)
    slider.setObjectName(name)
    slider.setAccessibleName(title)
    say_value(slider, (lambda v: f"{v} percent (0 to 100)") if high == 100
              else (lambda v: f"{v} out of {high}"), description)
    # Long enough to set finely at any text size (a row too narrow for it wraps instead).
    slider.setMinimumWidth(10 * slider.fontMetrics().averageCharWidth())
    return wheel_only_when_focused(slider)


def with_number(slider: QSlider) -> QWidget:
    """``slider`` with its value beside it ("80%"), as on Settings (``percent_row``)."""
    row, number = percent_row(slider)
    slider.valueChanged.connect(number.show_value)
    return row


class _AsTall(QWidget):
    def __init__(self, number: QLabel, slider: QSlider):
        super().__init__()
        self._slider = slider
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(number)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        hint = super().sizeHint()
        return QSize(hint.width(), max(hint.height(), self._slider.sizeHint().height()))


def level_with(number: QLabel, slider: QSlider) -> QWidget:
    """``number`` in a box as tall as ``slider``, its words centred on that height: beside
    the slider in a ``FlowRow`` lining its items up at the top (the live rating, whose
    slider has the scale's ends under it), it is level with the slider."""
    return _AsTall(number, slider)

"""The patient's preferences as declared: each option's key, default, title and the values
it takes (``Option``), and how a value read from ``settings.json`` is taken (``valid``,
``not_used``). ``painease.settings`` keeps them in the data dir. A NamedTuple, not a
dataclass, and nothing heavy imported: it loads at start-up (benchmarks/README.md).

No Qt here.
"""

from __future__ import annotations

import math
from typing import NamedTuple

from painease.domain.ambience_names import AMBIENCES

SCRIPT_AMBIENCE = "script"  # "use what the script suggests"


class Option(NamedTuple):
    """One setting. ``choices`` limits the values; ``low``/``high`` bound numbers. (A
    NamedTuple, not a dataclass: importing ``dataclasses`` cost the start ~2.3 ms;
    benchmarks/README.md has the figures.)"""

    key: str
    default: bool | int | float | str
    title: str
    choices: tuple | None = None
    low: float | None = None
    high: float | None = None

    def meant(self, value: object):
        """``value`` as this option takes it when what was meant is clear, else None: a
        number in a string or as a float (rounded to a whole one for a whole-number
        option), a number past an end moved to that end, a choice in other letter case
        or with spaces for hyphens, 1 or 0 (or "true", "false") for a yes-or-no."""
        if self.accepts(value):
            return value
        kind = type(self.default)
        if kind is bool:
            words = {"true": True, "false": False, "yes": True, "no": False}
            if type(value) in (int, float) and value in (0, 1):
                return bool(value)
            return words.get(value.strip().lower()) if isinstance(value, str) else None
        if kind is str:
            if not isinstance(value, str) or self.choices is None:
                return None
            wanted = "-".join(value.strip().lower().replace("_", " ").split())
            return next((c for c in self.choices if c.lower() == wanted), None)
        number = value
        if isinstance(value, str):
            try:
                number = float(value.strip())
            except ValueError:
                return None
        if (isinstance(number, bool) or not isinstance(number, int | float)
                or not _finite(number)):
            return None
        if kind is int:
            number = math.floor(number + 0.5)
        if self.low is not None:
            number = max(number, kind(self.low))
        if self.high is not None:
            number = min(number, kind(self.high))
        return number if self.accepts(number) else None

    def accepts(self, value: object) -> bool:
        kind = type(self.default)
        if kind is bool:
            ok = isinstance(value, bool)
        elif kind is float:  # JSON may hand back 5 for 5.0, and NaN or Infinity
            ok = (isinstance(value, int | float) and not isinstance(value, bool)
                  and _finite(value))
        else:
            ok = isinstance(value, kind) and not isinstance(value, bool)
        if not ok:
            return False
        if self.choices is not None and value not in self.choices:
            return False
        if self.low is not None and value < self.low:
            return False
        return self.high is None or value <= self.high


OPTIONS: tuple[Option, ...] = (
    Option("master_volume", 80, "Overall volume", low=0, high=100),
    Option("narration_volume", 100, "Voice", low=0, high=100),
    Option("tones_volume", 70, "Breathing tones and chimes", low=0, high=100),
    Option("ambience_volume", 60, "Background sound", low=0, high=100),
    Option("duck_db", 10, "Soften the background while the voice speaks (dB)", low=0, high=30),
    Option("ambience", SCRIPT_AMBIENCE, "Background sound to play",
           choices=(SCRIPT_AMBIENCE, *AMBIENCES)),
    Option("audio_device", "", "Sound output (empty: the system's default)"),
    Option("live_rating", False, "Offer a live pain rating during sessions"),
    Option("text_size", 100, "Text size (%)", choices=(100, 125, 150, 200)),
    Option("theme", "light", "Appearance", choices=("light", "dark")),
    Option("welcome_seen", False, "The first-run welcome has been read"),
    Option("therapist_mode", False, "I am a therapist: show the Therapist workspace"),
    Option("insights_period", "3m", "The period Insights showed last",
           choices=("2w", "3m", "all")),  # painease.ui.charts.data.PERIODS' keys
)
BY_KEY = {option.key: option for option in OPTIONS}


def usable_values(stored: dict) -> dict:
    """The values in ``stored`` as their options take them (``Option.meant``); those that
    do not fit fall back to the default (``unusable_values``)."""
    meant = {key: BY_KEY[key].meant(value) for key, value in stored.items() if key in BY_KEY}
    return {key: value for key, value in meant.items() if value is not None}


def unusable_values(stored: dict) -> dict:
    """The values in ``stored`` for known options that do not fit them at all."""
    return {key: value for key, value in stored.items()
            if key in BY_KEY and BY_KEY[key].meant(value) is None}


def _finite(number: int | float) -> bool:
    """Not NaN or infinity. A whole number too big for a float (``1`` and 400 zeros) is
    infinity, as JSON reads ``1e400``: not moved to an end as 150 is (meant: unclear)."""
    try:
        return math.isfinite(number)
    except OverflowError:
        return False

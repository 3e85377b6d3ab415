"""Keep every clip at a calm, even speaking rate: adjust the pauses first, then the voice.

With fixed pauses a step of short sentences and lists crawls (80 words a minute) while one
long run of short words races (200). So each clip is paced: its silences (between
sentences and at commas) are scaled, within ``min_pause_scale``–``max_pause_scale``, to
bring the whole clip's rate into ``min_wpm``–``max_wpm``. If even the longest pauses leave
it too fast, the voice speaks the text again more slowly (a larger ``length_scale``, up to
``max_length_scale``); if even the shortest leave it too slow, a little faster (down to
``min_length_scale``). The rate counts the clip's full length, pauses included: that is
the pace a listener hears.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import TYPE_CHECKING

import numpy as np

from painease.narration.manifest import spoken_words
from painease.narration.processing import Sentence, join_sentences, open_phrase_breaks

if TYPE_CHECKING:
    from painease.narration.render import NarrationSettings

# At most this many tries at a slower voice; each aims straight at the rate wanted.
_VOICE_TRIES = 3


@dataclasses.dataclass(frozen=True)
class Paced:
    """The clip at the voice's own rate, and the scales that set its pace."""

    audio: np.ndarray
    length_scale: float
    pause_scale: float


def assemble(sentences: list[Sentence], rate: int, settings: NarrationSettings,
             pause_scale: float) -> np.ndarray:
    """Sentences joined with their phrase and sentence pauses scaled by ``pause_scale``."""
    opened = [open_phrase_breaks(s, rate, settings.phrase_pause * pause_scale)
              for s in sentences]
    return join_sentences(opened, rate, settings.sentence_pause * pause_scale)


def pause_scale_for(words: int, speech: float, pauses: float,
                    settings: NarrationSettings) -> float:
    """The scale nearest 1 that brings ``words`` over ``speech + scale * pauses`` s in band."""
    if pauses <= 0:
        return 1.0
    natural = words * 60 / (speech + pauses)
    if natural < settings.min_wpm:
        scale = (words * 60 / settings.min_wpm - speech) / pauses
    elif natural > settings.max_wpm:
        scale = (words * 60 / settings.max_wpm - speech) / pauses
    else:
        return 1.0
    return float(np.clip(scale, settings.min_pause_scale, settings.max_pause_scale))


def pace(speak: Callable[[str, NarrationSettings], list[Sentence]], text: str, rate: int,
         settings: NarrationSettings) -> Paced:
    """Speak ``text`` (``speak`` at ``rate`` Hz) and pace it; see the module docstring."""
    words = spoken_words(text)
    length_scale = settings.length_scale
    tried: list[tuple[float, float]] = []  # (length_scale, seconds of speech)
    for attempt in range(_VOICE_TRIES):
        used = length_scale
        sentences = speak(text, dataclasses.replace(settings, length_scale=used))
        speech = len(assemble(sentences, rate, settings, 0.0)) / rate
        pauses = len(assemble(sentences, rate, settings, 1.0)) / rate - speech
        scale = pause_scale_for(words, speech, pauses, settings)
        wpm = words * 60 / (speech + scale * pauses) if speech > 0 else 0.0
        if speech <= 0 or attempt == _VOICE_TRIES - 1:
            break
        # Out of band even with the pauses at their limit: change the voice's speed, aiming
        # just inside the band.
        if wpm > settings.max_wpm:
            wanted = words * 60 / (settings.max_wpm * 0.97) - scale * pauses
        elif wpm < settings.min_wpm:
            wanted = words * 60 / (settings.min_wpm * 1.03) - scale * pauses
        else:
            break
        tried.append((used, speech))
        length_scale = float(np.clip(_next_length_scale(tried, max(wanted, 0.0)),
                                     settings.min_length_scale, settings.max_length_scale))
        if length_scale == used:
            break
    return Paced(assemble(sentences, rate, settings, scale), used, scale)


def _next_length_scale(tried: list[tuple[float, float]], wanted: float) -> float:
    """The length_scale expected to give ``wanted`` seconds of speech.

    Piper's speech time grows about linearly with length_scale but not in proportion
    (some of it does not stretch), so after two tries the line through them is used;
    after one, plain proportion.
    """
    (scale, seconds) = tried[-1]
    if len(tried) >= 2:
        (before, before_seconds) = tried[-2]
        if scale != before and seconds != before_seconds:
            slope = (seconds - before_seconds) / (scale - before)
            if slope > 0:
                return scale + (wanted - seconds) / slope
    return scale * wanted / seconds

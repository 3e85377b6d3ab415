"""The names of the ambience beds the audio engine can make ("none": silence under the
voice). Its own module, with nothing else in it, for ``painease.setting_options``, which
loads at start-up: ``painease.domain.vocabulary`` (which names them too) builds two enum
classes on import (benchmarks/README.md)."""

AMBIENCES = ("none", "brown-noise", "soft-rain", "warm-drone")

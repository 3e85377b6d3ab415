"""Synthetic audio for the narration tests: a tone and a (noise-floored) silence."""

from __future__ import annotations

import numpy as np

RATE = 22_050


def tone(seconds: float, amplitude: float = 0.3, freq: float = 220.0, rate: int = RATE):
    t = np.arange(round(seconds * rate)) / rate
    return (amplitude * np.sin(2 * np.pi * freq * t)).astype(np.float32)


def silence(seconds: float, rate: int = RATE, floor: float = 0.0):
    rng = np.random.default_rng(1)
    return (floor * rng.standard_normal(round(seconds * rate))).astype(np.float32)

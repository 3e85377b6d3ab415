"""Samples that are not numbers (NaN, infinity: a float file can hold them) made silence,
with a short fade either side so the silence does not click.

``NotNumberFades(samplerate, channels)`` takes a stream's decoded blocks in order
(``take``, at the file's own rate, before any mixing or resampling) and gives back every
frame but the last ``FADE_SECONDS``, which it holds back: a bad sample at the start of the
next block may need them faded out. Samples that are not numbers come back as 0; a sample
closer than ``FADE_SECONDS`` to one (in its own channel) is faded by a raised cosine of
that distance, so the gain moves by at most ``pi / (2 * fade frames)`` a frame, as at a
clip's edges (``painease.audio.layers.CLIP_EDGE_SECONDS``). Every other sample is given
back as it was. ``finish()`` gives the frames held back (the end of the file); ``reset()``
forgets them and the bad samples before (a seek: ``FileStream`` re-enters a second before
its target and discards what it decodes up to it, so no frame it plays depends on what
was forgotten). ``count`` is the bad samples taken so far, seeks included.

Reader thread only: it allocates. The fades cost nothing for a block with no bad sample
near it but one copy (of the held frames and the block, joined).
"""

from __future__ import annotations

import numpy as np

FADE_SECONDS = 0.005
"""How far either side of a bad sample the sound fades: as a clip's edges (5 ms)."""

_NONE = -(2**40)  # where the last bad sample was when there has been none


class NotNumberFades:
    """Zero and fade a stream's non-numbers (module doc)."""

    def __init__(self, samplerate: int, channels: int) -> None:
        self._fade = max(1, round(FADE_SECONDS * samplerate))
        self._channels = channels
        self.count = 0
        self.reset()

    def reset(self) -> None:
        """Forget the frames held back and the bad samples before (a seek)."""
        self._held = np.zeros((0, self._channels), dtype=np.float32)
        self._held_bad = np.zeros((0, self._channels), dtype=bool)
        self._last_bad = np.full(self._channels, _NONE, dtype=np.int64)  # relative to _held

    def take(self, data: np.ndarray) -> np.ndarray:
        """A block decoded after the last: the frames now ready (a new array)."""
        finite = np.isfinite(data)
        bad = ~finite
        if not finite.all():
            self.count += int(np.count_nonzero(bad))
            data = np.where(finite, data, np.float32(0.0))
        return self._give(np.concatenate([self._held, data]),
                          np.concatenate([self._held_bad, bad]), hold=self._fade)

    def finish(self) -> np.ndarray:
        """The frames held back (the file ended)."""
        return self._give(self._held, self._held_bad, hold=0)

    def _give(self, frames: np.ndarray, bad: np.ndarray, hold: int) -> np.ndarray:
        """``frames`` (from the first held back; ``bad``: which samples were not numbers)
        faded, but for the last ``hold``, kept for the next call."""
        ready = max(0, len(frames) - hold)
        out = frames[:ready]
        near = self._last_bad > -self._fade  # a bad sample just before these frames
        if ready and (near.any() or bad.any()):
            at = np.arange(ready, dtype=np.int64)
            for channel in range(self._channels):
                found = np.concatenate([[self._last_bad[channel]],
                                        np.flatnonzero(bad[:, channel])])
                after = np.searchsorted(found, at)  # >= 1: found[0] < 0 <= at
                before = at - found[after - 1]
                ahead = np.where(after < len(found),
                                 found[np.minimum(after, len(found) - 1)] - at, self._fade)
                distance = np.minimum(np.minimum(before, ahead), self._fade)
                gain = 0.5 - 0.5 * np.cos(np.pi * distance / self._fade)
                out[:, channel] *= gain.astype(np.float32)
                given = found[found < ready]
                self._last_bad[channel] = given[-1]
        self._last_bad -= ready
        np.maximum(self._last_bad, _NONE, out=self._last_bad)
        self._held, self._held_bad = frames[ready:], bad[ready:]
        return out

"""How loud an ambience *file* may play: no louder than the built-in beds.

The built-in beds (``synth.ambience_loop``) sit at ``BED_RMS_DBFS`` RMS with peaks far
below ``FILE_BED_PEAK_DBFS``, quiet enough under the voice that the mix stays under full
scale. A file someone hands to ``painease render --ambience`` can be as loud as a file can
be: full-scale noise once pushed the mix past full scale at render's own volumes, so the
engine's final limit flattened its peaks and an Ogg render decoded to peaks of 1.5. So a
file bed is measured when it is opened, in one decoding pass, as it is heard: at the rate
it plays at (sound above the output's range, which resampling takes out, once counted: a
30 kHz tone no one hears turned a 96 kHz birdsong file down 15 dB, not 3) and without its
DC offset (``painease.audio.dc``: an offset of 0.2 once turned wind down 16 dB, not 4). A
bed louder than the built-in ones is turned down to their level by one fixed gain: by RMS,
and further if a peak would still pass ``FILE_BED_PEAK_DBFS``; the note says which rule
lowered it (a quiet file with sharp peaks is not "louder" than the beds). A peak is counted
``sqrt(2)`` higher than found, as the loop's equal-power crossfade can raise material in
phase at the join by that much. A quieter file plays as it is (it was chosen that
quiet). The same pass finds the offset, which play takes out.

The bound this gives: a bed peaks at most at ``FILE_BED_PEAK_DBFS`` (0.25). Under the
voice at render's volumes (ambience 0.6, ducked by 10 dB) it adds at most 0.05, which
fits above narration peaking at -0.5 dBFS (the bundled clips peak at -0.6 at most);
between words, over a chime (-12 dBFS) or a breath tone, it adds at most 0.15. Louder
settings than render's lean on the RMS rule: full-scale noise brought to -30 dBFS RMS
peaks near -25 dBFS.

The same pass finds samples that are not numbers (NaN or infinity, which only a float
file can hold): they play as silence (``FileStream``), so a file of nothing else holds no
audio and is refused as an empty one is; a file with some is played and the note says so.

A file shorter than ``MIN_SECONDS`` is refused, as an empty one is: looped, it would
flutter or buzz.

The pass costs what decoding the file costs (0.75 s for ten minutes of Ogg Vorbis), and
resampling it if its rate is not the output's: fine
when a session or a render opens the bed; never in the audio callback.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import NamedTuple

import numpy as np

from painease.audio.clips import ClipError
from painease.audio.streams import FileStream
from painease.audio.synth import BED_RMS_DBFS

FILE_BED_PEAK_DBFS = -12.0
"""No sample of an ambience file, as played, goes above this."""

MIN_SECONDS = 2.0
"""A shorter ambience file is not played: looped, it would repeat faster than once a second
(``LoopingStream`` crossfades half of a file this short into itself), a flutter; a few
milliseconds repeated are a buzz, and one sample a constant."""

_BLOCK = 65536


class BedLevel(NamedTuple):
    gain: float  # at most 1
    notes: list[str]  # one line each
    offset: np.ndarray | None  # each channel's mean, for ``FileStream``'s ``offset``


def file_bed_gain(path: Path, samplerate: int) -> BedLevel:
    """The gain (at most 1) that brings the file at ``path`` to the built-in beds' level,
    one-line notes (by how much it is lowered, if it is; samples that are not numbers, if
    it has some), and its DC offset, which play takes out (``painease.audio.dc``).
    ``ClipError`` when every sample that is not silence is not a number, or the file is
    too short to loop (``MIN_SECONDS``).

    Measured as heard: at ``samplerate``, the rate it will play at (resampling takes out
    what is above the output's range, which no one hears), without its DC offset. A file
    that cannot be decoded gets ``(1.0, [], None)``: opening it to play says why.
    """
    frames, high, low = 0, np.full(2, -np.inf), np.full(2, np.inf)
    sums, squares = np.zeros(2), np.zeros(2)
    try:
        with FileStream(path, samplerate) as stream:
            while len(block := stream.read(_BLOCK)):
                frames += len(block)
                high, low = np.maximum(high, block.max(axis=0)), np.minimum(low, block.min(axis=0))
                sums += block.sum(axis=0, dtype=np.float64)
                squares += np.einsum("ij,ij->j", block, block, dtype=np.float64)
            not_numbers, offset = stream.not_numbers, stream.mean
    except ClipError:
        return BedLevel(1.0, [], None)
    notes = []
    if not_numbers:
        if max(high.max(), -low.min()) == 0.0:
            raise ClipError(f"the audio file {Path(path)} holds no audio (its samples are not "
                            "numbers: NaN or infinity)")
        notes.append(f"the audio file {Path(path)} holds samples that are not numbers (NaN "
                     "or infinity); they play as silence")
    if frames < MIN_SECONDS * samplerate:
        raise ClipError(f"the audio file {Path(path)} lasts {_length(frames / samplerate)}, "
                        "too short to loop smoothly as a background sound (it needs "
                        f"{MIN_SECONDS:g} s or more)")
    mean = sums / frames  # the offset, as played at this rate: taken out before measuring
    peak = float(np.max(np.maximum(high - mean, mean - low)))
    energy = float(np.sum(squares - frames * mean**2))
    if peak <= 0.0 or energy <= 0.0:
        return BedLevel(1.0, notes, offset)
    rms = math.sqrt(energy / (2 * frames))
    by_level = 10 ** (BED_RMS_DBFS / 20) / rms
    by_peaks = 10 ** (FILE_BED_PEAK_DBFS / 20) / (math.sqrt(2) * peak)
    gain = min(1.0, by_level, by_peaks)
    if gain >= 1.0:
        return BedLevel(1.0, notes, offset)
    # Said by the rule that lowered it: a file no louder than the beds overall can still
    # have peaks (birdsong, a door) far above theirs.
    why = ("is louder than the built-in background sounds" if by_level <= by_peaks else
           "has peaks louder than the built-in background sounds allow")
    return BedLevel(gain, [f"{Path(path)} {why}; it plays {-20 * math.log10(gain):.0f} dB "
                           "quieter, so the voice stays clear and nothing distorts", *notes],
                    offset)


def _length(seconds: float) -> str:
    """Rounded down: 1.96 s said as "2.0 s" once read as long enough, but refused."""
    if seconds >= 1:
        return f"only {math.floor(seconds * 10) / 10:.1f} s"
    return f"only {seconds * 1000:.0f} ms" if seconds >= 0.0005 else "less than 1 ms"

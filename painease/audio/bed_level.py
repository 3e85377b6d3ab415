"""How loud an ambience *file* may play: no louder than the built-in beds.

The built-in beds (``synth.ambience_loop``) sit at ``BED_RMS_DBFS`` RMS with peaks far
below ``FILE_BED_PEAK_DBFS``, quiet enough under the voice that the mix stays under full
scale. A file someone hands to ``painease render --ambience`` can be as loud as a file can
be: full-scale noise once pushed the mix past full scale at render's own volumes, so the
engine's final limit flattened its peaks and an Ogg render decoded to peaks of 1.5. So a
file bed is measured when it is opened, in one decoding pass at its own rate, and a bed
louder than the built-in ones is turned down to their level by one fixed gain: by RMS,
and further if a peak would still pass ``FILE_BED_PEAK_DBFS``; the note says which rule
lowered it (a quiet file with sharp peaks is not "louder" than the beds). A peak is counted
``sqrt(2)`` higher than found, as the loop's equal-power crossfade can raise material in
phase at the join by that much; resampling moves a peak by a fraction of a dB, which the
ceiling's margin (below) covers. A quieter file plays as it is (it was chosen that quiet).

The bound this gives: a bed peaks at most at ``FILE_BED_PEAK_DBFS`` (0.25). Under the
voice at render's volumes (ambience 0.6, ducked by 10 dB) it adds at most 0.05, which
fits above narration peaking at -0.5 dBFS (the bundled clips peak at -0.6 at most);
between words, over a chime (-12 dBFS) or a breath tone, it adds at most 0.15. Louder
settings than render's lean on the RMS rule: full-scale noise brought to -30 dBFS RMS
peaks near -25 dBFS.

The same pass finds samples that are not numbers (NaN or infinity, which only a float
file can hold): they play as silence (``FileStream``), so a file of nothing else holds no
audio and is refused as an empty one is; a file with some is played and the note says so.

The pass costs what decoding the file costs (0.75 s for ten minutes of Ogg Vorbis): fine
when a session or a render opens the bed; never in the audio callback.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import soundfile

from painease.audio.clips import ClipError
from painease.audio.streams import FileStream
from painease.audio.synth import BED_RMS_DBFS

FILE_BED_PEAK_DBFS = -12.0
"""No sample of an ambience file, as played, goes above this."""

_BLOCK = 65536


def file_bed_gain(path: Path, samplerate: int) -> tuple[float, list[str]]:
    """The gain (at most 1) that brings the file at ``path`` to the built-in beds' level,
    and one-line notes: by how much it is lowered, if it is; samples that are not numbers,
    if it has some. ``ClipError`` when every sample that is not silence is not a number.

    ``samplerate`` is the rate it will play at (used only if the file's own cannot be
    read). A file that cannot be decoded gets ``(1.0, [])``: opening it to play says why.
    """
    try:
        rate = soundfile.info(str(path)).samplerate
    except (soundfile.LibsndfileError, RuntimeError, OSError):
        rate = samplerate
    peak, energy, count = 0.0, 0.0, 0
    try:
        with FileStream(path, rate) as stream:  # its own rate: no resampling to pay for
            while len(block := stream.read(_BLOCK)):
                peak = max(peak, float(np.max(np.abs(block))))
                flat = block.ravel()
                energy += float(np.dot(flat, flat))
                count += flat.size
            not_numbers = stream.not_numbers
    except ClipError:
        return 1.0, []
    notes = []
    if not_numbers:
        if peak == 0.0:
            raise ClipError(f"the audio file {Path(path)} holds no audio (its samples are not "
                            "numbers: NaN or infinity)")
        notes.append(f"the audio file {Path(path)} holds samples that are not numbers (NaN "
                     "or infinity); they play as silence")
    if peak == 0.0:
        return 1.0, notes
    rms = math.sqrt(energy / count)
    by_level = 10 ** (BED_RMS_DBFS / 20) / rms
    by_peaks = 10 ** (FILE_BED_PEAK_DBFS / 20) / (math.sqrt(2) * peak)
    gain = min(1.0, by_level, by_peaks)
    if gain >= 1.0:
        return 1.0, notes
    # Said by the rule that lowered it: a file no louder than the beds overall can still
    # have peaks (birdsong, a door) far above theirs.
    why = ("is louder than the built-in background sounds" if by_level <= by_peaks else
           "has peaks louder than the built-in background sounds allow")
    return gain, [f"{Path(path)} {why}; it plays {-20 * math.log10(gain):.0f} dB quieter, "
                  "so the voice stays clear and nothing distorts", *notes]

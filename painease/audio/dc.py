"""A DC offset: a recording whose waveform sits off centre (a faulty interface or a
careless edit can add one), taken out as the file is played.

A DC offset is not heard as sound, but it is still signal: counted as loudness it turned
an ambience file down by 12 dB more than its sound needed; mixed, it moved each time the
background ducked under the voice (a slow thump); and a narration clip with one stepped
from silence to the offset and back at its start and end. So every file the app plays
has each channel's mean taken out (``FileStream``'s ``offset``), which leaves a steady
loop steady (the same value comes out of every pass), and levels are measured without it.

A narration clip's mean is measured when it starts to play, over at most its first
``MEASURE_SECONDS`` (a recorder's offset does not change over a recording, and a long clip
is not decoded twice whole); an ambience file's over all of it, in the pass that measures
its level (``bed_level``). ``painease check`` (``painease.audio.clips``) judges a clip as
it plays, with this offset taken out (its peak, and whether it was clipped), warns of a
clip whose offset is at least ``clip_notes.NOTE_OFFSET``, and of one whose offset changes
part-way (two takes joined), which the first ``MEASURE_SECONDS`` do not hold, so play
leaves it in.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import soundfile

from painease.audio.clips import OFFSET_SECONDS, ClipError
from painease.audio.streams import FileStream

MEASURE_SECONDS = OFFSET_SECONDS  # check measures the same span (``painease.audio.clips``)
_BLOCK = 65_536


def clip_offset(path: Path) -> np.ndarray | None:
    """Each channel's mean over the first ``MEASURE_SECONDS`` of the file at ``path``, at
    its own rate (no resampling to pay for); None if it cannot be opened (playing it says
    why). A clip that fails to decode part-way gets the mean of what decoded."""
    try:
        rate = soundfile.info(str(path)).samplerate
        stream = FileStream(path, rate)
    except (soundfile.LibsndfileError, RuntimeError, OSError, ValueError, ClipError):
        return None
    with stream:
        try:
            left = math.ceil(MEASURE_SECONDS * rate)
            while left > 0 and len(block := stream.read(min(_BLOCK, left))):
                left -= len(block)
        except ClipError:
            pass
        return stream.mean

"""What ``painease check`` says of a clip that plays, but not as meant: too short, silent,
clipped, far from the voice's level, off centre (``clip_notes``), or too large for a pack
(``pack_size_problem``). Judged from what ``painease.audio.clips`` measures of it as it
plays (``DecodedClip``); only warnings: the clip still plays.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from painease.audio.clips import DecodedClip


# A narration clip that never rises above this is silence to a listener (a recording left
# muted, or exported from an empty track): ``painease check`` warns of it.
SILENT_PEAK_DB = -60.0
# The level of the app's own voice: every clip `painease narrate` renders and every take
# the app records is brought to about -20 (the bundled clips measure -20.5 to -19.2 dBFS
# gated RMS, as ``painease.audio.takes.gated_rms_dbfs`` measures; ``takes.TARGET_RMS_DBFS``).
# Clips play at their own level, so ``painease check`` warns of one more than
# ``LEVEL_TOLERANCE_DB`` away: 6 dB is about what a listener notices at once as a
# different loudness from the step before (someone reaches for the volume), and well
# past the bundled clips' own spread of about 1 dB, so a recording made with care passes.
VOICE_LEVEL_DBFS = -20.0
LEVEL_TOLERANCE_DB = 6.0
# Each clip fades in and out over 5 ms as it plays (``painease.audio.layers``
# ``CLIP_EDGE_SECONDS``): a clip shorter than this is mostly fade and too short to hold a
# word (a short syllable lasts about 0.1 s), so ``painease check`` warns of it.
SHORT_CLIP_SECONDS = 0.1
# The largest file a pack may carry (``painease.packs.safezip.MAX_FILE_BYTES``, a layer
# above; a test holds the two equal): ``painease check`` warns of a larger clip.
PACK_FILE_BYTES = 64 * 1024 * 1024
# A clip whose waveform sits this far off centre (2 % of full scale, -34 dBFS) gets a
# note: it plays with the offset taken out (``painease.audio.dc``), but it says the
# recording chain adds one. So does one whose offset over its first ``OFFSET_SECONDS``
# (``painease.audio.clips``), which play measures and takes out, is this far from its mean
# over all of it: the offset changes part-way (two takes joined), and play leaves some of
# it in.
NOTE_OFFSET = 0.02
# A clip with more than this share of its samples clipped (``painease.audio.clips``
# ``CLIPPED_SAMPLE``) was clipped (a clean recording normalised to 0 dBFS touches full
# scale at a handful of peaks; the bundled clips peak at -0.6 dBFS at most).
CLIPPED_SHARE = 0.001


def silent_note(name: str, clip: DecodedClip) -> str | None:
    """What ``painease check`` warns of a clip no one would hear, or None."""
    if clip.peak > 10 ** (SILENT_PEAK_DB / 20):
        return None
    return (f"the clip {name} is silent all through, so nothing is heard for this step's "
            "words; record or export it again")


def clip_notes(name: str, clip: DecodedClip) -> list[str]:
    """What ``painease check`` warns of a clip that plays but not as meant: so short it is
    mostly fade (said first: a clip of one sample is too short, not a silent recording);
    silent all through; clipped; far louder or quieter than the app's voice; off centre.
    At most one of these (the first that applies), each with what to do."""
    if clip.seconds < SHORT_CLIP_SECONDS:
        ms = clip.seconds * 1000
        return [f"the clip {name} lasts {f'only {ms:.0f}' if ms >= 0.5 else 'less than 1'} ms, "
                f"too short to hold a word (clips under {SHORT_CLIP_SECONDS:g} s are mostly "
                "the 5 ms fades at each end), so little or nothing is heard; check that the "
                "whole recording was exported"]
    note = silent_note(name, clip)
    if note is not None:
        return [note]
    if clip.clipped > CLIPPED_SHARE:
        return [f"the clip {name} is clipped ({clip.clipped:.1%} of its samples are at full "
                "scale), so it sounds distorted; record or export it again from the original "
                "at a lower level"]
    off = clip.level - VOICE_LEVEL_DBFS
    if abs(off) > LEVEL_TOLERANCE_DB:
        return [f"the clip {name} is about {abs(off):.0f} dB {'louder' if off > 0 else 'quieter'}"
                f" than the app's voice (it measures {clip.level:.1f} dBFS, the voice "
                f"{VOICE_LEVEL_DBFS:g}), and clips play at their own level, so it will "
                f"sound {'loud' if off > 0 else 'faint'} next to the other steps; bring it "
                f"to about {VOICE_LEVEL_DBFS:g} dBFS RMS (or -20 LUFS) and export it again"]
    if clip.drift > NOTE_OFFSET:
        return [f"the clip {name} has a DC offset that changes part-way (two takes joined?), "
                "so it cannot all be taken out as it plays; remove the offset from each part "
                "(a DC offset or high-pass filter) and export it again"]
    if clip.offset >= NOTE_OFFSET:
        return [f"the clip {name} has a DC offset (its waveform sits {clip.offset:.0%} of "
                "full scale off centre); it plays with the offset taken out, but a recording "
                "chain that adds one can add hum or noise too: remove it at the source (a DC "
                "offset or high-pass filter) and export it again"]
    return []


def pack_size_problem(name: str | Path, size: int) -> str | None:
    """Why a clip of ``size`` bytes cannot go in a pack, with what to do, or None: said by
    ``painease check`` (a warning: the clip plays here) and by ``painease pack build``."""
    if size <= PACK_FILE_BYTES:
        return None
    kind = Path(name).suffix.lower()
    if kind == ".flac":  # compressed already, without loss: a lossy format is far smaller
        fix = "export it as Ogg Opus or Vorbis, which are far smaller than FLAC,"
    elif kind in (".ogg", ".oga", ".opus", ".mp3"):
        fix = "export it again at a lower bit rate"
    else:
        fix = "export it in a compressed format (Ogg Opus or Vorbis, or FLAC)"
    return (f"the clip {name} is {size / (1 << 20):.0f} MiB, larger than the "
            f"{PACK_FILE_BYTES >> 20} MiB a pack may carry in one file, so it cannot go in a "
            f"pack; {fix} or make it shorter")

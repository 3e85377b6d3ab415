"""Facts about narration clips, read with soundfile (libsndfile).

Used when loading scripts, so a missing or undecodable clip is reported before a session
starts rather than discovered mid-session. ``clip_seconds`` reads only a file's header
unless asked to decode: the library measures every clip at each start, where decoding
them all would be slow. ``decoded_seconds`` decodes to the end and holds the clip to its
header, for ``painease check`` and pack import, so a clip that is cut short or damaged
past its header (it would play partly, then fall silent) is refused there; so is a clip
whose samples go past full scale (``ClipTooLoud``): a float WAV or an Ogg file can hold
them, and the mixer can only clip them, which is heard as distortion.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import BinaryIO

import numpy as np
import soundfile


class ClipError(Exception):
    """A clip cannot be used; the message says why in one line."""


class ClipTooLoud(ClipError):
    """A clip peaks past full scale: it would play distorted. The message says by how much
    and what to do about it."""


def file_problem(path: Path, what: str) -> str | None:
    """Why ``path`` cannot be opened as an audio file (``what``: "clip file", "audio
    file"…), in one line, or None. A folder, a FIFO (opening it waits for a writer) or a
    device (/dev/zero is endless) is said as such, and so is a file that cannot be read,
    rather than "does not exist" or a decoder's "System error"."""
    try:
        info = path.stat()
    except FileNotFoundError:
        return f"the {what} {path} does not exist"
    except OSError as exc:
        return f"the {what} {path} cannot be read ({exc.strerror or exc})"
    except ValueError:  # a NUL byte or a lone surrogate: no file can have that name
        return f"the {what} name {str(path)!r} holds characters no file name can have"
    if stat.S_ISDIR(info.st_mode):
        return f"the {what} {path} is a folder, not a file"
    if not stat.S_ISREG(info.st_mode):
        return f"the {what} {path} is not a regular file"
    if not os.access(path, os.R_OK):
        return f"the {what} {path} cannot be read (permission denied)"
    return None


# How far a decoded length may be from its header's: a few ms no one hears, and no
# format's rounding should fail.
HEADER_TOLERANCE_SECONDS = 0.01
# How far past full scale (0 dBFS) a decoded peak may go. Lossy codecs overshoot the
# source's peak by a few tenths of a dB when decoded (the bundled Opus clips, made to peak
# at -1 dBFS, decode to as much as -0.6 dBFS), and clipping a few samples by that little
# is not heard; a clip a gain stage pushed past this is, and is refused.
OVER_FULL_SCALE_DB = 0.5
_BLOCK_FRAMES = 65_536


def decoded_seconds(source: Path | BinaryIO, name: str) -> float:
    """Decode ``source`` (a file, or bytes in a file object) to its end; its length in
    seconds. ``ClipError`` (a reason naming ``name``) if it fails to decode, holds no audio,
    or decodes to a length other than its header says; ``ClipTooLoud`` if it peaks more
    than ``OVER_FULL_SCALE_DB`` past full scale."""
    frames, peak = 0, 0.0
    try:
        with soundfile.SoundFile(source) as clip:
            rate, header = clip.samplerate, clip.frames
            while len(block := clip.read(_BLOCK_FRAMES, dtype="float32")):
                frames += len(block)
                peak = max(peak, float(np.max(np.abs(block))))
    except (soundfile.LibsndfileError, RuntimeError, TypeError, ValueError) as exc:
        if frames:
            raise ClipError(f"the clip {name} stops decoding after {frames / rate:.2f} s "
                            f"({exc}); it is damaged or cut short, export it again") from None
        raise ClipError(f"the clip {name} cannot be decoded ({exc})") from None
    if frames <= 0 or rate <= 0:
        raise ClipError(f"the clip {name} holds no audio")
    if abs(frames - header) > HEADER_TOLERANCE_SECONDS * rate:
        raise ClipError(f"the clip {name} decodes to {frames / rate:.2f} s but its header "
                        f"says {header / rate:.2f} s; it is damaged or cut short, export it "
                        "again")
    if peak > 10 ** (OVER_FULL_SCALE_DB / 20):
        raise ClipTooLoud(f"the clip {name} peaks at +{20 * np.log10(peak):.1f} dBFS, past "
                          "full scale, so its loudest parts would play distorted; lower its "
                          "level until it peaks below 0 dBFS (normalise it to -1 dBFS) and "
                          "export it again")
    return frames / rate


def clip_seconds(path: Path, decode: bool = False) -> float:
    """Duration of the audio file at ``path`` in seconds; ``ClipError`` if unusable. Reads
    the header only, unless ``decode`` (see ``decoded_seconds``)."""
    problem = file_problem(path, "clip file")
    if problem is not None:
        raise ClipError(problem)
    if decode:
        return decoded_seconds(path, str(path))
    try:
        info = soundfile.info(str(path))
    except (soundfile.LibsndfileError, RuntimeError, OSError) as exc:
        raise ClipError(f"the clip {path} cannot be decoded ({exc})") from None
    if info.samplerate <= 0 or info.frames <= 0:
        raise ClipError(f"the clip {path} holds no audio")
    return info.frames / info.samplerate

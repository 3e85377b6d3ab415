"""Facts about narration clips, read with soundfile (libsndfile).

Used when loading scripts, so a missing or undecodable clip is reported before a session
starts rather than discovered mid-session. ``clip_seconds`` reads only a file's header
unless asked to decode: the library measures every clip at each start, where decoding
them all would be slow. ``decoded_seconds`` decodes to the end and holds the clip to its
header, for ``painease check`` and pack import, so a clip that is cut short or damaged
past its header (it would play partly, then fall silent) is refused there; so is a clip
whose samples go past full scale (``ClipTooLoud``): a float WAV or an Ogg file can hold
them, and the mixer can only clip them, which is heard as distortion; and one holding
samples that are not numbers (NaN, infinity), which a float file can too. A clip that is
silent all through (``silent_note``) is only warned of: it plays, but says nothing; so is
one that plays, but not as meant (``clip_notes``: too short, clipped, far from the voice's
level, or off centre: a DC offset, which play takes out, ``painease.audio.dc``). Those
warnings are worded in ``painease.audio.clip_notes``.

A WAV file cut short is the one case decoding cannot see: libsndfile takes the length
from what the file holds, not from its header, and decodes the part that is there without
a word. So ``wav_shortfall`` reads the RIFF header's own size for the audio and compares
it with the bytes the file has.
"""

from __future__ import annotations

import math
import os
import stat
import struct
from pathlib import Path
from typing import BinaryIO, NamedTuple

import numpy as np
import soundfile

from painease.audio.clip_notes import clip_notes, pack_size_problem
from painease.audio.takes import MIN_DBFS, GatedMeter


class ClipError(Exception):
    """A clip cannot be used; the message says why in one line. ``fix`` is what a
    script's author can do, for ``painease check`` to add (empty when the message says).
    ``problem`` is the message without the author's advice it may end with ("export it
    again"), for someone who can only ask the author for a new copy (a patient importing
    a pack)."""

    fix = "; the file is there but cannot be played: export it again, or remove the clip line"

    def __init__(self, message: str, fix: str | None = None, problem: str | None = None):
        super().__init__(message)
        if fix is not None:
            self.fix = fix
        self.problem = problem if problem is not None else message


class ClipMissing(ClipError):
    """No file to play: none there, a folder or a device, or one that cannot be read (its
    ``fix`` then says so: adding a file that is there helps no one)."""

    fix = "; add the file or remove the clip line"
    UNREADABLE_FIX = ("; allow reading it (chmod u+r, and its folder's u+rx), or remove the "
                      "clip line")


class ClipTooLoud(ClipError):
    """A clip peaks past full scale: it would play distorted. The message says by how much
    and what to do about it."""

    fix = ""


class DecodedClip(NamedTuple):
    seconds: float
    peak: float  # the largest sample's size as played (offset out), 1.0 at full scale
    level: float = MIN_DBFS  # gated RMS in dBFS, as ``painease.audio.takes`` measures a take
    offset: float = 0.0  # the largest channel's DC offset (its mean), 1.0 at full scale
    clipped: float = 0.0  # the share of samples at full scale (``clipped_samples``)
    drift: float = 0.0  # how far the offset play takes out is from the whole clip's mean


# Play measures the offset it takes out over a clip's first this many seconds
# (``painease.audio.dc``); check measures the same, and notes an offset far from the whole
# clip's mean (``painease.audio.clip_notes``).
OFFSET_SECONDS = 30.0
# A sample this near full scale (-0.09 dBFS) as played (its offset out), or as the file
# holds it in a flat top (equal to a sample beside it: a recorder that adds an offset and
# then clips), is counted as clipped (``painease.audio.clip_notes`` ``CLIPPED_SHARE``).
CLIPPED_SAMPLE = 0.99


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


def _missing(problem: str) -> ClipMissing:
    """``file_problem``'s ``problem`` as the error, with what an author can do about it."""
    if problem.lower().endswith("(permission denied)"):  # the file's mode, or its folder's
        return ClipMissing(problem, fix=ClipMissing.UNREADABLE_FIX)
    return ClipMissing(problem)


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
    holds samples that are not numbers (NaN, infinity: a float file can), or decodes to a
    length other than its header says; ``ClipTooLoud`` if it peaks more than
    ``OVER_FULL_SCALE_DB`` past full scale."""
    return decode_clip(source, name).seconds


def decode_clip(source: Path | BinaryIO, name: str) -> DecodedClip:
    """``decoded_seconds``, with the clip's peak, level, offset and clipping too: each as
    it plays, with the offset play takes out (over its first ``OFFSET_SECONDS``, as
    ``painease.audio.dc`` measures it) taken out."""
    frames, finite = 0, True
    start = None if isinstance(source, (str, os.PathLike)) else source.tell()
    try:
        with soundfile.SoundFile(source) as clip:
            rate, header = clip.samplerate, clip.frames
            gate, first = GatedMeter(rate), math.ceil(OFFSET_SECONDS * rate)
            first_sum = np.zeros(clip.channels)
            high, low = np.full(clip.channels, -np.inf), np.full(clip.channels, np.inf)
            while len(block := clip.read(_BLOCK_FRAMES, dtype="float32", always_2d=True)):
                first_sum = first_sum + block[: max(0, first - frames)].sum(axis=0,
                                                                           dtype=np.float64)
                frames += len(block)
                finite = finite and bool(np.isfinite(block).all())
                if finite:  # np.max of a NaN is NaN, which np.maximum would carry on
                    high = np.maximum(high, block.max(axis=0))
                    low = np.minimum(low, block.min(axis=0))
                    gate.add(block)
    except (soundfile.LibsndfileError, RuntimeError, TypeError, ValueError) as exc:
        if frames:
            problem = (f"the clip {name} stops decoding after {frames / rate:.2f} s ({exc}); "
                       "it is damaged or cut short")
            raise ClipError(f"{problem}, export it again", fix="", problem=problem) from None
        raise ClipError(f"the clip {name} cannot be decoded ({exc})") from None
    if frames <= 0 or rate <= 0:
        raise ClipError(f"the clip {name} holds no audio")
    if abs(frames - header) > HEADER_TOLERANCE_SECONDS * rate:
        problem = (f"the clip {name} decodes to {frames / rate:.2f} s but its header says "
                   f"{header / rate:.2f} s; it is damaged or cut short")
        raise ClipError(f"{problem}, export it again", fix="", problem=problem)
    problem = cut_short_problem(name, frames / rate, *wav_shortfall(source))
    if problem is not None:
        raise ClipError(f"{problem}, export it again", fix="", problem=problem)
    if not finite:  # played as silence, or as a burst of noise once mixed
        problem = not_numbers_problem(name)
        raise ClipError(f"{problem}, export it again", fix="", problem=problem)
    played = first_sum / min(first, frames)  # the offset play takes out
    peak = float(np.max(np.maximum(high - played, played - low)))
    if too_loud(peak):
        problem = too_loud_problem(name, peak, "would play")
        raise ClipTooLoud(f"{problem}; lower its level until it peaks below 0 dBFS (normalise "
                          "it to -1 dBFS) and export it again", problem=problem)
    offset = gate.offset()
    at_full_scale = 0
    if max(peak, float(np.max(np.maximum(high, -low)))) >= CLIPPED_SAMPLE:  # a second pass
        if start is not None:
            source.seek(start)
        at_full_scale = clipped_samples(source, played)
    return DecodedClip(frames / rate, peak, gate.level(offset), float(np.max(np.abs(offset))),
                       at_full_scale / (frames * clip.channels),
                       float(np.max(np.abs(offset - played))))


def clipped_samples(source: Path | BinaryIO, offset: np.ndarray) -> int:
    """How many samples of ``source`` are at full scale (``CLIPPED_SAMPLE``): as played,
    ``offset`` taken out; or as the file holds them, in a flat top (a sample beside one is
    equal to it), which a recorder that adds an offset and then clips leaves at +1 and -1."""
    count, previous = 0, None
    with soundfile.SoundFile(source) as clip:
        while len(block := clip.read(_BLOCK_FRAMES, dtype="float32", always_2d=True)):
            near = block if previous is None else np.concatenate([previous, block])
            same = near[1:] == near[:-1]
            flat = np.zeros(near.shape, bool)
            flat[1:] |= same
            flat[:-1] |= same
            hit = np.abs(near - offset) >= CLIPPED_SAMPLE
            hit |= flat & (np.abs(near) >= CLIPPED_SAMPLE)
            count += int(np.count_nonzero(hit[:-1]))  # the last is counted with the next block
            previous, last = block[-1:], hit[-1]
    return count + int(np.count_nonzero(last)) if previous is not None else count


def not_numbers_problem(name: str | Path) -> str:
    """What is wrong with a clip holding samples that are not numbers, in one line: said by
    ``painease check`` (``decode_clip``) and by the player and render
    (``painease.audio.layers``) in the same words."""
    return f"the clip {name} holds samples that are not numbers (NaN or infinity); it is damaged"


def too_loud(peak: float) -> bool:
    """Whether a clip peaking at ``peak`` (1.0 at full scale) plays distorted: more than
    ``OVER_FULL_SCALE_DB`` past full scale."""
    return peak > 10 ** (OVER_FULL_SCALE_DB / 20)


def too_loud_problem(name: str | Path, peak: float, verb: str = "play") -> str:
    """What is wrong with a clip that peaks past full scale, in one line: said by
    ``painease check`` ("would play") and by the player and render ("play"), which can
    only clip its loudest parts."""
    return (f"the clip {name} peaks at +{20 * np.log10(peak):.1f} dBFS, past full scale, "
            f"so its loudest parts {verb} distorted")


def cut_short_problem(name: str | Path, seconds: float, declared: int,
                      held: int) -> str | None:
    """What is wrong with a clip of ``seconds`` whose file holds ``held`` bytes of the
    ``declared`` its header says (``wav_shortfall``), in one line; None if nothing is
    missing (or not a WAV). Said by ``painease check`` and by the player and render."""
    if not held or (declared - held) / held * seconds <= HEADER_TOLERANCE_SECONDS:
        return None
    return (f"the clip {name} holds {seconds:.2f} s but its header says "
            f"{seconds * declared / held:.2f} s; it is damaged or cut short")


def wav_shortfall(source: Path | BinaryIO) -> tuple[int, int]:
    """For a RIFF WAVE file: (the bytes of audio its header says it holds, the bytes of
    audio the file has after that header), which differ when the file was cut short.
    (0, 0) for any other file, a header that leaves the size open, or one that cannot be
    read (decoding says why)."""
    if isinstance(source, (str, os.PathLike)):
        try:
            with open(source, "rb") as file:
                return _riff_data(file)
        except OSError:
            return 0, 0
    position = source.tell()
    try:
        return _riff_data(source)
    finally:
        source.seek(position)


def _riff_data(file: BinaryIO) -> tuple[int, int]:
    file.seek(0)
    if len(head := file.read(12)) < 12 or head[:4] != b"RIFF" or head[8:] != b"WAVE":
        return 0, 0
    end = file.seek(0, os.SEEK_END)
    offset = 12
    for _ in range(64):  # a WAV has a handful of chunks before its audio
        file.seek(offset)
        if len(chunk := file.read(8)) < 8:
            return 0, 0
        kind, size = chunk[:4], struct.unpack("<I", chunk[4:])[0]
        if kind == b"data":
            if size == 0xFFFF_FFFF:  # written while streaming: the size was never filled in
                return 0, 0
            return size, min(size, end - offset - 8)
        offset += 8 + size + (size & 1)  # chunks are padded to an even length
    return 0, 0


def checked_clip(path: Path, name: str | None = None) -> DecodedClip:
    """The clip at ``path`` decoded to its end, as ``painease check`` reads it; raises
    as ``clip_seconds`` does. A decoding problem names it ``name`` (its path if None)."""
    problem = file_problem(path, "clip file")
    if problem is not None:
        raise _missing(problem)
    return decode_clip(path, str(path) if name is None else name)


def clip_warnings(path: Path, name: str | None = None) -> tuple[float, list[str]]:
    """The clip at ``path`` decoded to its end (``checked_clip``, which raises as it does):
    its length in seconds, and what ``painease check`` warns of it (``clip_notes``, then
    ``pack_size_problem``), each naming it ``name``: by default its path, as check prints
    it (a terminal, where the full path finds the file); the script editor gives the
    step's clip as written, relative to the script's audio folder (its narrow column).
    The one source of these warnings, for ``painease check`` and the script editor's live
    check. Decodes the whole file: a long clip takes a while."""
    name = str(path) if name is None else name
    clip = checked_clip(path, name)
    try:
        size = path.stat().st_size
    except OSError:  # gone since it was decoded: the next check will say so
        size = 0
    too_big = pack_size_problem(name, size)
    return clip.seconds, [*clip_notes(name, clip), *([too_big] if too_big else [])]


class ClipFindings(NamedTuple):
    """What ``painease check`` says of one clip, split as it splits it (``clip_findings``)."""

    seconds: float | None  # its length; None when it cannot be used
    problems: list[str]  # errors: the script cannot be used (or exported) with this clip
    warnings: list[str]  # it plays, but not as meant


def clip_findings(path: Path, name: str | None = None) -> ClipFindings:
    """``clip_warnings``, with what it raises said too: a clip that cannot be used (missing,
    damaged, cut short, peaking past full scale: ``ClipError``) is a problem, with what to
    do (``fix``); what it warns of are warnings. The one place that split is made, for
    ``painease check`` (an error: exit 1, and Export pack refuses the script) and the
    script editor's live check (a problem that stops Save), so the two never disagree."""
    try:
        seconds, warnings = clip_warnings(path, name)
    except ClipError as exc:
        return ClipFindings(None, [f"{exc}{exc.fix}"], [])
    return ClipFindings(seconds, [], warnings)


def clip_seconds(path: Path, decode: bool = False) -> float:
    """Duration of the audio file at ``path`` in seconds; ``ClipError`` if unusable. Reads
    the header only, unless ``decode`` (see ``decoded_seconds``)."""
    problem = file_problem(path, "clip file")
    if problem is not None:
        raise _missing(problem)
    if decode:
        return decoded_seconds(path, str(path))
    try:
        info = soundfile.info(str(path))
    except (soundfile.LibsndfileError, RuntimeError, OSError) as exc:
        raise ClipError(f"the clip {path} cannot be decoded ({exc})") from None
    if info.samplerate <= 0 or info.frames <= 0:
        raise ClipError(f"the clip {path} holds no audio")
    return info.frames / info.samplerate

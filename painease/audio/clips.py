"""Facts about narration clips on disk, read with soundfile (libsndfile).

Used when loading scripts, so a missing or undecodable clip is reported before a session
starts rather than discovered mid-session.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

import soundfile


class ClipError(Exception):
    """A clip cannot be used; the message says why in one line."""


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


def clip_seconds(path: Path) -> float:
    """Duration of the audio file at ``path`` in seconds; ``ClipError`` if unusable."""
    problem = file_problem(path, "clip file")
    if problem is not None:
        raise ClipError(problem)
    try:
        info = soundfile.info(str(path))
    except (soundfile.LibsndfileError, RuntimeError, OSError) as exc:
        raise ClipError(f"the clip {path} cannot be decoded ({exc})") from None
    if info.samplerate <= 0 or info.frames <= 0:
        raise ClipError(f"the clip {path} holds no audio")
    return info.frames / info.samplerate

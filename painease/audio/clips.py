"""Facts about narration clips on disk, read with soundfile (libsndfile).

Used when loading scripts, so a missing or undecodable clip is reported before a session
starts rather than discovered mid-session.
"""

from __future__ import annotations

from pathlib import Path

import soundfile


class ClipError(Exception):
    """A clip cannot be used; the message says why in one line."""


def clip_seconds(path: Path) -> float:
    """Duration of the audio file at ``path`` in seconds; ``ClipError`` if unusable."""
    if not path.is_file():
        raise ClipError(f"the clip file {path} does not exist")
    try:
        info = soundfile.info(str(path))
    except (soundfile.LibsndfileError, RuntimeError, OSError) as exc:
        raise ClipError(f"the clip {path} cannot be decoded ({exc})") from None
    if info.samplerate <= 0 or info.frames <= 0:
        raise ClipError(f"the clip {path} holds no audio")
    return info.frames / info.samplerate

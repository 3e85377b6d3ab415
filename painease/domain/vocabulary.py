"""The fixed words scripts are made of (kinds of session, phases, ambience bed names), and
how the app writes phases and clock times for people: ``PHASE_WORDS`` / ``phase_words``
(the player's words for each phase) and ``clock_text`` ("4:05").

Kept apart from ``script`` (which needs pydantic) so the window can label phases and kinds
without paying for the validation models at start-up. ``script`` re-exports the first
three.
"""

from __future__ import annotations

from enum import StrEnum


class Kind(StrEnum):
    SOMATIC_TRACKING = "somatic-tracking"
    RELAXATION = "relaxation"
    BREATHING = "breathing"
    EMOTIONAL_AWARENESS = "emotional-awareness"
    EDUCATION = "education"


class Phase(StrEnum):
    SETTLE = "settle"
    ATTENTION = "attention"
    SAFETY = "safety"
    POSITIVE_AFFECT = "positive-affect"
    BREATHING = "breathing"
    CLOSING = "closing"
    LESSON = "lesson"  # teaching, in education scripts


# Names of the ambience beds the audio engine can make; "none" means silence under the voice.
AMBIENCES = ("none", "brown-noise", "soft-rain", "warm-drone")


def clock_text(milliseconds: int) -> str:
    """A time on a session's clock as people read it: minutes and seconds, "4:05"."""
    seconds = max(0, milliseconds) // 1000
    return f"{seconds // 60}:{seconds % 60:02d}"


# Each phase in the words a patient sees: the player names the phase it is in, and the
# Insights chart and the live-rating sentences use the same words.
PHASE_WORDS = {
    Phase.SETTLE: "Settling in",
    Phase.ATTENTION: "Noticing",
    Phase.SAFETY: "Safety",
    Phase.POSITIVE_AFFECT: "Curiosity and ease",
    Phase.BREATHING: "Breathing",
    Phase.CLOSING: "Closing",
    Phase.LESSON: "Learning",
}


def phase_words(phase: str) -> str:
    """A phase (``Phase`` or its value) as a patient reads it: "Curiosity and ease"."""
    return PHASE_WORDS.get(phase) or str(phase).replace("-", " ").capitalize()

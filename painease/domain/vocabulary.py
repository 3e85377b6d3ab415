"""The fixed words scripts are made of (kinds of session, phases; the ambience beds' names
are in ``ambience_names``), and how the app writes phases, counts and clock times for
people: ``PHASE_WORDS`` /
``phase_words`` (the player's words for each phase), ``counted`` ("1 day", "3 days") and
``minutes_text`` ("1 minute", "2.5 minutes"), ``duration_words`` ("3 minutes and 10
seconds", in sentences), ``quoted`` (a title in a sentence), ``clock_text`` ("4:05"), ``rounded`` /
``decimal_text`` / ``signed_text`` / ``percent_text`` (numbers rounded as people round
them), and ``listened_ms`` and ``progress_words`` (when the time a session actually played
is worth saying, and how lists of sessions say where one stopped); ``OUTCOME_WORDS`` and
``ended_words`` (how a session ended, in the one set of words every place shows); and the
two rating scales' names, questions and anchors (``PAIN_NAME``, ``THREAT_NAME``…), said
once here so the scale, the Summary, Insights and the report call each the same.

Kept apart from ``script`` (which needs pydantic) so the window can label phases and kinds
without paying for the validation models at start-up. ``script`` re-exports the kinds and
phases, and the ambience names.
"""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from decimal import Decimal


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


def counted(number: float, one: str, many: str) -> str:
    """``number`` with the word that fits it: "1 journal entry", "2 journal entries",
    "0.5 minutes" (a fraction takes the plural)."""
    shown = f"{number:g}" if isinstance(number, float) else str(number)
    return f"{shown} {one if number == 1 else many}"


def minutes_text(minutes: float) -> str:
    """A session's length as every list and message says it: "1 minute", "10 minutes"."""
    return counted(minutes, "minute", "minutes")


def rounded(value: float, places: int = 1, scale: int = 1) -> Decimal:
    """``value`` × ``scale`` to ``places`` decimals, halves away from zero (−1.25 → −1.3),
    the way people round by hand and the way every shift, mean and share the app shows is
    rounded (Summary, Insights, the report). Python's own format rounds a half to the even
    neighbour (−1.25 → "−1.2"), and averages of whole-point changes land on halves often.

    The float's shortest decimal form is what is rounded (5 / 4 is 1.25, 0.145 × 100 is
    14.5), so a half stays a half whatever binary noise the division left. A result of
    zero has no sign: never "−0.0".

    ``decimal`` is imported here, not with the module: Home loads this module for the first
    screen, where nothing is rounded yet (~1.5 ms of the start; benchmarks/README.md)."""
    from decimal import ROUND_HALF_UP, Decimal

    exact = Decimal(repr(float(value))) * scale
    step = Decimal(1).scaleb(-places)
    result = exact.quantize(step, rounding=ROUND_HALF_UP)
    return result.copy_abs() if result == 0 else result


def decimal_text(value: float, places: int = 1) -> str:
    """``value`` with ``places`` decimals, rounded by ``rounded``: "1.3", "-0.2", "0.0"."""
    return str(rounded(value, places))


def signed_text(value: float, places: int = 1) -> str:
    """``decimal_text`` with its sign, as a change is written: "+1.3", "-1.3", and "0.0"
    with none for a value that rounds to zero (never "-0.0" or "+0.0")."""
    number = rounded(value, places)
    return f"+{number}" if number > 0 else str(number)


def percent_text(share: float) -> str:
    """A share (0–1) as a whole percent, rounded by ``rounded``: 1 / 8 → "13%"."""
    return f"{rounded(share, 0, scale=100)}%"


def clock_text(milliseconds: int) -> str:
    """A time on a session's clock as people read it: minutes and seconds, "4:05"."""
    seconds = max(0, milliseconds) // 1000
    return f"{seconds // 60}:{seconds % 60:02d}"


def duration_words(milliseconds: int) -> str:
    """How long something lasted, in words: "5 minutes", "40 seconds", "3 minutes and 10
    seconds" (whole seconds, rounded down as ``clock_text`` does). Said in sentences, where
    "0:40 of 5:00" reads like a time of day."""
    minutes, seconds = divmod(max(0, milliseconds) // 1000, 60)
    parts = [counted(minutes, "minute", "minutes")] if minutes else []
    if seconds or not minutes:
        parts.append(counted(seconds, "second", "seconds"))
    return " and ".join(parts)


def quoted(title: str) -> str:
    """A title inside a sentence, as every sentence a patient reads gives it: “Body scan”."""
    return f"“{title}”"


def progress_text(elapsed_ms: int, total_ms: int) -> str:
    """Where a session is, "0:40 of 10:00 · 9:20 left", in numbers that add up: the time
    played and the length are each rounded down to the second (as ``clock_text`` shows
    them) and the time left is the one less the other. (Rounding the time left down on
    its own made the three one second short between seconds: "0:40 of 10:00 · 9:19".)"""
    total = max(0, total_ms) // 1000
    played = min(max(0, elapsed_ms) // 1000, total)
    return (f"{clock_text(played * 1000)} of {clock_text(total * 1000)} · "
            f"{clock_text((total - played) * 1000)} left")


def listened_ms(played_ms: int | None, reached_ms: int | None) -> int | None:
    """The time a session actually played, when it tells a reader more than where the
    session got to: parts were skipped ("Next", or a jump ahead) adding up to at least a
    second and to 5 % of the time reached. Otherwise None, as when either is not known.

    Listening alone never leaves the time played short of the time reached (a part heard
    twice counts twice; the output's latency only adds), so a shortfall is a skip. Skips
    made up for by going back and hearing parts again are not noticed."""
    if played_ms is None or reached_ms is None:
        return None
    if reached_ms - played_ms >= max(1000, reached_ms // 20):
        return played_ms
    return None


# One session's change read kindly, as the Summary says it when little moved and Home says
# it under a rise (after "Ups and downs are common.").
ONE_SESSION = "One session is one moment. The pattern across many sessions says more."

# How a session ended, in the words every page, list, count and report shows (the one
# set: Insights, the therapist's Patients page, the PDF report, Home's note on an
# interrupted session). Stored and exported as the keys: a session the patient ended
# before its end is kept as ``stopped_early`` and shown as "ended early", the words of
# the player's "End the session early" and of the After page.
OUTCOME_WORDS = {"completed": "completed", "stopped_early": "ended early",
                 "interrupted": "interrupted", "in_progress": "in progress"}


def progress_words(outcome: str, elapsed_ms: int | None, played_ms: int | None,
                   length_minutes: float) -> str:
    """What follows the word for how a session ended in a list of sessions: where it
    stopped when it did not reach the end, and how much played when parts were skipped
    (``listened_ms``): " at 9:02 of 10:00", ", listened to 3:10 of 10:00", or ""."""
    length = clock_text(round(length_minutes * 60_000))
    words = ""
    if outcome in ("stopped_early", "interrupted") and elapsed_ms is not None:
        words = f" at {clock_text(elapsed_ms)} of {length}"
    listened = listened_ms(played_ms, elapsed_ms)
    if listened is not None:
        words += f", listened to {clock_text(listened)}"
        if not words.startswith(" at"):
            words += f" of {length}"
    return words


def ended_words(outcome: str, elapsed_ms: int | None, played_ms: int | None,
                length_minutes: float) -> str:
    """How one session ended as every list of sessions says it: the outcome's words and
    ``progress_words``: "ended early at 9:02 of 10:00", "completed, listened to 3:10 of
    10:00"."""
    return OUTCOME_WORDS.get(outcome, outcome) + progress_words(
        outcome, elapsed_ms, played_ms, length_minutes)


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


# The two 0–10 scales as a patient meets them (CLINICAL.md, "Measuring"). The second asks
# how threatening or dangerous the sensation feels: the one just rated as pain, since the
# practice reappraises the sensation (not "your pain", which reads as the illness). So
# everywhere it is shown it is the "sense of threat", never "fear" alone: a patient who
# rated threat should recognise the number.
# It is stored, exported and sealed under its first name, ``fear`` (the ``fear`` columns,
# ``pre_fear`` and so on), so every file and result made before still reads the same.
PAIN_NAME = "Pain"
THREAT_NAME = "Sense of threat"
PAIN_QUESTION = "How strong is your pain right now?"
THREAT_QUESTION = "How threatening or dangerous does the sensation feel right now?"
PAIN_ANCHORS = ("0 = no pain", "10 = worst pain imaginable")
THREAT_ANCHORS = ("0 = not threatening at all, it feels safe", "10 = extremely threatening")

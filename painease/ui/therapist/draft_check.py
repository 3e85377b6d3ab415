"""Check a script being edited exactly as the app will when it loads the saved file.

``check_draft(data, audio_dir, taken_ids)`` writes the draft as TOML (``script_writer``),
reads it back with the real loader (``parse_script``), measures the clips it names in
``audio_dir``, and fits it to every listed length. The result holds the script (when
valid), plain problem messages -- the loader's own words without the ``FILE:LINE``
prefix, since the therapist sees a form, not a file; each about a key is a ``Said``,
which keeps the key's path for the editor to name it as its form does (``check_words``)
-- notes that do not stop a save (a clip made for words since edited, each step compared:
``painease.narration.clip_words``; a pack refuses it until it is recorded again) and,
per length, the fitted timeline or the reason it does not fit. No Qt; soundfile loads
only if a clip is named.

What ``painease check`` says of a clip decoded to its end (``painease.audio.clips
.clip_findings``) is too slow for every keystroke: the caller hands ``clip_findings(path,
name)``, which answers (problems, warnings) from what it has measured, or None while it
measures (``measuring``). Check's errors are problems here (a clip peaking past full
scale: check exits 1 and Export pack refuses it), its warnings notes (far from the voice's
loudness, too short, too large for a pack); each names the clip as the step's ``clip`` is
written (relative to ``audio_dir``), not by the full path check prints.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from painease.audio.clip_words import unmatched_steps
from painease.domain.script import Script
from painease.domain.script_loader import Said, ScriptError, parse_script
from painease.domain.timeline import FitError, Timeline, fit_timeline, shortest_seconds
from painease.domain.vocabulary import minutes_text
from painease.ui.therapist.script_writer import script_toml


@dataclass
class DraftCheck:
    text: str
    script: Script | None = None
    problems: list[str] = field(default_factory=list)  # Said when about a key
    clip_durations: dict[str, float] = field(default_factory=dict)
    fits: dict[float, Timeline | str] = field(default_factory=dict)
    shortest: float | None = None
    notes: list[str] = field(default_factory=list)  # worth knowing; saving is still fine
    measuring: bool = False  # a clip's warnings are not known yet

    @property
    def ok(self) -> bool:
        return self.script is not None and not self.problems


# (path, name said) -> (problems, warnings) as painease check says them; None: not known yet
ClipFindings = Callable[[Path, str], "tuple[list[str], list[str]] | None"]


def check_draft(data: dict, audio_dir: Path, taken_ids: frozenset[str] = frozenset(),
                source: str = "script", clip_findings: ClipFindings | None = None
                ) -> DraftCheck:
    text = script_toml(data)
    check = DraftCheck(text)
    try:
        script = parse_script(text, source)
    except ScriptError as exc:
        check.problems = [problem.message for problem in exc.problems]
        return check
    check.script = script
    if script.id in taken_ids:
        check.problems.append(Said(("id",), f"{script.id!r} is already used by another "
                                   "script; choose a different id"))
    _measure(script, audio_dir, check, clip_findings)
    check.notes += _slow_breaths(script)
    if any(getattr(p, "where", ())[-1:] == ("clip",) for p in check.problems):
        return check
    check.shortest = shortest_seconds(script, check.clip_durations)
    for minutes in script.lengths:
        try:
            check.fits[minutes] = fit_timeline(script, minutes,
                                               clip_durations=check.clip_durations)
        except FitError as exc:
            check.fits[minutes] = str(exc)
            check.problems.append(Said(("lengths",),
                                       f"cannot be played at {minutes_text(minutes)}: {exc}"))
    return check


# Beyond these, a paced breath is slower than most people follow in comfort (slow paced
# breathing is usually about 4-6 s in and 4-8 s out); the format allows up to 30 s each.
COMFORTABLE_IN, COMFORTABLE_OUT, COMFORTABLE_HOLD = 8.0, 12.0, 7.0
# A held breath beyond this gets a note of its own: gentle paced-breathing guides hold for
# none or a few seconds (box breathing, among the commonest with a hold, holds for 4), and
# a longer hold is where people who get light-headed or short of air find it harder.
GENTLE_HOLD = 4.0


def _slow_breaths(script: Script) -> list[str]:
    """A note (not a problem) for each breathing step paced slower than most people can
    follow: a typo of 40 for 4.0 should not reach a patient unseen; and for a hold longer
    than gentle guides use."""
    notes = []
    for number, step in enumerate(script.steps, start=1):
        breath = step.breath
        if breath is None:
            continue
        slow = [f"{what} {seconds:g} s" for what, seconds, most in (
            ("in", breath.inhale, COMFORTABLE_IN), ("out", breath.exhale, COMFORTABLE_OUT),
            ("rest", breath.rest, COMFORTABLE_HOLD)) if seconds > most]
        if slow:
            notes.append(Said(("steps", number - 1),
                              f"breathing {', '.join(slow)} is slower than most people can "
                              "follow comfortably (slow paced breathing is usually about 4–6 s "
                              "in and 4–8 s out); check it is meant"))
        if breath.hold > GENTLE_HOLD:
            notes.append(Said(("steps", number - 1),
                              f"a hold of {breath.hold:g} s is longer than gentle paced "
                              f"breathing usually uses (none, or up to {GENTLE_HOLD:g} s); "
                              "some people feel light-headed or short of air holding their "
                              "breath, so consider a shorter hold, or none"))
    return notes


def _measure(script: Script, audio_dir: Path, check: DraftCheck,
             clip_findings: ClipFindings | None) -> None:
    if all(step.clip is None for step in script.steps):
        return
    from painease.audio.clips import ClipError, clip_seconds

    for number, step in enumerate(script.steps, start=1):
        if step.clip is None or step.clip in check.clip_durations:
            continue  # each step's words are compared below, a shared clip's too
        try:
            check.clip_durations[step.clip] = clip_seconds(audio_dir / step.clip)
        except ClipError as exc:
            check.problems.append(Said(("steps", number - 1, "clip"),
                                       f"{exc}; record it again or remove the clip"))
            continue
        found = ([], []) if clip_findings is None else clip_findings(audio_dir / step.clip,
                                                                     step.clip)
        if found is None:
            check.measuring = True
        else:  # as painease check says them, after the same "step N, clip: "
            problems, warnings = found
            where = ("steps", number - 1, "clip")
            check.problems += [Said(where, problem) for problem in problems]
            check.notes += [Said(where, warning) for warning in warnings]
    check.notes += [Said(("steps", number - 1), UNMATCHED) for number in
                    unmatched_steps(script, audio_dir)  # every step: a clip may be shared
                    if script.steps[number - 1].clip in check.clip_durations]


# Saving stays allowed (work in progress), but a pack refuses it (``painease.packs.pack``).
UNMATCHED = ("its clip was made for earlier words, so the voice no longer matches the "
             "captions; record or render it again. The script can be saved as it is, but it "
             "cannot be sent to a patient until then")


def id_in_use(old_id: str, titles: list[str]) -> Said:
    """The problem with an opened script's new id while saved sets (``titles``) still use
    ``old_id``: they, and the packs sent from them, would lose the script."""
    sets_use, them, those_sets = sets_naming(titles)
    return Said(("id",), f"{sets_use} this script as '{old_id}'. Under a new id it would "
                f"drop out of {them}: keep the id '{old_id}', or take the script out of "
                f"{those_sets} first")


def sets_naming(titles: list[str]) -> tuple[str, str, str]:
    """The saved sets that use a script, as a message names them: ("your saved set “A”
    uses", "it", "that set"), or the plural for several."""
    named = ", ".join(f"“{title}”" for title in titles)
    if len(titles) > 1:
        return f"your saved sets {named} use", "them", "those sets"
    return f"your saved set {named} uses", "it", "that set"

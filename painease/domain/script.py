"""The guided-script model: what one TOML file in ``assets/scripts/`` says.

A script is metadata plus ordered steps. Each step is one thing the guide says (its
caption, optionally a narration clip) followed by a silence that is either fixed or
*flexible* (a minimum and a weight), so one script fits several lengths. A breathing
step adds paced breath cycles after its words. A step with ``from_minutes`` is played only
in sessions at least that long: longer sessions get more guidance, not only longer
silences. ``docs/script-format.md`` is the
reader's version of this file; keep the two in step.

Pure data and validation: no file I/O here (see ``script_loader``), no Qt.
"""

from __future__ import annotations

from itertools import pairwise
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    StringConstraints,
    Tag,
    ValidationInfo,
    field_validator,
    model_validator,
)

from painease.domain.ambience_names import AMBIENCES
from painease.domain.shown_text import (
    bidi_controls,
    bidi_places,
    control_characters,
    control_places,
    invisible_characters,
    without_invisible,
)
from painease.domain.vocabulary import Kind, Phase, minutes_text

FORMAT_VERSION = 1


_RETYPE = ("they are invisible on screen: select from the words before to the words after "
           "and type them again")


def _shows_something(value: str) -> str:
    """Shown text must show, as written: not only zero-width or other invisible characters,
    no control characters (a NUL shows as nothing, or as a box) and no bidirectional
    controls (they reorder what is shown)."""
    if control_characters(value):  # pasted text brings them, and they do not show
        raise ValueError(f"holds control characters that cannot be shown "
                         f"({control_places(value)}); {_RETYPE}")
    if bidi_controls(value):  # they do not show either: said where, as controls are
        raise ValueError(f"holds bidirectional controls that make it show differently from "
                         f"how it is written ({bidi_places(value)}); {_RETYPE}")
    if not without_invisible(value).strip():
        raise ValueError(f"shows nothing: it holds only characters that do not show "
                         f"({', '.join(invisible_characters(value))}); write the words")
    return value


# How long shown text may be. 1,000 characters is about 180 words, a minute of reading:
# more than a caption can be read in while its words are spoken, and several times the
# bundled scripts' longest caption or summary. Far longer text cannot be read at all, and
# laying out millions of characters blocked the window for seconds.
MAX_TEXT = 1_000
MAX_TITLE = 100  # about twice the longest bundled title


def _at_most(limit: int, beyond: str):
    """A check that text is at most ``limit`` characters; ``beyond`` ends the message.
    Checked first: the other checks read every character."""

    def check(value: str) -> str:
        if len(value) > limit:
            raise ValueError(f"is {len(value):,} characters long, more than {beyond}")
        return value

    return check


_STRIPPED = StringConstraints(strip_whitespace=True, min_length=1)
Caption = Annotated[str, _STRIPPED, AfterValidator(_at_most(
    MAX_TEXT, f"the {MAX_TEXT:,} that can be read while it is shown; shorten it, or split "
    "it over two steps")), AfterValidator(_shows_something)]
Text = Annotated[str, _STRIPPED, AfterValidator(_at_most(
    MAX_TEXT, f"the {MAX_TEXT:,} that can be read at a glance; shorten it")),
    AfterValidator(_shows_something)]
Title = Annotated[str, _STRIPPED, AfterValidator(_at_most(
    MAX_TITLE, f"the {MAX_TITLE} a title may have; shorten it")),
    AfterValidator(_shows_something)]
Seconds = Annotated[float, Field(ge=0, le=3600)]
LONGEST_MINUTES = 240
Minutes = Annotated[float, Field(gt=0, le=LONGEST_MINUTES)]
# How many lengths and steps a script may have. A patient picks a length from a list, and
# the bundled scripts list at most three; two dozen is plenty. The longest bundled script
# has 30 steps; 500 fill four hours with a step every half minute. Each length is fitted
# when the library loads, step by step, so far more (once 200 lengths of 14,000 steps:
# 21 s) kept the library from showing. Checked before the entries are read.
MAX_LENGTHS = 24
MAX_STEPS = 500
MAX_VERSION = 1_000_000  # a script's own revision (``Script.version``)
# The shortest breath in or out: a tone shorter than this cannot be followed (the script
# editor's own floor), and a tiny one would round to no audio frames at all.
MIN_BREATH_PHASE_SECONDS = 0.5


class StepValueError(ValueError):
    """What the whole script says of one step: "step 2 has …". ``index`` is the step's
    (0-based), ``words`` what follows "step N"; the loader keeps the two apart. ``key``,
    the step's key it is about, is where the loader pins it in the file (without one, the
    step's ``[[steps]]`` line)."""

    def __init__(self, index: int, words: str, key: str | None = None):
        super().__init__(f"step {index + 1} {words}")
        self.index, self.words, self.key = index, words, key


class KeyValueError(ValueError):
    """What the whole script says of one of its top-level keys ("no step is played at 1
    minute": ``key`` = "lengths"); the loader pins it to that key's line, not line 1."""

    def __init__(self, key: str, words: str):
        super().__init__(words)
        self.key = key


class _Strict(BaseModel):
    """Unknown keys and loose types are errors: a typo must not silently do nothing."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class FlexiblePause(_Strict):
    """A silence that stretches: at least ``min`` seconds, sharing spare time by ``weight``."""

    min: Seconds = Field(description="the shortest this silence may be, in seconds")
    weight: float = Field(
        default=1.0, gt=0, le=1000, description="its share of the spare time, relative to others"
    )
    max: Seconds | None = Field(
        default=None, description="the longest this silence may be, in seconds (optional)"
    )

    @model_validator(mode="after")
    def _max_not_below_min(self) -> FlexiblePause:
        if self.max is not None and self.max < self.min:
            raise ValueError(
                f"max ({self.max:g} s) is shorter than min ({self.min:g} s); "
                "make max at least as long as min"
            )
        return self


class FlexibleCycles(_Strict):
    """Breath cycles that stretch: at least ``min`` cycles, more by ``weight`` when time allows."""

    min: int = Field(ge=1, le=500, description="the fewest breath cycles")
    weight: float = Field(default=1.0, gt=0, le=1000, description="share of spare time")


def _fixed_or_flexible(value: object) -> str:
    return "flexible" if isinstance(value, dict | FlexiblePause | FlexibleCycles) else "fixed"


Pause = Annotated[
    Annotated[Seconds, Tag("fixed")] | Annotated[FlexiblePause, Tag("flexible")],
    Discriminator(_fixed_or_flexible),
]
Cycles = Annotated[
    Annotated[int, Field(ge=1, le=500), Tag("fixed")] | Annotated[FlexibleCycles, Tag("flexible")],
    Discriminator(_fixed_or_flexible),
]
# Union branch tags appear in validation error locations; the loader strips them.
UNION_TAGS = frozenset({"fixed", "flexible"})


class Breath(_Strict):
    """Paced breathing: tones mark each inhale and exhale, repeated ``cycles`` times."""

    inhale: float = Field(ge=MIN_BREATH_PHASE_SECONDS, le=30, description="seconds breathing in")
    hold: Seconds = Field(default=0, le=30, description="seconds holding after breathing in")
    exhale: float = Field(ge=MIN_BREATH_PHASE_SECONDS, le=30,
                          description="seconds breathing out")
    rest: Seconds = Field(default=0, le=30, description="seconds resting after breathing out")
    cycles: Cycles = Field(description="how many breaths: a number, or { min = …, weight = … }")

    @property
    def cycle_seconds(self) -> float:
        return self.inhale + self.hold + self.exhale + self.rest


# Validation context (``Script.model_validate(data, context=…)``): the folder this
# script's clips are read from, as shown in messages ("…/audio/"); without it, the rule.
CLIPS_FOLDER = "clips_folder"
CLIPS_BESIDE = "the audio folder beside the scripts folder"


class Step(_Strict):
    """One thing the guide says, then a silence (and, for breathing steps, paced breaths)."""

    phase: Phase = Field(strict=False, description="one of " + ", ".join(p.value for p in Phase))
    text: Caption = Field(description="the caption: exactly what the guide says")
    clip: str | None = Field(
        default=None, description="narration clip, relative to the audio folder beside the "
                                  "scripts folder (optional)"
    )
    pause: Pause = Field(
        default=0.0, description="silence after the words: seconds, or { min = …, weight = … }"
    )
    breath: Breath | None = Field(default=None, description="paced breathing after the words")
    from_minutes: Minutes | None = Field(
        default=None, description="the shortest session, in minutes, that plays this step; "
                                  "without it, every length does"
    )

    def played_at(self, minutes: float) -> bool:
        """Whether this step is part of a session ``minutes`` long."""
        return self.from_minutes is None or minutes >= self.from_minutes

    @field_validator("clip")
    @classmethod
    def _relative_clip(cls, value: str | None, info: ValidationInfo) -> str | None:
        if value is None:
            return None
        if not value.strip():
            raise ValueError("clip is empty; give a path like 'my-script/01.ogg' or remove it")
        hidden = invisible_characters(value)
        if hidden:
            raise ValueError(f"clip holds characters that do not show ({', '.join(hidden)}); "
                             "name the file with visible characters only")
        if value.startswith("/") or ".." in value.replace("\\", "/").split("/"):
            # The folder the file's clips are read from, when the loader knows the file.
            clips = (info.context or {}).get(CLIPS_FOLDER) or CLIPS_BESIDE
            raise ValueError(
                f"clip must be a path inside {clips}, without '/' at the start or '..'"
            )
        return value

    @model_validator(mode="after")
    def _breath_only_in_breathing_phase(self) -> Step:
        if self.breath is not None and self.phase is not Phase.BREATHING:
            raise ValueError(
                f'a step with breath pacing must have phase = "breathing" (it has "{self.phase}")'
            )
        return self


Slug = Annotated[
    str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", min_length=1, max_length=64)
]
Language = Annotated[str, StringConstraints(pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")]


class Script(_Strict):
    """A whole guided session as written; ``fit_timeline`` turns it into exact timings."""

    format: Literal[1] = Field(
        description=f"the script format version; this painease reads {FORMAT_VERSION}"
    )
    id: Slug = Field(description="stable id: lowercase letters, digits and single hyphens")
    version: int = Field(default=1, ge=1, le=MAX_VERSION,  # as a set's; SQLite stores 64 bits
                         description="the script's own revision, raised on edits")
    title: Title = Field(description="the title patients see")
    kind: Kind = Field(strict=False, description="one of " + ", ".join(k.value for k in Kind))
    language: Language = Field(default="en", description='a language tag such as "en" or "en-GB"')
    summary: Text = Field(description="one paragraph saying what the session does")
    when_to_use: Text = Field(description="a short note on when this session helps")
    lengths: list[Minutes] = Field(
        min_length=1, description="the lengths in minutes it may be played at, e.g. [5, 10]"
    )
    ambience: str = Field(
        default="none", description="suggested ambience: " + ", ".join(AMBIENCES)
    )
    end_chime: bool = Field(default=True, description="ring a soft chime at the end (true/false)")
    steps: list[Step] = Field(min_length=1, description="the ordered [[steps]]")

    @field_validator("lengths", mode="before")
    @classmethod
    def _few_lengths(cls, value: object) -> object:
        if isinstance(value, list) and len(value) > MAX_LENGTHS:
            raise ValueError(
                f"lists {len(value):,} lengths, more than the {MAX_LENGTHS} a script may "
                "list; a patient picks one from a list, so keep the few that suit the "
                "session (such as 5, 10 and 20)")
        return value

    @field_validator("steps", mode="before")
    @classmethod
    def _few_steps(cls, value: object) -> object:
        if isinstance(value, list) and len(value) > MAX_STEPS:
            raise ValueError(f"has {len(value):,} steps, more than the {MAX_STEPS} a script "
                             "may have; split it into shorter scripts")
        return value

    @field_validator("lengths")
    @classmethod
    def _distinct_lengths(cls, value: list[float]) -> list[float]:
        ordered = sorted(value)
        repeated = [m for m, after in pairwise(ordered) if m == after]  # linear, once sorted
        if repeated:
            raise ValueError(f"length {repeated[0]:g} is listed twice; list each length once")
        return ordered

    @field_validator("ambience")
    @classmethod
    def _known_ambience(cls, value: str) -> str:
        if value not in AMBIENCES:
            raise ValueError(f'unknown ambience "{value}"; use one of: {", ".join(AMBIENCES)}')
        return value

    @model_validator(mode="after")
    def _every_step_and_length_played(self) -> Script:
        # A step no listed length reaches is a typo that would silently do nothing.
        longest = self.lengths[-1]
        for number, step in enumerate(self.steps, start=1):
            if step.from_minutes is not None and step.from_minutes > longest:
                raise StepValueError(
                    number - 1, f"has from_minutes = {step.from_minutes:g}, but the longest "
                    f"length is {minutes_text(longest)}, so it would never be played; lower "
                    "from_minutes or list a longer length", key="from_minutes"
                )
        if not any(step.played_at(self.lengths[0]) for step in self.steps):
            raise KeyValueError(
                "lengths", f"no step is played at {minutes_text(self.lengths[0])}: every step "
                "has a from_minutes above it; remove from_minutes from at least one step"
            )
        return self

    @model_validator(mode="after")
    def _flexible_breath_needs_flexible_pause(self) -> Script:
        # Whole breath cycles cannot fill time to the sample; a flexible silence takes the rest.
        has_flexible_breath = any(
            s.breath is not None and isinstance(s.breath.cycles, FlexibleCycles) for s in self.steps
        )
        has_flexible_pause = any(isinstance(s.pause, FlexiblePause) for s in self.steps)
        if has_flexible_breath and not has_flexible_pause:
            raise ValueError(
                "flexible breath cycles need at least one flexible pause to absorb the part of "
                "a cycle left over; give some step pause = { min = …, weight = … }"
            )
        return self

    @property
    def phases(self) -> list[Phase]:
        """Phases in order of first appearance."""
        return list(dict.fromkeys(step.phase for step in self.steps))

"""Why a script cannot be fitted to a length, in words an author can act on.

``painease.domain.timeline`` decides *whether* a length fits; this module words the
refusal: what the script's shortest length is made of, and only the changes that would
help (a fixed silence is not advised away when there is none). ``minutes`` is the length
the caller found to fit (``_Plan.fitting_minutes``), or None. Clock readings said
together show as many decimals as it takes to tell them apart ("0:07.00 but 0:06.96").

The plan is the timeline's ``_Plan``: frame counts per step (``speech``, ``pause_min``,
``pause_weight``, ``cycles_min``, ``cycle_parts``), ``chime``, ``base_frames``, ``rate``.
"""

from __future__ import annotations

# A script with nothing flexible takes a length this much longer than its own as silence
# at the end (painease.domain.timeline).
FIXED_SLACK_SECONDS = 1.0


def too_short(plan, total_frames: int, minutes: float | None) -> str:
    parts = minimum_parts(plan)
    need, asked, *lengths = clocks(plan.base_frames / plan.rate, total_frames / plan.rate,
                                   *(frames / plan.rate for _, frames, _ in parts))
    made_of = ", ".join(f"{name} {length}"
                        for (name, _, _), length in zip(parts, lengths, strict=True))
    changes = [change for _, _, change in parts if change]
    if minutes is not None:
        changes.insert(0, f"list {minutes:g} minutes or more")
    return (f"{plan.script.id} needs at least {need} but {asked} was asked for "
            f"({made_of}); {_either(changes)}")


def nothing_flexible(plan, slack: int, minutes: float | None) -> str:
    natural, asked = clocks(plan.base_frames / plan.rate, (plan.base_frames + slack) / plan.rate)
    instead = (f"list {minutes:g} minutes (up to {FIXED_SLACK_SECONDS:g} s more than its "
               "length is played as silence at the end)" if minutes is not None
               else "list its own length")
    return (f"{plan.script.id} has no flexible silence or breathing, so it lasts {natural}, "
            f"not {asked}; {instead}, or make a silence flexible")


def minimum_parts(plan) -> list[tuple[str, int, str | None]]:
    """The non-zero parts of the shortest length: name, frames, the change that shortens it."""
    flexible = [weight > 0 for weight in plan.pause_weight]
    fixed_silence = sum(f for f, flex in zip(plan.pause_min, flexible, strict=True) if not flex)
    least_silence = sum(f for f, flex in zip(plan.pause_min, flexible, strict=True) if flex)
    breathing = sum(n * sum(p) for n, p in zip(plan.cycles_min, plan.cycle_parts, strict=True))
    parts = [
        ("words", sum(plan.speech), "use fewer or shorter steps"),
        ("fixed silences", fixed_silence, "shorten its fixed silences"),
        ("silences' min", least_silence, "lower its silences' min"),
        ("breathing", breathing, "use fewer breath cycles"),
        ("end chime", plan.chime, None),
    ]
    return [part for part in parts if part[1]]


def _either(changes: list[str]) -> str:
    """"a", "a, or b", "a, b, or c" (a change may itself hold an "or")."""
    if len(changes) < 2:
        return "".join(changes)
    return ", ".join(changes[:-1]) + ", or " + changes[-1]


def clocks(first: float, second: float, *others: float) -> list[str]:
    """Clock readings said together: to the whole second, or with as many decimals (up to
    five: a frame at audio rates) as it takes for ``first`` and ``second`` to differ."""
    places = 0
    while places < 5 and clock(first, places) == clock(second, places):
        places += 1
    return [clock(value, places) for value in (first, second, *others)]


def clock(seconds: float, places: int = 0) -> str:
    """"m:ss", or "m:ss.ff" with ``places`` decimals."""
    scale = 10**places
    minutes, rest = divmod(round(seconds * scale), 60 * scale)
    whole, fraction = divmod(rest, scale)
    return f"{minutes}:{whole:02d}" + (f".{fraction:0{places}d}" if places else "")

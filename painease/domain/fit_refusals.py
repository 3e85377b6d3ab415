"""Why a script cannot be fitted to a length, in words an author can act on.

``painease.domain.timeline`` decides *whether* a length fits; this module words the
refusal: what the script's shortest length is made of, and only the changes that would
help (a fixed silence is not advised away when there is none). ``advice`` is the lengths
the caller found to fit (``_Plan.fitting_range``): the first, and the last when the script
cannot stretch without end (every flexible silence has a ``max`` and no breathing is
flexible, or nothing is flexible), or None. Such a script is said to fit a range, and only
lengths inside it are advised ("list 8 minutes or more" was said of one that stops at
8:41). Clock readings said together show as many decimals as it takes to tell them apart
("0:07.00 but 0:06.96").

The plan is the timeline's ``_Plan``: frame counts per step (``speech``, ``pause_min``,
``pause_weight``, ``cycles_min``, ``cycle_parts``), ``chime``, ``base_frames``, ``rate``.
"""

from __future__ import annotations

# A script with nothing flexible takes a length this much longer than its own as silence
# at the end (painease.domain.timeline).
FIXED_SLACK_SECONDS = 1.0


Advice = tuple[float, float | None]  # the first length that fits, and the last (None: no end)


def too_short(plan, total_frames: int, advice: Advice | None) -> str:
    parts = minimum_parts(plan)
    longest = longest_frames(plan) if any(w > 0 for w in plan.pause_weight) else None
    need, asked, *lengths = clocks(plan.base_frames / plan.rate, total_frames / plan.rate,
                                   *(frames / plan.rate for _, frames, _ in parts),
                                   *([] if longest is None else [longest / plan.rate]))
    most = f" and can stretch to at most {lengths.pop()}," if longest is not None else ""
    made_of = ", ".join(f"{name} {length}"
                        for (name, _, _), length in zip(parts, lengths, strict=True))
    changes = [change for _, _, change in parts if change]
    if advice is not None:
        changes.insert(0, to_list(advice))
    return (f"{plan.script.id} needs at least {need}{most} but {asked} was asked for "
            f"({made_of}); {_either(changes)}")


def too_long(plan, total_frames: int, advice: Advice | None) -> str:
    """Every flexible silence is at its ``max`` and there is still time left."""
    most, asked = clocks(longest_frames(plan) / plan.rate, total_frames / plan.rate)
    instead = to_list(advice) if advice is not None else "choose a shorter length"
    return (f"{plan.script.id} can stretch to at most {most}, not {asked}: its flexible "
            f"silences all reached their max; {instead}, or raise the max of a silence")


def to_list(advice: Advice) -> str:
    """"list 8 minutes or more", "list 8 minutes", "list a length from 8 to 11 minutes"."""
    first, last = advice
    if last is None:
        return f"list {_minutes(first)} or more"
    if last == first:
        return f"list {_minutes(first)}"
    return f"list a length from {first:g} to {last:g} minutes"


def _minutes(count: float) -> str:
    """"1 minute", "8 minutes", "7.74 minutes"."""
    return f"{count:g} minute{'' if count == 1 else 's'}"


def longest_frames(plan) -> int | None:
    """The longest the plan's steps can be played, or None if they can stretch without end
    (a flexible silence without a ``max``, or flexible breathing). With nothing flexible,
    up to ``FIXED_SLACK_SECONDS`` more than its length, less a frame."""
    if any(weight > 0 for weight in plan.cycle_weight):
        return None
    caps = [cap for cap, weight in zip(plan.pause_cap, plan.pause_weight, strict=True)
            if weight > 0]
    if not caps:
        return plan.base_frames + round(FIXED_SLACK_SECONDS * plan.rate) - 1
    return None if None in caps else plan.base_frames + sum(caps)


def nothing_flexible(plan, slack: int, minutes: float | None) -> str:
    natural, asked = clocks(plan.base_frames / plan.rate, (plan.base_frames + slack) / plan.rate)
    instead = (f"list {_minutes(minutes)} (up to {FIXED_SLACK_SECONDS:g} s more than its "
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

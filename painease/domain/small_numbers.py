"""The small-numbers rule: how few counts are too few for a percentage, or an average.

One rule for every reading painease gives, the patient's and the therapist's:

* Over fewer than ``MIN_READING_SESSIONS`` (sessions, days, weeks or patients), there is
  too little yet: a reading says so, and a share is given as its count alone ("1 of 2",
  never "1 of 2 (50%)", ``percent_given``).
* Over fewer than ``FEW``, a reading or a share's percentage is given, but to be treated
  lightly (``treat_lightly``).

The patient's Insights and report say the pain shares by it (``painease.domain.summaries``
``share_rows``, ``share_notes``), the therapist's Outcomes tab and ``painease cohort``
their cohort's shares (``painease.ui.therapist.cohort_words``, ``painease.domain.cohort``)
through ``share_percent``; the readings' averages (``painease.domain.readings``) and the
Outcomes weeks (``painease.domain.cohort_weeks``) by the same two numbers.

Pure: the standard library only.
"""

from __future__ import annotations

from painease.domain.vocabulary import percent_text

MIN_READING_SESSIONS = 3  # fewer behind a reading: "not enough … yet"; a share: no percent
FEW = 5  # fewer behind an average or a percentage: said with "treat it lightly"


def percent_given(n: int) -> bool:
    """A share of ``n`` is given as a percentage (else as its count alone)."""
    return n >= MIN_READING_SESSIONS


def treat_lightly(n: int) -> bool:
    """A percentage over ``n`` is given (``percent_given``), but rests on only a few."""
    return percent_given(n) and n < FEW


def share_percent(share: float | None, n: int) -> str:
    """What follows a count of ``n`` ("10 of 14" + " (71%)"): the share as a percentage
    in brackets, or "" when there are too few for one (or no share)."""
    return f" ({percent_text(share)})" if share is not None and percent_given(n) else ""

"""The CSV export's columns and its codebook (``codebook.csv``): every column of every file,
its type, unit, meaning and missing-value code (``painease.storage.export`` writes them).

Data only, and the one rule the codebook states for text (``safe_text``): no I/O.
"""

from __future__ import annotations

import unicodedata

from painease.domain.vocabulary import OUTCOME_WORDS, Phase

_SESSION_COLUMNS = (
    "session_id", "script_id", "script_version", "length_minutes", "started_at", "ended_at",
    "elapsed_ms", "outcome", "audio_note", "pre_pain", "pre_fear", "post_pain", "post_fear",
    "pain_change", "fear_change", "pain_change_percent", "fear_change_percent", "played_ms",
    "started_at_local", "ended_at_local",  # last: readers of older files keep working
)
_RATING_COLUMNS = ("session_id", "moment", "pain", "fear", "note", "rated_at",
                   "rated_at_local")  # last, as in sessions.csv
_SAMPLE_COLUMNS = ("session_id", "t_ms", "value")
_PHASE_COLUMNS = ("session_id", "t_ms", "phase")
_JOURNAL_COLUMNS = ("entry_id", "session_id", "written_at", "text", "written_at_local")
_CODEBOOK_COLUMNS = ("file", "column", "type", "units", "meaning", "missing")

# A text cell starting with one of these gets a leading ': what OWASP's testing guide
# (WSTG-INPV-21) names as a formula's start (= + - @, tab, CR, LF, the full-width forms),
# any other blank or control character (spreadsheets are said to look past leading
# blanks), and ' itself, so that every text cell starting with ' had one added and the
# codebook's "drop that first '" gives the exact text back ("'tis a good day" once lost
# its own apostrophe).
_FORMULA_STARTS = ("=", "+", "-", "@", "'", "\uff1d", "\uff0b", "\uff0d", "\uff20")
# Not "= + - @ ' (or their full-width forms)": the full-width ' (U+FF07) is not guarded.
_GUARDED = ("= + - @ (or the full-width \uff1d \uff0b \uff0d \uff20), with ', or with a "
            "space, tab, line break (carriage return or line feed) or other blank or control "
            "character")
_TEXT_NOTE = (f"text starting with {_GUARDED} has a ' added in front so spreadsheets do not "
              "run it as a formula; drop that first ' to get the exact text")
_UTC = "UTC ISO-8601 (YYYY-MM-DDTHH:MM:SS.sssZ)"
_LOCAL = "ISO-8601 with UTC offset (YYYY-MM-DDTHH:MM:SS+HH:MM)"
_ON_CLOCK = (" on the person's clock, with its UTC offset (the same moment as {0}; the "
             "offset changes with summer time or a move, so order by either column); a time "
             "that cannot be read is as stored, as in {0}")
_AS_STORED = ("; a time that cannot be read (the data file was edited or damaged outside "
              "painease) is written as it is stored, here and in the _local column, guarded as "
              "free text is: " + _TEXT_NOTE)
_NOT_RATED = "empty = not rated (skipped); never 0"
_NEVER = "never empty"
_THREAT = ("sense of threat (shown in the app as 'Sense of threat'): how threatening or "
           "dangerous the sensation rated as pain felt")
_THREAT_UNITS = "0-10 (0 = not threatening at all, it feels safe; 10 = extremely threatening)"

# (file, column, type, units, meaning, missing-value code)
_CODEBOOK = (
    ("sessions.csv", "session_id", "integer", "", "session number, shared by all files",
     _NEVER),
    ("sessions.csv", "script_id", "text", "script identifier", "which guided script was played",
     _NEVER),
    ("sessions.csv", "script_version", "integer", "", "version of that script", _NEVER),
    ("sessions.csv", "length_minutes", "number", "minutes", "session length chosen by the user",
     _NEVER),
    ("sessions.csv", "started_at", "time", _UTC, "when the session started" + _AS_STORED,
     _NEVER),
    ("sessions.csv", "ended_at", "time", _UTC, "when it ended" + _AS_STORED,
     "empty = interrupted (the app closed mid-session) or still running"),
    ("sessions.csv", "elapsed_ms", "integer", "milliseconds",
     "how far into the session it got (audio clock; skipped parts included, see "
     "played_ms); for an interrupted session the last position saved while it ran, within "
     "about 2 s of where it stopped", "empty = unknown"),
    ("sessions.csv", "outcome", "category",
     "in_progress | completed | stopped_early | interrupted",
     "how the session ended; painease and its report show these as "
     + ", ".join(f"{key} = {words}" for key, words in OUTCOME_WORDS.items()), _NEVER),
    ("sessions.csv", "audio_note", "text", "", "anything unusual about the audio; "
     + _TEXT_NOTE, "empty = nothing to note"),
    ("sessions.csv", "pre_pain", "integer", "0-10 (0 = no pain, 10 = worst imaginable)",
     "pain intensity just before the session", _NOT_RATED),
    ("sessions.csv", "pre_fear", "integer", _THREAT_UNITS,
     _THREAT + " just before the session", _NOT_RATED),
    ("sessions.csv", "post_pain", "integer", "0-10", "pain intensity just after the session",
     _NOT_RATED),
    ("sessions.csv", "post_fear", "integer", "0-10",
     _THREAT + " just after the session", _NOT_RATED),
    ("sessions.csv", "pain_change", "integer", "points (post - pre; negative = lower)",
     "change in pain over the session", "empty = pre or post pain not rated"),
    ("sessions.csv", "fear_change", "integer", "points (post - pre; negative = lower)",
     "change in sense of threat over the session", "empty = pre_fear or post_fear not rated"),
    ("sessions.csv", "pain_change_percent", "number", "percent of pre pain, 1 decimal",
     "pain_change / pre_pain * 100", "empty = not rated, or pre pain 0 (no base)"),
    ("sessions.csv", "fear_change_percent", "number", "percent of pre_fear, 1 decimal",
     "fear_change / pre_fear * 100", "empty = not rated, or pre_fear 0 (no base)"),
    ("sessions.csv", "played_ms", "integer", "milliseconds",
     "audio time that actually played: pauses and parts skipped (Next, or a jump ahead) "
     "not counted, a part played twice counted twice; so completed with played_ms well "
     "under elapsed_ms means steps were skipped",
     "empty = unknown (a session from before painease recorded it)"),
    ("sessions.csv", "started_at_local", "time", _LOCAL,
     "when the session started" + _ON_CLOCK.format("started_at"), _NEVER),
    ("sessions.csv", "ended_at_local", "time", _LOCAL,
     "when it ended" + _ON_CLOCK.format("ended_at"), "empty = as ended_at"),
    ("ratings.csv", "session_id", "integer", "", "session the rating belongs to", _NEVER),
    ("ratings.csv", "moment", "category", "pre | post", "before or after the session", _NEVER),
    ("ratings.csv", "pain", "integer", "0-10 (0 = no pain, 10 = worst imaginable)",
     "pain intensity", "never empty: a skipped rating has no row"),
    ("ratings.csv", "fear", "integer", _THREAT_UNITS,
     _THREAT, "never empty: a skipped rating has no row"),
    ("ratings.csv", "note", "text", "", "the user's note with the rating; " + _TEXT_NOTE,
     "empty = no note"),
    ("ratings.csv", "rated_at", "time", _UTC, "when the rating was confirmed" + _AS_STORED,
     _NEVER),
    ("ratings.csv", "rated_at_local", "time", _LOCAL,
     "when the rating was confirmed" + _ON_CLOCK.format("rated_at"), _NEVER),
    ("live_samples.csv", "session_id", "integer", "", "session the sample belongs to", _NEVER),
    ("live_samples.csv", "t_ms", "integer", "milliseconds",
     "time into the session by the audio clock", _NEVER),
    ("live_samples.csv", "value", "number", "0-10",
     "live pain rating, recorded whenever the slider moved (it holds until the next row); "
     "where the slider started (the pre pain rating) is not a row", _NEVER),
    ("phases.csv", "session_id", "integer", "", "session the phase start belongs to", _NEVER),
    ("phases.csv", "t_ms", "integer", "milliseconds",
     "start of a phase on the session's timeline (audio clock)", _NEVER),
    ("phases.csv", "phase", "category",
     " | ".join(p.value for p in Phase),
     "the part of the session that starts here", _NEVER),
    ("journal.csv", "entry_id", "integer", "", "journal entry number", _NEVER),
    ("journal.csv", "session_id", "integer", "", "session the entry was written after",
     "empty = not tied to a session"),
    ("journal.csv", "written_at", "time", _UTC, "when the entry was written" + _AS_STORED,
     _NEVER),
    ("journal.csv", "text", "text", "", "what the user wrote; " + _TEXT_NOTE, _NEVER),
    ("journal.csv", "written_at_local", "time", _LOCAL,
     "when the entry was written" + _ON_CLOCK.format("written_at"), _NEVER),
)


def safe_text(text: str | None) -> str | None:
    """Free text as a spreadsheet will show it, never as a formula: with a leading ' when
    it starts with a character of ``_GUARDED`` (the codebook's rule, ``_TEXT_NOTE``)."""
    if not text:
        return text
    first = text[0]
    if first in _FORMULA_STARTS or first.isspace() or unicodedata.category(first) == "Cc":
        return "'" + text
    return text

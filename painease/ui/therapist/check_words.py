"""The check's messages in the script editor's words: each thing named as the form names it.

The loader says what is wrong by the script file's keys ("when_to_use: …", "step 2, text:
…", "from_minutes = 20", "max … min", "lengths[2]: …"): right for ``painease check``, read
beside the file. The editor's therapist sees a form, whose labels differ ("When to use",
"Words", "Played from", "at most"/"at least", "Lengths (minutes)"). ``in_form_words``
says a check message (problem or note) in the form's words by one table, ``FORM_NAMES``;
where a field's hint shows the file's syntax (lengths as ``[5, 10]``), ``FORM_HINTS`` shows
what the field takes. ``painease check`` keeps the file's words. The table is the one
source of those labels: the forms (``ScriptDetails``, ``StepForm``, ``BreathForm``) take
their fields' labels and accessible names from it (``form_label``), so Check names a field
as the form shows it. No Qt.

A message's place comes as structure, not text: the loader, the catalog and the draft
check hand a ``Said`` that keeps the key path it is about (``("steps", 1, "text")``) apart
from its words, and the place is named from that path, however ``painease check`` words
it. A plain message (a file that is not TOML, a length's refusal in the timing preview) is
said of no key and left as written. What is still rewritten is a key *inside* the words:
those words are sentences written where each rule is (``Script``'s validators, the
timeline's refusals: "add when_to_use = …", "step 2 has from_minutes = 20", "raise the max
of a silence"), and the rewrite finds a key however the sentence around it is phrased (a
key with an underscore, or the silences' ``min``, ``max`` and ``weight``), so a reworded
sentence keeps the form's names; structure for each would mean templating every sentence.
The checked script's id is never rewritten where a sentence starts with it (an id may be
``max``), and a sentence said of no place starts with a capital unless it is the id.
"""

from __future__ import annotations

import re

from painease.domain.script import Script
from painease.domain.vocabulary import PHASE_WORDS

# The file's keys, as the editor's form labels them (ScriptDetails, StepForm, BreathForm
# take their labels from here). "min", "max" and "weight" are said mid-sentence.
FORM_NAMES = {
    "id": "Id", "title": "Title", "kind": "Kind", "version": "Version",
    "language": "Language", "summary": "Summary", "when_to_use": "When to use",
    "lengths": "Lengths (minutes)", "ambience": "Ambience", "end_chime": "Soft chime at the end",
    "phase": "Phase", "text": "Words", "pause": "Silence", "from_minutes": "Played from",
    "clip": "Narration", "breath": "Paced breathing", "inhale": "Breathe in (seconds)",
    "hold": "Hold (seconds)", "exhale": "Breathe out (seconds)", "rest": "Rest (seconds)",
    "cycles": "Number of breaths", "min": "at least", "max": "at most",
    "weight": "share of spare time", "steps": "Steps",
}
# A field's hint where the file's syntax is not what the form's field takes.
FORM_HINTS = {"lengths": "the lengths in minutes it may be played at, e.g. 5, 10"}
# What is said of a place the form mends otherwise than the file: what the loader says of
# ``steps`` missing, or an empty list, is mended with Add step, not by typing a key. (The
# editor keeps one step at least; this is said only if that ever fails.) Too many steps
# are said in the loader's words.
FORM_SAYS = {("steps",): "the script has none; add one with Add step"}
_SAID_OF_NONE = ("is missing", "needs at least one entry")

# A key set to a value in a message's words.
_SETTING = re.compile(r"\b([a-z]+(?:_[a-z]+)*) = (\"[^\"]*\"|[^\s,;]+)")  # phase = "x"
# Keys said in a message's words: those only a file has (with an underscore), and the
# silences' bounds and share, which the form calls otherwise.
# Not a value quoted back ('min' typed into Lengths), nor a part of a script's id ("max-calm
# can stretch…": ids join their words with hyphens, keys with underscores).
_IN_WORDS = re.compile(r"(?<![-'])\b(" + "|".join(
    key for key in FORM_NAMES if "_" in key or key in ("min", "max", "weight"))
    + r")\b(?![-'])")


def form_label(key: str, mnemonic: str = "") -> str:
    """``FORM_NAMES[key]`` as a form row's label: ``&`` before the first ``mnemonic``
    letter (Alt with it goes to the field), when one is given."""
    name = FORM_NAMES[key]
    at = name.index(mnemonic) if mnemonic else -1
    return name if at < 0 else f"{name[:at]}&{name[at:]}"


def in_form_words(message: str, script_id: str = "") -> str:
    """``message``, as ``painease check`` says it, in the editor form's words: its place
    from its key path when it is a ``Said``; a plain message is said of no key, and
    starts with a capital as a sentence does. ``script_id``, the checked script's id, is
    said as written where a sentence starts with it, even when it is a key's name
    (``max``): the timing's refusals do ("max can stretch to at most…"), alone in the
    timing preview or after "cannot be played at 2 minutes: " in Check."""
    where: tuple = getattr(message, "where", ())
    words: str = getattr(message, "words", message)
    if words.startswith(_SAID_OF_NONE):
        words = FORM_SAYS.get(where, words)
    for key, hint in FORM_HINTS.items():
        words = words.replace(f"({Script.model_fields[key].description})", f"({hint})")
    # Split at the id (kept, at the odd places) where it starts a sentence.
    parts = re.split(rf"(?:^|(?<=: ))({re.escape(script_id)})(?![\w-])", words) if script_id \
        else [words]
    words = "".join(part if i % 2 else _IN_WORDS.sub(
        lambda found: f"“{FORM_NAMES[found.group(1)]}”", _SETTING.sub(_setting, part))
        for i, part in enumerate(parts))
    if where:
        return f"{place_in_form(where)}{message.sep}{words}"
    return words if parts[0] == "" and len(parts) > 1 else words[:1].upper() + words[1:]


def place_in_form(where: tuple[str | int, ...]) -> str:
    """A key path as the form names it: ``("steps", 1, "breath", "inhale")`` is "Step 2,
    Paced breathing, Breathe in (seconds)", ``("lengths", 1)`` "Lengths (minutes), entry 2"."""
    said: list[str] = []
    for i, part in enumerate(where):
        if isinstance(part, int):
            said[-1] = (f"step {part + 1}" if where[i - 1] == "steps"
                        else f"{said[-1]}, entry {part + 1}")
        else:
            said.append(FORM_NAMES.get(part, part))
    joined = ", ".join(said)
    return joined[:1].upper() + joined[1:]


def _setting(found: re.Match) -> str:
    """``key = value`` as the form shows it: “Played from” set to 20."""
    key, value = found.group(1), found.group(2)
    if key not in FORM_NAMES:
        return found.group(0)
    shown = value.strip('"')
    if key == "phase":
        shown = PHASE_WORDS.get(shown, shown)
    return f"“{FORM_NAMES[key]}” set to {shown}"

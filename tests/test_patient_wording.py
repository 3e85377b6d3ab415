"""Rules for the words a patient reads or hears (CLINICAL.md), checked over the bundled
scripts and the app's fixed texts: no diagnosis, no promise of a cure, no blame; every
somatic tracking practice says the sensation is safe and points to a clinician; and the
same words for the same things."""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import pytest

from painease.catalog import load_catalog
from painease.domain.script import Kind, Phase
from painease.domain.voice import YOU, Voice
from painease.report_document import safety_note
from painease.session_outcome import Change, Outcome
from painease.ui.help_page import CRISIS_NOTE, HOW_TO, RED_FLAGS, SAME_DAY
from painease.ui.home_page import SAFETY_NOTE, WELCOME
from painease.ui.rating_page import TEXT
from painease.ui.summary_page import CHECK_NOTE, ended_text, reading

BUNDLED = [entry.script for entry in load_catalog().entries.values()
           if entry.origin == "bundled"]

# Words that name an illness, promise an outcome or put blame on the patient.
NOT_SAID = {
    # ("does not diagnose anything", the report's disclaimer, says the opposite)
    "a diagnosis": r"(?<!not )\bdiagnos\w*|\bdisorder\b|\bsyndrome\b",
    "a cure or a promise": r"\bcur(e|es|ed|ing)\b|\bguarantee\w*|\bpromise\w*|"
                           r"\bwill (go away|disappear|vanish|stop)\b|\bforever\b|"
                           r"\bpermanent\w*|\bsettles? with practice\b",
    "blame": r"\byou failed\b|\byour fault\b|\byou should have\b|\bwrong with you\b|"
             r"\bhard enough\b",
    "pain as unreal": r"\ball in your head\b|\bimaginary\b",
    "an alarm word": r"\bwarning\b|\burgent\w*|\balarming\b",
    "pressure": r"\byou have to\b|\byou must\b|\byou need to\b|\byou should\b",
}


def script_texts() -> list[tuple[str, str]]:
    said = []
    for script in BUNDLED:
        said += [(f"{script.id}: {key}", getattr(script, key))
                 for key in ("title", "summary", "when_to_use")]
        said += [(f"{script.id} step {n}", step.text) for n, step in enumerate(script.steps, 1)]
    return said


def app_texts() -> list[tuple[str, str]]:
    said = [("welcome", text) for text in WELCOME]
    said += [("safety note", SAFETY_NOTE), ("crisis note", CRISIS_NOTE),
             ("red flags", RED_FLAGS), ("summary check note", CHECK_NOTE),
             ("report safety line", safety_note(YOU)),
             ("report safety line about Sam", safety_note(Voice.about("Sam")))]
    said += [(f"help: {heading}", text) for heading, text in HOW_TO]
    said += [(f"rating page {moment}", " ".join(words)) for moment, words in TEXT.items()]
    # The Summary's reading for every kind of change (down, same, up; small and large).
    pairs = [(5, 5), (6, 3), (4, 6), (6, 1), (2, 1), (0, 0), (10, 5)]
    for pain, fear in itertools.product(pairs, pairs):
        outcome = Outcome(1, "completed", 60_000, Change(*pain), Change(*fear), ())
        said.append((f"summary {pain} {fear}", reading(outcome)))
    # How the session ended: finished or ended early, for a set (counted or not) or not.
    for ended, elapsed_ms, for_set in itertools.product(
            ("completed", "stopped_early"), (60_000, 600_000), (None, True, False)):
        outcome = Outcome(1, ended, elapsed_ms, None, None, (), 60_000, for_set=for_set)
        said.append((f"summary ended {ended} {elapsed_ms} {for_set}",
                     ended_text(outcome, "Body scan", 600_000)))
    return said


@pytest.mark.parametrize("what", sorted(NOT_SAID))
def test_no_diagnosis_promise_or_blame(what):
    pattern = re.compile(NOT_SAID[what], re.IGNORECASE)
    found = [f"{where}: {text}" for where, text in script_texts() + app_texts()
             if pattern.search(text)]
    assert found == [], f"{what} in: {found}"


# A person in pain, listening or reading, loses the thread of a longer sentence.
LONGEST_SENTENCE = 25


def sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.?!])\s+", text.strip()) if s]


def test_no_sentence_in_a_bundled_script_is_too_long_to_follow():
    found = [f"{where} ({len(s.split())} words): {s}" for where, text in script_texts()
             for s in sentences(text) if len(s.split()) > LONGEST_SENTENCE]
    assert found == []


SAFETY_WORDS = ("clinician", "doctor", "medical")


@pytest.mark.parametrize("script", [s for s in BUNDLED if s.kind in (
    Kind.SOMATIC_TRACKING, Kind.EDUCATION)], ids=lambda s: s.id)
def test_every_tracking_practice_and_lesson_says_safe_and_points_to_a_clinician(script):
    said = " ".join(step.text for step in script.steps).lower()
    assert any(word in said for word in SAFETY_WORDS)
    if script.kind is Kind.SOMATIC_TRACKING:
        safety = " ".join(step.text for step in script.steps if step.phase is Phase.SAFETY)
        # Safety reappraisal: safe, or (in a flare) not a sign of harm.
        assert re.search(r"\bsafe\b|does not (mean damage|harm)", safety, re.IGNORECASE)
        # Outcome independence: the practice is not a way to make the pain go away.
        assert re.search(r"not trying to make it|no need to fix|allowed to be exactly|"
                         r"whether or not the sensation changed|let it do whatever",
                         said)


def test_the_scripts_say_clinician_for_the_person_who_checks_pain():
    """One word for one thing: "clinician" (never "your doctor" in one script and
    "a clinician" in the next), as Home and Help say it."""
    said = [where for where, text in script_texts() if re.search(r"\bdoctors?\b", text,
                                                                 re.IGNORECASE)]
    assert said == []


# When to see a clinician, in the same three words wherever it is said or heard: Home, the
# Summary, Help, the report and the scripts' closing lines. "Worrying", not "alarming":
# the practice works by lowering the sense of alarm, and the meaning is the same.
SYMPTOMS_WORDS = "new, changing or worrying"


def test_every_text_says_when_to_see_a_clinician_in_the_same_words():
    said = [(where, text) for where, text in script_texts() + app_texts()
            if re.search(r"\bnew,? (or )?chang", text, re.IGNORECASE)]
    assert len(said) >= 5  # Home, the Summary, the report and the scripts say it
    assert [f"{where}: {text}" for where, text in said
            if SYMPTOMS_WORDS not in text.lower()] == []


SAFETY_TEXTS = {"safety note": SAFETY_NOTE, "crisis note": CRISIS_NOTE,
                "red flags": RED_FLAGS, "summary check note": CHECK_NOTE,
                "report safety line": safety_note(YOU)}


def test_no_sentence_of_a_safety_text_is_too_long_to_follow():
    """Read when something may be wrong: one sign to a short sentence, not one long list."""
    found = [f"{where} ({len(s.split())} words): {s}" for where, text in SAFETY_TEXTS.items()
             for s in sentences(text) if len(s.split()) > LONGEST_SENTENCE]
    assert found == []


def test_every_list_of_same_day_signs_says_a_sudden_one_is_an_emergency():
    """Sudden numbness or weakness in an arm or a leg may be a stroke: wherever the same-day
    signs are named (Help, the report), a sign that comes on suddenly is for the emergency
    number, not for later that day."""
    texts = {"red flags": RED_FLAGS, "report safety line": safety_note(YOU)}
    for where, text in texts.items():
        said = [s for s in sentences(text) if "suddenly" in s and "emergency number" in s]
        assert said, where


# The red flags that need medical help the same day (CLINICAL.md: prompt attention). With
# back pain, losing bladder or bowel control or numbness or weakness cannot wait: Help once
# said "please see a clinician soon" for them.
SAME_DAY_SIGNS = re.compile(r"\bbladder\b|\bbowels?\b|\bnumbness\b|\bweakness\b|"
                            r"worse quickly|quickly (getting )?worse|rapidly worsening",
                            re.IGNORECASE)
# The README's note as one paragraph: its lines joined, without the quote marks.
README = re.sub(r"\s*\n>?\s*", " ", (Path(__file__).resolve().parents[1] / "README.md")
                .read_text(encoding="utf-8"))


def test_the_signs_that_need_help_the_same_day_are_never_said_with_soon():
    """Wherever the app or the README names a same-day sign, it says "the same day", and
    "soon" is said only of other new, changing or worrying symptoms, in a sentence that
    names no same-day sign. A script names them in steps of their own (one short caption
    each), so "the same day" is asked of the whole script (below), and "soon" never."""
    texts = app_texts() + [("README", README)]
    unsaid = [where for where, text in texts if SAME_DAY_SIGNS.search(text)
              and "the same day" not in text.replace("*", "").lower()]
    assert unsaid == []
    waiting = [f"{where}: {s}" for where, text in texts + script_texts()
               for s in sentences(text) if re.search(r"\bsoon\b", s, re.IGNORECASE)
               and (SAME_DAY_SIGNS.search(s)
                    or "clinician" in s and SYMPTOMS_WORDS not in s.lower())]
    assert waiting == []
    # The safety texts that name the signs: Help's, the report's (both voices), the README.
    assert len([t for _, t in texts if SAME_DAY_SIGNS.search(t)]) >= 4


@pytest.mark.parametrize("sign", [
    r"\bnew\b", r"worse", r"\bfever\b", r"weight loss", r"\bnumbness\b", r"\bweakness\b",
    r"\bbladder\b", r"\bbowels?\b", r"\binjury\b", r"severe pain at night"])
def test_help_names_every_red_flag_clinical_md_lists(sign):
    assert re.search(sign, RED_FLAGS, re.IGNORECASE)


# The yardsticks' definitions under Insights' numbers and in the report: read by patients
# and therapists alike, in a few short sentences and everyday words.
LONGEST_DEFINITION = 45  # words, each definition
LONGEST_DEFINITION_SENTENCE = 20
JARGON = r"\bmean\b|\bthreshold\b|\bcriterion\b|\bshare of\b|\bIMMPACT\b|moderately important"


def test_the_yardsticks_are_defined_in_short_plain_words():
    from painease.domain.summaries import YARDSTICK_DEFINITIONS as said

    long = [f"{key} ({len(text.split())} words)" for key, text in said.items()
            if len(text.split()) > LONGEST_DEFINITION]
    long += [f"{key} ({len(s.split())} words): {s}" for key, text in said.items()
             for s in sentences(text) if len(s.split()) > LONGEST_DEFINITION_SENTENCE]
    assert long == []
    assert [key for key, text in said.items()
            if re.search(JARGON, text, re.IGNORECASE)] == []


def test_the_yardsticks_definitions_keep_their_facts():
    """CLINICAL.md: 30% lower is a meaningful change, half a large one, both over a course
    of treatment (not one session); 0-1 is "pain-free or nearly", which the trial measured
    as a week's average; a skipped rating is missing, not 0."""
    from painease.domain.summaries import YARDSTICK_DEFINITIONS as said

    for key, facts in (("share_30", ("30%", "meaningful change", "weeks of treatment",
                                     "one session", "started at pain 0")),
                       ("share_50", ("halved", "large change", "weeks of treatment"))):
        assert [fact for fact in facts if fact not in said[key]] == [], key
    assert re.search(r"0 or 1 out of 10.*pain-free or nearly.*average 1 or less.*"
                     r"week's average.*a different measure", said["days_0_1"], re.DOTALL)
    # "A Pain Reprocessing Therapy trial …: they do not compare" named a therapy a patient
    # may not know, and "they" had nothing to point to.
    assert "Reprocessing" not in said["days_0_1"] and "they do not" not in said["days_0_1"]
    assert "not counted as 0" in said["missing"]
    for key, text in said.items():
        assert not re.search("|".join(NOT_SAID.values()), text, re.IGNORECASE), key


# Signs that are common in long-lasting pain (numbness, a fever now and then, pain at
# night) need help the same day only when they are new, sudden or getting worse: said
# bare, Help told a person with long-standing numbness to get help today, every day.
# Weight loss with no clear reason is a reason to see a clinician soon, not the same day.
BARE_SIGN = re.compile(r"(?<!\bnew )(?<!\bnew, )\b(numbness|fever|severe pain at night)\b",
                       re.IGNORECASE)


def test_the_same_day_signs_say_what_makes_them_pressing():
    texts = app_texts() + [("README", README)]
    bare = [f"{where}: {s}" for where, text in texts for s in sentences(text)
            if BARE_SIGN.search(s.replace("*", ""))]
    assert bare == []
    weight = [f"{where}: {s}" for where, text in texts for s in sentences(text)
              if "weight loss" in s.lower() and "soon" not in s.lower()]
    assert weight == []
    assert "weight loss" not in SAME_DAY.lower()
    # The places that name them say the same examples: Help and the report.
    for text in (SAME_DAY, safety_note(YOU), safety_note(Voice.about("Sam"))):
        assert "new numbness or weakness" in text


def test_the_scripts_say_the_signs_in_the_same_two_tiers():
    """A script that names the signs (the lesson does) says them as Help does: those that
    need help the same day said "new" where that is what makes them pressing, and weight
    loss with no clear reason as a reason to see a clinician soon. The lesson once said
    "fever" and "numbness or weakness" bare, under "prompt medical care"."""
    bare = [f"{where}: {s}" for where, text in script_texts() for s in sentences(text)
            if BARE_SIGN.search(s)]
    assert bare == []
    weight = [f"{where}: {s}" for where, text in script_texts() for s in sentences(text)
              if "weight loss" in s.lower() and "soon" not in s.lower()]
    assert weight == []
    naming = [script for script in BUNDLED
              if SAME_DAY_SIGNS.search(" ".join(step.text for step in script.steps))]
    assert naming  # the lesson
    assert [script.id for script in naming
            if "the same day" not in " ".join(step.text for step in script.steps)] == []


# New loss of bladder or bowel control, or new numbness between the legs or around the
# bottom, is an emergency (with back pain, the nerves at the base of the spine may be
# pressed on): it was said among the signs to "get help today", with emergency services
# only "if sudden or severe". Wherever a text names it, it is said in a sentence of its
# own to be an emergency, with the local emergency number now, and never as a sign that
# can wait for the same day, today or soon.
EMERGENCY_SIGNS = re.compile(r"\bbladder\b|\bbowels?\b|between the legs|around the bottom",
                             re.IGNORECASE)


def test_the_emergency_signs_are_said_to_be_an_emergency_everywhere():
    texts = app_texts() + [("README", re.sub(r"\s>\s", " ", README.replace("*", "")))] + [
        (script.id, " ".join(step.text for step in script.steps)) for script in BUNDLED]
    naming = [(where, text) for where, text in texts if EMERGENCY_SIGNS.search(text)]
    # Help, the report (both voices), the README and the lesson.
    assert len(naming) >= 5
    for where, text in naming:
        said = [s for s in sentences(text) if EMERGENCY_SIGNS.search(s)]
        assert said == ["New loss of bladder or bowel control, or new numbness between the "
                        "legs or around the bottom, is an emergency."], where
        after = sentences(text)[sentences(text).index(said[0]) + 1]
        assert re.search(r"call (your|the) local emergency number now", after,
                         re.IGNORECASE), where
    # Help says it first, under a heading of its own, before the same-day signs.
    assert RED_FLAGS.startswith("New loss of bladder")
    assert not EMERGENCY_SIGNS.search(SAME_DAY)


def test_the_two_pain_shares_have_one_name_wherever_they_are_read():
    """Insights once said "half or less", its definitions "at least halved", the report
    "at least 50% lower" and the Summary "fell by half or more", all for one measure."""
    from painease.domain.summaries import SHARE_NAMES, YARDSTICK_DEFINITIONS

    assert SHARE_NAMES == {"share_30": "Pain at least 30% lower after a session",
                           "share_50": "Pain at least halved after a session"}
    for key, name in SHARE_NAMES.items():
        assert YARDSTICK_DEFINITIONS[key].startswith(name)
    said = [reading(Outcome(1, "completed", 60_000, Change(*pain), Change(5, 5), ()))
            for pain in ((6, 3), (10, 7))]
    assert said == ["Your pain was at least halved after this session.",
                    "Your pain was at least 30% lower after this session."]


def test_each_tier_says_where_its_numbness_is_and_the_help_pointer_comes_last():
    """Home's note once said "new numbness" as an emergency and again as a same-day sign,
    with "The Help page lists them all" between the tiers: each numbness now says where it
    is (between the legs: the emergency; an arm or a leg: the same day), and the pointer to
    Help ends the note (Home's short one, too), after the last tier."""
    for where, text in (("help", RED_FLAGS), ("report", safety_note(YOU)),
                        ("README", README.replace("*", ""))):
        said = re.findall(r"new numbness[^.;,]*", text)
        assert said == ["new numbness between the legs or around the bottom",
                        "new numbness or weakness in an arm or a leg"], where
    for text in (SAFETY_NOTE, safety_note(YOU)):
        assert "Help page" in sentences(text)[-1]
        assert [s for s in sentences(text)[:-1] if "Help page" in s] == []


def test_homes_safety_note_is_short_and_leaves_the_signs_to_help():
    """CLINICAL.md: safety "where it is needed, not as a wall of text". Home's note was 80
    words, with the emergency signs in its second sentence, on every visit: it now says in
    two short sentences that painease supports care and does not replace it, that anything
    new, changing or worrying is for a clinician, and that Help lists the signs that cannot
    wait. Help keeps every tier (test_help_names_every_red_flag_clinical_md_lists)."""
    said = sentences(SAFETY_NOTE)
    assert len(said) <= 2 and len(SAFETY_NOTE.split()) <= 40
    assert "supports your medical care and does not replace it" in said[0]
    assert SYMPTOMS_WORDS in SAFETY_NOTE and "clinician" in SAFETY_NOTE
    assert "Help page" in said[-1]
    assert not SAME_DAY_SIGNS.search(SAFETY_NOTE) and not EMERGENCY_SIGNS.search(SAFETY_NOTE)
    # Some signs cannot wait, so the note does not say "soon".
    assert not re.search(r"\bsoon\b", SAFETY_NOTE)

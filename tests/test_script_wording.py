"""What the bundled scripts say, after a clinician-editor's review (CLINICAL.md: safety
where it is needed; plain, kind, invitational words). Each rule below is one thing the
review found said wrongly; see tests/test_patient_wording.py for the general rules."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from painease.catalog import load_catalog
from painease.domain.script import Phase, Script
from painease.domain.script_loader import parse_script
from painease.ui.home_page import WELCOME

SCRIPTS = {entry.script.id: entry.script for entry in load_catalog().entries.values()
           if entry.origin == "bundled"}


def sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.?!])\s+", text.strip()) if s]


# "It is uncomfortable, and it is safe … nothing to fear here" told everyone, whatever
# their pain, that it is harmless. A step that calls the pain or the sensation safe says
# that this holds for pain a clinician has checked ("if a clinician has checked this
# pain"), in the same step or in one played before it at every length. "Feeling it does
# not harm your body" is the same reassurance in other words. This holds in every script,
# not only the tracking practices: the lesson describing somatic tracking and the body
# scan meeting a painful place said "it is safe" with no condition.
SAYS_SAFE = re.compile(r"\b(it|sensation|pain) is (also )?safe\b|\bbe safe\b|"
                       r"\bsafe to feel\b|\bnothing to fear\b|\bstill be safe\b|"
                       r"\b(does|do|will|can) not harm\b|\bharmless\b", re.IGNORECASE)
CHECKED = re.compile(r"clinician has (already )?checked", re.IGNORECASE)


def unchecked_safe_steps(script: Script) -> list[str]:
    """The steps of ``script`` that call the pain safe with no clinician's check said in
    them or in a step played before them at every length."""
    unchecked = []
    said = False  # the condition, said in a step every length plays
    for n, step in enumerate(script.steps, 1):
        if SAYS_SAFE.search(step.text) and not (said or CHECKED.search(step.text)):
            unchecked.append(f"{script.id} step {n}: {step.text}")
        said = said or bool(CHECKED.search(step.text) and step.from_minutes is None)
    return unchecked


def clinician_conditions(script: Script) -> int:
    return sum(bool(CHECKED.search(step.text)) for step in script.steps)


def test_a_step_calls_the_pain_safe_only_for_pain_a_clinician_has_checked():
    assert [line for script in SCRIPTS.values() for line in unchecked_safe_steps(script)] == []
    spoken = " ".join(step.text for script in SCRIPTS.values() for step in script.steps)
    assert "nothing to fear" not in spoken.lower()


def test_a_script_says_the_clinician_condition_once():
    """Safety-deeper said "if a clinician has checked this pain" in step 10 and "once a
    clinician has checked for other causes" in step 11, one after the other: repetitive
    to hear. Said once, before the first step that needs it, it holds for the rest (the
    test above checks that it comes before)."""
    repeated = {script.id: n for script in SCRIPTS.values()
                if (n := clinician_conditions(script)) > 1}
    assert repeated == {}


def test_the_format_docs_example_says_safe_as_the_bundled_scripts_do():
    """Therapists copy docs/script-format.md's example: its "this sensation is
    uncomfortable, and it is safe" and "the brain can learn it is safe" said it of any
    pain. The example keeps the bundled scripts' rules: the condition once, before (or
    in) the step that calls the pain safe."""
    text = (Path(__file__).resolve().parents[1] / "docs" / "script-format.md").read_text(
        encoding="utf-8")
    example = parse_script(re.search(r"```toml\n(.*?)```", text, re.S).group(1), "docs example")
    assert unchecked_safe_steps(example) == []
    assert clinician_conditions(example) == 1
    assert [step for step in example.steps if SAYS_SAFE.search(step.text)]


def test_the_body_scan_meets_a_painful_place_without_calling_it_safe():
    """A relaxation script, with no clinician's check to lean on: "the sensation is real,
    and it is safe to notice" was a safety claim about any pain. It says it is all right
    to notice, which claims nothing about the pain."""
    steps = SCRIPTS["body-scan-relaxation"].steps
    assert not [step.text for step in steps if re.search(r"\bsafe\b", step.text)]
    hurting = [step.text for step in steps if "place that hurts" in step.text]
    assert len(hurting) == 1 and "all right to notice" in hurting[0]


def test_the_evidence_line_says_what_is_safe():
    """First steps' "evidence that it is safe": "it" could be the staying or the
    sensation. The line names the sensation."""
    line = [step.text for step in SCRIPTS["somatic-tracking-first-steps"].steps
            if "evidence" in step.text]
    assert len(line) == 1 and "evidence that this sensation is safe" in line[0]


def test_the_flare_up_summary_conditions_its_reassurance_as_its_words_do():
    """The Library shows the summary: "a familiar flare is frightening but not dangerous"
    said it of any flare. It now says it as step 3 does, for the familiar pain a clinician
    has checked."""
    script = SCRIPTS["flare-up-tracking"]
    reassuring = [s for s in sentences(script.summary) if "dangerous" in s]
    assert reassuring and all(CHECKED.search(s) for s in reassuring)


@pytest.mark.parametrize("script_id", ["somatic-tracking-first-steps",
                                       "somatic-tracking-safety-deeper"])
def test_a_tracking_summary_conditions_its_safe_as_its_words_do(script_id):
    """The Library shows the summary: first steps' "this sensation is uncomfortable but
    safe" and the deeper practice's "the evidence that the sensation is safe" said it of
    any sensation, where their steps and when_to_use say it for pain a clinician has
    checked."""
    script = SCRIPTS[script_id]
    safe = [s for s in sentences(script.summary) if re.search(r"\bsafe\b", s)]
    assert safe and all(CHECKED.search(s) for s in safe)


def test_a_script_with_paced_breaths_says_the_screen_shows_them_too():
    """The player shows the breaths' pace on screen ("Breathe in", a bar that fills), for
    whoever cannot hear the tones; the words said to follow the tones only. A script with
    paced breaths says once, before its first breath at every length, that the guide on
    the screen can be followed instead."""
    breathing = [script for script in SCRIPTS.values()
                 if any(step.breath for step in script.steps)]
    assert breathing
    for script in breathing:
        first = next(n for n, step in enumerate(script.steps) if step.breath)
        saying = [n for n, step in enumerate(script.steps)
                  if re.search(r"\bguide on the screen\b", step.text)]
        assert len(saying) == 1, script.id
        assert saying[0] <= first and script.steps[saying[0]].from_minutes is None, script.id


def test_paced_breathing_says_how_to_stop_before_the_first_breaths():
    """The way out for a light-headed or dizzy listener came only in the second breathing
    step, minutes in. The first step with tones says it, before its first breath."""
    first = next(step for step in SCRIPTS["paced-breathing"].steps if step.breath)
    text = first.text.lower()
    assert "light-headed" in text and "dizzy" in text
    # The pace, not only the tones: the screen's breathing guide gives it too.
    assert "stop following the pace" in text and "normal" in text


def test_the_emotional_check_in_assumes_no_therapist():
    """"…and stop there; bring it to a therapist" took for granted that the listener has
    one. Wherever a therapist is named, someone they trust is named with them."""
    script = SCRIPTS["emotional-awareness-check-in"]
    naming = [step.text for step in script.steps if "therapist" in step.text]
    assert naming
    assert [text for text in naming if "someone you trust" not in text] == []
    assert "end the session" in script.steps[1].text


def test_the_emotional_check_ins_anger_step_is_a_noticing_step():
    """Inviting anger to be felt is noticing an emotion, not a safety reappraisal: tagged
    safety, it started a safety phase that Insights' live-rating shifts after a safety
    start counted."""
    script = SCRIPTS["emotional-awareness-check-in"]
    anger = [step for step in script.steps if step.text.startswith("If anger is here")]
    assert len(anger) == 1 and anger[0].phase is Phase.ATTENTION
    # Its one reappraisal ("Feelings are not dangerous") keeps the safety phase.
    assert Phase.SAFETY in script.phases


def test_the_lesson_says_where_the_whole_list_is_after_the_signs():
    """"The Help page lists them all" stood between the same-day signs and the others;
    it comes after the last of them, before the closing."""
    steps = SCRIPTS["lesson-why-pain-persists"].steps
    at = [n for n, step in enumerate(steps) if "Help page" in step.text]
    assert len(at) == 1
    assert "soon" in steps[at[0] - 1].text and steps[at[0] + 1].phase is Phase.CLOSING


def test_the_lesson_paces_feared_movement_with_a_clinician():
    steps = SCRIPTS["lesson-why-pain-persists"].steps
    movement = [step.text for step in steps if "movement you have feared" in step.text]
    assert len(movement) == 1 and "clinician" in movement[0]


def test_the_body_scan_asks_no_sitting_listener_to_rest_their_head():
    """"Let your head rest its full weight" asked the impossible of a person sitting up."""
    head = [step.text for step in SCRIPTS["body-scan-relaxation"].steps
            if re.search(r"\bhead rests?\b|\bits (full )?weight\b|\bwhere it rests\b",
                         step.text)]
    assert head and [text for text in head if "sitting" not in text] == []


def test_the_flare_up_calm_spot_is_any_spot_that_feels_ordinary():
    """"Your feet" as the thing that is not painful: in a flare, they may hurt too."""
    calm = [step.text for step in SCRIPTS["flare-up-tracking"].steps
            if step.phase is Phase.POSITIVE_AFFECT]
    assert calm and all("feels ordinary" in text for text in calm)
    assert not [text for text in calm if re.search(r"\bfeet\b|\bhands\b", text)]


# The app's own words are in British spelling ("licence", "centred", "recognise"); the
# scripts said "color" and "center".
US_SPELLING = re.compile(r"\bcolor\w*|\bcenter(s|ed)?\b|\bfavor\w*|\bbehavior\w*|\bgray\b|"
                         r"\bto practice\b|\b(reali|recogni|organi|apologi)z\w*",
                         re.IGNORECASE)


def test_the_scripts_spell_as_the_app_does():
    said = [f"{script.id}: {text}" for script in SCRIPTS.values()
            for text in (script.title, script.summary, script.when_to_use,
                         *(step.text for step in script.steps))
            if US_SPELLING.search(text)]
    assert said == []


def test_the_welcome_says_the_alarm_keeps_pain_going_for_many_partly():
    """"Much long-lasting pain is kept going by the brain's alarm system" said more than
    is known: for many people, partly."""
    text = WELCOME[1]
    assert "for many people" in text.lower() and "partly" in text
    assert "Your pain is real." in text


def test_the_flare_up_says_early_when_to_stop_and_contact_a_clinician():
    """"If this pain is new or different, or comes with other symptoms, contact a
    clinician" came only in the last step: someone starting in a frightening new pain
    heard it minutes in. The first step says it, with leave to stop there; the last
    step recalls it in other words, not the same sentence twice."""
    steps = SCRIPTS["flare-up-tracking"].steps
    first = steps[0].text
    assert "new or different" in first and "stop here" in first and "clinician" in first
    assert steps[0].from_minutes is None
    later = [step.text for step in steps[1:] if "new or different" in step.text]
    assert later == []
    assert "clinician" in steps[-1].text


def test_the_emotional_check_in_offers_a_way_out_after_the_anger_step():
    """The kind way out (open your eyes, feel your feet, stop) was said only near the
    start, about a memory, and in the closing. It is said in the anger step too, which
    every length plays, and the first one names a feeling as well as a memory."""
    script = SCRIPTS["emotional-awareness-check-in"]
    assert "a feeling or a memory" in script.steps[1].text
    anger = next(step for step in script.steps if step.text.startswith("If anger is here"))
    assert anger.from_minutes is None
    for text in (anger.text, script.steps[1].text):
        assert "open your eyes" in text and "feel your feet" in text


def test_the_lesson_says_the_alarm_for_many_people_not_as_a_diagnosis():
    """"That can happen with lasting pain: the body has healed…" read as said of the
    listener, long before "these are clues, not proof". It says it of many people, and
    once that a clinician can tell whether it fits; calm watching can tell the brain
    there is no danger, not that it does."""
    steps = SCRIPTS["lesson-why-pain-persists"].steps
    ringing = [step.text for step in steps if "alarm keeps ringing" in step.text]
    assert len(ringing) == 1 and ringing[0].startswith("For many people")
    fits = [step.text for step in steps if "whether this fits you" in step.text]
    assert fits == ringing
    spoken = " ".join(step.text for step in steps)
    assert "calmly tells the brain" not in spoken and "calmly can tell the brain" in spoken

"""The script editor's Check names things as its form does ("When to use", "Words",
"Played from", "at most"/"at least", "Lengths (minutes)"), not by the script file's keys
("when_to_use", "step 2, text", "from_minutes = 20", "max"/"min", "lengths[2]"), and its
lengths hint shows what the field takes ("5, 10", not "[5, 10]"); ``painease check``, read
beside the file, keeps the file's keys. Real editor, typed into as a therapist would."""

from __future__ import annotations

from painease import paths
from painease.ui.therapist.draft_check import check_draft
from tests.ui.script_editing import fill_metadata, problems, type_into, write_step


def said(qtbot, editor, *words: str) -> str:
    qtbot.waitUntil(lambda: all(w in problems(editor) for w in words))
    return problems(editor)


def test_check_says_the_form_s_labels_not_the_file_s_keys(qtbot, editor):
    fill_metadata(qtbot, editor)
    write_step(qtbot, editor, "Settle in.")
    said(qtbot, editor, "ready to save")

    editor.when.clear()
    text = said(qtbot, editor, "When to use: is empty")
    assert "when_to_use" not in text
    # The CLI's words are the file's, as ever.
    assert any(p.startswith("when_to_use: is empty")
               for p in check_draft(editor.data(), paths.user_audio_dir()).problems)
    type_into(qtbot, editor.when, "After a walk.")

    type_into(qtbot, editor.lengths, "2, min")
    text = said(qtbot, editor, "must be a number, not 'min'")
    assert "lengths[" not in text and "Lengths (minutes)" in text
    assert "e.g. 5, 10" in text and "[5, 10]" not in text
    type_into(qtbot, editor.lengths, "2, 4")

    editor.add_step.click()
    text = said(qtbot, editor, "Step 2, Words: is empty")
    assert "text:" not in text
    write_step(qtbot, editor, "Notice the knee.")
    editor.step_form.from_minutes.setValue(20)
    text = said(qtbot, editor, "Played from")
    assert "from_minutes" not in text
    editor.step_form.from_minutes.setValue(0)

    form = editor.step_form
    form.pause_kind.setCurrentIndex(form.pause_kind.findData("flexible"))
    form.pause_max.setValue(30)
    form.pause_min.setValue(40)
    text = said(qtbot, editor, "Step 2, Silence:", "at most", "at least")
    assert "max" not in text and "min (" not in text


def test_a_script_id_that_is_a_plain_word_is_left_as_written():
    """Only a place in the file (its keys, "step N") is said in the form's words: a
    script's id at the start of a message is neither, even when it is a word ("calm"), or
    a key's name ("breath", "max"), and it is not given a capital as a sentence is."""
    from painease.domain.script_loader import Said
    from painease.ui.therapist.check_words import in_form_words

    for script_id in ("calm", "breath", "rest", "max", "weight"):
        said = f"{script_id} can stretch to at most 1:00: its flexible silences all reached"
        assert in_form_words(said, script_id).startswith(
            f"{script_id} can stretch to at most 1:00")
    # A sentence of no place that is not the id's starts with a capital.
    assert in_form_words("calm down: raise the max", "max") == "Calm down: raise the “at most”"
    assert in_form_words("step 3: a breath cycle is", "calm") == "Step 3: a breath cycle is"
    # Places are said from their key paths: keys (with an index) and steps.
    assert in_form_words(Said(("lengths", 1), "must be a number")).startswith(
        "Lengths (minutes), entry 2: must")
    assert in_form_words(Said(("steps", 1, "breath", "inhale"), "is too long")).startswith(
        "Step 2, Paced breathing, Breathe in (seconds): is")
    assert in_form_words(Said(("steps", 1), "has from_minutes = 5, but", sep=" ")).startswith(
        "Step 2 has “Played from” set to 5, but")


def keys_of(model) -> set[str]:
    """Every key a script file's tables can hold, in ``model`` and the tables within it."""
    from typing import get_args

    from pydantic import BaseModel

    def models(annotation):
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            yield annotation
        for arg in get_args(annotation):
            yield from models(arg)

    keys = set(model.model_fields)
    for field in model.model_fields.values():
        for inner in models(field.annotation):
            keys |= keys_of(inner)
    return keys


def test_every_key_a_problem_can_be_about_has_the_form_s_name():
    """Check names a problem's place from the key path the loader keeps beside its words
    (``Said.where``), never by reading the message: so every key a path can hold is named
    in ``FORM_NAMES``, or it would be shown as the file's key. (``format``: the editor
    writes format = 1 itself.)"""
    from painease.domain.script import Script
    from painease.ui.therapist.check_words import FORM_NAMES

    assert keys_of(Script) - {"format"} <= set(FORM_NAMES)
    assert {"text", "inhale", "weight", "max"} <= keys_of(Script)  # the walk reaches in


SCRIPT = """format = 1
id = "calm"
title = "Calm"
kind = "relaxation"
summary = "A rest."
when_to_use = "Any time."
lengths = [2, 4]
[[steps]]
phase = "settle"
text = "Settle in."
pause = 5
"""


def loader_says(text: str) -> list:
    from painease.domain.script_loader import ScriptError, parse_script

    try:
        parse_script(text, "calm.toml")
    except ScriptError as exc:
        return [problem.message for problem in exc.problems]
    raise AssertionError("the script loaded")


def test_a_loader_problem_keeps_its_place_beside_its_words():
    """``painease check`` prints the place in the file's words; the editor names the same
    place from its key path: a change to how check words a place cannot leave the editor
    saying the file's keys."""
    from painease.ui.therapist.check_words import in_form_words

    said = loader_says(SCRIPT + '[[steps]]\nphase = "breathing"\ntext = " "\n'
                                '[steps.breath]\ninhale = 0.1\nexhale = 4\ncycles = 3\n')
    assert [(str(m), m.where, in_form_words(m)) for m in said] == [
        ("step 2, text: is empty; write the text (the caption: exactly what the guide says)",
         ("steps", 1, "text"),
         "Step 2, Words: is empty; write the text (the caption: exactly what the guide says)"),
        ("step 2, breath, inhale: 0.1 is out of range: it must be at least 0.5 (seconds "
         "breathing in)", ("steps", 1, "breath", "inhale"),
         "Step 2, Paced breathing, Breathe in (seconds): 0.1 is out of range: it must be at "
         "least 0.5 (seconds breathing in)"),
    ]
    # The whole script's rule about one step: "step 2 has …", its step kept apart too.
    [late] = loader_says(SCRIPT + '[[steps]]\nphase = "settle"\ntext = "More."\n'
                                  "from_minutes = 20\n")
    assert late.startswith("step 2 has from_minutes = 20, but the longest length is 4 "
                           "minutes") and late.where == ("steps", 1)
    assert in_form_words(late).startswith("Step 2 has “Played from” set to 20, but")


def test_a_script_without_steps_is_said_by_the_form_s_list():
    """The editor keeps at least one step (Remove step is off for the last), but were its
    list empty Check would say so by the list's name, and how to mend it in the form, not
    by the file's ``steps`` and ``[[steps]]``."""
    from painease.ui.therapist.check_words import in_form_words
    from tests.ui.test_timing_preview_words import DRAFT

    check = check_draft({**DRAFT, "steps": []}, paths.user_audio_dir())
    assert [in_form_words(p) for p in check.problems] == [
        "Steps: the script has none; add one with Add step"]
    # painease check says it in the file's words (without steps, the draft has no key).
    assert check.problems == ["steps: is missing; add steps = … (the ordered [[steps]])"]


def test_an_id_holding_a_key_s_name_is_left_as_written(qtbot, tmp_path):
    """A script's id is written in the file's words by the therapist: "max-calm" or
    "min-rest" is said as is, never with a key's form name put into it ("“at most”-calm")."""
    from painease.ui.therapist.check_words import in_form_words
    from painease.ui.therapist.timing_preview import TimingPreview
    from tests.ui.test_timing_preview_words import DRAFT

    for script_id in ("max-calm", "calm-min", "rest-weight-max"):
        check = check_draft({**DRAFT, "id": script_id}, tmp_path)
        said = in_form_words(check.problems[0])
        assert said.startswith(f"Lengths (minutes): cannot be played at 2 minutes: "
                               f"{script_id} can stretch to at most")
        assert "reached their “at most”" in said
        preview = TimingPreview()
        qtbot.addWidget(preview)
        preview.show_check(check)
        assert preview.summary.text().startswith(f"{script_id} can stretch")


def test_the_editor_says_an_id_that_is_a_key_s_name_as_written(qtbot, editor):
    """A script whose id is exactly a silence key's name (``max``, ``min``) is said by that
    id in the editor's Check and timing preview, never as "“at most” needs at least…"; the
    keys after it are still said in the form's words."""
    fill_metadata(qtbot, editor, script_id="max")
    write_step(qtbot, editor, "Settle in.")
    type_into(qtbot, editor.lengths, "0.1")  # shorter than its words and silences
    text = said(qtbot, editor, "cannot be played at 0.1 minutes")
    assert "cannot be played at 0.1 minutes: max needs at least" in text
    assert "lower its silences' “at least”" in text and "“at most”" not in text
    assert editor.timing.summary.text().startswith("max needs at least")
    type_into(qtbot, editor.script_id, "min")
    text = said(qtbot, editor, "0.1 minutes: min needs at least")
    assert "lower its silences' “at least”" in text

"""How many lengths and steps a script may list: a few dozen lengths at most (a patient
picks one from a list) and 500 steps. Far more once hung the script list: 100,000
lengths ran a repeat check that compared each with every other, and each listed length is
fitted when the library loads (200 lengths of 14,000 steps: 21 s, on the window's thread
after a pack import). Refused before either, in the same words by ``painease check`` and
the library. The work is counted here, not timed."""

from __future__ import annotations

from pathlib import Path

import pytest

from painease import catalog as catalog_module
from painease import paths
from painease.catalog import check_files, load_catalog
from painease.domain.script_loader import ScriptError, parse_script

HEAD = """\
format = 1
id = "many"
title = "Many"
kind = "relaxation"
summary = "s"
when_to_use = "w"
lengths = [{lengths}]
"""
STEP = '[[steps]]\nphase = "settle"\ntext = "Hi."\npause = { min = 1, weight = 1 }\n'
TOO_MANY_LENGTHS = (
    "lengths: lists {count:,} lengths, more than the 24 a script may list; a patient picks "
    "one from a list, so keep the few that suit the session (such as 5, 10 and 20)")
TOO_MANY_STEPS = (
    "steps: has {count:,} steps, more than the 500 a script may have; split it into "
    "shorter scripts")


def script(lengths: int = 1, steps: int = 1) -> str:
    listed = ", ".join(f"{5 + minute * 0.5:g}" for minute in range(lengths))
    return HEAD.format(lengths=listed) + STEP * steps


def problems_of(text: str) -> list[str]:
    with pytest.raises(ScriptError) as caught:
        parse_script(text, "s.toml")
    return [str(problem) for problem in caught.value.problems]


def test_the_limits_are_as_documented():
    from painease.domain.script import MAX_LENGTHS, MAX_STEPS

    doc = (Path(__file__).resolve().parents[1] / "docs" / "script-format.md").read_text(
        encoding="utf-8")
    lengths_row = next(line for line in doc.splitlines() if line.startswith("| `lengths`"))
    steps_row = next(line for line in doc.splitlines() if line.startswith("| `steps`"))
    assert f"at most {MAX_LENGTHS} of them" in lengths_row
    assert f"at most {MAX_STEPS}," in steps_row


def test_a_script_may_list_two_dozen_lengths_but_no_more():
    assert len(parse_script(script(lengths=24), "s.toml").lengths) == 24
    assert problems_of(script(lengths=25)) == [f"s.toml:7: {TOO_MANY_LENGTHS.format(count=25)}"]
    # Said once, before any of them is read: not 100,000 problems, one for each.
    assert problems_of(script(lengths=100_000)) == [
        f"s.toml:7: {TOO_MANY_LENGTHS.format(count=100_000)}"]


def test_a_repeated_length_is_still_said_as_the_least_of_them():
    text = HEAD.format(lengths="20, 10, 5, 20, 10") + STEP
    assert problems_of(text) == [
        "s.toml:7: lengths: length 10 is listed twice; list each length once"]


def test_a_script_may_have_500_steps_but_no_more():
    assert len(parse_script(script(steps=500), "s.toml").steps) == 500
    # Said at the first step, as the steps are not one key.
    assert problems_of(script(steps=501)) == [f"s.toml:8: {TOO_MANY_STEPS.format(count=501)}"]


@pytest.fixture
def fits(monkeypatch) -> list:
    """The id of every script the catalog fits, once for each length."""
    fitted: list = []
    real = catalog_module.fit_timeline

    def counted(script, minutes, **kwargs):
        fitted.append(script.id)
        return real(script, minutes, **kwargs)

    monkeypatch.setattr(catalog_module, "fit_timeline", counted)
    return fitted


def test_the_library_and_check_refuse_too_many_in_the_same_words_and_fit_none(fits):
    folder = paths.data_dir() / "scripts"
    folder.mkdir(parents=True, exist_ok=True)
    lengths = folder / "lengths.toml"
    lengths.write_text(script(lengths=100_000).replace('"many"', '"lengths"'),
                       encoding="utf-8")
    steps = folder / "steps.toml"
    steps.write_text(script(steps=14_000).replace('"many"', '"steps"'), encoding="utf-8")
    said = {f"{problem.file}:{problem.line}: {problem.message}" for problem in
            load_catalog().problems}
    assert said == {f"{lengths}:7: {TOO_MANY_LENGTHS.format(count=100_000)}",
                    f"{steps}:8: {TOO_MANY_STEPS.format(count=14_000)}"}
    checked = {f"{problem.file}:{problem.line}: {problem.message}" for problem in
               check_files([lengths, steps]).problems}
    assert checked == said
    assert fits and not {"lengths", "steps"} & set(fits)  # the bundled ones only


def test_the_editor_says_too_many_steps_as_the_loader_does_not_as_none():
    # The form says "none" of steps missing or empty; too many are said as they are.
    from painease.domain.script_loader import Problem
    from painease.ui.therapist.check_words import in_form_words

    with pytest.raises(ScriptError) as caught:
        parse_script(script(steps=501), "s.toml")
    [problem] = caught.value.problems
    assert isinstance(problem, Problem)
    assert in_form_words(problem.message) == f"Steps: {TOO_MANY_STEPS.format(count=501)[7:]}"

"""The script format: good files load; each kind of bad input gives FILE:LINE: guidance."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from painease.domain.script import FlexiblePause, Phase
from painease.domain.script_loader import ScriptError, load_script, parse_script
from painease.domain.script_locator import locate
from painease.resources import bundled_scripts_dir

GOOD = """\
format = 1
id = "tiny"
title = "Tiny"
kind = "somatic-tracking"
summary = "A tiny script."
when_to_use = "In tests."
lengths = [2, 1]

[[steps]]
phase = "settle"
text = "Hello there."
pause = 2

[[steps]]
phase = "safety"
text = "This is safe."
pause = { min = 5, weight = 2, max = 200 }
"""


def problems_of(text: str) -> list[str]:
    with pytest.raises(ScriptError) as caught:
        parse_script(text, "s.toml")
    return [str(problem) for problem in caught.value.problems]


def test_good_script_loads_with_defaults():
    script = parse_script(GOOD, "s.toml")
    assert script.id == "tiny"
    assert script.lengths == [1.0, 2.0]  # sorted
    assert script.language == "en" and script.ambience == "none" and script.end_chime
    assert script.steps[0].pause == 2
    assert script.steps[1].pause == FlexiblePause(min=5, weight=2, max=200)
    assert script.phases == [Phase.SETTLE, Phase.SAFETY]


def test_bundled_scripts_all_load():
    files = sorted(bundled_scripts_dir().glob("*.toml"))
    assert len(files) >= 2
    ids = [load_script(path)[0].id for path in files]
    assert len(set(ids)) == len(ids)


@pytest.mark.parametrize(
    ("change", "line", "words"),
    [
        (('kind = "somatic-tracking"', 'kind = "yoga"'), 4, "'yoga' is not one of"),
        (('title = "Tiny"', 'title = "   "'), 3, "title: is empty"),
        (('title = "Tiny"', "title = 3"), 3, "title: must be text in quotes"),
        (("pause = 2", "pause = -1"), 12, "step 1, pause: -1 is out of range"),
        (("pause = 2", 'pause = "long"'), 12, "step 1, pause: must be a number"),
        (("pause = 2", "pause = 2\ncolor = 1"), 13, "step 1, color: unknown key"),
        (('text = "This is safe."', 'text = ""'), 16, "step 2, text: is empty"),
        (("max = 200", "max = 1"), 17, "max (1 s) is shorter than min (5 s)"),
        (("weight = 2", "weight = 0"), 17, "weight: 0 is out of range"),
        (("lengths = [2, 1]", "lengths = [2, 2]"), 7, "length 2 is listed twice"),
        (("lengths = [2, 1]", "lengths = []"), 7, "lengths: needs at least one entry"),
        (("lengths = [2, 1]", "lengths = [0]"), 7, "must be more than 0"),
        (("format = 1", "format = 2"), 1, "this painease reads format 1"),
        (('id = "tiny"', 'id = "Tiny Script"'), 2, "id: 'Tiny Script' is not allowed"),
        (('id = "tiny"\n', ""), 1, "id: is missing; add id ="),
        (('phase = "settle"', 'phase = "calm"'), 10, "'calm' is not one of"),
        (('text = "Hello there."', 'text = "Hi"\nclip = "../x.ogg"'), 12, "clip must be a path"),
        (("pause = 2", "pause = 2\nbreath = { inhale = 4, exhale = 4, cycles = 2 }"), 9,
         'must have phase = "breathing"'),
        (('summary = "A tiny script."', 'summary = "A tiny script."\nend_chime = "yes"'), 6,
         "end_chime: must be true or false"),
        (('summary = "A tiny script."', 'summary = "A tiny script."\nambience = "ocean"'), 6,
         'unknown ambience "ocean"'),
        (("pause = 2", "pause = 2\nfrom_minutes = 0"), 13,
         "from_minutes: 0 is out of range: it must be more than 0"),
        (("pause = 2", 'pause = 2\nfrom_minutes = "long"'), 13, "from_minutes: must be a number"),
        # Text that shows nothing once passed the "never empty" rule.
        (('text = "This is safe."', 'text = "\\u200B\\u200D "'), 16,
         "step 2, text: shows nothing: it holds only characters that do not show (U+200B, "
         "U+200D); write the words"),
        (('text = "This is safe."', 'text = "This is\\u0000 safe."'), 16,
         "step 2, text: holds control characters that cannot be shown (U+0000 between “This "
         "is” and “safe.”, at character 8); they are invisible on screen: select from the "
         "words before to the words after and type them again"),
        (('title = "Tiny"', 'title = "\\u2060"'), 3, "title: shows nothing"),
        # Bidirectional controls make the shown text read otherwise than it is written:
        # an override shows "Tracking is unsafe" for "Tracking is efasnu".
        (('text = "This is safe."', 'text = "Tracking is \\u202Eefasnu\\u202C."'), 16,
         "step 2, text: holds bidirectional controls that make it show differently from "
         "how it is written (U+202E between “Tracking is” and “efasnu.”, at character 13; "
         "U+202C between “is efasnu” and “.”, at character 20); they are invisible on "
         "screen: select from the words before to the words after and type them again"),
        (('text = "Hello there."', 'text = "Hello \\u2067there\\u2069."'), 11,
         "step 1, text: holds bidirectional controls that make it show differently from how "
         "it is written (U+2067 between “Hello” and “there.”, at character 7; U+2069 "
         "between “Hello there” and “.”, at character 13)"),
        (('title = "Tiny"', 'title = "Ti\\u202Dny"'), 3, "title: holds bidirectional controls "
         "that make it show differently from how it is written (U+202D between “Ti” and "
         "“ny”, at character 3)"),
        (('summary = "A tiny script."', 'summary = "A \\u202Atiny script."'), 5,
         "summary: holds bidirectional controls that make it show differently from how it "
         "is written (U+202A between “A” and “tiny script.”, at character 3)"),
        # A NUL in a clip's name once stopped the whole library ("embedded null byte").
        (('text = "Hello there."', 'text = "Hi"\nclip = "a\\u0000b.ogg"'), 12,
         "clip holds characters that do not show (U+0000)"),
    ],
)
def test_bad_values_are_pinned_to_their_line(change, line, words):
    old, new = change
    assert old in GOOD
    found = problems_of(GOOD.replace(old, new, 1))
    assert any(p.startswith(f"s.toml:{line}: ") and words in p for p in found), found


def test_control_characters_are_said_where_they_are():
    """Pasted from a word processor, a vertical tab and a form feed do not show in the
    editor: "holds control characters … (U+000B); remove them" said neither where they
    were nor how to find them. Each is placed by the words around it and its position."""
    # (A vertical tab at either end is white space, stripped with the rest.)
    text = GOOD.replace('"This is safe."', '"\\u0007Notice\\u000Bthe\\u000Cknee, its '
                        'edges and\\u0007 its size\\u001B"')
    text = text.replace('title = "Tiny"', 'title = "Ti\\u0000ny"')
    found = problems_of(text)
    assert (
        "s.toml:16: step 2, text: holds control characters that cannot be shown (U+0007 at "
        "the start, before “Notice the”, at character 1; U+000B between “Notice” and “the "
        "knee,”, at character 8; U+000C between “Notice the” and “knee, its”, at character "
        "12; and 2 more: U+0007, U+001B); they are invisible on screen: select from the "
        "words before to the words after and type them again") in found, found
    assert ("s.toml:3: title: holds control characters that cannot be shown (U+0000 between "
            "“Ti” and “ny”, at character 3); they are invisible on screen: select from the "
            "words before to the words after and type them again") in found, found


def test_right_to_left_text_and_its_marks_are_allowed():
    """Arabic and Hebrew captions carry their own direction; the marks U+200F and U+200E
    (used to place punctuation beside them) stay allowed. Only reordering controls go."""
    arabic = "\u062a\u0646\u0641\u0651\u064e\u0633 \u0628\u0628\u0637\u0621.\u200f"
    hebrew = "\u05e0\u05e9\u05d9\u05de\u05d4 \u05e2\u05de\u05d5\u05e7\u05d4 (4\u200e)."
    text = GOOD.replace("This is safe.", arabic).replace("Hello there.", hebrew)
    script = parse_script(text, "s.toml")
    assert [step.text for step in script.steps] == [hebrew, arabic]


def test_every_message_has_file_line_and_no_traceback():
    broken = GOOD.replace("pause = 2", "pause = -1").replace('kind = "somatic-tracking"', "")
    for problem in problems_of(broken):
        assert re.match(r"^s\.toml:\d+: \S", problem)
        assert "Traceback" not in problem


def test_a_step_only_for_longer_sessions_loads_and_must_be_reachable():
    later = 'phase = "safety"\nfrom_minutes = 2'
    script = parse_script(GOOD.replace('phase = "safety"', later), "s.toml")
    assert [step.from_minutes for step in script.steps] == [None, 2.0]
    assert [step.played_at(1) for step in script.steps] == [True, False]
    assert [step.played_at(2) for step in script.steps] == [True, True]
    # Above every listed length, it would never play: a typo, said as such.
    found = problems_of(GOOD.replace('phase = "safety"', 'phase = "safety"\nfrom_minutes = 3'))
    # Said at the from_minutes line (16), as a from_minutes = 0 is: not at line 1.
    assert any(p.startswith("s.toml:16: step 2 has from_minutes = 3, but the longest length "
                            "is 2 minutes") for p in found), found
    # The shortest length must still play something.
    both = GOOD.replace('phase = "safety"', later).replace(
        'phase = "settle"', 'phase = "settle"\nfrom_minutes = 1.5')
    found = problems_of(both)
    # Said at the lengths line (7), whose shortest length it is about: not at line 1.
    assert any(p.startswith("s.toml:7: no step is played at 1 minute: every step has a "
                            "from_minutes above it") for p in found), found


def test_toml_syntax_error_gives_its_line():
    found = problems_of(GOOD.replace('title = "Tiny"', 'title = "Tiny'))
    assert len(found) == 1
    assert found[0].startswith("s.toml:3: not valid TOML")


def test_a_breath_in_or_out_is_at_least_half_a_second():
    # 1e-9 s rounded to no frames at all, and fitting divided by the empty cycle.
    breathing = GOOD.replace('phase = "settle"', 'phase = "breathing"')
    paced = "pause = 2\nbreath = {{ inhale = {}, exhale = {}, cycles = {{ min = 3 }} }}"
    found = problems_of(breathing.replace("pause = 2", paced.format("1e-9", "0.49"), 1))
    assert any(p.startswith("s.toml:13: step 1, breath, inhale: 1e-09 is out of range: it "
                            "must be at least 0.5") for p in found), found
    assert any("step 1, breath, exhale: 0.49 is out of range" in p for p in found), found
    script = parse_script(breathing.replace("pause = 2", paced.format("0.5", "0.5"), 1), "s")
    assert script.steps[0].breath.cycle_seconds == 1


def test_flexible_breath_needs_a_flexible_pause():
    text = GOOD.replace('phase = "settle"', 'phase = "breathing"').replace(
        "pause = 2", "pause = 2\nbreath = { inhale = 4, exhale = 6, cycles = { min = 3 } }"
    ).replace("pause = { min = 5, weight = 2, max = 200 }", "pause = 4")
    found = problems_of(text)
    assert any("flexible breath cycles need at least one flexible pause" in p for p in found)


def test_unreadable_and_non_utf8_files(tmp_path: Path):
    with pytest.raises(ScriptError) as missing:
        load_script(tmp_path / "absent.toml")
    assert "cannot be read" in str(missing.value)
    latin1 = tmp_path / "latin1.toml"
    latin1.write_bytes(GOOD.replace("Tiny", "Tr\xe8s").encode("latin-1"))
    with pytest.raises(ScriptError) as not_utf8:
        load_script(latin1)
    assert str(not_utf8.value) == f"{latin1}:1: is not UTF-8 text; save it as UTF-8"


def test_a_byte_order_mark_nesting_and_a_huge_version(tmp_path: Path):
    notepad = tmp_path / "notepad.toml"
    notepad.write_bytes(b"\xef\xbb\xbf" + GOOD.encode("utf-8"))  # Windows Notepad's UTF-8
    script, _ = load_script(notepad)
    assert script.id == "tiny"
    nested = tmp_path / "nested.toml"
    nested.write_text("a = " + "[" * 100_000, encoding="utf-8")
    with pytest.raises(ScriptError) as deep:  # not a RecursionError out of tomllib
        load_script(nested)
    assert str(deep.value) == (f"{nested}:1: not valid TOML (arrays or tables nested far "
                               "too deeply)")
    huge = GOOD.replace('id = "tiny"', 'id = "tiny"\nversion = 9223372036854775808')
    with pytest.raises(ScriptError) as too_big:  # once it loaded, then failed in SQLite
        parse_script(huge, "huge.toml")
    assert "version: 9223372036854775808 is out of range: it must be at most 1,000,000" \
        in str(too_big.value)


def test_locate_finds_keys_in_array_tables_and_subtables():
    text = GOOD + '\n[[steps]]\nphase = "closing"\ntext = "Bye."\n[steps.breath]\ninhale = 4\n'
    assert locate(text, ("title",)) == 3
    assert locate(text, ("steps", 1, "pause", "flexible", "min")) == 17
    assert locate(text, ("steps", 2, "text")) == 21
    assert locate(text, ("steps", 2, "breath", "inhale")) == 23
    assert locate(text, ("steps", 2, "clip")) == 19  # absent key: the step's header line


def test_thousands_of_problems_are_each_on_their_line_from_one_index(monkeypatch):
    # Once every problem re-read the whole text: 10,000 of them took minutes.
    from painease.domain import script_locator

    indexed = []
    real_blocks = script_locator._blocks
    monkeypatch.setattr(script_locator, "_blocks",
                        lambda lines: indexed.append(1) or real_blocks(lines))
    unknown = ("colour", "hue", "tint", "shade")
    step = '[[steps]]\nphase = "settle"\ntext = "Hi."\npause = 1\n' + "".join(
        f"{key} = 1\n" for key in unknown)
    text = GOOD.split("[[steps]]")[0] + step * 500  # the most steps a script may have
    found = problems_of(text)
    header = GOOD.split("[[steps]]")[0].count("\n")
    assert found == [f"s.toml:{header + 8 * n + 5 + k}: step {n + 1}, {key}: unknown key; "
                     "check the spelling (allowed here: phase, text, clip, pause, breath, "
                     "from_minutes)" for n in range(500) for k, key in enumerate(unknown)]
    assert len(indexed) == 1


def test_text_must_show_but_may_span_lines_and_join_letters():
    # Persian and Hindi need zero-width (non-)joiners; a long caption may span lines.
    text = GOOD.replace('text = "This is safe."',
                        'text = """This is safe,\n\tand calm.\u200c\u0928\u094d\u200d"""')
    assert parse_script(text, "s.toml").steps[1].text.startswith("This is safe,\n\tand calm.")
    # The same joiners alone show nothing.
    found = problems_of(GOOD.replace('text = "This is safe."', 'text = "\u200c\u200d"'))
    assert any("step 2, text: shows nothing" in p for p in found), found


def test_a_text_longer_than_can_be_read_while_it_shows_is_refused(tmp_path: Path):
    # A 2,000,000-character caption once passed check, then laying it out blocked the
    # player's window for 12 s. The bundled captions are far shorter than the limit.
    long_caption = GOOD.replace('"This is safe."', '"' + "x" * 2_000_000 + '"')
    assert problems_of(long_caption) == [
        "s.toml:16: step 2, text: is 2,000,000 characters long, more than the 1,000 that can "
        "be read while it is shown; shorten it, or split it over two steps"]
    at_the_limit = GOOD.replace('"This is safe."', '"' + "word " * 199 + 'ends."')
    assert len(parse_script(at_the_limit, "s.toml").steps[1].text) == 1_000
    long_title = GOOD.replace('"Tiny"', '"' + "T" * 101 + '"')
    assert problems_of(long_title) == [
        "s.toml:3: title: is 101 characters long, more than the 100 a title may have; "
        "shorten it"]
    long_summary = GOOD.replace('"A tiny script."', '"' + "s" * 1_001 + '"')
    assert problems_of(long_summary) == [
        "s.toml:5: summary: is 1,001 characters long, more than the 1,000 that can be read "
        "at a glance; shorten it"]


def test_a_value_that_is_not_a_number_is_said_to_be_one_not_out_of_range():
    # TOML reads nan and inf as floats: "nan is out of range: it must be at most 240" sent
    # the writer looking for a number that was too big.
    found = problems_of(GOOD.replace("lengths = [2, 1]", "lengths = [nan]"))
    assert found == ["s.toml:7: lengths[1]: must be a number, not nan (the lengths in "
                     "minutes it may be played at, e.g. [5, 10])"]
    found = problems_of(GOOD.replace("min = 5, weight = 2", "min = -nan, weight = inf"))
    assert found == [
        "s.toml:17: step 2, pause, min: must be a number, not nan (the shortest this "
        "silence may be, in seconds)",
        "s.toml:17: step 2, pause, weight: must be a number, not inf (its share of the "
        "spare time, relative to others)"]
    # A real number out of range is still said as before.
    assert problems_of(GOOD.replace("lengths = [2, 1]", "lengths = [241]")) == [
        "s.toml:7: lengths[1]: 241 is out of range: it must be at most 240 (the lengths in "
        "minutes it may be played at, e.g. [5, 10])"]

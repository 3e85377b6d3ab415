"""A hand-edited settings.json with a number too big for a float (JSON reads ``1`` and 400
zeros as a whole number: ``math.isfinite`` refused it with OverflowError and the app did
not start) or a value nested absurdly deep: neither stops painease. Real files."""

from __future__ import annotations

import json
import sys
import traceback

import pytest

from painease.settings import MAX_DEPTH, Option, Settings
from painease.settings_unused import not_used_note

HUGE = 10**400  # past a float's largest, about 1.8 × 10**308


@pytest.mark.parametrize(("key", "value"), [
    ("master_volume", HUGE), ("master_volume", -HUGE), ("duck_db", HUGE),
    ("text_size", HUGE), ("live_rating", HUGE), ("audio_device", HUGE),
], ids=["volume", "volume-negative", "duck", "text-size", "yes-or-no", "word"])
def test_a_number_too_big_for_a_float_is_not_used_and_kept(key, value):
    settings = Settings()
    settings.path.write_text(json.dumps({key: value, "theme": "dark"}))
    loaded = Settings()
    assert loaded.get(key) == Settings(loaded.path.with_name("none.json")).get(key)
    assert loaded.get("theme") == "dark"  # the rest of the file is used
    assert loaded.not_used == {key: value}
    assert f"saved as {str(value)[:39]}…" in not_used_note(loaded)
    loaded.set("welcome_seen", True)  # another setting changed: the number stays as saved
    assert json.loads(loaded.path.read_text())[key] == value
    assert Settings().not_used == {key: value}


def test_the_same_huge_number_in_any_spelling_gets_the_same_answer():
    """Not moved to the top (as 150 or 1e300 is, for a volume): a number no float holds is
    taken as JSON's own 1e400 is, as infinity, which no setting can mean. A volume at its
    loudest from a number that large would be a guess; the usual volume and Home's note
    leave the choice to the person."""
    settings = Settings()
    for spelled in ("1" + "0" * 400, '"1' + "0" * 400 + '"', "1e400", "-1" + "0" * 400):
        settings.path.write_text('{"master_volume": ' + spelled + "}")
        loaded = Settings()
        assert loaded.get("master_volume") == 80, spelled
        assert list(loaded.not_used) == ["master_volume"], spelled
    settings.path.write_text('{"master_volume": 1e300}')
    assert Settings().get("master_volume") == 100  # a float past the top: the top


def test_a_number_option_weighs_a_huge_whole_number_without_overflow():
    fraction = Option("fraction", 0.5, "A fraction", low=0, high=1)
    assert fraction.accepts(HUGE) is False and fraction.meant(HUGE) is None
    assert fraction.meant(-HUGE) is None
    assert fraction.meant(10**300) == 1.0  # a float holds it: past the top, the top


def deeper(frames: int, call):
    """``call()`` from ``frames`` more frames down the stack (a click handled inside the
    event loop runs deeper than the start that read the file)."""
    return call() if frames == 0 else deeper(frames - 1, call)


def test_a_value_nested_absurdly_deep_is_damage_whoever_reads_it():
    """Python's json gives up on nesting near its recursion limit, counted from wherever it
    is called: a file read as settings at start was damage when a save read it again from
    deeper down (and set aside), and Home's note failed to write the value out."""
    depth = sys.getrecursionlimit() - len(traceback.extract_stack()) - 20
    settings = Settings()
    nested = "[" * depth + "]" * depth
    settings.path.write_text('{"master_volume": ' + nested + ', "theme": "dark"}')
    at_start = Settings()
    assert deeper(60, lambda: not_used_note(at_start)) is None  # was RecursionError
    later = deeper(60, Settings)
    assert at_start.damaged == later.damaged  # was False at start, True from deeper
    assert at_start.damaged
    assert at_start.get("theme") == later.get("theme") == "light"
    deeper(60, lambda: at_start.set("theme", "dark"))
    assert settings.path.with_name("settings.json.damaged").exists()
    assert Settings().get("theme") == "dark"


def test_a_value_nested_a_little_is_only_not_used():
    settings = Settings()
    nested = [[[["loud"]]]]
    settings.path.write_text(json.dumps({"master_volume": nested, "theme": "dark"}))
    loaded = Settings()
    assert not loaded.damaged and loaded.get("theme") == "dark"
    assert loaded.not_used == {"master_volume": nested}
    levels = MAX_DEPTH - 1  # inside the file's own object: MAX_DEPTH in all
    settings.path.write_text('{"x": ' + "[" * levels + "1" + "]" * levels + "}")
    assert not Settings().damaged
    settings.path.write_text('{"x": ' + "[" * levels + "{}" + "]" * levels + "}")
    assert Settings().damaged

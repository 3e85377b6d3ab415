"""A hand-edited settings.json: values are taken as clearly meant (whole floats, numbers in
strings, numbers past an end, other letter case), and one that still cannot be used is
named (for Home) and kept in the file, never silently replaced and lost at the next
change. Real files in the data dir."""

from __future__ import annotations

import json

import pytest

from painease.settings import Settings
from painease.settings_unused import not_used_note

ODD = {
    "master_volume": 150, "narration_volume": "50", "tones_volume": 50.0,
    "ambience_volume": -3, "duck_db": 12.5, "ambience": "Soft rain", "live_rating": 1,
    "text_size": 175, "theme": "Dark", "future_key": {"x": 1},
}


def test_values_clearly_meant_are_taken_as_meant():
    settings = Settings()
    settings.path.write_text(json.dumps(ODD))
    loaded = Settings()
    used = {key: loaded.get(key) for key in ODD if key != "future_key"}
    assert used == {
        "master_volume": 100, "narration_volume": 50, "tones_volume": 50,
        "ambience_volume": 0, "duck_db": 13, "ambience": "soft-rain", "live_rating": True,
        "text_size": 100, "theme": "dark"}
    assert type(loaded.get("tones_volume")) is int  # 50, as the slider holds it
    assert loaded.not_used == {"text_size": 175}


@pytest.mark.parametrize(("key", "value", "meant"), [
    ("live_rating", "True", True), ("live_rating", 0, False), ("welcome_seen", "no", False),
    ("ambience", "WARM_DRONE", "warm-drone"), ("insights_period", "3M", "3m"),
    ("text_size", "150", 150), ("text_size", 125.0, 125), ("master_volume", 1e9, 100),
    ("duck_db", " 20 ", 20),
])
def test_each_kind_of_value_meant(key, value, meant):
    settings = Settings()
    settings.path.write_text(json.dumps({key: value}))
    loaded = Settings()
    assert loaded.get(key) == meant and type(loaded.get(key)) is type(meant)
    assert loaded.not_used == {}


@pytest.mark.parametrize(("key", "value"), [
    ("theme", "purple"), ("text_size", 175), ("master_volume", "loud"),
    ("live_rating", 2), ("narration_volume", True), ("audio_device", 3),
    ("ambience", ["rain"]),
])
def test_values_that_cannot_be_used_are_named_and_the_default_used(key, value):
    settings = Settings()
    settings.path.write_text(json.dumps({key: value}))
    loaded = Settings()
    assert loaded.get(key) == Settings(loaded.path.with_name("none.json")).get(key)
    assert loaded.not_used == {key: value}


def test_a_value_not_used_is_kept_in_the_file_until_that_setting_is_changed():
    settings = Settings()
    settings.path.write_text(json.dumps(ODD))
    loaded = Settings()
    loaded.set("live_rating", False)  # another setting changed
    stored = json.loads(settings.path.read_text())
    assert stored["text_size"] == 175  # not lost: a newer painease may take it
    assert stored["theme"] == "dark" and stored["master_volume"] == 100  # as used
    assert stored["future_key"] == {"x": 1}
    assert Settings().not_used == {"text_size": 175}  # and said again at the next start
    loaded.set("text_size", 150)
    assert json.loads(settings.path.read_text())["text_size"] == 150
    assert Settings().not_used == {}


def test_homes_words_name_the_settings_not_used_plainly():
    settings = Settings()
    settings.path.write_text(json.dumps({"text_size": 175}))
    assert not_used_note(Settings()) == (
        "One of your saved settings could not be used, so painease uses the usual value "
        "for it instead: Text size (%), saved as 175. You can choose it again in Settings.")
    settings.path.write_text(json.dumps({"text_size": 175, "theme": "purple" * 20}))
    note = not_used_note(Settings())
    assert note.startswith("Some of your saved settings could not be used, so painease "
                           "uses the usual value for each instead: Text size (%), saved "
                           "as 175; Appearance, saved as \"purplepurple")
    assert note.endswith("…. You can choose them again in Settings.")
    settings.path.write_text(json.dumps({"theme": "dark"}))
    assert not_used_note(Settings()) is None


def test_a_value_another_process_saved_is_taken_as_meant_when_read_again():
    settings = Settings()
    settings.set("live_rating", True)
    stored = json.loads(settings.path.read_text())
    settings.path.write_text(json.dumps({**stored, "theme": "Dark", "tones_volume": 40.0}))
    assert sorted(settings.reload()) == ["theme", "tones_volume"]
    assert settings.get("theme") == "dark"  # as used, never the raw "Dark"
    assert type(settings.get("tones_volume")) is int


def test_the_values_not_used_are_named_as_the_file_is_when_read_again():
    """``not_used`` kept what the file held at start: a value another process mended was
    still named, and one it saved that cannot be used was not."""
    settings = Settings()
    settings.path.write_text(json.dumps({"text_size": 175, "live_rating": True}))
    window = Settings()  # the window's, read at start
    assert window.not_used == {"text_size": 175}
    Settings().set("text_size", 150)  # another process's save mends it
    window.reload()
    assert window.get("text_size") == 150
    assert window.not_used == {}
    stored = json.loads(settings.path.read_text())
    settings.path.write_text(json.dumps({**stored, "theme": "purple"}))  # a hand-edit
    window.reload()
    assert window.not_used == {"theme": "purple"}
    window.set("theme", "dark")  # chosen here: used, and written over the file's
    assert window.not_used == {}

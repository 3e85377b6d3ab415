"""Settings are declared once, saved in the data dir, and survive a damaged file."""

from __future__ import annotations

import json

import pytest

from painease import paths
from painease.settings import OPTIONS, Settings


def test_defaults_then_changes_persist_in_the_data_dir():
    settings = Settings()
    assert settings.path.parent == paths.data_dir()
    assert settings.get("live_rating") is False
    seen = []
    settings.add_listener(lambda key, value: seen.append((key, value)))
    settings.set("live_rating", True)
    settings.set("text_size", 150)
    assert seen == [("live_rating", True), ("text_size", 150)]
    again = Settings()
    assert again.get("live_rating") is True and again.get("text_size") == 150


def test_bad_values_are_refused_and_a_damaged_file_falls_back_to_defaults():
    settings = Settings()
    with pytest.raises(ValueError):
        settings.set("text_size", 130)
    with pytest.raises(ValueError):
        settings.set("master_volume", True)
    settings.path.write_text(json.dumps({"theme": "neon", "master_volume": 40, "x": 1}))
    loaded = Settings()
    assert loaded.get("theme") == "light" and loaded.get("master_volume") == 40
    settings.path.write_text("{not json")
    assert Settings().get("master_volume") == 80


def test_every_option_has_a_title_and_an_acceptable_default():
    for option in OPTIONS:
        assert option.title and option.accepts(option.default), option.key


def test_mix_and_ambience_follow_the_options():
    settings = Settings()
    settings.set("master_volume", 50)
    assert settings.mix().master == 0.5
    assert settings.ambience_for("soft-rain") == "soft-rain"
    settings.set("ambience", "none")
    assert settings.ambience_for("soft-rain") == "none"

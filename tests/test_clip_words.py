"""The note of which words a therapist's clip was made from (painease.narration.clip_words)."""

from __future__ import annotations

import json

from painease.narration.clip_words import WORDS_FILE, remember_words, words_changed


def test_words_are_noted_per_clip_and_compared_without_spacing(tmp_path):
    first, second = tmp_path / "step-01.ogg", tmp_path / "step-02.ogg"
    assert words_changed(first, "Settle in.") is None  # nothing noted yet
    remember_words(first, "Settle in.")
    remember_words(second, "Breathe out slowly.")
    assert words_changed(first, "Settle in.") is False
    assert words_changed(first, "  Settle\n in. ") is False
    assert words_changed(first, "Settle down.") is True
    assert words_changed(second, "Breathe out slowly.") is False
    remember_words(first, "Settle down.")  # made again from the new words
    assert words_changed(first, "Settle down.") is False
    assert sorted(json.loads((tmp_path / WORDS_FILE).read_text())) == ["step-01.ogg",
                                                                       "step-02.ogg"]
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no temp


def test_an_unreadable_note_means_unknown_and_is_replaced_on_the_next_save(tmp_path):
    clip = tmp_path / "step-01.ogg"
    (tmp_path / WORDS_FILE).write_text("{not json", encoding="utf-8")
    assert words_changed(clip, "Settle in.") is None
    remember_words(clip, "Settle in.")
    assert words_changed(clip, "Settle in.") is False
    (tmp_path / WORDS_FILE).write_text("[1, 2]", encoding="utf-8")  # valid JSON, wrong shape
    assert words_changed(clip, "Settle in.") is None

"""Narration rendering: the audio shaping and the pacing, on synthetic signals.

The render loop and the manifest's staleness check are in test_narration_render.py, the
command line (and one real Piper render) in test_narration_command.py."""

from __future__ import annotations

import numpy as np
import pytest

from painease.narration import NarrationError
from painease.narration.manifest import (
    spoken_words,
)
from painease.narration.pacing import pace, pause_scale_for
from painease.narration.processing import (
    OUTPUT_RATE,
    Sentence,
    integrated_lufs,
    join_sentences,
    level,
    limit_peaks,
    open_phrase_breaks,
    peak_dbfs,
    resample,
    speech_bounds,
    trim,
)
from painease.narration.render import NarrationSettings
from tests.narration_audio import RATE, silence, tone


def test_trim_cuts_silence_to_the_asked_margins_and_fades_the_edges():
    audio = np.concatenate([silence(1.2, floor=1e-4), tone(2.0), silence(0.9, floor=1e-4)])
    out = trim(audio, RATE, lead=0.05, tail=0.1)
    assert abs(len(out) / RATE - 2.15) < 0.02
    assert abs(out[0]) < 1e-3 and abs(out[-1]) < 1e-3  # faded, no click
    assert np.max(np.abs(out)) == pytest.approx(0.3, abs=0.01)


def test_all_silence_has_no_speech_and_trims_to_nothing():
    assert speech_bounds(silence(1.0, floor=1e-5), RATE) is None
    assert len(trim(np.zeros(RATE, np.float32), RATE, 0.1, 0.1)) == 0


def test_quiet_speech_is_kept_when_only_40_db_under_the_loudest_part():
    soft = tone(0.5, amplitude=0.3 * 10 ** (-30 / 20))  # a soft word 30 dB down
    audio = np.concatenate([silence(0.5), soft, tone(1.0), silence(0.5)])
    start, _ = speech_bounds(audio, RATE)
    assert abs(start / RATE - 0.5) < 0.011


def test_phrase_breaks_widen_the_existing_pause_only():
    words = [tone(0.6, freq=200), silence(0.2, floor=1e-4), tone(0.6, freq=300)]
    audio = np.concatenate(words)
    span = (round(0.5 * RATE), round(0.9 * RATE))  # the break overlaps both words' ends
    out = open_phrase_breaks(Sentence(audio, (span,)), RATE, pause=0.45)
    assert len(out) == len(audio) + round(0.45 * RATE)
    # The words themselves survive intact on either side of the widened pause.
    assert np.array_equal(out[: round(0.6 * RATE)], words[0])
    assert np.array_equal(out[-round(0.6 * RATE):], words[2])
    assert np.max(np.abs(out[round(0.6 * RATE): -round(0.6 * RATE)])) < 1e-3


def test_sentences_are_joined_with_the_sentence_pause():
    first = np.concatenate([silence(0.4), tone(1.0), silence(0.7)])
    second = np.concatenate([silence(0.3), tone(0.5), silence(0.2)])
    out = join_sentences([first, second], RATE, pause=1.4, lead=0.0, tail=0.0)
    assert abs(len(out) / RATE - (1.0 + 1.4 + 0.5)) < 0.03
    gap = out[round(1.02 * RATE): round(2.38 * RATE)]
    assert np.max(np.abs(gap)) == 0.0


def test_resampling_to_48k_keeps_length_and_pitch():
    out = resample(tone(2.0, freq=440.0), RATE, OUTPUT_RATE)
    assert len(out) == 2 * OUTPUT_RATE
    spectrum = np.abs(np.fft.rfft(out))
    assert abs(np.argmax(spectrum) * OUTPUT_RATE / len(out) - 440.0) < 1.0


def test_limiter_holds_spikes_under_the_ceiling_and_leaves_the_rest_alone():
    rate = OUTPUT_RATE
    audio = tone(2.0, amplitude=0.2, rate=rate).astype(np.float64)
    spikes = [round(0.5 * rate), round(1.5 * rate)]
    for at in spikes:
        audio[at] = 0.95
    out = limit_peaks(audio, rate, ceiling_dbfs=-6.0)
    assert peak_dbfs(out) <= -6.0 + 1e-6
    far = np.ones(len(audio), bool)
    for at in spikes:
        far[at - rate // 100: at + rate // 100] = False
    assert np.array_equal(out[far], audio[far].astype(np.float32))


def test_level_brings_quiet_and_loud_clips_to_one_loudness():
    quiet = np.concatenate([tone(3.0, 0.02, rate=OUTPUT_RATE), silence(1.0, OUTPUT_RATE)])
    loud = tone(2.0, 0.5, freq=330.0, rate=OUTPUT_RATE)
    results = [level(a, OUTPUT_RATE, target_lufs=-20.0, ceiling_dbfs=-1.5) for a in (quiet, loud)]
    for result in results:
        assert integrated_lufs(result.audio, OUTPUT_RATE) == pytest.approx(-20.0, abs=0.1)
        assert result.peak_dbfs <= -1.5 + 1e-6
    assert results[0].gain_db > 15 and results[1].gain_db < -5


def test_level_refuses_silence():
    with pytest.raises(NarrationError, match="silent"):
        level(np.zeros(OUTPUT_RATE, np.float32), OUTPUT_RATE, -20.0, -1.0)


def test_words_are_counted_as_a_listener_would():
    assert spoken_words("Breathe in — and out; the in-breath, don't hurry.") == 8


def scaled_speaker(seconds_per_word: float, breaks: bool = True, fixed: float = 0.0):
    """Each sentence a tone of ``fixed + seconds_per_word × words × length_scale / 1.5`` s."""
    calls = []

    def speak(text, settings):
        calls.append(settings.length_scale)
        out = []
        for sentence in filter(None, (s.strip() for s in text.split("."))):
            words = len(sentence.split())
            seconds = fixed + seconds_per_word * words * settings.length_scale / 1.5
            audio = tone(seconds)
            commas = [round(len(audio) * (i + 1) / (sentence.count(",") + 1))
                      for i in range(sentence.count(","))]
            out.append(Sentence(audio, tuple((c, c + 1) for c in commas) if breaks else ()))
        return out

    return speak, calls


# The synthetic voices below are sized (their words a second) against this band, so the
# tests keep their meaning whatever band the bundled clips use.
SIZED_BAND = NarrationSettings(min_wpm=110, max_wpm=150)


def rate_of(paced, text):
    return spoken_words(text) / (len(paced.audio) / RATE) * 60


def test_a_clip_already_in_the_band_keeps_its_pauses_and_voice():
    text = "One two three four five six seven. Eight nine ten eleven twelve, thirteen."
    speak, calls = scaled_speaker(0.4)  # 150 wpm of speech, pauses bring it into band
    paced = pace(speak, text, RATE, SIZED_BAND)
    assert (paced.pause_scale, paced.length_scale) == (1.0, 1.5) and calls == [1.5]
    assert 110 <= rate_of(paced, text) <= 150


def test_short_sentences_and_lists_get_shorter_pauses_not_a_faster_voice():
    text = "Rest there now. Notice any ease, warmth or quiet. Neutral is plenty today."
    speak, calls = scaled_speaker(0.4)
    settings = SIZED_BAND
    paced = pace(speak, text, RATE, settings)
    assert calls == [1.5] and paced.length_scale == 1.5
    assert settings.min_pause_scale <= paced.pause_scale < 1.0
    assert rate_of(paced, text) == pytest.approx(settings.min_wpm, abs=1.0)


def test_a_rush_of_short_words_gets_a_slower_voice_and_no_shorter_pauses():
    text = "Now see if you can offer yourself some kindness, the way you would to a friend."
    speak, calls = scaled_speaker(0.32)  # 188 wpm at the base voice speed
    settings = SIZED_BAND
    paced = pace(speak, text, RATE, settings)
    assert 1.0 <= paced.pause_scale <= settings.max_pause_scale
    assert settings.length_scale < paced.length_scale <= settings.max_length_scale
    assert calls[-1] == paced.length_scale and len(calls) >= 2
    assert 140 <= rate_of(paced, text) <= settings.max_wpm


def test_a_voice_that_does_not_stretch_in_proportion_is_still_brought_into_band():
    # Like Piper on a dense sentence: a second of the speech does not stretch at all, so
    # the first, proportional guess falls short and a further try is needed.
    text = "You can think of it as an alarm that rings when there is danger."
    speak, calls = scaled_speaker(3.2 / 14, breaks=False, fixed=1.0)  # 200 wpm at 1.5
    settings = SIZED_BAND
    paced = pace(speak, text, RATE, settings)
    assert len(calls) == 3 and calls[1] < calls[2] <= settings.max_length_scale
    assert 140 <= rate_of(paced, text) <= settings.max_wpm


def test_pacing_never_goes_past_its_limits():
    settings = SIZED_BAND
    # 10 words over 2 s of speech and 10 s of pauses: far too slow, pauses halved at most.
    assert pause_scale_for(10, 2.0, 10.0, settings) == settings.min_pause_scale
    assert pause_scale_for(40, 2.0, 1.0, settings) == settings.max_pause_scale
    assert pause_scale_for(10, 4.0, 0.0, settings) == 1.0
    speak, calls = scaled_speaker(0.1, breaks=False)  # 600 wpm: the voice cap holds
    paced = pace(speak, "word " * 30, RATE, settings)
    assert paced.length_scale == settings.max_length_scale and len(calls) <= 3
    speak, calls = scaled_speaker(0.8)  # 75 wpm of speech alone: the other cap holds
    paced = pace(speak, "Slow. Very slow. So slow, indeed.", RATE, settings)
    assert paced.length_scale == settings.min_length_scale
    assert paced.pause_scale == settings.min_pause_scale


def test_too_slow_even_with_short_pauses_speeds_the_voice_up_a_little():
    text = "Linger there. Notice any ease, warmth or quiet. Neutral is plenty."
    speak, calls = scaled_speaker(0.42)  # 143 wpm of speech, many pauses
    settings = SIZED_BAND
    paced = pace(speak, text, RATE, settings)
    assert settings.min_pause_scale <= paced.pause_scale < 0.6
    assert settings.min_length_scale <= paced.length_scale < settings.length_scale
    assert rate_of(paced, text) == pytest.approx(settings.min_wpm, abs=1.0)

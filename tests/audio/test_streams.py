"""FileStream and LoopingStream on real files written with soundfile (no mocks).

Measured here (libsndfile 1.2.2, python-soxr 1.1, 2-core Linux VM): every 3.0 s tone comes
out at exactly 144000 frames at 48 kHz (libsndfile trims the codecs' priming and padding
itself); the tolerance below is one MP3 frame (1152 source frames) so other builds pass.
Seeks and odd-sized reads are bit-identical to a linear read for all five formats. Streaming
10 minutes of 8 kHz FLAC to 48 kHz peaks at ~0.6 MB of traced Python/NumPy memory.
"""

from __future__ import annotations

import threading
import tracemalloc

import numpy as np
import pytest
import soundfile

from painease.audio.clips import ClipError
from painease.audio.looping import LoopingStream
from painease.audio.streams import FileStream

RATE = 48000
SECONDS = 3.0
FREQ = 440.0
EXPECTED = int(SECONDS * RATE)
TOLERANCE = 1254  # one MP3 frame (1152 frames at 44.1 kHz) at 48 kHz

HAS_MP3 = "MP3" in soundfile.available_formats()

# name: (file name, source rate, channels, format, subtype)
FORMATS = {
    "wav-22k-mono": ("tone.wav", 22050, 1, "WAV", "PCM_16"),
    "vorbis-44k-stereo": ("tone.ogg", 44100, 2, "OGG", "VORBIS"),
    "mp3-44k-mono": ("tone.mp3", 44100, 1, "MP3", "MPEG_LAYER_III"),
    "opus-48k-mono": ("tone.opus", 48000, 1, "OGG", "OPUS"),
    "flac-32k-stereo": ("tone.flac", 32000, 2, "FLAC", "PCM_16"),
}
STEREO_GAINS = (0.5, 0.25)  # left, right of the stereo sources: output must keep them apart


def tone(rate: int, seconds: float = SECONDS, freq: float = FREQ, amp: float = 0.5):
    t = np.arange(round(seconds * rate)) / rate
    return (amp * np.sin(2 * np.pi * freq * t)).astype(np.float32)


def write_tone(path, rate, channels, fmt, subtype, seconds=SECONDS, freq=FREQ):
    mono = tone(rate, seconds, freq, amp=1.0)
    data = mono * 0.5 if channels == 1 else np.column_stack([mono * g for g in STEREO_GAINS])
    soundfile.write(path, data, rate, format=fmt, subtype=subtype)
    return path


@pytest.fixture(scope="module")
def tones(tmp_path_factory):
    folder = tmp_path_factory.mktemp("tones")
    return {
        name: write_tone(folder / fname, rate, ch, fmt, sub)
        for name, (fname, rate, ch, fmt, sub) in FORMATS.items()
        if fmt != "MP3" or HAS_MP3
    }


def tone_path(tones, name):
    if name not in tones:
        pytest.skip("this libsndfile cannot write MP3 (needs libsndfile >= 1.1 with LAME)")
    return tones[name]


def read_all(stream, size=4096):
    parts = []
    while len(part := stream.read(size)):
        parts.append(part)
    assert len(stream.read(size)) == 0  # stays at the end
    return np.concatenate(parts)


def peak_hz(signal, rate):
    """FFT peak with parabolic interpolation on the log spectrum (error << 0.1 Hz here)."""
    spectrum = np.abs(np.fft.rfft(signal * np.hanning(len(signal))))
    k = int(np.argmax(spectrum))
    a, b, c = np.log(spectrum[k - 1 : k + 2])
    return (k + 0.5 * (a - c) / (a - 2 * b + c)) * rate / len(signal)


# --- FileStream: formats, rates, channels --------------------------------------------


@pytest.mark.parametrize("name", list(FORMATS))
def test_tone_comes_out_at_48k_stereo_with_right_length_and_pitch(tones, name):
    path = tone_path(tones, name)
    with FileStream(path, RATE) as stream:
        audio = read_all(stream)
        total = stream.frames_total
    assert audio.dtype == np.float32 and audio.shape[1] == 2
    assert abs(len(audio) - EXPECTED) <= TOLERANCE, len(audio)
    assert abs(len(audio) - total) <= TOLERANCE, (len(audio), total)
    for channel in (0, 1):
        assert abs(peak_hz(audio[:, channel], RATE) - FREQ) <= 2.0
    middle = audio[RATE // 2 : -RATE // 2]  # away from codec edge effects
    left, right = np.sqrt(np.mean(middle**2, axis=0))
    if FORMATS[name][2] == 1:
        np.testing.assert_array_equal(audio[:, 0], audio[:, 1])  # mono duplicated
        assert left == pytest.approx(0.5 / np.sqrt(2), rel=0.05)
    else:
        assert left / right == pytest.approx(STEREO_GAINS[0] / STEREO_GAINS[1], rel=0.05)


def test_more_than_two_channels_fold_to_stereo_without_clipping(tmp_path):
    path = tmp_path / "six.wav"
    soundfile.write(path, np.column_stack([tone(RATE, 1.0, amp=0.9)] * 6), RATE)
    with FileStream(path, RATE) as stream:
        audio = read_all(stream)
    assert audio.shape == (RATE, 2)
    assert np.abs(audio).max() == pytest.approx(0.9, abs=1e-3)  # a weighted mean


@pytest.mark.parametrize("name", ["wav-22k-mono", "vorbis-44k-stereo", "mp3-44k-mono"])
def test_odd_sized_reads_give_the_same_samples_as_large_reads(tones, name):
    path = tone_path(tones, name)
    with FileStream(path, RATE) as stream:
        reference = stream.read(10 * EXPECTED)
    rng = np.random.default_rng(7)
    with FileStream(path, RATE, block=1000) as stream:
        parts = []
        while len(part := stream.read(int(rng.integers(1, 998)))):
            parts.append(part)
    np.testing.assert_array_equal(np.concatenate(parts), reference)


def test_mp3_blocks_match_a_whole_file_read(tones):
    """Through soundfile's own block reads, libsndfile 1.2.2 restarted mpg123 at every block
    (up to 0.08 s of silence each); FileStream's reads must equal one whole-file read."""
    path = tone_path(tones, "mp3-44k-mono")
    whole, rate = soundfile.read(path, dtype="float32")
    with FileStream(path, rate, block=1000) as stream:
        audio = read_all(stream, size=333)
    np.testing.assert_array_equal(audio[:, 0], whole)


@pytest.mark.parametrize("name", list(FORMATS))
def test_seek_gives_the_same_audio_as_reading_from_the_start(tones, name):
    path = tone_path(tones, name)
    with FileStream(path, RATE) as stream:
        reference = read_all(stream)
    # Includes positions inside the last second, where libsndfile's own Vorbis seek lands
    # late (its final Ogg page) and a bare mpg123 seek decodes silence at first.
    for target in (0, 1, 12345, RATE + 7, 100001, len(reference) - 30000):
        with FileStream(path, RATE) as stream:
            stream.read(777)  # seek from a stream in use, not a fresh one
            stream.seek(target)
            got = stream.read(20000)
        want = reference[target : target + 20000]
        assert len(got) == len(want)
        assert np.corrcoef(got[:, 0], want[:, 0])[0, 1] >= 0.99, target
        assert np.abs(got - want).max() < 1e-4, target  # measured: bit-identical


def test_seek_into_the_last_vorbis_page_is_exact(tmp_path):
    """libsndfile's own seek into a Vorbis file's last Ogg page (here about the last 1.4 s
    of a 10 s tone) lands 920 frames late; FileStream re-enters earlier and decodes on."""
    path = write_tone(tmp_path / "ten.ogg", 44100, 1, "OGG", "VORBIS", seconds=10)
    with FileStream(path, RATE) as stream:
        reference = read_all(stream)
    for target in (len(reference) - 40000, len(reference) - 9000):
        with FileStream(path, RATE) as stream:
            stream.seek(target)
            got = stream.read(8000)
        assert np.abs(got - reference[target : target + 8000]).max() < 1e-4, target


def test_seek_past_the_end_then_reads_are_empty(tones):
    with FileStream(tones["wav-22k-mono"], RATE) as stream:
        stream.seek(10 * EXPECTED)
        assert stream.read(4096).shape == (0, 2)
        stream.seek(EXPECTED - 100)
        assert len(stream.read(4096)) == 100


def test_memory_stays_flat_over_a_ten_minute_file(tmp_path):
    path = tmp_path / "ten-minutes.flac"
    rng = np.random.default_rng(1)
    with soundfile.SoundFile(path, "w", 8000, 1, format="FLAC", subtype="PCM_16") as out:
        for _ in range(10):
            out.write((0.2 * rng.standard_normal(8000 * 60)).astype(np.float32))
    tracemalloc.start()
    try:
        with FileStream(path, RATE) as stream:
            frames = 0
            while n := len(stream.read(4096)):
                frames += n
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert frames == 600 * RATE
    # Measured ~0.6 MB (the file's 28.8 M output frames are 230 MB as float32 stereo).
    assert peak < 20e6, f"peak {peak / 1e6:.1f} MB"


# --- FileStream: errors ---------------------------------------------------------------


def test_missing_file_raises_clip_error(tmp_path):
    with pytest.raises(ClipError, match="does not exist"):
        FileStream(tmp_path / "nope.wav", RATE)


@pytest.mark.parametrize("content", [b"", b"this is not audio at all" * 100, bytes(range(256))])
def test_garbage_raises_clip_error_with_one_line(tmp_path, content):
    path = tmp_path / "garbage.ogg"
    path.write_bytes(content)
    with pytest.raises(ClipError, match="cannot be decoded") as caught:
        FileStream(path, RATE)
    assert "\n" not in str(caught.value) and str(path) in str(caught.value)


def test_file_without_frames_raises_clip_error(tmp_path):
    path = tmp_path / "empty.wav"
    soundfile.write(path, np.zeros((0, 1), dtype=np.float32), RATE)
    with pytest.raises(ClipError, match="holds no audio"):
        FileStream(path, RATE)


def _halve(path):
    raw = path.read_bytes()
    path.write_bytes(raw[: len(raw) // 2])
    return path


def test_truncated_flac_raises_once_then_reads_empty(tmp_path):
    """FLAC: the header promises 10 s; libsndfile raises at the cut ("Internal psf_fseek()
    failed"). The stream raises ClipError once, then returns empty arrays, also on seek."""
    path = _halve(write_tone(tmp_path / "cut.flac", 44100, 2, "FLAC", "PCM_16", seconds=10))
    with FileStream(path, RATE) as stream:
        assert stream.frames_total == 10 * RATE  # from the intact header
        frames = 0
        with pytest.raises(ClipError, match="failed to decode after") as caught:
            while True:
                frames += len(stream.read(4096))
        assert "\n" not in str(caught.value)
        assert 2 * RATE < frames < 10 * RATE
        for _ in range(3):
            assert stream.read(4096).shape == (0, 2)
        stream.seek(0)
        assert stream.read(4096).shape == (0, 2)


@pytest.mark.parametrize(
    ("fname", "rate", "fmt", "subtype"),
    [
        ("cut.wav", 22050, "WAV", "PCM_16"),  # header length corrected on open
        ("cut.ogg", 44100, "OGG", "VORBIS"),  # length = last complete Ogg page
        ("cut.opus", 48000, "OGG", "OPUS"),  # likewise
        ("cut.mp3", 44100, "MP3", "MPEG_LAYER_III"),  # frames_total still says 10 s
    ],
)
def test_truncated_lossy_and_wav_files_end_early_without_error(tmp_path, fname, rate, fmt, subtype):
    """WAV, Vorbis, Opus, MP3: libsndfile returns a short stream and no error; reading it
    yields the intact first part (a 440 Hz tone) and then empty arrays."""
    if fmt == "MP3" and not HAS_MP3:
        pytest.skip("this libsndfile cannot write MP3")
    path = _halve(write_tone(tmp_path / fname, rate, 1, fmt, subtype, seconds=10))
    with FileStream(path, RATE) as stream:
        audio = read_all(stream)
        if fmt == "MP3":
            assert stream.frames_total == 10 * RATE  # from the Xing header: overstated
        else:
            assert stream.frames_total == len(audio)
        stream.seek(9 * RATE)  # past the real end: empty, no error
        assert len(stream.read(4096)) == 0
        stream.seek(RATE)
        assert len(stream.read(4096)) == 4096
    assert 2 * RATE < len(audio) < 9 * RATE
    assert abs(peak_hz(audio[:, 0], RATE) - FREQ) <= 2.0


def test_truncated_vorbis_without_a_complete_page_fails_at_open(tmp_path):
    """A short Vorbis tone cut to its first few KB has no complete audio page: 0 frames."""
    path = write_tone(tmp_path / "tiny.ogg", 44100, 1, "OGG", "VORBIS", seconds=1)
    path.write_bytes(path.read_bytes()[:4000])
    with pytest.raises(ClipError, match="holds no audio"):
        FileStream(path, RATE)


# --- LoopingStream ----------------------------------------------------------------------


def _steps(audio):
    return np.abs(np.diff(audio[:, 0]))


@pytest.mark.parametrize(("seconds", "crossfade"), [(3.0, 0.5), (3.0, 2.0), (0.1, 2.0)])
def test_loop_joins_are_click_free_periodic_and_exact_in_length(tmp_path, seconds, crossfade):
    """A 441.3 Hz tone (not a whole number of cycles: the raw wrap is a big jump), 44.1 kHz
    Vorbis stereo read at 48 kHz. (3.0, 0.5) streams with a 0.5 s crossfade; (3.0, 2.0) is
    shorter than twice the crossfade, so it loops from memory with C = N // 2; 0.1 s is tiny.
    Two equal tones crossfaded at equal power can reach sqrt(2) x their amplitude where
    they are in phase, so steps up to sqrt(2) x the file's own largest step are no click."""
    path = write_tone(tmp_path / "loop.ogg", 44100, 2, "OGG", "VORBIS", seconds, 441.3)
    with FileStream(path, RATE) as stream:
        original = read_all(stream)
    n = len(original)
    with LoopingStream(path, RATE, crossfade_seconds=crossfade) as loop:
        c = loop.crossfade_frames
        assert c == min(round(crossfade * RATE), n // 2)
        rng = np.random.default_rng(3)
        parts, total = [], 3 * n
        while (done := sum(map(len, parts))) < total:
            size = min(int(rng.integers(1, 5000)), total - done)
            part = loop.read(size)
            assert part.shape == (size, 2) and part.dtype == np.float32
            parts.append(part)
    out = np.concatenate(parts)
    assert len(out) == 3 * n  # exact
    period = n - c
    np.testing.assert_array_equal(out[:period], original[:period])  # first pass as decoded
    np.testing.assert_array_equal(out[period : 2 * period], out[2 * period : 3 * period])
    own = _steps(original[n // 10 : -n // 10]).max()  # away from codec edge effects
    naive_jump = abs(original[-1, 0] - original[0, 0])
    if seconds > 1:
        assert naive_jump > 5 * own  # without a crossfade this loop would click
    for join in range(period, len(out) - c, period):
        window = out[join - 50 : join + c + 50]
        assert _steps(window).max() <= np.sqrt(2) * own * 1.01, join


@pytest.mark.parametrize("frames", [1, 2, 7, 4095, 4097])
def test_a_tiny_file_loops_sample_for_sample(tmp_path, frames):
    """A loop of a few frames (one frame, as once made rendering ~7x slower, as it was
    queued one pass at a time) plays exactly the file over and over: with no crossfade the
    output is the file tiled, whatever the sizes of the reads."""
    path = tmp_path / "tiny.wav"
    audio = np.random.default_rng(frames).uniform(-0.5, 0.5, (frames, 2)).astype(np.float32)
    soundfile.write(path, audio, RATE, subtype="FLOAT")  # at RATE: no resampling
    total = 3 * 4096 + 11
    with LoopingStream(path, RATE, crossfade_seconds=0) as loop:
        assert loop.crossfade_frames == 0
        parts = [loop.read(size) for size in (1, 5000, 0, 3, 4096, total - 9100)]
    out = np.concatenate(parts)
    np.testing.assert_array_equal(out, np.tile(audio, (total // frames + 1, 1))[:total])


def test_loop_crossfade_keeps_the_loudness_of_uncorrelated_material(tmp_path):
    path = tmp_path / "noise.wav"
    rng = np.random.default_rng(5)
    soundfile.write(path, (0.2 * rng.standard_normal((4 * RATE, 2))).astype(np.float32), RATE)
    with LoopingStream(path, RATE, crossfade_seconds=1.0) as loop:
        out = loop.read(6 * RATE)
    rms = lambda a: float(np.sqrt(np.mean(a**2)))  # noqa: E731
    assert rms(out[3 * RATE : 4 * RATE]) == pytest.approx(rms(out[: 3 * RATE]), rel=0.1)


def test_looping_stream_errors(tmp_path):
    with pytest.raises(ClipError, match="does not exist"):
        LoopingStream(tmp_path / "nope.flac", RATE)
    (tmp_path / "bad.flac").write_bytes(b"fLaC but not really" * 50)
    with pytest.raises(ClipError, match="cannot be decoded"):
        LoopingStream(tmp_path / "bad.flac", RATE)
    empty = tmp_path / "empty.wav"
    soundfile.write(empty, np.zeros((0, 2), dtype=np.float32), RATE)
    with pytest.raises(ClipError, match="holds no audio"):
        LoopingStream(empty, RATE)


def test_looping_a_truncated_flac_fades_out_and_reports_without_raising(tmp_path):
    path = _halve(write_tone(tmp_path / "cut.flac", RATE, 2, "FLAC", "PCM_16", seconds=10))
    with LoopingStream(path, RATE, crossfade_seconds=0.5) as loop:
        out = loop.read(12 * RATE)  # beyond the cut: no exception
        assert loop.error is not None and "failed to decode" in loop.error
        assert loop.read(RATE).shape == (RATE, 2)
    assert not np.any(out[-RATE:])  # silence after the failure...
    loud = np.flatnonzero(np.abs(out[:, 0]) > 1e-4)[-1]
    assert _steps(out[loud - RATE : loud + 2]).max() <= _steps(out[:RATE]).max() * 1.01


@pytest.mark.parametrize("left", ["header only", "the crossfade only"])
def test_a_loop_whose_file_is_cut_while_it_plays_fades_out_and_returns(tmp_path, left):
    # Once read() looped for ever on zero-length joins (``painease render --ambience``
    # spun at 100 % CPU) when the file was truncated during a render.
    path = write_tone(tmp_path / "bed.wav", RATE, 2, "WAV", "PCM_16", seconds=10)
    with LoopingStream(path, RATE, crossfade_seconds=0.5) as loop:
        loop.read(RATE)
        crossfade = loop.crossfade_frames
        if left == "header only":
            with open(path, "r+b") as file:
                file.truncate(44)
        else:  # exactly the crossfade's frames: nothing after them for a next pass
            soundfile.write(path, tone(RATE, crossfade / RATE)[:crossfade], RATE,
                            subtype="PCM_16")
        done = []
        reader = threading.Thread(target=lambda: done.append(loop.read(20 * RATE)),
                                  daemon=True)
        reader.start()
        reader.join(20)
        assert done, "read() did not return"
        assert done[0].shape == (20 * RATE, 2) and not np.any(done[0][-RATE:])
        assert loop.error == "the audio file became shorter while it played"


@pytest.mark.parametrize("rate", [RATE, 44_100])  # as is, and through the resampler
def test_non_finite_samples_in_a_float_file_play_as_silence(tmp_path, rate):
    # A float WAV may carry NaN or infinity; once they reached the output (and a FLAC
    # render failed on them with an AssertionError from libsndfile).
    audio = np.tile(tone(rate, 1.0)[:, None], (1, 2))
    audio[1000:1010] = np.nan
    audio[2000, 0], audio[2001, 1] = np.inf, -np.inf
    path = tmp_path / "odd.wav"
    soundfile.write(path, audio, rate, subtype="FLOAT")
    with FileStream(path, RATE) as stream:
        out = stream.read(2 * RATE)
    assert np.isfinite(out).all() and np.abs(out).max() <= 0.51
    if rate == RATE:
        assert not np.any(out[1000:1010]) and out[2000, 0] == 0 and out[2001, 1] == 0


def test_the_silence_of_non_finite_samples_fades_whatever_the_blocks_or_seeks(tmp_path):
    # The fade into a bad sample at the start of a decoded block (4096 frames) reaches back
    # into the block before; one at its end, forward into the next. Each channel fades on
    # its own; frames farther than 5 ms from a bad sample are the file's, as they were.
    clean = np.tile(tone(RATE, 1.0)[:, None], (1, 2))
    audio = clean.copy()
    bad = [(4096, 0), (4096, 1), (8191, 0), (8191, 1), (20000, 0)]  # right plays at 20000
    for frame, channel in bad:
        audio[frame, channel] = np.nan
    path = tmp_path / "odd.wav"
    soundfile.write(path, audio, RATE, subtype="FLOAT")
    with FileStream(path, RATE) as stream:
        whole = stream.read(2 * RATE)
        assert stream.not_numbers == len(bad)
        pieces = [stream.read(0)]
        stream.seek(0)
        while len(piece := stream.read(997)):
            pieces.append(piece)
        stream.seek(8000)
        from_seek = stream.read(RATE)
    np.testing.assert_array_equal(np.concatenate(pieces), whole)
    np.testing.assert_array_equal(from_seek, whole[8000:])
    fade = round(0.005 * RATE)
    near = np.zeros(clean.shape, dtype=bool)
    for frame, channel in bad:
        assert whole[frame, channel] == 0
        near[frame - fade + 1 : frame + fade, channel] = True
    np.testing.assert_array_equal(whole[~near], clean[~near])
    # A 440 Hz sine at 0.5 moves up to 0.029 a frame; the fade adds up to 0.5 * pi / 480.
    assert np.abs(np.diff(whole, axis=0)).max() < 0.5 * (2 * np.pi * FREQ / RATE
                                                          + np.pi / (2 * fade)) + 1e-6


def test_a_path_that_is_no_audio_file_says_what_it_is(tmp_path):
    """Once a FIFO 'did not exist', a folder was 'no such file' and an unreadable file
    'cannot be decoded (System error)'; a FIFO could also have been opened and waited on."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    from painease.audio.clips import clip_seconds

    folder = tmp_path / "clips"
    folder.mkdir()
    fifo = tmp_path / "pipe.wav"
    os.mkfifo(fifo)
    for path, end in ((folder, "is a folder, not a file"), (fifo, "is not a regular file"),
                      (Path("/dev/zero"), "is not a regular file")):
        with pytest.raises(ClipError) as info:
            FileStream(path, RATE)
        assert str(info.value) == f"the audio file {path} {end}"
        with pytest.raises(ClipError, match=end):
            clip_seconds(path)
    # Unreadable: checked in a child that cannot override file permissions, even as root.
    locked = write_tone(tmp_path / "locked.wav", RATE, 1, "WAV", "PCM_16", seconds=0.1)
    locked.chmod(0)
    probe = ("import sys; from pathlib import Path; from painease.audio.clips import "
             "clip_seconds, ClipError\ntry: clip_seconds(Path(sys.argv[1]))\n"
             "except ClipError as e: print(e)")
    command = [sys.executable, "-c", probe, str(locked)]
    if os.getuid() == 0:
        command = ["setpriv", "--bounding-set=-dac_override,-dac_read_search",
                   "--inh-caps=-all", *command]
    done = subprocess.run(command, capture_output=True, text=True, timeout=30,
                          env=dict(os.environ, PYTHONPATH=str(Path(__file__).parents[2])))
    assert done.stdout.strip() == f"the clip file {locked} cannot be read (permission denied)"

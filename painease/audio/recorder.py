"""Recording narration from the microphone: the input stream, its meter and its count-in.

``Recorder`` opens the default (or a chosen) input with ``sounddevice.InputStream``, mono.
Its callback only copies each block into a queue and keeps the newest block for the
meter, whose ``level()`` (peak and RMS) is measured by whoever asks, from any thread.
An optional count-in is measured on the audio clock: the first ``count_in`` seconds of
frames are thrown away, and ``count_in_left()`` says how much of it remains. ``stop()``
returns a ``Take``.

Turning a take into a clip (trim, loudness, 48 kHz, Ogg Opus) is ``painease.audio.takes``.

A microphone that stops mid-take (unplugged, its device failed, its sound server died)
never ends the take silently: ``problem()`` says so, and ``stop()`` still returns what was
heard until then. Two ways of stopping were measured through PortAudio: a device that
returns an error ends the stream (``finished_callback`` runs, ``active`` turns False, no
status flag); a JACK server that dies just stops calling back (the stream still says it
is active, no flag, no error), noticed after ``STALL_SECONDS`` without a block (before
the first block, ``FIRST_BLOCK_SECONDS``: some microphones, a Bluetooth headset or a sound
server waking up, take longer than a second to start sending; this longer wait was chosen
by reading, with no such device to measure here). Closing
such a stream can block for long (``stop()`` took 43 s on a dead JACK server), so the
stream is closed on a daemon thread, waited for at most ``CLOSE_WAIT_SECONDS``.

Threads: ``Recorder``'s methods belong to its owner's thread; ``level()`` and
``count_in_left()`` may be read from anywhere. The audio callback never blocks, logs or
calls back into the owner. Errors are ``RecorderUnavailable`` (no PortAudio, no input
device, a device that will not open), with a one-line message in plain words.
"""

from __future__ import annotations

import queue
import threading
import time
from dataclasses import dataclass

import numpy as np

from painease.audio.outputs import skip_portaudio_exit_handler
from painease.audio.takes import CLIP_RATE, MIN_DBFS, Take, dbfs

STALL_SECONDS = 1.0
"""A recording stream with no new block for this long has stopped (blocks come every
21 ms at 48 kHz, 64 ms at 16 kHz)."""
FIRST_BLOCK_SECONDS = 5.0
"""The same before the stream's first block: a microphone may be slow to start."""

CLOSE_WAIT_SECONDS = 1.0
"""How long ``stop()`` waits for the stream to close before leaving it to its thread."""

ENDED = "the microphone stopped sending sound (was it unplugged?)"
STALLED = "the microphone stopped responding (was it unplugged?)"


class RecorderUnavailable(Exception):
    """No microphone can be used; the message says why in one line."""


@dataclass(frozen=True)
class Level:
    """The last block's level, in dB relative to full scale (0 = the loudest possible)."""

    peak_dbfs: float
    rms_dbfs: float

    @property
    def clipping(self) -> bool:
        return self.peak_dbfs > -0.1


def import_sounddevice():
    """Import sounddevice; a missing PortAudio library becomes ``RecorderUnavailable``."""
    try:
        import sounddevice
    except OSError as exc:
        raise RecorderUnavailable(
            f"the PortAudio sound library is not installed ({exc}); "
            "install libportaudio2 to record"
        ) from None
    return sounddevice


def default_input_device() -> int:
    """Index of the input device to record from; ``RecorderUnavailable`` if there is none."""
    sd = import_sounddevice()
    try:
        devices = sd.query_devices()
    except Exception as exc:  # PortAudio errors vary by host API
        raise RecorderUnavailable(f"the audio devices could not be listed ({exc})") from None
    inputs = [i for i, d in enumerate(devices) if d["max_input_channels"] >= 1]
    if not inputs:
        raise RecorderUnavailable("no microphone (audio input device) was found")
    try:
        default = sd.default.device[0]
    except Exception:  # no default set
        default = -1
    return default if default in inputs else inputs[0]


OTHER_RATES = (44_100, 96_000, 88_200, 32_000, 24_000, 22_050, 16_000, 11_025, 8_000)
"""Rates tried, in this order, when a microphone takes neither 48 kHz nor its default."""


def pick_rate(device: int, dtype: str = "int16") -> int:
    """The rate to record ``device`` at, mono, in ``dtype`` samples: 48 kHz when it takes
    it (no resampling later), else its default rate, else the first of ``OTHER_RATES`` it
    takes; each is checked, as a device's default rate may be its output's (a headset's
    earphones at 48 kHz, its microphone at 16 kHz). ``RecorderUnavailable`` if none is."""
    sd = import_sounddevice()
    try:
        default = round(sd.query_devices(device)["default_samplerate"])
    except Exception:  # PortAudio errors vary by host API; the other rates are still tried
        default = 0
    for rate in dict.fromkeys((CLIP_RATE, default, *OTHER_RATES)):
        if rate <= 0:
            continue
        try:
            sd.check_input_settings(device=device, channels=1, samplerate=rate, dtype=dtype)
        except Exception:  # not this rate (PortAudioError, or ValueError for a bad device)
            continue
        return rate
    raise RecorderUnavailable("the microphone takes none of the usual sample rates; check "
                              "it in your system's sound settings")


class Recorder:
    """One microphone stream at a time. ``start()`` → ``level()``… → ``stop()`` → Take.

    ``dtype`` is what is asked of the device ("int16" or "float32"); takes are float32.
    """

    def __init__(self, device: int | None = None, samplerate: int | None = None,
                 dtype: str = "int16", block_frames: int = 1024):
        self.device = device
        self.samplerate = samplerate
        self.dtype = dtype
        self.block_frames = block_frames
        self._stream = None
        self._blocks: queue.SimpleQueue[np.ndarray] = queue.SimpleQueue()
        self._kept: list[np.ndarray] = []
        self._frames_heard = 0
        self._skip_frames = 0
        self._last_block: np.ndarray | None = None  # the newest block, for the meter
        self.overflows = 0
        self._ended = False  # set by the stream's finished callback
        self._stopping = False
        self._takes = 0  # which start() this is: an old stream's late callback is ignored
        self._problem: str | None = None
        self._watched = (-1, 0.0)  # frames heard at the last problem() that saw them move

    @property
    def recording(self) -> bool:
        return self._stream is not None

    def start(self, count_in: float = 0.0) -> None:
        """Open the microphone and start listening; the first ``count_in`` s are dropped."""
        if self._stream is not None:
            raise RuntimeError("the recorder is already running")
        sd = import_sounddevice()
        device = self.device if self.device is not None else default_input_device()
        rate = self.samplerate or pick_rate(device, self.dtype)
        self.samplerate = rate
        self._blocks = queue.SimpleQueue()
        self._kept = []
        self._frames_heard = 0
        self._skip_frames = round(max(0.0, count_in) * rate)
        self._ended = self._stopping = False
        self._problem = None
        self._watched = (-1, 0.0)
        self._takes += 1
        take = self._takes
        try:
            stream = sd.InputStream(device=device, samplerate=rate, channels=1,
                                    dtype=self.dtype, blocksize=self.block_frames,
                                    callback=self._callback,
                                    finished_callback=lambda: self._finished(take))
            stream.start()
        except (sd.PortAudioError, ValueError) as exc:
            raise RecorderUnavailable(f"the microphone could not be opened ({exc})") from None
        self._stream = stream

    def level(self) -> Level:
        """The latest block's peak and RMS level (any thread; measured here, not in the
        audio callback)."""
        block = self._last_block  # one reference read: the callback swaps whole blocks
        if block is None or len(block) == 0:
            return Level(MIN_DBFS, MIN_DBFS)
        scale = 1.0 / 32768 if self.dtype == "int16" else 1.0
        values = block.astype(np.float64) * scale
        return Level(dbfs(float(np.max(np.abs(values)))),
                     dbfs(float(np.sqrt(np.mean(values * values)))))

    def count_in_left(self) -> float:
        """Seconds of count-in still to come, on the audio clock (any thread)."""
        if not self.samplerate:
            return 0.0
        return max(0, self._skip_frames - self._frames_heard) / self.samplerate

    def seconds_kept(self) -> float:
        """Seconds recorded after the count-in so far (owner's thread)."""
        self._drain()
        return sum(len(b) for b in self._kept) / (self.samplerate or CLIP_RATE)

    def problem(self) -> str | None:
        """Why the microphone stopped on its own during this take, in plain words, or None
        while it works (owner's thread). A stream that stopped calling back is noticed by
        these calls, ``STALL_SECONDS`` after its last block: call it often while recording
        (the dialog does, with its meter)."""
        stream = self._stream
        if stream is None or self._problem is not None:
            return self._problem
        if self._ended or not stream.active:
            self._problem = ENDED
            return self._problem
        heard, now = self._frames_heard, time.monotonic()
        if heard != self._watched[0]:
            self._watched = (heard, now)
        elif now - self._watched[1] >= (STALL_SECONDS if heard else FIRST_BLOCK_SECONDS):
            self._problem = STALLED
        return self._problem

    def stop(self) -> Take:
        """Close the microphone and return everything heard after the count-in; returns
        within about ``CLOSE_WAIT_SECONDS`` even when the device has gone."""
        stream, self._stream = self._stream, None
        if stream is not None:
            self._stopping = True
            # A stream that stopped (or whose device has) is aborted, which returns at once
            # where stop() would wait for audio that never comes.
            closer = threading.Thread(target=_close, args=(stream, self._problem is None),
                                      name="painease-close-microphone", daemon=True)
            closer.start()
            closer.join(timeout=CLOSE_WAIT_SECONDS)
            if self._problem is not None or closer.is_alive():
                # Measured: after its JACK server died, PortAudio's shutdown at exit
                # crashes the process. The OS reclaims everything at exit anyway.
                skip_portaudio_exit_handler()
        self._drain()
        samples = np.concatenate(self._kept) if self._kept else np.zeros(0, np.float32)
        self._kept = []
        return Take(samples.astype(np.float32, copy=False), int(self.samplerate or CLIP_RATE))

    def cancel(self) -> None:
        """Stop and throw the take away."""
        self.stop()

    def _drain(self) -> None:
        scale = 1.0 / 32768 if self.dtype == "int16" else 1.0
        while True:
            try:
                block = self._blocks.get_nowait()
            except queue.Empty:
                return
            self._kept.append(block.astype(np.float32) * np.float32(scale))

    def _finished(self, take: int) -> None:
        # PortAudio's thread, once a stream has ended: only a flag for problem(), and only
        # for the take under way (an earlier one may finish closing late, on its thread).
        if take == self._takes and not self._stopping:
            self._ended = True

    def _callback(self, indata, frames, time_info, status) -> None:
        # The audio thread only copies: one block to the queue (after the count-in) and a
        # reference for the meter. No measuring, no locks, nothing that can block.
        if status.input_overflow:
            self.overflows += 1
        block = indata[:, 0].copy()
        self._last_block = block
        start = self._frames_heard
        self._frames_heard = start + frames
        skip = self._skip_frames - start
        if skip < frames:
            self._blocks.put(block[max(0, skip):])


def _close(stream, gently: bool) -> None:
    try:
        if gently:
            stream.stop()  # a working microphone: its last block is delivered
        else:
            stream.abort()
        stream.close()
    except Exception:  # a vanished device may fail any call; the take so far is kept
        pass


def play_samples(samples: np.ndarray, rate: int = CLIP_RATE) -> None:
    """Play a take or clip on the default output, without waiting; ``stop_playback`` ends it.

    ``RecorderUnavailable`` if no output can be opened.
    """
    sd = import_sounddevice()
    try:
        sd.play(samples, rate)
    except (sd.PortAudioError, ValueError) as exc:
        raise RecorderUnavailable(f"the take could not be played ({exc})") from None


def stop_playback() -> None:
    try:
        sd = import_sounddevice()
    except RecorderUnavailable:
        return
    sd.stop()

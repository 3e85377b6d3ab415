"""Where the mixed frames go: a sound device, a silent clock, or nowhere fast (offline).

Every output has the same small contract (``AudioOutput``): once started it calls
``engine.fill`` block after block until stopped, so the engine's frame count keeps being
the session clock whatever the hardware does. A device output that dies on its own says
so through ``failure()``; it never raises into the player's caller.
"""

from __future__ import annotations

import threading
import time
from typing import Protocol

import numpy as np

from painease.audio.engine import Engine, State

# 2048 frames (43 ms at 48 kHz): measured on the JACK rig, 512-frame blocks cost the player
# ~45 ms CPU per second of audio and 2048-frame blocks ~18 ms (aplay: ~10 ms); 43 ms is
# still far quicker than anyone needs captions or a pause to respond.
BLOCK_FRAMES = 2048
STOP_WAIT_SECONDS = 0.5


class OutputUnavailable(Exception):
    """No usable audio device; the message says why in plain words."""


class AudioOutput(Protocol):
    kind: str  # "device" or "silent"
    engine: Engine  # the one it runs: latency_frames are frames at its rate
    latency_frames: int

    def start(self) -> None:
        """Begin calling ``engine.fill``. Raises ``OutputUnavailable`` if it cannot."""

    def stop(self) -> None:
        """Stop calling ``engine.fill``; idempotent, never raises."""

    def failure(self) -> str | None:
        """Why the output stopped on its own (device lost…), or None while it is fine."""

    def mark_failed(self, reason: str) -> None:
        """Record a failure noticed from outside (the player's watchdog saw a stall)."""

    def callbacks(self) -> int:
        """How many blocks it has asked for so far (a stalled device stops counting)."""

    def tail_heard(self) -> bool:
        """Whether what the engine played before it ended has reached the ear (or, for an
        engine not ended, True): closing the output then cuts nothing of the session."""

    def unheard_frames(self) -> int:
        """How many of the frames the engine has delivered are not heard yet (the clock
        reads that much behind it): the latency, less the silence given since an end."""


class SilentOutput:
    """A clock-only output: asks for blocks at the real-time rate and discards them.

    Used when there is no sound device, so captions, progress and ratings carry on.
    Its thread paces itself against a monotonic deadline that advances by exactly one
    block per block, so it keeps real time on average without drifting. ``speed`` > 1
    runs that many seconds of the session per second (the screenshot tool plays a whole
    session to its end in seconds); the session is still played block by block, so
    nothing counts as skipped.
    """

    kind = "silent"
    latency_frames = 0

    def __init__(self, engine: Engine, block_frames: int = BLOCK_FRAMES, speed: float = 1.0):
        if not speed > 0:
            raise ValueError(f"the silent clock's speed must be above 0, not {speed}")
        self.engine = engine
        self.block_frames = block_frames
        self.speed = speed
        self._running = False
        self._thread: threading.Thread | None = None
        self._count = 0

    def start(self) -> None:
        self._running = True
        self._thread = threading.Thread(target=self._run, name="painease-silent", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._running = False
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join(timeout=2)
        self._thread = None

    def failure(self) -> str | None:
        return None

    def mark_failed(self, reason: str) -> None:
        pass  # a clock cannot fail

    def callbacks(self) -> int:
        return self._count

    def tail_heard(self) -> bool:
        return True  # nothing is queued anywhere

    def unheard_frames(self) -> int:
        return 0

    def _run(self) -> None:
        block = np.zeros((self.block_frames, 2), dtype=np.float32)
        period = self.block_frames / self.engine.rate / self.speed
        deadline = time.monotonic()
        while self._running:
            self.engine.fill(block)
            self._count += 1
            deadline += period
            delay = deadline - time.monotonic()
            if delay > 0:
                time.sleep(delay)
            elif delay < -1.0:
                deadline = time.monotonic()  # we were suspended: don't race to catch up


class DeviceOutput:
    """A real PortAudio output stream (through sounddevice) whose callback runs the engine."""

    kind = "device"

    def __init__(self, engine: Engine, device: int | str | None = None,
                 block_frames: int = BLOCK_FRAMES):
        self.engine = engine
        self.device = device
        self.block_frames = block_frames
        self.latency_frames = 0
        self._stream = None
        self._stopping = False
        self._failure: str | None = None
        self._count = 0
        self._silent_after_end = 0  # frames given since the engine ended (audio thread)

    def start(self) -> None:
        sd = import_sounddevice()
        try:
            self._stream = sd.OutputStream(
                samplerate=self.engine.rate, channels=2, dtype="float32",
                blocksize=self.block_frames, device=self.device, latency="high",
                callback=self._callback, finished_callback=self._finished,
            )
            self._stream.start()
        except (sd.PortAudioError, ValueError) as exc:
            self._stream = None
            raise OutputUnavailable(f"the audio device could not be opened ({exc})") from None
        self.latency_frames = int(round(self._stream.latency * self.engine.rate))

    def stop(self) -> None:
        self._stopping = True
        stream, self._stream = self._stream, None
        if stream is None:
            return
        # Measured with a JACK server that died: abort() returns at once on ALSA's default
        # device, but stop() blocks ~23 s, and on JACK's own device abort()/close() never
        # return. So tear down on a daemon thread and wait only briefly.
        closer = threading.Thread(target=_abort_and_close, args=(stream,), daemon=True,
                                  name="painease-close-stream")
        closer.start()
        closer.join(timeout=STOP_WAIT_SECONDS)
        if self._failure is not None:
            skip_portaudio_exit_handler()

    def failure(self) -> str | None:
        return self._failure

    def mark_failed(self, reason: str) -> None:
        """Record that the device died (the watchdog noticed callbacks stopped)."""
        self._failure = self._failure or reason

    def callbacks(self) -> int:
        return self._count

    def tail_heard(self) -> bool:
        """The engine has ended and the device has since been given, all silence, the
        latency it reports and two blocks more (~130 ms at 2048 frames): its last
        frames have been played out. Measured on the JACK rig (ALSA ``default``,
        2048-frame blocks, 2048 frames of latency reported): a stream aborted as soon as
        the engine ended cut the last 69-80 ms; PortAudio's drain (``stop()``) still
        cut 37 ms, and so did waiting for the reported latency; with one block more
        nothing was cut, 5 ms to spare. The second block is that margin."""
        if self.engine.state is not State.ENDED:
            return True
        return self._silent_after_end >= self.latency_frames + 2 * self.block_frames

    def unheard_frames(self) -> int:
        """The latency it reports; once the engine has ended, less the silence given
        since: the end reads as heard once that much has played (the clock reaches the
        session's total a little before ``tail_heard``, which waits two blocks more)."""
        if self.engine.state is not State.ENDED:
            return self.latency_frames
        return max(0, self.latency_frames - self._silent_after_end)

    def _callback(self, outdata, frames, time_info, status) -> None:
        # The audio thread: only mix. Flags are counted, not logged.
        if status.output_underflow:
            self.engine.counters.device_underflows += 1
        self._count += 1
        ended = self.engine.state is State.ENDED  # before: the block it ends in sounds
        self.engine.fill(outdata)
        ended = ended and self.engine.state is State.ENDED  # not a seek back
        self._silent_after_end = self._silent_after_end + frames if ended else 0

    def _finished(self) -> None:
        if not self._stopping:
            self._failure = "the audio device stopped unexpectedly"


def _abort_and_close(stream) -> None:
    try:
        stream.abort()
        stream.close()
    except Exception:  # a dead device may fail any call; stopping must not
        pass


def skip_portaudio_exit_handler() -> None:
    """Don't run PortAudio's shutdown at exit after a device died under us.

    Measured: once the JACK server behind a stream has died, ``Pa_Terminate`` (which
    sounddevice calls at exit) crashes the process with SIGSEGV. Skipping it loses
    nothing: the OS reclaims everything when the process ends.
    """
    import atexit

    sd = import_sounddevice()
    handler = getattr(sd, "_exit_handler", None)
    if handler is not None:
        atexit.unregister(handler)


def import_sounddevice():
    """Import sounddevice, turning a missing PortAudio library into ``OutputUnavailable``."""
    try:
        import sounddevice
    except OSError as exc:
        raise OutputUnavailable(f"the PortAudio sound library is not installed ({exc})") from None
    return sounddevice


def device_rate(device: int | str | None, preferred: int) -> int:
    """``preferred`` if the output ``device`` takes it, else the device's own default rate.

    Some devices run at one rate only (a JACK server, an ALSA ``hw:`` device) and refuse
    to open at any other. If the device cannot even be asked, ``preferred`` comes back
    and opening it says why.
    """
    try:
        sd = import_sounddevice()
    except OutputUnavailable:
        return preferred
    try:
        sd.check_output_settings(device=device, channels=2, dtype="float32",
                                 samplerate=preferred)
        return preferred
    except Exception:  # PortAudio errors vary by host API: ask for the device's own rate
        pass
    try:
        rate = int(round(sd.query_devices(device, "output")["default_samplerate"]))
    except Exception:  # no such device: the open will say so
        return preferred
    return rate if rate > 0 else preferred


def output_missing(device: int | str) -> bool:
    """Whether PortAudio lists no output that ``device`` names: the headset chosen in
    Settings is unplugged, say. False when it is there, or when that cannot be told (no
    PortAudio, several outputs match): opening it then says why."""
    try:
        sd = import_sounddevice()
        sd.query_devices(device, "output")
    except ValueError as exc:  # sounddevice: "No output device matching 'USB Headset'"
        return str(exc).startswith("No ")
    except Exception:  # noqa: BLE001 - PortAudio errors vary by host API
        return False
    return False


def default_output_device() -> tuple[int | None, str | None]:
    """(device index, None) if an output device exists, else (None, reason)."""
    try:
        sd = import_sounddevice()
        devices = sd.query_devices()
    except OutputUnavailable as exc:
        return None, str(exc)
    except Exception as exc:  # PortAudio errors vary by host API
        return None, f"the audio devices could not be listed ({exc})"
    outputs = [i for i, d in enumerate(devices) if d["max_output_channels"] >= 1]
    if not outputs:
        return None, "no audio output device was found"
    try:
        default = sd.default.device[1]
    except Exception:  # no default set
        default = -1
    return (default if default in outputs else outputs[0]), None

"""Rig 3 (AUDIO-TESTING.md): a microphone that "hears" a file, and helpers to record from it.

ALSA ``default`` is a ``file`` PCM whose ``infile`` supplies what capture reads, as raw
S16_LE mono. Not real time: capture runs as fast as the CPU allows and reads zeros once
the file is used up, so a test records for a short while only. The rig reuses
``rigs._RigBase`` (environment patch, PortAudio re-scan, cleanup). Shared by the
recorder's tests and the therapist round trip.
"""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import numpy as np

from painease.audio.recorder import Recorder
from painease.audio.takes import Take
from tests.audio import rigs

_MIC_CONF = """\
# painease test rig 3: ALSA default captures from a raw file (S16_LE mono).
pcm.!default {{
    type file
    slave.pcm {{ type null }}
    file "{played}"
    infile "{heard}"
    format "raw"
}}
"""


class MicFileRig(rigs._RigBase):
    """Rig 3: ``sd.InputStream`` on ``default`` reads ``heard`` (raw int16 mono)."""

    def __init__(self, directory: Path, heard: np.ndarray) -> None:
        super().__init__(directory)
        self.config_path = self.directory / "asound-mic.conf"
        self.heard_path = self.directory / "mic-input.raw"
        self.played_path = self.directory / "played.raw"
        self.heard = heard

    def start(self) -> MicFileRig:
        np.clip(self.heard * 32768, -32768, 32767).astype("<i2").tofile(self.heard_path)
        self.config_path.write_text(_MIC_CONF.format(
            played=self.played_path, heard=self.heard_path))
        self._env.set({
            "ALSA_CONFIG_PATH": str(self.config_path),
            "JACK_NO_START_SERVER": "1",
            "JACK_DEFAULT_SERVER": f"painease-no-jack-{os.getpid()}",
        })
        self._active = True
        self.rescan_seconds = rigs.rescan_portaudio()
        return self

    def close(self) -> None:
        if self._active:
            self._finish_close(rescan=True)


class FailingMicRig(MicFileRig):
    """Rig 3 whose device fails on request, as an unplugged microphone does.

    ALSA's ``file`` PCM also writes what it captures to its ``file``: here a FIFO that a
    thread drains. ``fail()`` closes the reading end; the PCM's next write there fails
    (EPIPE: Python ignores SIGPIPE), so capture returns an error, as it does for a device
    that has gone (ENODEV), and PortAudio's ALSA thread ends the stream: measured, the
    stream's ``finished_callback`` runs once and ``active`` turns False, no status flag.
    Until then every open of ``default`` needs the reader (opening a FIFO to write waits
    for one), so after ``fail()`` nothing may open the device again before ``close()``.
    """

    def __init__(self, directory: Path, heard: np.ndarray) -> None:
        super().__init__(directory, heard)
        self.played_path = self.directory / "captured.fifo"
        self._reader: int | None = None
        self._draining = threading.Event()
        self._drainer: threading.Thread | None = None

    def start(self) -> FailingMicRig:
        os.mkfifo(self.played_path)
        self._reader = os.open(self.played_path, os.O_RDONLY | os.O_NONBLOCK)
        self._draining.set()
        self._drainer = threading.Thread(target=self._drain, name="mic-rig-drain", daemon=True)
        self._drainer.start()
        return super().start()

    def fail(self) -> None:
        """Close the FIFO's only reader: the device fails at its next write."""
        self._draining.clear()
        if self._drainer is not None:
            self._drainer.join(timeout=5)
            self._drainer = None
        if self._reader is not None:
            os.close(self._reader)
            self._reader = None

    def close(self) -> None:
        super().close()
        self.fail()

    def _drain(self) -> None:
        while self._draining.is_set():
            try:
                if os.read(self._reader, 1 << 16):
                    continue
            except BlockingIOError:
                pass
            time.sleep(0.002)


_MIC_OVER_JACK_CONF = """\
# painease test: ALSA default captures in real time (the JACK dummy server's pace) what a
# raw float file holds: the file PCM reads its infile over the silent JACK capture.
pcm.!default {{
    type file
    slave.pcm {{ type jack  capture_ports {{ 0 system:capture_1 }} }}
    file "{played}"
    infile "{heard}"
    format "raw"
}}
"""


class JackMicRig(rigs.JackRig):
    """A microphone that hears ``heard`` (float, mono) at the JACK server's real-time pace,
    through ALSA ``default``; for a child process (``in_process=False``), so the server can
    be killed mid-take (``kill_server_now``), the way a sound server dies."""

    def __init__(self, directory: Path, heard: np.ndarray) -> None:
        super().__init__(directory, in_process=False)
        self.server.capture_ports = 1
        heard_path = self.directory / "mic-input.raw"
        np.asarray(heard, dtype="<f4").tofile(heard_path)
        self.alsa_config = _MIC_OVER_JACK_CONF.format(played=self.directory / "played.raw",
                                                      heard=heard_path)


_NARROW_MIC_CONF = """\
# painease test: a device whose microphone takes one rate, not the one the device reports.
pcm.painease_sink {
    type file
    slave.pcm { type null }
    file "/dev/null"
    format "raw"
}
pcm.!default {
    type asym
    playback.pcm { type a52  rate 48000  slavepcm "painease_sink" }
    capture.pcm { type jack  capture_ports { 0 system:capture_1 } }
}
"""


class NarrowMicRig(rigs.JackRig):
    """ALSA ``default`` whose playback side takes only 48 kHz (the a52 plugin) and whose
    capture side only the JACK server's 16 kHz: PortAudio reports the device's default rate
    as 48 kHz, which its microphone refuses -- as on a headset whose microphone runs at
    16 kHz and its earphones at 48 kHz. What the microphone hears is silence."""

    alsa_config = _NARROW_MIC_CONF
    MIC_RATE = 16_000

    def __init__(self, directory: Path) -> None:
        super().__init__(directory, rate=self.MIC_RATE)
        self.server.capture_ports = 2


def tone(frequency: float, seconds: float, amplitude: float, rate: int) -> np.ndarray:
    t = np.arange(round(seconds * rate)) / rate
    return amplitude * np.sin(2 * np.pi * frequency * t)


def silence_tone_silence(rate: int, amplitude: float = 0.25) -> np.ndarray:
    quiet = np.zeros(round(0.8 * rate))
    return np.concatenate([quiet, tone(523.25, 1.0, amplitude, rate), quiet])


def peak_frequency(samples: np.ndarray, rate: int) -> float:
    spectrum = np.abs(np.fft.rfft(samples * np.hanning(len(samples)), n=8 * len(samples)))
    return float(np.argmax(spectrum) * rate / (8 * len(samples)))


def record_briefly(count_in: float = 0.0, rate: int | None = None) -> Take:
    """Record until the rig's file is surely used up (it is read much faster than real time)."""
    rec = Recorder(samplerate=rate)
    rec.start(count_in=count_in)
    deadline = time.monotonic() + 5
    while rec.seconds_kept() < 4.0 and time.monotonic() < deadline:
        time.sleep(0.01)
    take = rec.stop()
    assert not rec.recording
    return take



"""Rig 3 (AUDIO-TESTING.md): a microphone that "hears" a file, and helpers to record from it.

ALSA ``default`` is a ``file`` PCM whose ``infile`` supplies what capture reads, as raw
S16_LE mono. Not real time: capture runs as fast as the CPU allows and reads zeros once
the file is used up, so a test records for a short while only. The rig reuses
``rigs._RigBase`` (environment patch, PortAudio re-scan, cleanup). Shared by the
recorder's tests and the therapist round trip.
"""

from __future__ import annotations

import os
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
        self.heard = heard

    def start(self) -> MicFileRig:
        np.clip(self.heard * 32768, -32768, 32767).astype("<i2").tofile(self.heard_path)
        self.config_path.write_text(_MIC_CONF.format(
            played=self.directory / "played.raw", heard=self.heard_path))
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



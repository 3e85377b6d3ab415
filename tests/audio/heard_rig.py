"""Rig 2 with an ear: what the JACK server actually delivered, after every buffer.

Rig 2's tee (``JackRig.capture``) records frames as PortAudio hands them to ALSA, so it
holds frames that were still queued when a stream was aborted, and that nobody heard.
:class:`HeardRig` plays ALSA ``default`` into a JACK recorder (``jack_rec``, from
jackd2) instead of ``system:playback``: ``heard()`` is what left the last buffer.

Measured with it (2 s session whose last content is a tone to the very end; 2048-frame
blocks, PortAudio reports a latency of 2048 frames through ALSA ``default``): closing the
stream with ``abort()`` as soon as the engine had taken its last frames cut the last
3318-3830 frames (69-80 ms) of the tone; ``stop()`` (PortAudio's drain) instead still
cut 1782 frames. So more is queued than PortAudio reports (the jack plugin's buffer).
"""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

import numpy as np
import soundfile as sf

from tests.audio import rigs

_HEARD_CONF = """\
# painease test: ALSA default plays into jack_rec (its inputs), and a tee records what
# PortAudio handed over.
pcm.!default {
    type file
    slave.pcm { type jack  playback_ports { 0 jackrec:input1  1 jackrec:input2 } }
    file { @func getenv vars [ ALSA_CAPTURE_RAW ] default "/tmp/capture.raw" }
    format "raw"
}
"""


class HeardRig(rigs.JackRig):
    """Rig 2 whose ``default`` plays into ``jack_rec``, which records ``seconds`` from
    ``start()`` to ``heard.wav`` (its other inputs: the server's silent capture ports)."""

    alsa_config = _HEARD_CONF

    def __init__(self, directory: Path, seconds: float) -> None:
        super().__init__(directory, in_process=False)  # PortAudio only once jack_rec is up
        self.server.capture_ports = 2
        self.seconds = seconds
        self.heard_path = self.directory / "heard.wav"
        self._recorder: subprocess.Popen[bytes] | None = None

    def start(self) -> HeardRig:
        super().start()
        self._recorder = subprocess.Popen(
            ["jack_rec", "-f", str(self.heard_path), "-d", f"{self.seconds:g}", "-b", "32",
             "system:capture_1", "system:capture_2"],
            env=self.child_env(), stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 10
        while "jackrec:input2" not in self.ports():
            if self._recorder.poll() is not None or time.monotonic() > deadline:
                self.close()
                raise rigs.RigError("jack_rec did not come up")
            time.sleep(0.02)
        # As JackRig does in-process, now that ALSA default's ports exist.
        self.in_process = True
        self._env.set(self.env_vars)
        self.rescan_seconds = rigs.rescan_portaudio()
        return self

    def heard(self) -> np.ndarray:
        """What reached JACK's recorder, float32 ``(frames, 2)`` (int32 in the file: within
        2**-31 of what was played). Waits for the recording to run its ``seconds``."""
        assert self._recorder is not None
        self._recorder.wait(timeout=self.seconds + 10)
        data, _ = sf.read(self.heard_path, dtype="float32", always_2d=True)
        return data

    def close(self) -> None:
        if self._recorder is not None and self._recorder.poll() is None:
            self._recorder.kill()
            self._recorder.wait()
        super().close()

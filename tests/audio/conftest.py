"""Fixtures for audio tests through the real PortAudio stack (see ``rigs.py``).

* ``file_sink``  -- Rig 1 (:class:`FileSinkRig`), applied to this process.
* ``jack``       -- Rig 2 (:class:`JackRig`), applied to this process. Function scope:
  jackd answers ~80 ms after spawning, the re-scan takes ~55 ms and closing ~90 ms, so
  every test gets a fresh server, a fresh capture and freedom to freeze or stop it.
* ``jack_44k1``  -- the same with the server at 44.1 kHz (a device that refuses 48 kHz).
* ``jack_server`` -- Rig 2 for audio code in a child process (``child_env()``); this
  process's PortAudio is not touched, so ``kill_server_now()`` is allowed.
* ``no_audio_device`` -- PortAudio with no device at all, for this process and children.
* ``portaudio_missing_env`` -- environment for a child Python that cannot find PortAudio.

A machine without the Debian packages skips these tests with the reason -- except when
``CI`` is set (``make test`` installs the packages), where a missing package fails loudly.
"""

from __future__ import annotations

import os

import pytest

from tests.audio import rigs


def require(rig: str) -> None:
    """Skip (or, under CI, fail) unless the machine has what ``rig`` needs."""
    missing = rigs.missing_requirements(rig)
    if not missing:
        return
    reason = (
        f"audio rig {rig!r} unavailable, missing: {'; '.join(missing)}. Install with"
        f" `apt-get install {' '.join(rigs.DEBIAN_PACKAGES)}` (`make test` does)."
    )
    if os.environ.get("CI"):
        pytest.fail(reason, pytrace=False)
    pytest.skip(reason)


@pytest.fixture
def file_sink(tmp_path):
    """Rig 1, started: ALSA ``default`` records to ``file_sink.capture_path`` (WAV)."""
    require("file_sink")
    with rigs.FileSinkRig(tmp_path / "file-sink") as rig:
        yield rig


@pytest.fixture
def jack(tmp_path):
    """Rig 2, started in-process: a private real-time JACK dummy server + ALSA tee."""
    require("jack")
    with rigs.JackRig(tmp_path / "jack") as rig:
        yield rig


@pytest.fixture
def jack_44k1(tmp_path):
    """Rig 2 with the JACK server at 44.1 kHz: its devices refuse to open at 48 kHz."""
    require("jack")
    with rigs.JackRig(tmp_path / "jack", rate=44_100) as rig:
        yield rig


@pytest.fixture
def jack_server(tmp_path):
    """Rig 2 for a child process: run the audio with ``env=jack_server.child_env()``."""
    require("jack")
    with rigs.JackRig(tmp_path / "jack", in_process=False) as rig:
        yield rig


@pytest.fixture
def no_audio_device(tmp_path):
    """PortAudio sees no device (this process, and children started meanwhile)."""
    require("portaudio")
    with rigs.no_output_device(tmp_path) as env_vars:
        yield env_vars


@pytest.fixture
def portaudio_missing_env():
    """Environment in which a child Python's ``import sounddevice`` raises OSError."""
    with rigs.portaudio_missing() as env:
        yield env

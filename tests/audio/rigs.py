"""Audio test rigs: the real PortAudio library, no sound card, no mock of sounddevice.

The rigs follow the project's AUDIO-TESTING notes (kept beside DESIGN.md). In short:

* :class:`FileSinkRig` (Rig 1): ALSA ``default`` is a ``file`` sink over ``null``. Not real
  time (a 1 s stream is done in ~3 ms), and the captured WAV holds what was played,
  quantised to int16 bit-exactly as :func:`as_file_sink_captures` predicts. Use it for
  content checks.
* :class:`JackRig` (Rig 2): a private ``jackd`` with the dummy driver paces the stream in
  real time; ALSA ``default`` is a ``file`` tee in front of the ``jack`` plugin, so the
  capture holds the played float32 frames exactly. Use it for timing and fault tests.
* :func:`no_output_device` and :func:`portaudio_missing` build the two "no audio" worlds
  the app must survive; :class:`PythonChild` runs audio code in a child process (needed
  for anything that kills the JACK server, see :meth:`JackRig.kill_server_now`).

Things measured on the project machine that these helpers are built around:

* PortAudio enumerates devices only in ``Pa_Initialize``, which sounddevice calls on
  import. Every rig therefore re-scans with ``sd._terminate(); sd._initialize()`` --
  sounddevice's *private* API; there is no public one. A re-scan takes ~8 ms on
  Rig 1 and ~55 ms on Rig 2 (jackd itself is up ~80 ms after spawning).
* The capture starts with silence PortAudio primed the device with (3072 frames on
  Rig 1, 2048 on Rig 2) and ends with the rest of the last block: use
  :func:`assert_capture_matches`, which finds the offset.
* An ALSA configuration that defines no PCM at all (an empty file, or an
  ``ALSA_CONFIG_PATH`` that does not exist) makes PortAudio *abort the process*
  (``assert devIdx < numDeviceNames`` in ``pa_linux_alsa.c``) on ``import sounddevice``
  or a re-scan; :func:`no_output_device` therefore defines a ``default`` that cannot be
  opened.
* Once the JACK server a process's PortAudio is connected to dies, ``Pa_Terminate`` in that
  process crashes (SIGSEGV in ``jack_deactivate``, or SIGABRT on a pa_jack assertion),
  and that includes sounddevice's own at-exit handler. A process also cannot talk to
  two JACK servers (libjack keeps one server per process). Hence kills happen only with
  the audio in a child process; in-process tests simulate a stalled device with
  :meth:`JackRig.freeze_server` instead.
* JACK's registry holds 8 servers; a SIGKILLed one keeps its slot (and ~100 MB of
  /dev/shm with jackd's default port count) until a server of the same name starts.
  :class:`JackServer` reclaims its slot after a kill; :func:`reclaim_stale_jack_servers`
  frees slots left by crashed runs (``JackRig`` calls it when jackd says "Too many
  servers already active").
"""

from __future__ import annotations

import contextlib
import glob
import itertools
import os
import queue
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import textwrap
import threading
import time
from collections.abc import Iterator, Mapping
from pathlib import Path

import numpy as np
import soundfile as sf

RATE = 48000
"""Sample rate of the JACK rig (and the rate the tests play at)."""

JACK_PERIOD = 512
"""Frames per JACK dummy-driver period (10.67 ms at 48 kHz)."""

INT16_STEP = 1.0 / 32768
"""One int16 quantisation step as a float sample: Rig 1's tolerance."""

DEBIAN_PACKAGES = ("libportaudio2", "jackd2", "libasound2-plugins", "alsa-utils")

_JACK_ALSA_PLUGIN_GLOBS = (
    "/usr/lib/*/alsa-lib/libasound_module_pcm_jack.so",
    "/usr/lib/alsa-lib/libasound_module_pcm_jack.so",
    "/usr/lib64/alsa-lib/libasound_module_pcm_jack.so",
)

# Rig 1. The ``plug`` to S16_LE matters: ``type file`` with ``format "wav"`` writes float
# samples under an integer WAV header otherwise.
_FILE_SINK_CONF = """\
# painease test rig 1: ALSA default = WAV file sink over the null device.
pcm.!default {
    type plug
    slave {
        pcm {
            type file
            slave.pcm { type null }
            file { @func getenv vars [ ALSA_CAPTURE_WAV ] default "/tmp/capture.wav" }
            format "wav"
        }
        format S16_LE
    }
}
"""

# Rig 2. The jack plugin connects to the server named by JACK_DEFAULT_SERVER (it has no
# server option of its own), which is how every JackRig gets a private server.
_JACK_TEE_CONF = """\
# painease test rig 2: ALSA default = raw float tee in front of the JACK server.
pcm.!default {
    type file
    slave.pcm {
        type jack
        playback_ports { 0 system:playback_1  1 system:playback_2 }
    }
    file { @func getenv vars [ ALSA_CAPTURE_RAW ] default "/tmp/capture.raw" }
    format "raw"
}
"""

# "No output device": a ``default`` that cannot be opened. Do not make this file empty:
# with no PCM defined at all PortAudio aborts the process during device enumeration.
_NO_DEVICE_CONF = """\
# painease test: no usable PCM. `default` points at a PCM that does not exist.
pcm.!default {
    type plug
    slave.pcm "painease_no_such_pcm"
}
"""

# Loaded by a child Python through PYTHONPATH. sounddevice (0.5.x) looks PortAudio up
# with ctypes.util.find_library('portaudio') on Linux and raises
# OSError('PortAudio library not found') when that returns None -- exactly what a
# machine without libportaudio2 gives.
_HIDE_PORTAUDIO_SITECUSTOMIZE = """\
# Written by tests/audio/rigs.py: pretend PortAudio is not installed.
import ctypes.util

_real_find_library = ctypes.util.find_library


def _find_library_without_portaudio(name):
    if "portaudio" in name.lower():
        return None
    return _real_find_library(name)


ctypes.util.find_library = _find_library_without_portaudio
"""

_names = itertools.count()


class RigError(RuntimeError):
    """A rig could not be set up (e.g. jackd did not come up); the message says why."""


def unique_jack_server_name() -> str:
    """A JACK server name nobody else uses (other tests, other engineers' runs)."""
    return f"painease-test-{os.getpid()}-{next(_names)}"


def missing_requirements(rig: str) -> list[str]:
    """What this machine lacks for ``rig`` ("portaudio", "file_sink" or "jack"; the JACK
    rig's tools include ``jack_rec``, which ``heard_rig`` records with)."""
    missing = []
    try:
        import sounddevice  # noqa: F401
    except OSError as error:  # PortAudio library not found
        missing.append(f"PortAudio ({error}; Debian package libportaudio2)")
    if rig == "jack":
        for program in ("jackd", "jack_lsp", "jack_rec"):
            if shutil.which(program) is None:
                missing.append(f"{program} (Debian package jackd2)")
        if not any(glob.glob(pattern) for pattern in _JACK_ALSA_PLUGIN_GLOBS):
            missing.append("ALSA's jack PCM plugin (Debian package libasound2-plugins)")
    return missing


def rescan_portaudio() -> float:
    """Re-initialise PortAudio so it enumerates devices under the current environment.

    Returns the seconds it took. Uses sounddevice's private ``_terminate``/``_initialize``
    (PortAudio scans devices only in ``Pa_Initialize``; sounddevice has no public
    re-scan). Open streams are closed by PortAudio. Initialisation nesting is preserved.
    """
    import sounddevice as sd

    started = time.perf_counter()
    depth = sd._initialized
    while sd._initialized:
        sd._terminate()
    for _ in range(max(depth, 1)):
        sd._initialize()
    return time.perf_counter() - started


def terminate_portaudio() -> None:
    """Shut PortAudio down completely in this process (sounddevice private API)."""
    sd = sys.modules.get("sounddevice")
    while sd is not None and sd._initialized:
        sd._terminate()


def portaudio_uses_jack() -> bool:
    """Whether this process's PortAudio holds a JACK client (the JACK host API is up)."""
    sd = sys.modules.get("sounddevice")
    if sd is None or not sd._initialized:
        return False
    return any("JACK" in api["name"] for api in sd.query_hostapis())


class _EnvPatch:
    """Set environment variables and put the old values back later."""

    def __init__(self) -> None:
        self._saved: dict[str, str | None] = {}

    def set(self, values: Mapping[str, str]) -> None:
        for key, value in values.items():
            self._saved.setdefault(key, os.environ.get(key))
            os.environ[key] = value

    def restore(self) -> None:
        for key, value in self._saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        self._saved.clear()


class _RigBase:
    """Temp directory, environment patch, re-scan and context-manager plumbing."""

    def __init__(self, directory: str | os.PathLike[str] | None) -> None:
        if directory is None:
            self.directory = Path(tempfile.mkdtemp(prefix="painease-audio-rig-"))
            self._owns_directory = True
        else:
            self.directory = Path(directory)
            self.directory.mkdir(parents=True, exist_ok=True)
            self._owns_directory = False
        self._env = _EnvPatch()
        self._active = False
        self.rescan_seconds: float | None = None
        """How long the last re-scan of PortAudio took (seconds)."""

    def __enter__(self):
        self.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    def start(self):  # pragma: no cover - overridden
        raise NotImplementedError

    def close(self) -> None:  # pragma: no cover - overridden
        raise NotImplementedError

    def _finish_close(self, rescan: bool) -> None:
        self._env.restore()
        if rescan:
            rescan_portaudio()
        if self._owns_directory:
            shutil.rmtree(self.directory, ignore_errors=True)
        self._active = False


class FileSinkRig(_RigBase):
    """Rig 1: ALSA ``default`` writes a WAV file (int16) and discards the sound.

    ``start()`` writes the ALSA config into ``directory`` (a temp dir by default), makes
    it the *only* ``ALSA_CONFIG_PATH`` entry (else Debian's pulse hook may take over
    ``default``), sets ``ALSA_CAPTURE_WAV``, and re-scans PortAudio: afterwards the only
    device is ``default`` (ALSA, 128 in/128 out). ``JACK_NO_START_SERVER`` and a JACK server
    name nobody runs keep any stray JACK server out of the device list.

    Not real time: a callback stream runs as fast as the CPU allows (a 1 s sine is done in
    ~3 ms; left open for 10 ms, a stream "plays" ~5 s). The WAV is complete only once the
    stream is *closed* (it reads as 0 frames while open); each new stream starts it
    afresh.
    """

    def __init__(self, directory: str | os.PathLike[str] | None = None) -> None:
        super().__init__(directory)
        self.config_path = self.directory / "asound-file-sink.conf"
        self.capture_path = self.directory / "capture.wav"
        self.capture_rate: int | None = None
        """Sample rate of the last :meth:`capture` (= the rate the stream played at)."""

    @property
    def env_vars(self) -> dict[str, str]:
        """The variables this rig sets (for a child process, add them to its env)."""
        return {
            "ALSA_CONFIG_PATH": str(self.config_path),
            "ALSA_CAPTURE_WAV": str(self.capture_path),
            "JACK_NO_START_SERVER": "1",
            "JACK_DEFAULT_SERVER": f"painease-no-jack-{os.getpid()}",
        }

    def start(self) -> FileSinkRig:
        self.config_path.write_text(_FILE_SINK_CONF)
        self._env.set(self.env_vars)
        self._active = True
        self.rescan_seconds = rescan_portaudio()
        return self

    def capture(self) -> np.ndarray:
        """The captured audio as float32 ``(frames, channels)`` (2 for a stereo stream).

        Call it after the stream is closed. Values are int16 / 32768 (see
        :func:`as_file_sink_captures`). Included: the priming silence a callback stream
        starts with (3072 frames; none for a blocking ``write()`` stream) and the padded
        tail of the last block.
        """
        if not self.capture_path.exists():
            raise FileNotFoundError(f"{self.capture_path}: nothing was played through Rig 1")
        data, rate = sf.read(self.capture_path, dtype="float32", always_2d=True)
        self.capture_rate = rate
        return data

    def close(self) -> None:
        """Restore the environment and re-scan PortAudio. Safe to call twice."""
        if self._active:
            self._finish_close(rescan=True)


# -- the JACK server --------------------------------------------------------------------

_JACK_REGISTRY = Path("/dev/shm/jack-shm-registry")
_JACK_PORT_MAX = 64  # jackd's default (2048) makes every server map ~100 MB of /dev/shm


class JackServer:
    """One private ``jackd`` with the dummy driver (used by :class:`JackRig`).

    ``-C 0`` is right for the dummy driver: it is the driver's own "number of capture
    ports" option (given after ``-d dummy``), so the server has only
    ``system:playback_1`` and ``system:playback_2`` (``capture_ports`` adds silent
    ``system:capture_N`` ports, for a microphone rig). ``-p 64`` *before* ``-d`` is jackd's
    port maximum (after ``-d`` ``-p`` is the period).

    JACK keeps at most 8 servers in ``/dev/shm/jack-shm-registry``. A server that dies by
    SIGKILL stays registered until a server *of the same name* starts; see
    :func:`reclaim_stale_jack_servers`.
    """

    def __init__(
        self,
        name: str,
        log_path: Path,
        *,
        rate: int = RATE,
        period: int = JACK_PERIOD,
        reclaim_when_killed: bool = True,
        capture_ports: int = 0,
    ) -> None:
        self.name = name
        self.capture_ports = capture_ports  # system:capture_N, silent (a microphone rig)
        self.reclaim_when_killed = reclaim_when_killed
        self.log_path = log_path
        self.rate = rate
        self.period = period
        self.process: subprocess.Popen[bytes] | None = None
        self.startup_seconds: float | None = None
        self.killed = False

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def start(self, timeout: float = 10.0) -> None:
        """Spawn jackd and wait until ``jack_lsp`` lists its playback ports."""
        command = [
            "jackd", "-n", self.name, "-p", str(_JACK_PORT_MAX), "--no-realtime",
            "-d", "dummy", "-r", str(self.rate), "-p", str(self.period), "-P", "2",
            "-C", str(self.capture_ports),
        ]  # fmt: skip
        started = time.perf_counter()
        with open(self.log_path, "wb") as log:
            self.process = subprocess.Popen(
                command,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                env=_no_jack_autostart(os.environ),
                start_new_session=True,  # a Ctrl-C in the terminal must not skip our cleanup
            )
        deadline = started + timeout
        while True:
            if self.process.poll() is not None:
                raise RigError(
                    f"jackd (server {self.name!r}) exited with status"
                    f" {self.process.returncode} while starting; its log:\n{self.log_tail()}"
                )
            if "system:playback_1" in self.ports():
                break
            if time.perf_counter() > deadline:
                self.stop()
                raise RigError(
                    f"jackd (server {self.name!r}) did not come up within {timeout} s;"
                    f" its log:\n{self.log_tail()}"
                )
            time.sleep(0.02)
        self.startup_seconds = time.perf_counter() - started

    def ports(self, timeout: float = 3.0) -> list[str]:
        """The server's ports as ``jack_lsp`` lists them ([] if it does not answer)."""
        try:
            result = subprocess.run(
                ["jack_lsp", "-s", self.name],
                capture_output=True,
                text=True,
                timeout=timeout,
                env=_no_jack_autostart(os.environ),  # else jack_lsp may start a server
            )
        except subprocess.TimeoutExpired:
            return []
        return result.stdout.split() if result.returncode == 0 else []

    def log_tail(self, limit: int = 3000) -> str:
        try:
            return self.log_path.read_text(errors="replace")[-limit:]
        except OSError:
            return "(no log)"

    def signal(self, signum: int) -> None:
        if not self.running:
            raise RigError(f"the JACK server {self.name!r} is not running")
        self.process.send_signal(signum)

    def kill(self) -> float:
        """SIGKILL; returns ``time.monotonic()`` right after sending it."""
        self.signal(signal.SIGKILL)
        killed_at = time.monotonic()
        self.process.wait()
        self.killed = True
        return killed_at

    def stop(self) -> None:
        """Graceful stop (SIGCONT + SIGTERM, SIGKILL after 5 s); then tidy up."""
        if self.process is None:
            return
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGCONT)  # in case it is frozen
            self.process.terminate()
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
                self.killed = True
        if self.killed and self.reclaim_when_killed:
            # Free the registry slot (and ~the server's shared memory) the dead server
            # still holds, by starting and cleanly stopping one of the same name.
            self.killed = False
            _reclaim_jack_server(self.name, self.log_path.with_suffix(".reclaim.log"))
        _remove_jack_leftovers(self.name)


def _no_jack_autostart(env: Mapping[str, str]) -> dict[str, str]:
    return {**env, "JACK_NO_START_SERVER": "1"}


def _remove_jack_leftovers(name: str) -> None:
    # A SIGKILLed jackd leaves its socket and semaphore files in /dev/shm. The patterns
    # contain the server's unique name, so this touches nothing of anybody else's.
    for pattern in (f"jack_{name}_*", f"jack_sem.*_{name}_*"):
        for path in glob.glob(os.path.join("/dev/shm", pattern)):
            with contextlib.suppress(OSError):
                os.unlink(path)


def _reclaim_jack_server(name: str, log_path: Path) -> None:
    server = JackServer(name, log_path, period=4096, reclaim_when_killed=False)
    try:
        server.start(timeout=5.0)
    except RigError:
        pass  # best effort: a later reclaim_stale_jack_servers() can try again
    finally:
        server.stop()


def _running_jackd_names() -> set[str]:
    names = set()
    for cmdline in glob.glob("/proc/[0-9]*/cmdline"):
        try:
            argv = Path(cmdline).read_bytes().split(b"\0")
        except OSError:
            continue
        if argv and os.path.basename(argv[0]) in (b"jackd", b"jackdmp"):
            for flag, value in itertools.pairwise(argv):
                if flag in (b"-n", b"--name"):
                    names.add(value.decode(errors="replace"))
    return names


def registered_jack_servers() -> list[str]:
    """Names of this user's servers in JACK's shared registry (live or stale)."""
    try:
        registry = _JACK_REGISTRY.read_bytes()
    except OSError:
        return []
    prefix = f"jack-{os.getuid()}:".encode()
    # Entries read "jack-UID:NAME:" (NUL-terminated, NUL-padded).
    return [
        match.decode(errors="replace").removesuffix(":")
        for match in re.findall(re.escape(prefix) + rb"([^\x00/]+)\x00", registry)
    ]


def reclaim_stale_jack_servers(prefix: str = "painease-test-") -> list[str]:
    """Free the registry slots of dead test servers named ``prefix...``; returns them.

    A server killed with SIGKILL (a crashed test run, or a test killed mid-way) stays in
    JACK's registry, which holds only 8; once full, jackd refuses to start ("Too many
    servers already active"). JACK reclaims a dead entry when a server of the same name
    starts, so this starts and cleanly stops one per dead name. Servers still running
    (another pytest process) are left alone.
    """
    running = _running_jackd_names()
    stale = [
        name
        for name in registered_jack_servers()
        if name.startswith(prefix) and name not in running
    ]
    for name in stale:
        with tempfile.TemporaryDirectory(prefix="painease-jack-reclaim-") as directory:
            _reclaim_jack_server(name, Path(directory) / "jackd.log")
    return stale


class JackRig(_RigBase):
    """Rig 2: a private real-time JACK dummy server plus an ALSA tee that records.

    ``start()`` runs ``jackd -n NAME -p 64 --no-realtime -d dummy -r 48000 -p 512 -P 2
    -C 0`` (see :class:`JackServer`), waits until ``jack_lsp`` lists its playback ports
    (``start_timeout``, else :class:`RigError` with jackd's log), and builds the
    environment: ``JACK_DEFAULT_SERVER`` = that private name (PortAudio's JACK host API
    and ALSA's jack plugin both follow it), ``JACK_NO_START_SERVER=1``,
    ``ALSA_CONFIG_PATH`` = the tee config as the only entry, ``ALSA_CAPTURE_RAW``.

    With ``in_process=True`` (the default) that environment is applied to this process
    and PortAudio is re-scanned: the devices are ``default`` (ALSA, the tee, 0 in/2 out,
    the default output) and ``system`` (the JACK host API, 0 in/2 out). With
    ``in_process=False`` this process is left alone and the audio code runs in a child
    started with :meth:`child_env` -- the only way to use :meth:`kill_server_now`.
    """

    alsa_config = _JACK_TEE_CONF  # what ALSA ``default`` is (a subclass may change it)

    def __init__(
        self,
        directory: str | os.PathLike[str] | None = None,
        *,
        in_process: bool = True,
        rate: int = RATE,
        period: int = JACK_PERIOD,
        start_timeout: float = 10.0,
    ) -> None:
        super().__init__(directory)
        self.in_process = in_process
        self.rate = rate
        self.start_timeout = start_timeout
        self.config_path = self.directory / "asound-jack-tee.conf"
        self.capture_path = self.directory / "capture.raw"
        self.server = JackServer(
            unique_jack_server_name(), self.directory / "jackd.log", rate=rate, period=period
        )
        self._frozen = False

    @property
    def server_name(self) -> str:
        return self.server.name

    @property
    def startup_seconds(self) -> float | None:
        """Seconds from spawning jackd until ``jack_lsp`` listed its ports."""
        return self.server.startup_seconds

    @property
    def env_vars(self) -> dict[str, str]:
        """The variables this rig sets (what a child process needs on top of os.environ)."""
        return {
            "ALSA_CONFIG_PATH": str(self.config_path),
            "ALSA_CAPTURE_RAW": str(self.capture_path),
            "JACK_NO_START_SERVER": "1",
            "JACK_DEFAULT_SERVER": self.server_name,
        }

    def child_env(self, **extra: str) -> dict[str, str]:
        """A complete environment for a child process that should use this rig."""
        return {**os.environ, **self.env_vars, **extra}

    @property
    def server_running(self) -> bool:
        return self.server.running

    def start(self) -> JackRig:
        missing = missing_requirements("jack")
        if missing:
            raise RigError("the JACK rig needs: " + "; ".join(missing))
        self.config_path.write_text(self.alsa_config)
        self._active = True
        try:
            try:
                self.server.start(self.start_timeout)
            except RigError as error:
                if "Too many servers" not in str(error) or not reclaim_stale_jack_servers():
                    raise
                self.server.start(self.start_timeout)  # once more, with slots freed
        except BaseException:
            self.close()
            raise
        if self.in_process:
            self._env.set(self.env_vars)
            self.rescan_seconds = rescan_portaudio()
        return self

    def ports(self) -> list[str]:
        """The server's ports as ``jack_lsp`` lists them ([] if the server is gone)."""
        return self.server.ports()

    def freeze_server(self) -> None:
        """SIGSTOP jackd: the device stalls (safe in-process; undo with thaw_server()).

        Measured, through ALSA ``default``: the callback stops being called, ``active``
        stays True, no status flags, no exception. ``abort()`` returns at once even while
        frozen, but ``close()`` after it -- and ``stop()`` -- block until the server is
        thawed. After :meth:`thaw_server` a stream left alone carries on (through the JACK
        ``system`` device its next callback reports an output underflow).
        """
        self.server.signal(signal.SIGSTOP)
        self._frozen = True

    def thaw_server(self) -> None:
        """SIGCONT jackd after :meth:`freeze_server`."""
        if self._frozen:
            self.server.signal(signal.SIGCONT)
            self._frozen = False

    def kill_server_now(self) -> float:
        """SIGKILL jackd now, as if the audio device died mid-session.

        Returns ``time.monotonic()`` just after the kill (CLOCK_MONOTONIC, comparable
        with a child's ``time.monotonic()``). Refused while *this* process's PortAudio
        holds a JACK client: after the server dies, ``Pa_Terminate`` -- including
        sounddevice's at-exit handler -- crashes the process. Run the audio in a child
        (``JackRig(in_process=False)`` + :meth:`child_env`), or use :meth:`freeze_server`.
        The dead server's registry slot is reclaimed in :meth:`close`.
        """
        if portaudio_uses_jack():
            raise RigError(
                "refusing to kill jackd while this process's PortAudio is connected to"
                " JACK: the next Pa_Terminate (even at exit) would crash pytest. Run the"
                " audio in a child process (JackRig(in_process=False)) or use freeze_server()."
            )
        self._frozen = False
        return self.server.kill()

    def stop_server(self) -> None:
        """Stop jackd cleanly: PortAudio in this process is shut down *first*.

        (Stopping the server under a live PortAudio JACK client makes the next
        ``Pa_Terminate`` abort: ``pa_jack.c: Terminate: Assertion 'err == 0' failed``.)
        In-process, PortAudio is initialised again afterwards, so sounddevice stays usable
        and sees the world without the server (no ``system`` device, ``default`` fails).
        """
        reinitialise = self.in_process and self._active and "sounddevice" in sys.modules
        if reinitialise:
            terminate_portaudio()
        self._frozen = False
        self.server.stop()
        if reinitialise:
            import sounddevice as sd

            sd._initialize()

    def capture(self) -> np.ndarray:
        """Everything played through ALSA ``default`` so far, float32 ``(frames, 2)``.

        Exactly the float32 frames the stream was given (no quantisation), after the
        priming silence (2048 frames for a callback stream). Each new stream starts the
        file afresh. Read it after the stream has stopped.
        """
        if not self.capture_path.exists() or self.capture_path.stat().st_size == 0:
            return np.zeros((0, 2), dtype=np.float32)
        data, _ = sf.read(
            self.capture_path,
            samplerate=self.rate,
            channels=2,
            format="RAW",
            subtype="FLOAT",
            dtype="float32",
            always_2d=True,
        )
        return data

    def close(self) -> None:
        """Stop the server (PortAudio first), restore the environment, re-scan."""
        if not self._active:
            return
        self.stop_server()
        self._finish_close(rescan=self.in_process and "sounddevice" in sys.modules)


# -- no audio at all -------------------------------------------------------------------


@contextlib.contextmanager
def no_output_device(directory: str | os.PathLike[str] | None = None) -> Iterator[dict]:
    """Within the block PortAudio has no device at all; yields the variables it set.

    ALSA's only config defines a ``default`` that cannot be opened, no JACK server is
    reachable (and none is auto-started), and PortAudio is re-scanned. Then
    ``sd.query_devices()`` is empty, ``sd.default.device`` is ``[-1, -1]`` and opening
    a stream raises ``sounddevice.PortAudioError('Error querying device -1')``.
    Children started inside the block inherit it. PortAudio is re-scanned on the way out.
    """
    import sounddevice  # noqa: F401  (the rig needs PortAudio; the caller's import may come later)

    with contextlib.ExitStack() as stack:
        if directory is None:
            directory = stack.enter_context(tempfile.TemporaryDirectory(prefix="painease-nodev-"))
        Path(directory).mkdir(parents=True, exist_ok=True)
        config = Path(directory) / "asound-no-device.conf"
        config.write_text(_NO_DEVICE_CONF)
        values = {
            "ALSA_CONFIG_PATH": str(config),
            "JACK_NO_START_SERVER": "1",
            "JACK_DEFAULT_SERVER": f"painease-no-jack-{os.getpid()}",
        }
        env = _EnvPatch()
        env.set(values)
        try:
            rescan_portaudio()
            yield values
        finally:
            env.restore()
            rescan_portaudio()


@contextlib.contextmanager
def portaudio_missing() -> Iterator[dict[str, str]]:
    """Yields an environment for a *child* Python in which PortAudio is not found.

    In that child ``import sounddevice`` raises ``OSError('PortAudio library not
    found')``, as on a machine without libportaudio2. How: a ``sitecustomize`` module put
    first on ``PYTHONPATH`` makes ``ctypes.util.find_library`` return None for
    "portaudio" -- the call sounddevice uses on Linux. (``LD_LIBRARY_PATH`` cannot hide
    a library in the system's linker cache.) Other libraries (libsndfile...) still load.
    It works for ``python``, ``python -m painease``, the ``painease`` script, but not with
    ``python -I`` / ``-S`` / ``-E``, which skip PYTHONPATH or site. It shadows any other
    ``sitecustomize`` (this venv has none). Cannot be done in-process: sounddevice
    loads PortAudio once, at import.
    """
    with tempfile.TemporaryDirectory(prefix="painease-no-portaudio-") as directory:
        Path(directory, "sitecustomize.py").write_text(_HIDE_PORTAUDIO_SITECUSTOMIZE)
        path = [directory]
        if os.environ.get("PYTHONPATH"):
            path.append(os.environ["PYTHONPATH"])
        yield {**os.environ, "PYTHONPATH": os.pathsep.join(path)}


# -- child processes -------------------------------------------------------------------


# Children that lose their JACK server crash on purpose at exit: keep no core files.
# (Set by the child itself: preexec_fn is unsafe in a multi-threaded parent.)
_CHILD_PREAMBLE = "import resource; resource.setrlimit(resource.RLIMIT_CORE, (0, 0))\n"


def _child_command(code: str) -> list[str]:
    return [sys.executable, "-c", _CHILD_PREAMBLE + textwrap.dedent(code)]


class PythonChild:
    """A child Python running ``code``, talking line by line over stdin/stdout.

    ``expect(prefix)`` waits (bounded) for the next stdout line starting with ``prefix``;
    ``send(line)`` writes to its stdin; ``finish()`` waits for exit; ``kill()``. Core
    dumps are disabled; stderr is collected (``stderr()`` after it exited).
    Use it as a context manager so the child never outlives the test.
    """

    def __init__(self, code: str, *, env: Mapping[str, str] | None = None) -> None:
        self.process = subprocess.Popen(
            _child_command(code),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            bufsize=1,
            env={**(env if env is not None else os.environ), "PYTHONUNBUFFERED": "1"},
        )
        self.lines: list[str] = []
        """Every stdout line so far (without newline)."""
        self._queue: queue.Queue[str | None] = queue.Queue()
        self._stderr: list[str] = []
        threading.Thread(target=self._pump_stdout, daemon=True).start()
        self._stderr_thread = threading.Thread(target=self._pump_stderr, daemon=True)
        self._stderr_thread.start()

    def _pump_stdout(self) -> None:
        for line in self.process.stdout:
            self._queue.put(line.rstrip("\n"))
        self._queue.put(None)

    def _pump_stderr(self) -> None:
        self._stderr.extend(self.process.stderr)

    def __enter__(self) -> PythonChild:
        return self

    def __exit__(self, *exc_info) -> None:
        self.kill()

    def expect(self, prefix: str, timeout: float = 10.0) -> str | None:
        """The next line starting with ``prefix`` (rest of the line), or None on timeout.

        Raises RigError if the child's output ended first (it exited or crashed).
        """
        deadline = time.monotonic() + timeout
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return None
            try:
                line = self._queue.get(timeout=remaining)
            except queue.Empty:
                return None
            if line is None:
                self._queue.put(None)
                self.process.wait()
                raise RigError(
                    f"child exited ({self.process.returncode}) before printing {prefix!r};"
                    f" stdout: {self.lines!r}; stderr:\n{self.stderr()}"
                )
            self.lines.append(line)
            if line.startswith(prefix):
                return line[len(prefix) :].strip()

    def send(self, line: str) -> None:
        self.process.stdin.write(line + "\n")
        self.process.stdin.flush()

    def finish(self, timeout: float = 10.0) -> int:
        """Wait for the child to exit; returns its return code (negative: a signal)."""
        returncode = self.process.wait(timeout=timeout)
        self._stderr_thread.join(timeout=2)
        return returncode

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        for stream in (self.process.stdin, self.process.stdout, self.process.stderr):
            with contextlib.suppress(OSError):
                stream.close()

    def stderr(self) -> str:
        return "".join(self._stderr)


def run_python(
    code: str, *, env: Mapping[str, str] | None = None, timeout: float = 30.0
) -> subprocess.CompletedProcess[str]:
    """Run ``code`` in a child Python to completion (core dumps off); capture its output."""
    return subprocess.run(
        _child_command(code),
        capture_output=True,
        text=True,
        timeout=timeout,
        env=dict(env) if env is not None else None,
    )


# -- comparing what was played with what was captured ----------------------------------


def as_file_sink_captures(played: np.ndarray) -> np.ndarray:
    """What Rig 1 records for ``played`` (float32 samples), as float32 = int16 / 32768.

    PortAudio hands float32 to the ``plug``, and alsa-lib converts it like this: to int32
    by ``(int32_t)(x * 2**31)`` (truncation; x >= 1 and x <= -1 saturate), then to int16
    by an arithmetic shift right by 16 (a floor). So 0.0287 -> 943, -0.0287 -> -944 and
    tiny negatives (> -2**-31) -> 0. With this model Rig 1's capture matches bit for bit.
    """
    x = np.asarray(played, dtype=np.float64)
    as_int32 = np.clip(np.trunc(x * 2.0**31), -(2.0**31), 2.0**31 - 1)
    return (np.floor(as_int32 / 65536) / 32768).astype(np.float32)


def find_offset(captured: np.ndarray, played: np.ndarray, *, search: int = 8) -> int:
    """The frame in ``captured`` where ``played`` starts.

    Lines up the first frame louder than a quarter of ``played``'s peak in both, then
    picks the best of the offsets within ``search`` frames of that (smallest worst-case
    difference), so quiet fade-ins and int16 rounding do not shift it.
    """
    captured = np.asarray(captured, dtype=np.float64).reshape(len(captured), -1)
    played = np.asarray(played, dtype=np.float64).reshape(len(played), -1)
    loudness_played = np.abs(played).max(axis=1)
    peak = loudness_played.max(initial=0.0)
    if peak == 0:
        raise ValueError("the played signal is silent; there is nothing to line up")
    threshold = peak / 4
    onset_played = int(np.argmax(loudness_played >= threshold))
    loud_captured = np.abs(captured).max(axis=1) >= threshold
    if not loud_captured.any():
        raise AssertionError("the capture never gets as loud as the played signal")
    guess = int(np.argmax(loud_captured)) - onset_played

    def worst_error(offset: int) -> float:
        segment = captured[offset : offset + len(played)]
        overlap = min(len(segment), len(played))
        if overlap == 0:
            return float("inf")
        return float(np.abs(segment[:overlap] - played[:overlap]).max())

    candidates = range(max(guess - search, 0), max(guess + search + 1, 1))
    return min(candidates, key=worst_error)


def assert_capture_matches(captured: np.ndarray, played: np.ndarray, *, atol: float = 0.0) -> int:
    """Assert ``played`` appears in ``captured`` whole, in order, within ``atol``.

    Returns the offset (frames of leading silence). ``atol=0`` (exact) fits Rig 2;
    ``atol=INT16_STEP`` fits Rig 1. Everything before the offset must be silence.
    """
    played = np.asarray(played, dtype=np.float32).reshape(len(played), -1)
    captured = np.asarray(captured, dtype=np.float32).reshape(len(captured), -1)
    assert captured.shape[1] == played.shape[1], (
        f"captured {captured.shape[1]} channels, played {played.shape[1]}"
    )
    offset = find_offset(captured, played)
    segment = captured[offset : offset + len(played)]
    assert len(segment) == len(played), (
        f"capture ends {len(played) - len(segment)} frames early"
        f" (captured {len(captured)} frames, offset {offset}, played {len(played)})"
    )
    assert not np.any(captured[:offset]), "the capture has sound before the played signal"
    error = np.abs(segment - played)
    worst = int(np.argmax(error.max(axis=1)))
    assert float(error.max()) <= atol, (
        f"capture differs from what was played: worst frame {worst} "
        f"(captured {segment[worst]}, played {played[worst]}, atol {atol})"
    )
    return offset

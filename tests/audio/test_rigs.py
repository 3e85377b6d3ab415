"""The audio test rigs themselves, and the PortAudio behaviour the player is designed on.

Several tests pin down *observed* behaviour of PortAudio 19.6 / JACK 1.9.21 / alsa-plugins
1.2.7 (Debian 12), e.g. what a stream does when the JACK server dies. They are not wishes:
if one fails after an upgrade, the player's fault handling must be re-checked.
"""

from __future__ import annotations

import json
import signal
import threading
import time

import numpy as np
import pytest

from tests.audio import rigs

BLOCK = 512


def sine(seconds: float, rate: int = rigs.RATE, freq: float = 440.0) -> np.ndarray:
    """A stereo sine (right channel inverted), float32 (frames, 2)."""
    t = np.arange(round(seconds * rate)) / rate
    mono = (0.5 * np.sin(2 * np.pi * freq * t)).astype(np.float32)
    return np.stack([mono, -mono], axis=1)


def play(data: np.ndarray, *, device=None, timeout: float = 15.0) -> dict:
    """Play ``data`` through a callback OutputStream (48 kHz, blocksize 512); wait for it.

    Returns the wall time from start() to finished_callback, the stream's latency and
    device, and the callback count.
    """
    import sounddevice as sd

    position = 0
    calls = 0
    statuses = []
    done = threading.Event()

    def callback(outdata, frames, time_info, status):
        nonlocal position, calls
        calls += 1
        if status:
            statuses.append(str(status))
        chunk = data[position : position + frames]
        outdata[: len(chunk)] = chunk
        outdata[len(chunk) :] = 0
        position += frames
        if position >= len(data):
            raise sd.CallbackStop

    stream = sd.OutputStream(
        device=device,
        samplerate=rigs.RATE,
        blocksize=BLOCK,
        channels=data.shape[1],
        dtype="float32",
        callback=callback,
        finished_callback=done.set,
    )
    try:
        latency = stream.latency
        device_name = sd.query_devices(stream.device)["name"]
        started = time.perf_counter()
        stream.start()
        assert done.wait(timeout), "the stream never finished"
        wall = time.perf_counter() - started
    finally:
        stream.close()
    return {
        "wall": wall,
        "latency": latency,
        "device": device_name,
        "calls": calls,
        "statuses": statuses,
    }


def output_devices() -> dict[str, str]:
    """{device name: host API name} for every device with outputs."""
    import sounddevice as sd

    apis = sd.query_hostapis()
    return {
        device["name"]: apis[device["hostapi"]]["name"]
        for device in sd.query_devices()
        if device["max_output_channels"] > 0
    }


# -- Rig 1 -----------------------------------------------------------------------------


def test_file_sink_captures_exactly_what_was_played(file_sink):
    played = sine(1.0)
    result = play(played)

    captured = file_sink.capture()
    assert file_sink.capture_rate == rigs.RATE
    assert captured.dtype == np.float32 and captured.shape[1] == 2
    offset = rigs.assert_capture_matches(captured, played, atol=rigs.INT16_STEP)
    # ... and bit for bit, once quantised the way alsa-lib does it:
    assert rigs.assert_capture_matches(captured, rigs.as_file_sink_captures(played)) == offset
    # PortAudio primes the ALSA device with 6 periods of silence.
    assert offset == 3072
    assert not np.any(captured[offset + len(played) :]), "noise after the end"
    assert result["device"] == "default"
    assert result["wall"] < 0.5, "Rig 1 is not paced: 1 s of audio takes milliseconds"


def test_file_sink_lists_only_the_alsa_default_device(file_sink):
    assert output_devices() == {"default": "ALSA"}


# -- Rig 2 -----------------------------------------------------------------------------


def test_jack_plays_in_real_time_without_gaps(jack):
    played = sine(3.0)
    result = play(played)

    assert result["wall"] == pytest.approx(3.0, abs=0.5)
    assert result["device"] == "default"
    assert result["statuses"] == []
    captured = jack.capture()
    offset = rigs.assert_capture_matches(captured, played, atol=0.0)  # bit-exact floats
    assert offset == 2048  # priming silence: 4 JACK periods
    assert not np.any(captured[offset + len(played) :])


def test_jack_lists_alsa_default_and_jack_system(jack):
    import sounddevice as sd

    assert output_devices() == {
        "default": "ALSA",
        "system": "JACK Audio Connection Kit",
    }
    assert sd.query_devices(kind="output")["name"] == "default"
    assert set(jack.ports()) == {"system:playback_1", "system:playback_2"}  # -C 0


def test_jack_stop_server_leaves_portaudio_usable(jack):
    jack.stop_server()
    assert not jack.server_running
    assert output_devices() == {}  # no JACK host API, and ALSA default cannot open


def test_jack_kill_refused_while_this_process_holds_a_jack_client(jack):
    with pytest.raises(rigs.RigError, match="child process"):
        jack.kill_server_now()
    assert jack.server_running


def test_frozen_jack_server_stalls_the_stream_silently(jack):
    """SIGSTOP on jackd (in-process safe): callbacks stop, nothing else says so."""
    import sounddevice as sd

    calls = []
    statuses = []
    finished = threading.Event()

    def callback(outdata, frames, time_info, status):
        calls.append(time.monotonic())
        if status:
            statuses.append(str(status))
        outdata.fill(0.1)

    stream = sd.OutputStream(
        samplerate=rigs.RATE,
        blocksize=BLOCK,
        channels=2,
        dtype="float32",
        callback=callback,
        finished_callback=finished.set,
    )
    closer = threading.Thread(target=stream.close, daemon=True)
    try:
        stream.start()
        time.sleep(0.3)
        jack.freeze_server()
        frozen_at = time.monotonic()
        time.sleep(0.6)
        assert not [t for t in calls if t > frozen_at + 0.05], "callback ran while frozen"
        assert stream.active and not stream.stopped
        assert not finished.is_set()
        assert statuses == []

        started = time.monotonic()
        stream.abort()  # returns at once even with the server frozen
        assert time.monotonic() - started < 0.5
        assert finished.is_set()
        assert not stream.active

        closer.start()  # ... but close() waits for the server
        closer.join(0.5)
        assert closer.is_alive(), "close() returned while the server was frozen"
    finally:
        jack.thaw_server()
        if closer.is_alive():
            closer.join(10)
        elif not stream.closed:
            stream.close()
    assert not closer.is_alive()


# -- the JACK server dies mid-session (audio in a child process) ------------------------

KILL_CHILD = """
import json, sys, threading, time
import sounddevice as sd

DEVICE = {device!r}
calls, statuses, finished = [], [], []

def callback(outdata, frames, time_info, status):
    calls.append(time.monotonic())
    if status:
        statuses.append((time.monotonic(), str(status)))
    outdata.fill(0.1)

stream = sd.OutputStream(
    device=DEVICE, samplerate=48000, blocksize=512, channels=2, dtype="float32",
    callback=callback, finished_callback=lambda: finished.append(time.monotonic()),
)
stream.start()
time.sleep(0.5)
print("PLAYING", sd.query_devices(stream.device)["name"], flush=True)
killed_at = float(sys.stdin.readline())
inactive_at = None
while time.monotonic() < killed_at + 1.5:
    if inactive_at is None and not stream.active:
        inactive_at = time.monotonic()
    time.sleep(0.002)
report = {{
    "calls_before_kill": sum(t <= killed_at for t in calls),
    "calls_after_kill": sum(t > killed_at + 0.02 for t in calls),
    "last_call_before_kill": max(t for t in calls if t <= killed_at) - killed_at,
    "active": stream.active,
    "stopped": stream.stopped,
    "inactive_after": None if inactive_at is None else inactive_at - killed_at,
    "finished": bool(finished),
    # Only what came after the kill: an xrun before it (a busy machine) says nothing of it.
    "statuses": [text for at, text in statuses if at > killed_at],
}}
print("OBSERVED", json.dumps(report), flush=True)
print("ABORTING", flush=True)
started = time.monotonic()
stream.abort()
print("ABORTED", json.dumps({{
    "seconds": time.monotonic() - started,
    "active": stream.active,
    "stopped": stream.stopped,
    "finished": bool(finished),
}}), flush=True)
started = time.monotonic()
stream.close()
print("CLOSED", time.monotonic() - started, flush=True)
try:
    sd.OutputStream(device=DEVICE, samplerate=48000, blocksize=512, channels=2)
except Exception as error:
    print("REOPEN", json.dumps([type(error).__name__, str(error)]), flush=True)
else:
    print("REOPEN", json.dumps(None), flush=True)
print("EXITING", flush=True)
# Normal exit: sounddevice's at-exit handler calls Pa_Terminate.
"""


def test_jack_killed_mid_stream_through_alsa_default(jack_server):
    """The path the app takes (the default device). Observed behaviour:

    the callback simply stops being called: ``active`` stays True, ``stopped`` False, no
    status flag, no exception, no finished_callback (for 60 s in a manual run; ``stop()``
    then blocked ~22 s). ``abort()`` returns at once and only then is finished_callback
    called. Opening a new stream fails with PortAudioError. The process then crashes in
    Pa_Terminate at exit.
    """
    with rigs.PythonChild(KILL_CHILD.format(device=None), env=jack_server.child_env()) as child:
        assert child.expect("PLAYING", timeout=15) == "default"
        child.send(repr(jack_server.kill_server_now()))
        observed = json.loads(child.expect("OBSERVED", timeout=10))
        assert observed["calls_before_kill"] > 20
        assert observed["last_call_before_kill"] > -0.1  # it was running right up to the kill
        assert observed["calls_after_kill"] == 0
        assert observed["active"] is True
        assert observed["stopped"] is False
        assert observed["inactive_after"] is None
        assert observed["finished"] is False
        assert observed["statuses"] == []

        aborted = json.loads(child.expect("ABORTED", timeout=10))
        assert aborted["seconds"] < 0.5
        assert aborted["active"] is False
        assert aborted["stopped"] is True
        assert aborted["finished"] is True  # only now
        assert float(child.expect("CLOSED", timeout=10)) < 0.5

        error_type, message = json.loads(child.expect("REOPEN", timeout=10))
        assert error_type == "PortAudioError"
        assert "Error opening OutputStream" in message

        assert child.expect("EXITING", timeout=10) == ""
        returncode = child.finish(timeout=20)
        assert returncode in (-signal.SIGSEGV, -signal.SIGABRT), (
            f"expected a crash in Pa_Terminate after losing the JACK server, got"
            f" {returncode}; stderr:\n{child.stderr()}"
        )


def test_jack_killed_mid_stream_through_jack_host_api(jack_server):
    """Via PortAudio's own JACK device ``system``. Observed behaviour:

    ``active`` turns False within milliseconds of the kill, the callback stops, but no
    finished_callback, no status, no exception -- and ``abort()`` (like ``stop()`` and
    ``close()``) never returns.
    """
    with rigs.PythonChild(KILL_CHILD.format(device="system"), env=jack_server.child_env()) as child:
        assert child.expect("PLAYING", timeout=15) == "system"
        child.send(repr(jack_server.kill_server_now()))
        observed = json.loads(child.expect("OBSERVED", timeout=10))
        assert observed["calls_before_kill"] > 20
        assert observed["calls_after_kill"] == 0
        assert observed["active"] is False
        assert observed["inactive_after"] is not None and observed["inactive_after"] < 0.5
        assert observed["stopped"] is False
        assert observed["finished"] is False
        assert observed["statuses"] == []

        assert child.expect("ABORTING", timeout=5) == ""
        assert child.expect("ABORTED", timeout=2.0) is None, "abort() returned after all"
        assert child.process.poll() is None  # still hanging in abort()


# -- no device, no PortAudio ------------------------------------------------------------


def test_no_output_device(no_audio_device):
    import sounddevice as sd

    assert len(sd.query_devices()) == 0
    assert list(sd.default.device) == [-1, -1]
    with pytest.raises(sd.PortAudioError, match="Error querying device -1"):
        sd.OutputStream(samplerate=rigs.RATE, channels=2)


def test_no_output_device_in_a_child(no_audio_device):
    result = rigs.run_python(
        """
        import sounddevice as sd
        print(len(sd.query_devices()))
        try:
            sd.OutputStream(samplerate=48000, channels=2)
        except sd.PortAudioError as error:
            print("PortAudioError", error)
        """
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["0", "PortAudioError Error querying device -1"]


def test_portaudio_missing_makes_import_raise_oserror(portaudio_missing_env):
    result = rigs.run_python(
        """
        import soundfile  # other native libraries still load
        try:
            import sounddevice
        except OSError as error:
            print("OSError", error)
        else:
            print("imported", sounddevice.get_portaudio_version())
        """,
        env=portaudio_missing_env,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "OSError PortAudio library not found"


def test_rigs_restore_the_environment(tmp_path, monkeypatch):
    import os

    # (A config path that does not exist would make PortAudio abort on the re-scan.)
    monkeypatch.setenv("ALSA_CONFIG_PATH", "/usr/share/alsa/alsa.conf")
    monkeypatch.delenv("JACK_DEFAULT_SERVER", raising=False)
    from tests.audio.conftest import require

    require("file_sink")
    with rigs.FileSinkRig(tmp_path) as rig:
        assert os.environ["ALSA_CONFIG_PATH"] == str(rig.config_path)
    assert os.environ["ALSA_CONFIG_PATH"] == "/usr/share/alsa/alsa.conf"
    assert "JACK_DEFAULT_SERVER" not in os.environ

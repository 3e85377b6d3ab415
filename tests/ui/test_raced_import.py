"""The start-up worker's catalog import, raced by another thread's imports.

Once in about a hundred starts the sessions "could not be loaded (ImportError: cannot
import name 'import_string' from partially initialized module
'pydantic._internal._validators' (most likely due to a circular import))". The cause
(``painease.ui.plain_imports`` has it whole): PySide6's import hook looks at each module an
import returns, skips that look on every thread while one thread is in a look of its own,
and pydantic's modules import ``pydantic._internal._validators`` when looked at. The GUI
thread's look at ``painease.domain.wrong_clock`` (Home, once the store is ready) fell
inside the worker's pydantic import in each start measured.

Here the race is made to happen every time, in a real start: another thread's look is
held open, by a module that waits when PySide6's look asks it for ``__wrapped__``, from
before the worker starts until the worker begins importing
``pydantic._internal._validators`` (an import hook that pauses there). Seen failing before
``plain_imports``, with that error, on all three tries the worker then made."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import painease.catalog
from painease.ui.app import create_window, wait_until_ready

REPO = Path(__file__).resolve().parents[2]

# Its look (inspect.unwrap asking it for __wrapped__) waits until it is let go.
HELD_MODULE = '''
import builtins

def __getattr__(name):
    if name == "__wrapped__":
        held, let_go = builtins.held_look
        held.set()
        let_go.wait(30)
    raise AttributeError(name)
'''

RACED_START = '''
import builtins, os, sys, threading
import painease.cli
painease.cli.prepare_window_start()
from painease.ui.app import application, create_window, wait_until_ready
app = application()
window = create_window()
window.show()
worker = window.startup_loader.thread
held, let_go, looked = threading.Event(), threading.Event(), threading.Event()
builtins.held_look = (held, let_go)

class LetGoAtValidators:
    """On the worker: the other thread's look ends as pydantic's validators begin."""
    def find_spec(self, name, path=None, target=None):
        if (name == "pydantic._internal._validators"
                and threading.current_thread() is worker and not let_go.is_set()):
            let_go.set()
            looked.wait(30)
        return None

sys.meta_path.insert(0, LetGoAtValidators())

def another_threads_look():
    import held_look_module
    looked.set()

threading.Thread(target=another_threads_look, daemon=True).start()
assert held.wait(30), "the look did not start"
wait_until_ready(window)  # starts the worker and waits for it
print("LET-GO-AT-VALIDATORS", let_go.is_set())
print("PROBLEM", window.catalog_problem)
print("SESSIONS", bool(window.catalog and window.catalog.entries))
window.close_store()
sys.stdout.flush()
os._exit(0)
'''


def test_the_sessions_load_while_another_thread_s_import_is_being_looked_at(tmp_path):
    modules = tmp_path / "modules"
    modules.mkdir()
    (modules / "held_look_module.py").write_text(HELD_MODULE)
    env = {k: v for k, v in os.environ.items() if k != "PAINEASE_HOME"}
    env.update(XDG_DATA_HOME=str(tmp_path / "data"), QT_QPA_PLATFORM="offscreen",
               PYTHONPATH=os.pathsep.join((str(REPO), str(modules))))
    run = subprocess.run([sys.executable, "-c", RACED_START], env=env, cwd=REPO,
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    said = dict(line.split(" ", 1) for line in run.stdout.splitlines())
    assert said["LET-GO-AT-VALIDATORS"] == "True"  # the race was run as intended
    assert said["PROBLEM"] == "None"
    assert said["SESSIONS"] == "True"


def test_another_failure_to_load_is_said_once(qtbot, monkeypatch, preset, capsys):
    """Not a race: the catalog's import fails (a damaged install); Home says so."""
    calls = []

    def load(*args, **kwargs):
        calls.append(1)
        raise ImportError("No module named 'pydantic'")

    monkeypatch.setattr(painease.catalog, "load_catalog", load)
    preset(welcome_seen=True)
    window = create_window({"use_device": False})
    qtbot.addWidget(window)
    wait_until_ready(window)
    try:
        assert window.catalog is None and "could not be loaded" in window.catalog_problem
        # The error's own words are for whoever helps: on stderr, not on Home.
        assert "No module named" not in window.catalog_problem
        assert "No module named 'pydantic'" in capsys.readouterr().err
        assert len(calls) == 1
    finally:
        window.close_store()

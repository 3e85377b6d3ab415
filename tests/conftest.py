"""Suite-wide safety rails: no real user data, no screen, no network.

* Every test gets its own ``PAINEASE_HOME`` under ``tmp_path`` (not created in advance,
  so the app's own 0700 creation runs). As a second net, the XDG base directories point
  into a session temp dir, so even a test that unsets ``PAINEASE_HOME`` (or Qt writing
  its settings) never reaches the real home directory.
* ``QT_QPA_PLATFORM=offscreen`` unless the caller chose a platform (e.g. ``xcb`` under Xvfb).
* The network is blocked for the whole session: connecting a non-AF_UNIX socket, DNS
  lookups and ``socket.create_connection`` raise ``NetworkBlockedError``. Every attempt is
  also recorded, and a test whose code swallowed the error still fails. AF_UNIX stays
  open: JACK, D-Bus and multiprocessing use it. A test that probes the block itself
  requests the ``network_attempts`` fixture and checks the record on its own.
  (Child processes are not covered: they do not load this file.)
* A window applies its theme and text size to the whole application (style sheet, font,
  palette); after every test they are put back as they were, so no test sees another's.
"""

from __future__ import annotations

import atexit
import os
import shutil
import socket
import sys
import tempfile
import traceback

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

_XDG_ROOT = tempfile.mkdtemp(prefix="painease-tests-xdg-")
atexit.register(shutil.rmtree, _XDG_ROOT, ignore_errors=True)
for _name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
    _path = os.path.join(_XDG_ROOT, _name.removeprefix("XDG_").removesuffix("_HOME").lower())
    os.makedirs(_path, mode=0o700)
    os.environ[_name] = _path


@pytest.fixture(autouse=True)
def painease_home(tmp_path, monkeypatch):
    """A fresh, private data directory for every test (returned as a Path)."""
    home = tmp_path / "painease-home"
    monkeypatch.setenv("PAINEASE_HOME", str(home))
    return home


def _qt_application():
    """The running QApplication, or None (without importing Qt: most tests never do)."""
    widgets = sys.modules.get("PySide6.QtWidgets")
    if widgets is None:
        return None
    app = widgets.QApplication.instance()
    return app if isinstance(app, widgets.QApplication) else None


@pytest.fixture(autouse=True)
def application_look_restored():
    """The application's style sheet, font and palette after the test are as before it.

    Every window (``create_window``, whoever calls it) applies its saved theme and text size
    to the whole application, and the application lives for the whole session: a 200 % font
    one test left behind moved a date box's text under the probe of a test run after it."""
    app = _qt_application()
    before = None if app is None else (app.styleSheet(), app.font(), app.palette())
    yield
    if before is None or _qt_application() is not app:
        return
    from painease.ui.theme import collector_paused

    sheet, font, palette = before
    with collector_paused():  # Qt restyles every widget still alive: see its docstring
        if app.styleSheet() != sheet:
            app.setStyleSheet(sheet)
        if app.font() != font:
            app.setFont(font)
        if app.palette() != palette:
            app.setPalette(palette)


# --- network block --------------------------------------------------------------------


class NetworkBlockedError(RuntimeError):
    """Raised instead of opening a network connection: painease is an offline app."""


_ATTEMPTS: list[str] = []

_original_connect = socket.socket.connect
_original_connect_ex = socket.socket.connect_ex
_original_sendto = socket.socket.sendto


def _blocked(what: str) -> NetworkBlockedError:
    stack = "".join(traceback.format_stack(limit=12)[:-2])
    _ATTEMPTS.append(f"{what}\n{stack}")
    return NetworkBlockedError(
        f"painease is offline; tests may not use the network (attempted {what})"
    )


def _guarded_connect(self, address):
    if self.family == socket.AF_UNIX:
        return _original_connect(self, address)
    raise _blocked(f"socket.connect({address!r})")


def _guarded_connect_ex(self, address):
    if self.family == socket.AF_UNIX:
        return _original_connect_ex(self, address)
    raise _blocked(f"socket.connect_ex({address!r})")


def _guarded_sendto(self, *args):
    if self.family == socket.AF_UNIX:
        return _original_sendto(self, *args)
    raise _blocked(f"socket.sendto(..., {args[-1]!r})")


def _guarded_create_connection(address, *args, **kwargs):
    raise _blocked(f"socket.create_connection({address!r})")


def _guarded_lookup(name):
    def lookup(host, *args, **kwargs):
        raise _blocked(f"socket.{name}({host!r})")

    return lookup


socket.socket.connect = _guarded_connect
socket.socket.connect_ex = _guarded_connect_ex
socket.socket.sendto = _guarded_sendto
socket.create_connection = _guarded_create_connection
for _lookup in ("getaddrinfo", "gethostbyname", "gethostbyname_ex", "gethostbyaddr"):
    setattr(socket, _lookup, _guarded_lookup(_lookup))


@pytest.fixture
def network_attempts():
    """The record of blocked network attempts during this test, for tests of the block.

    Requesting it takes over the check: attempts are not turned into a failure.
    """
    _ATTEMPTS.clear()
    yield _ATTEMPTS
    _ATTEMPTS.clear()


def _fail_on_swallowed_attempts(item: pytest.Item) -> None:
    if _ATTEMPTS and "network_attempts" not in item.fixturenames:
        report = "\n".join(_ATTEMPTS)
        _ATTEMPTS.clear()
        pytest.fail(f"the test tried to use the network:\n{report}", pytrace=False)


def _run_phase(item: pytest.Item):
    try:
        result = yield
    except BaseException:
        # The phase failed already (quite possibly with NetworkBlockedError, whose
        # traceback shows the attempt): don't report the same attempt twice.
        _ATTEMPTS.clear()
        raise
    _fail_on_swallowed_attempts(item)
    return result


@pytest.hookimpl(wrapper=True)
def pytest_runtest_setup(item):
    _ATTEMPTS.clear()
    return (yield from _run_phase(item))


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    return (yield from _run_phase(item))


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    return (yield from _run_phase(item))

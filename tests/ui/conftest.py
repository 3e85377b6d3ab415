"""Fixtures for GUI tests: the real window over a real store, and a short test script.

``make_window(**player_options)`` builds the window the way the app does
(``create_window``: store in ``PAINEASE_HOME``, interrupted sessions marked, settings,
theme) and closes its session and store afterwards. ``short_script`` writes a captions-only
script into the user's scripts folder, so it reaches the window through the real catalog.
``clinic`` is a therapist with patients who send results (tests/ui/clinic.py). ``alerts``
lists the widgets sent to a screen reader as alerts.

qtbot's presses and clicks wait, as a person does, while a page the session just put up
settles (``painease.ui.settling``: for a double-click's time it takes no press); tests of
that settling send their presses through ``QTest`` itself (``test_settling``). So that the
guard stays on in every test without costing a double-click's time (400 ms) at each page
change, a page settles for ``PACED_HOLD_MS`` in tests (``settling.HOLD_MS``), except in
``test_settling``, which tests the real interval.
"""

from __future__ import annotations

import json

import pytest
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QLabel, QWidget

from painease.ui.app import create_window, wait_until_ready
from tests.ui.clinic import patients_pages_closing

SHORT_SCRIPT = """\
format = 1
id = "ui-test-short"
title = "A short test session"
kind = "somatic-tracking"
summary = "Three short lines, for tests."
when_to_use = "In tests."
lengths = [0.1, 0.2]
ambience = "soft-rain"
end_chime = false

[[steps]]
phase = "settle"
text = "Settle in."
pause = { min = 0.3, weight = 1 }

[[steps]]
phase = "safety"
text = "This is safe."
pause = { min = 0.3, weight = 1 }

[[steps]]
phase = "closing"
text = "Come back."
pause = { min = 0.3, weight = 1 }
"""
SHORT_CAPTIONS = ["Settle in.", "This is safe.", "Come back."]


@pytest.fixture(autouse=True)
def _patients_pages_closed_at_the_end(monkeypatch):
    """Every GUI test's Patients pages are closed at its end (tests/ui/clinic.py)."""
    with patients_pages_closing(monkeypatch):
        yield


PACED_HOLD_MS = 50  # how long a page settles in tests (not in test_settling.py)
PACED = ("keyClick", "keyClicks", "keyPress", "keyEvent", "keySequence", "mouseClick",
         "mouseDClick", "mousePress")


@pytest.fixture(autouse=True)
def _settling_shortened(request, monkeypatch):
    """Pages settle for ``PACED_HOLD_MS``, except in test_settling.py (see the top)."""
    if request.node.path.name != "test_settling.py":
        from painease.ui import settling

        monkeypatch.setattr(settling, "HOLD_MS", PACED_HOLD_MS)


@pytest.fixture(autouse=True)
def _paced_like_a_person(monkeypatch):
    """qtbot's presses wait while a page settles (see the top): nobody reads a new page
    and chooses on it within a double-click's time of it being put up."""
    from PySide6.QtTest import QTest
    from pytestqt.qtbot import QtBot

    from painease.ui.settling import settling

    def paced(press):
        def after_settling(*args, **kwargs):
            for _ in range(500):  # 5 s at most: a page settles in a double-click's time
                if not settling():
                    break
                QTest.qWait(10)
            return press(*args, **kwargs)
        return staticmethod(after_settling)

    for name in PACED:
        monkeypatch.setattr(QtBot, name, paced(getattr(QtBot, name)))


@pytest.fixture
def short_script(painease_home):
    folder = painease_home / "scripts"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "ui-test-short.toml").write_text(SHORT_SCRIPT)
    return "ui-test-short"


@pytest.fixture
def preset(painease_home):
    """Write settings before the window starts, e.g. ``preset(live_rating=True)``."""

    def write(**values):
        painease_home.mkdir(parents=True, exist_ok=True)
        (painease_home / "settings.json").write_text(json.dumps(values))

    return write


@pytest.fixture
def make_window(qtbot, qapp):
    """Build windows as the app does; closed after the test. What they do to the whole
    application's look is undone by ``application_look_restored`` (tests/conftest.py)."""
    windows = []

    def make(**player_options):
        window = create_window(player_options or None)
        wait_until_ready(window)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        # Shortcuts (Space, arrows, Esc, Ctrl+1…5) only fire in the active window.
        with qtbot.waitActive(window):
            window.activateWindow()
        windows.append(window)
        return window

    yield make
    for window in windows:
        window.close_flow()
        window.wait_for_readers()  # no reader thread may outlive its window's test
        window.close_store()


@pytest.fixture
def editor(qtbot):
    """The therapist's script editor over the real catalog, with a silent step player."""
    from painease.catalog import load_catalog
    from painease.ui.therapist.script_editor import ScriptEditor

    widget = ScriptEditor(load_catalog(), player_options={"use_device": False})
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    yield widget
    widget.step_player.stop()


@pytest.fixture
def clinic(tmp_path, monkeypatch):
    """A therapist's clinic (tests/ui/clinic.py): their data dir, key and packs, and
    patients who import a pack, do sessions and send results."""
    from tests.ui.clinic import Clinic

    return Clinic(tmp_path, monkeypatch)


@pytest.fixture
def alerts(monkeypatch):
    """The names of the widgets sent to a screen reader as alerts (and sent on as ever)."""
    sent = []
    send = QAccessible.updateAccessibility

    def spy(event):
        if event.type() == QAccessible.Event.Alert:
            sent.append(event.object().objectName())
        send(event)

    monkeypatch.setattr(QAccessible, "updateAccessibility", spy)
    return sent


def labels_hiding_text(root: QWidget) -> list[str]:
    """Visible labels whose accessible name replaces their text: a screen reader then reads
    the fixed name ("Summary") and never what the label shows. What a label is for goes in
    its accessible description instead. (A form row's field that must be named by its row's
    label, as the therapist's step clip "Narration clip", may carry its words whole as its
    description: they are heard then.)"""
    return [f"{label.objectName()!r}: {label.accessibleName()!r}"
            for label in root.findChildren(QLabel)
            if label.isVisible() and label.text() and label.accessibleName()
            and label.text() not in label.accessibleDescription()]

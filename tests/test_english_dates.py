"""painease's words are English, so its dates are too, whatever the system's language:
Qt sets the C locale from the system as the application starts (``setlocale(LC_ALL,
"")`` on Unix), and strftime's %a/%b then followed it ("6 Dez 2026" inside English
sentences; Arabic month names broke a line's direction). Checked in a child under a
German locale compiled for the test (``localedef``), since a machine may have none."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from painease import paths
from painease.storage import SessionStore
from tests.insights_history import add_session
from tests.test_report import needs_poppler, painease, text_of

REPO = Path(__file__).resolve().parents[1]
GERMAN = "de_DE.UTF-8"


@pytest.fixture(scope="module")
def german(tmp_path_factory) -> dict[str, str]:
    """The environment of a German system: ``LOCPATH`` to a locale made for the test."""
    localedef = shutil.which("localedef")
    if localedef is None:
        pytest.skip("localedef (glibc's locale compiler) is not installed")
    where = tmp_path_factory.mktemp("locales")
    made = subprocess.run([localedef, "-i", "de_DE", "-f", "UTF-8", str(where / GERMAN)],
                          capture_output=True, text=True, timeout=120)
    if not (where / GERMAN).is_dir():
        pytest.skip(f"localedef could not make {GERMAN}: {made.stderr.strip()}")
    env = {"LOCPATH": str(where), "LC_ALL": GERMAN, "LANG": GERMAN}
    check = "import locale; locale.setlocale(locale.LC_ALL, ''); print(f'{12:c}')"
    if subprocess.run([sys.executable, "-c", check], env={**os.environ, **env},
                      capture_output=True, timeout=60).returncode != 0:
        pytest.skip(f"the {GERMAN} made by localedef cannot be used")
    return env


PROBE = """
from datetime import UTC, date, datetime
from painease.ui.app import application
from painease.local_time import day_text, when_text
from painease.ui.charts.date_axis import DayAxis
from painease.ui.charts import date_axis

application()  # sets the C locale from the system, as the window's start does
print(f"{date(2026, 12, 6):%b}")  # the system's own word, to show the locale is German
print(day_text(date(2026, 12, 6), weekday=True))
print(when_text(datetime(2026, 3, 3, 9, 5), weekday=True, year=False))
axis = DayAxis(orientation="bottom")
print(axis.tickStrings([datetime(2026, 10, 1, tzinfo=UTC).timestamp()], 1,
                       date_axis.MONTH_SPACING))
"""


def test_days_in_the_window_are_english_on_a_german_system(german):
    done = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True,
                          timeout=120, env={**os.environ, **german, "PYTHONPATH": str(REPO),
                                            "QT_QPA_PLATFORM": "offscreen"})
    assert done.returncode == 0, done.stderr
    system, day, moment, months = done.stdout.splitlines()
    assert system == "Dez"  # strftime follows the system: painease must not
    assert day == "Sun 6 Dec 2026"
    assert moment == "Tue 3 Mar, 09:05"
    assert months == "['Oct']"


@needs_poppler
def test_the_report_on_a_german_system_writes_its_days_in_english(
        german, painease_home, tmp_path, monkeypatch):
    from datetime import UTC, datetime

    with SessionStore(paths.database_path()) as store:
        add_session(store, datetime(2026, 3, 2, 9, tzinfo=UTC))
        add_session(store, datetime(2026, 10, 6, 9, tzinfo=UTC))
    for name, value in german.items():
        monkeypatch.setenv(name, value)
    out = tmp_path / "r.pdf"
    done = painease("report", "--pdf", str(out), "--to", "2026-12-06", home=painease_home)
    assert done.returncode == 0, done.stderr
    text = " ".join(text_of(out).split())
    assert "Period: 2 Mar 2026 – 6 Dec 2026" in text
    assert "Okt" not in text and "Dez" not in text and "Mär" not in text

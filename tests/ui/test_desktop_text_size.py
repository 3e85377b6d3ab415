"""A desktop set to large text gets large text in painease too; a small one changes nothing.

Each case is a fresh app process (offscreen Qt), because the desktop's text size is the
application font the platform gives before painease sets its own: here it is set the way
a desktop's theme would, on the new QApplication before the window is made.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]

PROBE = """
import json, sys
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QLabel
from painease.ui.app import application, create_window

app = application()
desktop = QFont(app.font())
desktop.setPointSizeF(float(sys.argv[1]))
app.setFont(desktop)  # what the desktop's theme hands a new application
window = create_window({"use_device": False})
window.show()

def sizes():
    title = next(label for label in window.home.findChildren(QLabel)
                 if label.property("role") == "title" and label.isVisible())
    title.ensurePolished()
    return [app.font().pointSizeF(), title.font().pointSizeF()]

seen = {"100": sizes()}
window.settings.set("text_size", 200)  # Settings' text size, on the running window
seen["200"] = sizes()
print(json.dumps(seen))
window.close_store()
"""


def sizes_for_desktop(points: float, home: Path) -> dict[str, list[float]]:
    env = dict(os.environ, PYTHONPATH=str(REPO), QT_QPA_PLATFORM="offscreen",
               PAINEASE_HOME=str(home))
    run = subprocess.run([sys.executable, "-c", PROBE, str(points)], env=env,
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout.splitlines()[-1])


@pytest.mark.parametrize("desktop", [9.0, 11.0], ids=["small-desktop", "same-as-ours"])
def test_a_desktop_text_size_up_to_ours_leaves_the_design_as_it_is(tmp_path, desktop):
    seen = sizes_for_desktop(desktop, tmp_path / "home")
    assert seen == {"100": [11.0, 20.0], "200": [22.0, 40.0]}  # body, title (points)


def test_a_larger_desktop_text_size_is_kept_and_everything_grows_with_it(tmp_path):
    """16 pt on the desktop: body text 16 pt, and the title grows by the same factor
    (20 × 16 / 11 ≈ 29.1 pt) so it stays larger than the body; 200 % doubles both."""
    seen = sizes_for_desktop(16.0, tmp_path / "home")
    body, title = seen["100"]
    assert body == 16.0
    assert title == pytest.approx(20 * 16 / 11, abs=0.05)
    assert seen["200"][0] == 32.0
    assert seen["200"][1] == pytest.approx(2 * 20 * 16 / 11, abs=0.05)

"""A theme change never lets Python's cyclic collector free a widget while Qt restyles.

Qt restyles every widget from a list of pointers it takes first; our widgets run Python as
they are restyled. If the collector runs then and frees a widget that only a reference
cycle kept alive (pyqtgraph's items often are), Qt later touches freed memory and the
process dies in ``QApplication.setStyleSheet`` — the crash the full suite hit now and then
on a theme change. ``apply_theme`` holds the collector off for the walk
(``painease.ui.theme.collector_paused``).

The rig runs in a child process (a failure is a segfault): real widgets, 100 of them in
reference cycles, and the collector made to run at almost every allocation (``gc.freeze``
parks everything older, so even full collections are cheap and frequent). glibc's
``MALLOC_PERTURB_`` fills freed memory, so a touch of a freed widget crashes at once.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

RIG = """
import gc, sys, weakref
from PySide6.QtWidgets import QApplication, QLabel, QVBoxLayout, QWidget
from painease.ui.theme import apply_theme

mode = sys.argv[1]
app = QApplication([])
apply_theme(app, "light", 100)
phase, freed, held = ["before"], [], []


def python_work():
    if phase[0] == "during" and held:
        held.clear()  # the cycles become garbage halfway through the walk
    return [[i] for i in range(200)]  # allocations: the collector may run here


class Busy(QLabel):
    def changeEvent(self, event):
        python_work()
        super().changeEvent(event)


page = QWidget()
layout = QVBoxLayout(page)
for i in range(20):
    layout.addWidget(Busy(f"label {i}"))
page.show()
gc.collect()
gc.freeze()
for i in range(100):
    widget = QWidget()
    widget.setStyleSheet("QWidget { margin: 1px; }")
    QVBoxLayout(widget).addWidget(QLabel("inside", widget))
    widget.ensurePolished()
    widget.itself = widget  # a cycle: only the collector frees it
    weakref.finalize(widget, lambda: freed.append(phase[0]))
    held.append(widget)
    del widget
gc.set_threshold(1, 1, 1)
phase[0] = "during"
if mode == "theme":
    apply_theme(app, "dark", 150)
else:  # the same Python work with no Qt walk: shows the collector does run here
    for _ in range(20):
        python_work()
phase[0] = "after"
gc.set_threshold(700, 10, 10)
gc.collect()
print(sum(p == "during" for p in freed), sum(p == "after" for p in freed))
"""


def run_rig(mode: str, tmp_path) -> tuple[int, int]:
    env = dict(os.environ, PYTHONPATH=str(REPO), QT_QPA_PLATFORM="offscreen",
               PAINEASE_HOME=str(tmp_path / "home"), MALLOC_PERTURB_="165")
    done = subprocess.run([sys.executable, "-c", RIG, mode], env=env, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, f"exit {done.returncode}: {done.stderr[-2000:]}"
    during, after = map(int, done.stdout.split())
    return during, after


def test_the_rig_makes_the_collector_run_in_the_middle(tmp_path):
    during, after = run_rig("python", tmp_path)
    assert during > 0  # without a walk to protect, the cycles go at once
    assert during + after == 100


def test_a_theme_change_frees_cyclic_widgets_only_after_the_walk(tmp_path):
    during, after = run_rig("theme", tmp_path)
    assert (during, after) == (0, 100)  # and the child lived through the restyle

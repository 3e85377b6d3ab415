"""A note or question that measures its screen leaves the screen alone.

PySide6 6.11 ties the ``QScreen`` wrapper that ``QWidget.screen()`` (and
``QWindow.screen()``) returns to that widget: once the widget is gone the wrapper is
invalidated, and Python's garbage collector can then delete the real screen, which the
whole application shares. Seen as a segfault (in ``QScreen::virtualSiblings``, restyling
the application) in the test run after three "painease is already open" notes, whose
words measured the screen from inside their scroll area. painease asks
``painease.ui.screens.screen_of`` instead, which has no such tie.
"""

from __future__ import annotations

import ast
import gc
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget
from shiboken6 import Shiboken

from painease.ui.lock_notes import already_open_box
from painease.ui.screens import screen_of

ROOT = Path(__file__).resolve().parents[2]


def test_a_note_gone_leaves_the_screen_it_measured(qtbot):
    screen = QGuiApplication.primaryScreen()
    box = already_open_box()  # its words' scroll area and its width ask for the screen
    box.show()
    qtbot.waitExposed(box)
    box.close()
    Shiboken.delete(box)
    gc.collect()
    assert Shiboken.isValid(screen)
    assert QGuiApplication.screens() == [screen]
    assert QGuiApplication.screenAt(QPoint(1, 1)) is screen


def test_screen_of_is_the_screen_the_widget_is_on(qtbot):
    widget = QWidget()
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    assert screen_of(widget) is QGuiApplication.primaryScreen()  # the offscreen one
    hidden = QWidget()  # not shown: no window yet, the primary screen as Qt's own does
    screen = screen_of(hidden)
    assert screen is QGuiApplication.primaryScreen()
    Shiboken.delete(hidden)
    gc.collect()
    assert Shiboken.isValid(screen)  # not tied to the widget (QWidget.screen()'s was)


def screen_calls(path: Path, root: Path = ROOT) -> list[str]:
    """Where ``path`` calls a ``.screen()`` method (a widget's or a window's)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    return [f"{path.relative_to(root)}:{node.lineno}" for node in ast.walk(tree)
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
            and node.func.attr == "screen" and not node.args and not node.keywords]


@pytest.mark.parametrize("folder", ["painease", "tests"])
def test_nothing_asks_a_widget_or_window_for_its_screen(folder):
    found = [where for path in sorted((ROOT / folder).rglob("*.py"))
             for where in screen_calls(path)]
    assert found == [], "use painease.ui.screens.screen_of: " + ", ".join(found)


def test_the_source_check_finds_a_screen_call(tmp_path):
    probe = tmp_path / "probe.py"
    probe.write_text("def f(box):\n    return box.screen().availableGeometry()\n")
    assert screen_calls(probe, tmp_path) == ["probe.py:2"]

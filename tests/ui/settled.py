"""Waiting for a page's layout to settle, counted in turns of the event loop, not in time.

Qt lays a page out over several turns of the event loop: a widget added to a shown page
is shown on the next turn, a layout asked to change does so on the turn after, a list
sizes its word-wrapped items once it has its width (``painease.ui.wrapped_items``) and
the page makes room for them on the turn after that. How long a turn takes depends on
the machine: a fixed ``qtbot.wait(80)`` was enough when the machine was idle and ran out
first in full-suite runs on a busy one, and tests then read a size from a pass before.

``wait_settled(root)`` turns the event loop until the place and size of every visible
widget under ``root`` (and the range of every scroll bar) have stayed the same for a few
turns in a row. Checking only the condition a test asserts is not enough after an action
on a page that already fitted: the old layout passes at once, before the action is laid
out. So a test calls ``wait_settled`` and then waits for its condition
(``qtbot.waitUntil``), which also covers anything a settled page still had coming (a
worker thread's answer is waited for by the test itself, before).
"""

from __future__ import annotations

import time

from PySide6.QtWidgets import QAbstractScrollArea, QApplication, QWidget


def _shape(root: QWidget) -> list[tuple]:
    """Where every visible widget under ``root`` is, and how far each scroll area scrolls."""
    shape = []
    for widget in [root, *root.findChildren(QWidget)]:
        if not widget.isVisible():
            continue
        shape.append((id(widget), widget.geometry().getRect()))
        if isinstance(widget, QAbstractScrollArea):
            shape.append((widget.horizontalScrollBar().maximum(),
                          widget.verticalScrollBar().maximum()))
    return shape


def wait_settled(root: QWidget, turns: int = 3, timeout: float = 20.0) -> None:
    """Turn the event loop until ``root``'s layout stays the same for ``turns`` turns in a
    row (each turn delivers everything posted before it began, and due timers). Raises
    TimeoutError if it is still changing after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    last, same = _shape(root), 0
    while same < turns:
        if time.monotonic() > deadline:
            raise TimeoutError(f"{type(root).__name__}'s layout still changed after "
                               f"{timeout} s")
        QApplication.processEvents()
        now = _shape(root)
        same = same + 1 if now == last else 0
        last = now

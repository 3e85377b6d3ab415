"""How long a GUI test waits for work done on another thread.

pytest-qt's ``qtbot.waitUntil`` and ``qtbot.waitSignal`` give up after 5 s unless given a
``timeout``, and pytest-qt (4.5) has no setting for that default: its ini options choose the
Qt binding, whether a timed-out ``waitSignal`` raises, the application's name and the Qt
log. On this project's machines (2 CPUs shared by several test runs) a worker thread can be
held up for longer than that: Insights' reader (``painease.ui.charts.loader``), the
session's audio thread (the silent output applies a pause or a seek at its next block), a
voice render, or another process letting go of a lock. So waits on what such a thread does
are given this limit. It is generous because it only decides how long a broken test takes
to fail: a test that passes goes on as soon as the thread is done.
"""

from __future__ import annotations

WORKER_WAIT_MS = 60_000

"""A damaged clip's banner is seen and heard when it appears: at 200 % text, with the
player page scrolled down to its controls, the banner (above them) would appear out of
sight, so the page brings it into view, focus staying where it is; and a screen reader is
sent one alert for it (``QAccessible.Event.Alert``), not one at every look. Real player
page on the silent output, a real clip cut short."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QApplication

from tests.ui.settled import wait_settled
from tests.ui.test_breath_cue import paused_at_start, show_at
from tests.ui.test_clip_banner import write_session
from tests.ui.test_session_flow import find, shown
from tests.waits import WORKER_WAIT_MS


def test_the_banner_is_brought_into_view_and_alerts_once(
        qtbot, make_window, preset, painease_home, monkeypatch):
    alerts = []
    send = QAccessible.updateAccessibility

    def spy(event):  # what the page sends a screen reader, sent on as ever
        if event.type() == QAccessible.Event.Alert:
            alerts.append(event.object().objectName())
        send(event)

    monkeypatch.setattr(QAccessible, "updateAccessibility", spy)
    write_session(painease_home, cut=True)
    preset(welcome_seen=True, text_size=200, theme="dark", live_rating=True)
    window = make_window(use_device=False)
    window.resize(800, 600)
    page, session = paused_at_start(qtbot, window, "ui-test-clip")
    qtbot.waitUntil(lambda: any("second.wav" in p for p in session.status().problems),
                    timeout=WORKER_WAIT_MS)
    # Scrolled down to the controls, focus on Pause/Continue.
    controls = find(window, "play-pause")
    controls.setFocus()
    page.area.verticalScrollBar().setValue(page.area.verticalScrollBar().maximum())
    wait_settled(window)
    assert page.area.verticalScrollBar().value() > 0  # the page is taller than the window

    step = next(s for s in session.timeline.segments if s.step == 1)
    show_at(qtbot, page, session, step.start + 10)  # the damaged step plays: said
    wait_settled(window)
    banner = find(window, "clip-banner")
    assert shown(window, "clip-banner")
    viewport = page.area.viewport()
    seen = QRect(banner.mapTo(viewport, QPoint(0, 0)), banner.size())
    assert viewport.rect().intersects(seen) and seen.top() >= 0, (seen, viewport.rect())
    assert QApplication.focusWidget() is controls
    for _ in range(3):
        page.refresh()
    # Said once; the sound banner (the silent output) once too (test_player_banners_said).
    assert sorted(alerts) == ["audio-banner", "clip-banner"]
    window.close_flow()

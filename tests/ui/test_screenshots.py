"""The README's screenshots come from a session a patient could have had: played from
start to end, nothing skipped, so the Summary's words ("You finished …") are true."""

from __future__ import annotations

import pytest

from painease.storage.store import SessionStore
from painease.ui import screenshots
from painease.ui.theme import collector_paused


@pytest.fixture
def app_restored(qapp):
    """The screenshot walk applies its theme to the whole application: put it back."""
    before = (qapp.styleSheet(), qapp.font(), qapp.palette())
    yield qapp
    with collector_paused():
        qapp.setStyleSheet(before[0])
        qapp.setFont(before[1])
        qapp.setPalette(before[2])


def test_the_screenshot_session_is_heard_to_its_end(app_restored, preset, tmp_path,
                                                    monkeypatch):
    monkeypatch.setattr(screenshots, "CLOCK_SPEED", 60)  # five minutes in five seconds
    preset(live_rating=True)
    out = tmp_path / "shots"
    out.mkdir()
    saved = screenshots.shoot(out, "light")
    assert {"player-light.png", "summary-light.png"} <= {path.name for path in saved}
    assert all(path.stat().st_size > 0 for path in saved)

    store = SessionStore.open_default()
    try:
        session = store.latest_session()
        live = store.live_trace(session.id)
    finally:
        store.close()
    assert session.outcome == "completed"
    assert session.elapsed_ms == session.length_minutes * 60_000
    # Every part played (the player's latency can only add): nothing was jumped over.
    assert session.played_ms >= session.elapsed_ms
    # The live ratings were made along the way, soon after the times the walk names.
    named = screenshots.LIVE_RATINGS
    assert [int(v) for v in live.value] == [value for _, value in named]
    assert all(0 <= t / 1000 - at < 3 for t, (at, _) in zip(live.t_ms, named, strict=True))


def test_the_therapist_screenshots_show_each_tab_with_the_made_up_clinic(
        app_restored, tmp_path, monkeypatch):
    """Each Therapist tab gets its picture, on made-up patients whose results import (the
    walk stops loudly when one does not), each pass on a copy of the made-up clinic."""
    from PySide6.QtGui import QImage

    from painease.ui import screenshots_therapist as therapist

    monkeypatch.setenv("PAINEASE_HOME", str(tmp_path / "unused"))
    results = therapist.write_clinic(tmp_path / "therapist", tmp_path / "patients")
    assert len(results) == len(therapist.PATIENTS)
    out = tmp_path / "shots"
    out.mkdir()
    saved = screenshots.shoot_therapist(out, tmp_path / "therapist", results, "dark", 200)
    assert [path.name for path in saved] == [
        f"therapist-{tab}-dark-200.png" for tab in ("scripts", "sets", "patients", "outcomes")]
    assert all(QImage(str(path)).width() == screenshots.SIZE[0] for path in saved)
    # The copy the window used is gone; the clinic the passes share is as it was.
    store = SessionStore(tmp_path / "therapist" / "painease.sqlite3")
    try:
        from painease.storage.patients import PatientStore

        assert PatientStore(store).patients() == []
    finally:
        store.close()

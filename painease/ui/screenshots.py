"""``python -m painease.ui.screenshots [DIR]``: a PNG of every page, light and dark.

Used by ``make screenshots`` (DIR defaults to ``docs/screenshots``). A third pass at 200 %
text (light theme, files ``<page>-light-200.png``) shows the layout at large type. It runs the real
window on Qt's offscreen platform with a throwaway data dir and the silent clock-only
output, walks through a session like a patient would (the ratings are made up), and grabs
each page with ``QWidget.grab()``. Nothing touches the user's own data.

The session is played from start to end, nothing skipped, so the Summary reads as a
patient's would. To take seconds instead of five minutes, the silent clock runs
``CLOCK_SPEED`` times faster than real time: the engine still plays every block, so the
stored times and the live-rating stamps are those of a session listened to in full (only
the wall-clock start and end times sit closer together than a patient's would). Seeking
ahead instead would make the Summary say that only a second of it was heard.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

from painease.paths import SETTINGS_NAME

SIZE = (1000, 720)
CLOCK_SPEED = 25  # five minutes of session in twelve seconds
# The made-up live ratings: (seconds into the session, pain right now).
LIVE_RATINGS = ((30, 5), (90, 4), (150, 5), (200, 4), (250, 3))


def _settle(app, seconds: float = 0.15) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.01)


def _wait(app, condition, timeout: float = 60.0) -> None:
    """Run the event loop until ``condition()`` holds; give up loudly after ``timeout`` s."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise RuntimeError("the screenshot session did not get there in time")
        app.processEvents()
        time.sleep(0.005)


def _open_window(theme: str):
    """The application and a shown main window (silent audio, sessions loaded) in ``theme``."""
    from painease.ui.app import application, create_window, wait_until_ready

    app = application()
    window = create_window({"use_device": False, "silent_speed": CLOCK_SPEED})
    wait_until_ready(window)
    window.settings.set("theme", theme)
    window.resize(*SIZE)
    window.show()
    return app, window


def shoot(out: Path, theme: str, suffix: str = "") -> list[Path]:
    from PySide6.QtWidgets import QWidget

    from painease.domain.vocabulary import Phase
    from painease.session import Stage

    app, window = _open_window(theme)
    saved: list[Path] = []

    def grab(name: str) -> None:
        _settle(app)
        path = out / f"{name}-{theme}{suffix}.png"
        window.grab().save(str(path))
        saved.append(path)

    def find(name: str) -> QWidget:
        return window.findChild(QWidget, name)

    grab("home")
    for page in ("Library", "Settings", "Help"):  # Insights: shoot_insights, with data
        window.show_page(page)
        grab(page.lower())
    window.show_page("Library")
    window.library.select("somatic-tracking-first-steps")
    find("start-session").click()
    _settle(app)
    find("pre-pain").setValue(6)
    find("pre-fear").setValue(7)
    grab("before")
    find("pre-continue").click()
    session = window.flow.session
    live = find("live-rating")
    for seconds, value in LIVE_RATINGS:  # rated along the way, so the summary has a curve
        _wait(app, lambda at=seconds: session.position_ms >= at * 1000)
        live.setValue(value)
        if seconds == LIVE_RATINGS[1][0]:  # then pause on the first safety line and shoot
            _wait(app, lambda: session.segment.phase is Phase.SAFETY)
            session.toggle()
            _settle(app, 0.3)
            grab("player")
            session.toggle()
    _wait(app, lambda: session.stage is Stage.POST_RATING)  # played to its end
    _settle(app)
    find("post-pain").setValue(3)
    find("post-fear").setValue(2)
    find("post-note").setPlainText("The ache moved to my hip, then softened.")
    grab("after")
    find("post-continue").click()
    grab("summary")
    find("summary-done").click()
    _settle(app)
    window.close_flow()
    window.close_store()
    window.close()
    return saved


def shoot_insights(out: Path, theme: str, suffix: str = "") -> list[Path]:
    """The Insights page over a made-up six-month history (``painease.demo``): the window as
    it opens, and the whole page scrolled out in one tall picture (``insights-full-…``)."""
    from PySide6.QtCore import Qt

    from painease.demo import write_demo_profile
    write_demo_profile(Path(os.environ["PAINEASE_HOME"]))
    app, window = _open_window(theme)
    window.show_page("Insights")
    view = window.insights.view
    deadline = time.monotonic() + 20
    while view.data is None and time.monotonic() < deadline:
        _settle(app, 0.05)
    for row in range(view.session_list.count()):  # show a session with a live curve
        point = view.session_list.item(row).data(Qt.ItemDataRole.UserRole)
        if len(window.store.live_trace(point.id).t_ms):
            view.session_list.setCurrentRow(row)
            break
    _settle(app, 0.3)
    saved = [out / f"insights-{theme}{suffix}.png", out / f"insights-full-{theme}{suffix}.png"]
    window.grab().save(str(saved[0]))
    window.resize(SIZE[0], max(SIZE[1], window.insights.sizeHint().height(),
                               view.sizeHint().height() + 160))
    _settle(app, 0.3)
    window.grab().save(str(saved[1]))
    window.close_store()
    window.close()
    return saved


def shoot_therapist(out: Path, therapist: Path, results: list[Path], theme: str,
                    text_size: int) -> list[Path]:
    """The Therapist page's tabs (``screenshots_therapist``) on a copy of the made-up
    therapist's data dir ``therapist``, with ``results`` to import."""
    from painease.ui.screenshots_therapist import shoot_tabs

    with tempfile.TemporaryDirectory(prefix="painease-shots-") as home:
        shutil.copytree(therapist, home, dirs_exist_ok=True)
        os.environ["PAINEASE_HOME"] = home
        Path(home, SETTINGS_NAME).write_text(
            f'{{"therapist_mode": true, "text_size": {text_size}}}')
        return shoot_tabs(out, theme, "" if text_size == 100 else f"-{text_size}", results)


def main(argv: list[str]) -> int:
    from painease.ui.screenshots_therapist import write_clinic

    out = Path(argv[0] if argv else "docs/screenshots").resolve()
    out.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    saved = []
    clinic = tempfile.TemporaryDirectory(prefix="painease-clinic-")
    therapist, patients = Path(clinic.name, "therapist"), Path(clinic.name, "patients")
    results = write_clinic(therapist, patients)
    for theme, text_size in (("light", 100), ("dark", 100), ("light", 200)):
        with tempfile.TemporaryDirectory(prefix="painease-shots-") as home:
            os.environ["PAINEASE_HOME"] = home
            Path(home, SETTINGS_NAME).write_text(
                f'{{"live_rating": true, "text_size": {text_size}}}')
            saved += shoot(out, theme, "" if text_size == 100 else f"-{text_size}")
        with tempfile.TemporaryDirectory(prefix="painease-shots-") as home:
            os.environ["PAINEASE_HOME"] = home
            Path(home, SETTINGS_NAME).write_text(f'{{"text_size": {text_size}}}')
            saved += shoot_insights(out, theme, "" if text_size == 100 else f"-{text_size}")
        saved += shoot_therapist(out, therapist, results, theme, text_size)
    clinic.cleanup()
    for path in saved:
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

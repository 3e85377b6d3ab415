"""``python -m painease.ui.screenshots [DIR]``: a PNG of every page, light and dark.

Used by ``make screenshots`` (DIR defaults to ``docs/screenshots``). A third pass at 200 %
text (light theme, files ``<page>-light-200.png``) shows the layout at large type. It runs the real
window on Qt's offscreen platform with a throwaway data dir and the silent clock-only
output, walks through a session like a patient would (the ratings are made up), and grabs
each page with ``QWidget.grab()``. Nothing touches the user's own data.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

SIZE = (1000, 720)


def _settle(app, seconds: float = 0.15) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.01)


def _open_window(theme: str):
    """The application and a shown main window (silent audio, sessions loaded) in ``theme``."""
    from painease.ui.app import application, create_window, wait_until_ready

    app = application()
    window = create_window({"use_device": False})
    wait_until_ready(window)
    window.settings.set("theme", theme)
    window.resize(*SIZE)
    window.show()
    return app, window


def shoot(out: Path, theme: str, suffix: str = "") -> list[Path]:
    from PySide6.QtWidgets import QWidget

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
    _settle(app, 0.3)
    live = find("live-rating")
    for value in (5, 5, 4, 4, 4):  # rated along the way, so the summary has a curve
        live.setValue(value)
        _settle(app, 0.1)
        session.next_step()
        _settle(app, 0.1)  # a seek lands at the audio thread's next block
    session.toggle()  # paused on a safety step, so the shot is steady
    _settle(app, 0.3)
    grab("player")
    session.stop_early()
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


def main(argv: list[str]) -> int:
    out = Path(argv[0] if argv else "docs/screenshots").resolve()
    out.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    saved = []
    for theme, text_size in (("light", 100), ("dark", 100), ("light", 200)):
        with tempfile.TemporaryDirectory(prefix="painease-shots-") as home:
            os.environ["PAINEASE_HOME"] = home
            Path(home, "settings.json").write_text(
                f'{{"live_rating": true, "text_size": {text_size}}}')
            saved += shoot(out, theme, "" if text_size == 100 else f"-{text_size}")
        with tempfile.TemporaryDirectory(prefix="painease-shots-") as home:
            os.environ["PAINEASE_HOME"] = home
            Path(home, "settings.json").write_text(f'{{"text_size": {text_size}}}')
            saved += shoot_insights(out, theme, "" if text_size == 100 else f"-{text_size}")
    for path in saved:
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

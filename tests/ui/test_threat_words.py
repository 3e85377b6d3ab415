"""The second scale asks how threatening or dangerous the sensation feels (CLINICAL.md): the
one just rated as pain, never "your pain". Every place a patient meets its number calls it
by one name, "Sense of threat", and none calls it "Fear": the Before and After pages, the
Summary, Home and Insights (its sentences, chart titles, keys, axes and points, and the
table). What is stored keeps its first name: the scales' automation names stay
``pre-fear``/``post-fear``."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

from painease import paths
from painease.domain.vocabulary import THREAT_ANCHORS, THREAT_NAME, THREAT_QUESTION
from painease.session_outcome import Change, Outcome
from painease.storage import SessionStore
from painease.ui.rating_page import RatingPage
from painease.ui.summary_page import SummaryPage
from tests.insights_history import add_session
from tests.ui.insights_view import open_insights

FEAR = re.compile(r"\bfear\b", re.IGNORECASE)


def words_on(widget: QWidget) -> list[str]:
    """Everything a patient reads or hears on ``widget``: the labels' and buttons' text,
    and every accessible name and description."""
    said = []
    for child in [widget, *widget.findChildren(QWidget)]:
        if hasattr(child, "text") and isinstance(child.text(), str):
            said.append(child.text())
        said += [child.accessibleName(), child.accessibleDescription(), child.toolTip()]
    return [text for text in said if text]


def test_the_before_and_after_pages_name_the_scale_as_they_ask_it(qtbot):
    for moment in ("pre", "post"):
        page = RatingPage(moment)
        qtbot.addWidget(page)
        scale = page.fear
        assert scale.objectName() == f"{moment}-fear"  # the automation name stays
        shown = [lab.text() for lab in scale.findChildren(QLabel)]
        assert shown[:2] == [THREAT_NAME, THREAT_QUESTION]
        assert shown[2:] == list(THREAT_ANCHORS)
        assert THREAT_QUESTION == ("How threatening or dangerous does the sensation feel "
                                   "right now?")
        assert THREAT_ANCHORS == ("0 = not threatening at all, it feels safe",
                                  "10 = extremely threatening")
        # A screen reader that lands on the scale hears the question, and its name.
        assert scale.accessibleName() == THREAT_QUESTION
        assert scale.accessibleDescription().startswith(f"{THREAT_NAME}. Choose 0 to 10")
        assert [lab.text() for lab in page.pain.findChildren(QLabel)][:2] == [
            "Pain", "How strong is your pain right now?"]
        assert not [text for text in words_on(page) if FEAR.search(text)]


# What the threat scale asks about, said as "your pain" or "the pain" (or "it" just after
# "pain"): the practice reappraises the sensation, so every description says the sensation.
THREAT_OF_PAIN = re.compile(r"threatening(?: or dangerous)? (?:does )?(?:your|the) pain\b|"
                            r"\bpain\b[^.]*\bhow threatening it feels", re.IGNORECASE)


def test_every_description_of_the_threat_scale_says_the_sensation():
    from painease.report_document import SCALE_DEFINITIONS
    from painease.storage.export_codebook import _CODEBOOK
    from painease.ui.help_page import HOW_TO
    from painease.ui.home_page import WELCOME

    root = Path(__file__).resolve().parents[2]
    said = [("question", THREAT_QUESTION), *(("welcome", text) for text in WELCOME),
            *((f"help: {heading}", text) for heading, text in HOW_TO),
            *((f"report: {name}", text) for name, text in SCALE_DEFINITIONS),
            *((f"codebook: {row[1]}", row[4]) for row in _CODEBOOK),
            *((name, " ".join((root / name).read_text(encoding="utf-8").split()))
              for name in ("README.md", "docs/insights.md"))]
    described = [where for where, text in said if "threatening" in text]
    assert len(described) >= 8  # the question, Home, Help, report, codebook, README, docs
    assert [where for where, text in said if THREAT_OF_PAIN.search(text)] == []
    assert "the sensation" in THREAT_QUESTION


def test_the_summary_says_sense_of_threat(qtbot):
    outcome = Outcome(1, "completed", 300_000, Change(6, 3), Change(8, 2), ())
    page = SummaryPage(outcome, "A short test session", 300_000)
    qtbot.addWidget(page)
    text = page.summary.text()
    assert "Pain: 6 → 3, down 3 points (50% lower)." in text
    assert "Sense of threat: 8 → 2, down 6 points (75% lower)." in text
    assert "Your sense of threat came down." in text
    assert not [text for text in words_on(page) if FEAR.search(text)]


def test_home_names_the_last_shift_and_an_interrupted_sessions_ratings(qtbot, make_window):
    now = datetime.now(UTC)
    with SessionStore(paths.database_path()) as store:
        add_session(store, now - timedelta(days=1), pre=(6, 7), post=(3, 4))
        # Left running: the next start marks it interrupted, with its ratings from before.
        sid = store.start_session("somatic-tracking-first-steps", 1, 10,
                                  started_at=now - timedelta(hours=1))
        store.save_rating(sid, "pre", 5, 6, rated_at=now - timedelta(hours=1))
    window = make_window(use_device=False)
    home = window.home
    last = home.findChild(QWidget, "last-shift")
    assert "Pain 6 → 3     Sense of threat 7 → 4" in [lab.text() for lab in
                                                      last.findChildren(QLabel)]
    interrupted = home.findChild(QLabel, "interrupted-text").text()
    assert "Saved: your ratings before it (pain 5, sense of threat 6)." in interrupted
    for name in ("last-shift", "interrupted-session", "safety-note"):
        box = home.findChild(QWidget, name)
        assert not [text for text in words_on(box) if FEAR.search(text)], name


def chart_words(chart) -> list[str]:
    """A chart's title, axis titles, legend entries and every point's description."""
    said = [chart.title, chart.accessibleDescription()]
    said += [chart.item.getAxis(side).labelText for side in ("left", "bottom")]
    said += [label.text for _, label in chart.legend.items]
    for xs, _, describe in chart._hover:
        said += [describe(i) for i in range(len(xs)) if np.isfinite(xs[i])]
    return [text for text in said if text]


def test_insights_says_sense_of_threat_in_every_sentence_chart_and_table(qtbot, make_window):
    now = datetime.now(UTC)
    with SessionStore(paths.database_path()) as store:
        # Ten sessions (enough for the link), the threat rating down by 1 to 5 and pain by
        # about as much: the oldest first, the newest 7 → 2.
        for k in range(10):
            down = 1 + k % 5
            add_session(store, now - timedelta(days=10 - k), pre=(6, 7),
                        post=(6 - down + k % 2, 7 - down), live=[(0, 6), (200_000, 4)])
    view = open_insights(qtbot, make_window(use_device=False))
    qtbot.waitUntil(lambda: view.readings["shift"].text() != "")
    assert view.readings["shift"].text().startswith(
        "Your sense of threat came down in 10 of your last 10 sessions rated before and "
        "after; pain came down in 9.")
    assert "the sense of threat came down most" in view.readings["link"].text()
    header = [view.table.horizontalHeaderItem(i).text() for i in range(5)]
    assert header == ["Session", "Done", "Rated before\nand after", "Pain", "Sense of threat"]
    said = words_on(view)
    for chart in view.charts.values():
        said += chart_words(chart)
    assert any("Sense of threat 7 → 2 (down 5)" in text
               for text in chart_words(view.charts["shift"]))
    assert any(text.startswith("Sense of threat down") for text in chart_words(
        view.charts["link"]))
    assert not [text for text in said if FEAR.search(text)]
    # The keys say the same as the pointer: the oldest session first.
    view.charts["shift"].plot.setFocus()
    qtbot.keyClick(view.charts["shift"].plot, Qt.Key.Key_Down)
    assert view.charts["shift"].hover_text.endswith(
        ": Pain 6 → 5 (down 1); Sense of threat 7 → 6 (down 1)")

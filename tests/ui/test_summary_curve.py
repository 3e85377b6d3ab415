"""The Summary's live-rating curve: drawn to when the session ended, with a time axis, and
labels that keep clear of each other at any text size. Real widgets, offscreen."""

from __future__ import annotations

import pytest

from painease.session_outcome import Change, Outcome
from painease.ui.summary_page import SummaryPage

LIVE = ((20_000, 6.0), (45_000, 5.0), (70_000, 4.0))
MARKS = ((0, "settle"), (30_000, "attention"), (60_000, "safety"))  # phase starts


def summary(qtbot, ended: str, elapsed_ms: int, total_ms: int = 300_000,
            live=LIVE) -> SummaryPage:
    outcome = Outcome(1, ended, elapsed_ms, Change(6, 3), Change(7, 2), live)
    page = SummaryPage(outcome, "Somatic tracking: first steps", total_ms, MARKS)
    qtbot.addWidget(page)
    page.resize(1000, 900)
    page.show()
    qtbot.waitExposed(page)
    return page


def test_a_session_ended_early_is_drawn_to_its_end_not_the_planned_length(qtbot, qapp):
    page = summary(qtbot, "stopped_early", 96_000)
    curve = page.curve
    plot = curve.plot_rect()
    corners = curve.steps()
    # 6 from 0:20, 5 from 0:45, 4 from 1:10 until 1:36, where the session ended: the last
    # value reaches the right edge, which is 1:36, not the planned 5:00.
    assert corners[-1].x() == pytest.approx(plot.right())
    assert corners[0].x() == pytest.approx(plot.left() + plot.width() * 20 / 96)
    assert [round(c.y()) for c in corners] == [
        round(plot.top() + plot.height() * (1 - v / 10)) for v in (6, 6, 5, 5, 4, 4)]
    assert [text for _rect, text in curve.time_labels()] == ["0:00", "0:48", "1:36"]
    assert "ended at 1:36" in curve.accessibleDescription()


def test_a_completed_session_spans_its_whole_length(qtbot, qapp):
    page = summary(qtbot, "completed", 300_000)
    curve = page.curve
    assert [text for _rect, text in curve.time_labels()] == ["0:00", "2:30", "5:00"]
    assert curve.steps()[-1].x() == pytest.approx(curve.plot_rect().right())


@pytest.mark.parametrize("text_size", [100, 200])
def test_the_labels_fit_and_keep_clear_of_each_other(qtbot, make_window, preset, text_size):
    preset(text_size=text_size, welcome_seen=True)
    make_window()  # the saved text size, applied to the application as at start-up
    page = summary(qtbot, "stopped_early", 96_000)
    curve = page.curve
    metrics, plot = curve.fontMetrics(), curve.plot_rect()
    assert curve.minimumSizeHint().height() >= 7 * metrics.lineSpacing()
    qtbot.waitUntil(lambda: curve.height() >= curve.minimumSizeHint().height())  # laid out
    plot = curve.plot_rect()
    labels = [rect for rect, _text in curve.time_labels()]
    for rect in labels:
        assert curve.rect().toRectF().contains(rect)
        assert rect.top() > plot.bottom()
    for left, right in zip(labels, labels[1:], strict=False):
        assert left.right() < right.left()
    # The values' labels sit left of the plot, each wide enough for "10".
    assert plot.left() > metrics.horizontalAdvance("10")


def test_the_curve_is_said_in_words_with_the_phase_it_was_lowest_in(qtbot, qapp):
    page = summary(qtbot, "stopped_early", 96_000)
    assert page.live_words.isVisible()
    assert page.live_words.text() == ("Your live rating went from 6 to 4 over 3 ratings; it "
                                      "was lowest (4) during safety.")
    dip = ((20_000, 6.0), (40_000, 3.0), (70_000, 5.0))  # lowest while noticing
    page = summary(qtbot, "completed", 300_000, live=dip)
    assert page.live_words.text().endswith("it was lowest (3) during noticing.")

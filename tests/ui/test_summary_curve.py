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
                                      "was lowest (4) during the “Safety” part.")
    dip = ((20_000, 6.0), (40_000, 3.0), (55_000, 5.0))  # lowest while noticing, and left
    page = summary(qtbot, "completed", 300_000, live=dip)
    assert page.live_words.text().endswith("it was lowest (3) during the “Noticing” part.")
    # Left only at 1:10, ten seconds into safety: noticing alone is not named.
    held = ((20_000, 6.0), (40_000, 3.0), (70_000, 5.0))
    page = summary(qtbot, "completed", 300_000, live=held)
    assert page.live_words.text().endswith(
        "it came down to 3 during the “Noticing” part and stayed there into the “Safety” part.")


def test_a_low_held_to_the_end_is_not_credited_to_the_part_it_began_in(qtbot, qapp):
    """The walkthrough's session: 7 before, moved to 5 at about 1:00 and left there to the
    end at 10:00. It said "it was lowest (5) during noticing", as if noticing had done it."""
    marks = ((0, "settle"), (30_000, "attention"), (180_000, "safety"), (360_000, "closing"))
    outcome = Outcome(1, "completed", 600_000, Change(7, 5), Change(6, 4), ((60_000, 5.0),),
                      live_start=7)
    page = SummaryPage(outcome, "Somatic tracking", 600_000, marks)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitExposed(page)
    words = page.live_words.text()
    assert words.endswith("it came down to 5 during the “Noticing” part and stayed there to the "
                          "end.")
    assert "lowest" not in words

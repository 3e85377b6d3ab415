"""The breathing guide holds still and its empty bar can be seen: the word beside the bar
keeps one width ("Breathe out", the widest), so the bar does not move as the parts change;
and the empty track's edge is drawn on whole pixels in the palette's muted text colour, 3:1
or more against the card (drawn on half pixels it blended to about 2:1). Real player pages
on the silent output, at 200 % text."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint
from PySide6.QtGui import QColor

from painease.domain.timeline import SegmentKind
from painease.ui.theme import THEMES
from tests.ui.settled import wait_settled
from tests.ui.test_breath_cue import breath_script, first, paused_at_start, show_at
from tests.ui.test_theme_marks import contrast

PARTS = ((SegmentKind.INHALE, 0.95), (SegmentKind.HOLD, 0.5), (SegmentKind.EXHALE, 0.05),
         (SegmentKind.REST, 0.5))


@pytest.mark.parametrize("theme", ["dark", "light"])
def test_the_bar_stays_put_and_its_empty_edge_is_crisp(qtbot, make_window, preset,
                                                        painease_home, theme):
    preset(welcome_seen=True, text_size=200, theme=theme)
    window = make_window(use_device=False)
    window.resize(800, 600)
    page, session = paused_at_start(qtbot, window, breath_script(painease_home))
    cue = page.breath_cue
    lefts = []
    for kind, share in PARTS:
        part = first(session, kind)
        show_at(qtbot, page, session, part.start + round(part.frames * share))
        wait_settled(window)
        lefts.append(cue.bar.mapTo(cue, QPoint(0, 0)).x())
        assert cue.word.width() >= cue.word.sizeHint().width()  # the word whole
    assert len(set(lefts)) == 1, lefts

    # Resting: the track is empty. Its top edge, halfway along, is one crisp line in the
    # muted text colour, 3:1 or more against the card above it.
    image = cue.grab().toImage()
    bar = cue.bar
    x = bar.mapTo(cue, QPoint(bar.width() // 3, 0)).x()
    column = [image.pixelColor(x, y) for y in range(bar.mapTo(cue, QPoint(0, 0)).y(),
                                                    bar.mapTo(cue, QPoint(0, bar.height())).y())]
    card = column[0]
    edge = QColor(THEMES[theme].muted)
    assert edge.rgb() in [colour.rgb() for colour in column], (
        edge.name(), [colour.name() for colour in column[:30]])
    assert contrast(edge, card) >= 3
    window.close_flow()

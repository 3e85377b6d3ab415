"""A card's and a page column's preferred size is their layout's: their word-wrapped text
is measured at the width it is shown at, not again at the preferred width at every level
of boxes (``widgets.Card``, ``widgets.Column``). Real widgets, offscreen."""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QLabel

from painease.ui import widgets
from painease.ui.app import create_window, wait_until_ready

WORDS = ("Before and after each session you rate your pain and how threatening that "
         "sensation feels, so you can see over time what changes. ") * 2


class Counting(QLabel):
    """A label that notes each width its height is asked for."""

    def __init__(self, *args, asked: list[tuple[str, int]], **kwargs):
        super().__init__(*args, **kwargs)
        self.asked = asked

    def heightForWidth(self, width: int) -> int:  # noqa: N802 - Qt override
        self.asked.append((self.text(), width))
        return super().heightForWidth(width)


def test_a_cards_preferred_size_is_its_layouts_without_measuring_its_words(qtbot, qapp):
    qapp.setStyleSheet("")  # whatever an earlier test left
    asked: list[tuple[str, int]] = []
    box, layout = widgets.card()
    qtbot.addWidget(box)
    words = Counting(WORDS, asked=asked)
    words.setWordWrap(True)
    layout.addWidget(words)
    layout.addWidget(QLabel("Suggested for you"))
    hint = box.sizeHint()
    assert asked == []  # nothing measured for the preferred size
    margins, frame = layout.contentsMargins(), box.contentsMargins()
    sides = margins.left() + margins.right() + frame.left() + frame.right()
    assert hint.width() == words.sizeHint().width() + sides
    ours = QFrame.sizeHint(box)  # Qt's own: the same width, but it measures the words
    assert ours.width() == hint.width()
    assert asked and all(width == hint.width() - sides for _, width in asked)
    # On a page, the words get the height their width needs: none cut off.
    area, column = widgets.scrolling_page()
    qtbot.addWidget(area)
    column.addWidget(box)
    column.addStretch(1)  # as every page ends
    area.resize(340, 600)
    area.show()
    qtbot.waitExposed(area)
    assert box.width() < hint.width()  # narrower than it would like: more lines
    assert box.height() == box.heightForWidth(box.width()) > hint.height()
    assert words.height() >= words.heightForWidth(words.width())

def test_homes_words_are_measured_only_at_the_width_they_are_shown_at(qtbot, qapp,
                                                                        monkeypatch):
    """Home's first screen (the welcome, the safety note, the suggestion's line): each
    word-wrapped label's height is asked at its own width (or that less the scroll bar's,
    which the scroll area tries to see whether it needs one), never at a preferred width
    it is not shown at. There were 149 questions at six widths; now 61 at two."""
    asked: list[tuple[str, int]] = []
    monkeypatch.setattr(widgets, "QLabel",
                        lambda *args, **kwargs: Counting(*args, asked=asked, **kwargs))
    qapp.setStyleSheet("")  # whatever an earlier test left
    window = create_window({"use_device": False})
    qtbot.addWidget(window)
    try:
        window.show()
        qtbot.waitExposed(window)
        page = window.home.area.widget()
        shown = {label.text(): label.width() for label in page.findChildren(QLabel)
                 if label.isVisible() and label.wordWrap()}
        assert "Welcome to painease" in shown and len(shown) >= 6
        bar = window.home.area.verticalScrollBar().sizeHint().width()
        first = [(text, width) for text, width in asked if text in shown]
        assert first  # the probe saw the first screen's labels measured
        for text, width in first:
            assert width in (shown[text], shown[text] - bar), (text[:30], width, shown[text])
    finally:
        wait_until_ready(window)  # so no catalog arrives after the store is closed
        window.close_store()

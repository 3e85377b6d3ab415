"""The building blocks set Qt's enum properties by name (see widgets.py): check they took."""

from __future__ import annotations

from PySide6.QtCore import Qt

from painease.ui.widgets import label, scrolling_page


def test_labels_show_text_as_written_unless_asked_for_rich_text(qapp):
    plain = label("Pain <b>4</b> → 2")
    assert plain.textFormat() == Qt.TextFormat.PlainText
    rich = label("See <a href='#x'>here</a>", rich=True)
    assert rich.textFormat() == Qt.TextFormat.RichText
    assert not rich.openExternalLinks()


def test_a_scrolling_page_never_scrolls_sideways(qapp):
    area, _ = scrolling_page()
    assert area.horizontalScrollBarPolicy() == Qt.ScrollBarPolicy.ScrollBarAlwaysOff
    assert area.widgetResizable()

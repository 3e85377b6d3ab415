"""The Library's Length box shows its whole entry at any text size: at 200 % it once kept
the width it first had ("10 minutes") and cut a later session's "0.5 minutes" off."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QStyle, QStyleOptionComboBox

from tests.ui.conftest import SHORT_SCRIPT
from tests.ui.settled import wait_settled


def text_room(combo: QComboBox) -> int:
    """How wide the box's text may be, as the style lays it out at its present width."""
    option = QStyleOptionComboBox()
    combo.initStyleOption(option)
    return combo.style().subControlRect(QStyle.ComplexControl.CC_ComboBox, option,
                                        QStyle.SubControl.SC_ComboBoxEditField, combo).width()


def test_the_length_box_widens_for_a_longer_length(qtbot, make_window, preset, painease_home):
    folder = painease_home / "scripts"
    folder.mkdir(parents=True)
    for name, title, lengths in (("first", "Aa listed first", "[1, 5]"),
                                 ("half", "Zz half a minute", "[0.5, 1]")):
        (folder / f"{name}.toml").write_text(
            SHORT_SCRIPT.replace("lengths = [0.1, 0.2]", f"lengths = {lengths}")
            .replace('title = "A short test session"', f'title = "{title}"')
            .replace('id = "ui-test-short"', f'id = "{name}"'))
    preset(text_size=200, welcome_seen=True)
    window = make_window(use_device=False)
    window.show_page("Library")
    page = window.library
    # It opens on Home's suggestion (a bundled session): show short entries first.
    page.select("first")
    assert page.length.currentText() == "1 minute"  # first shown with short entries
    qtbot.waitUntil(page.length.isVisible)
    wait_settled(window)
    page.select("half")
    qtbot.waitUntil(lambda: page.length.currentText() == "0.5 minutes")
    wait_settled(window)
    needed = page.length.fontMetrics().horizontalAdvance("0.5 minutes")
    assert text_room(page.length) >= needed
    for row in range(page.length.count()):
        assert text_room(page.length) >= page.length.fontMetrics().horizontalAdvance(
            page.length.itemText(row))

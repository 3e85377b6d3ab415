"""A keyboard user learns why a set cannot be saved: Save set and Export pack are off (so
Tab skips them), and the reason is in the check, which Tab reaches and a screen reader
says; the two buttons' descriptions carry the reason too. Real widgets, offscreen."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.ui.conftest import labels_hiding_text
from tests.ui.test_set_builder import builder, click, store  # noqa: F401 (fixtures)

REASON = "Title must be some text."


def tab_stops(qtbot, start, limit: int = 80) -> list:
    """The widgets Tab reaches from ``start``, in order, once round."""
    start.setFocus()
    seen = [start]
    for _ in range(limit):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        focused = QApplication.focusWidget()
        if focused is start:
            break
        seen.append(focused)
    return seen


def test_tab_reaches_the_reason_a_set_cannot_be_saved(qtbot, builder):  # noqa: F811
    with qtbot.waitActive(builder):
        builder.activateWindow()
    click(qtbot, builder.add_item)
    assert builder.title.text() == ""
    assert not builder.save_button.isEnabled() and not builder.export_button.isEnabled()
    assert builder.problems.text() == REASON

    stops = tab_stops(qtbot, builder.title)
    assert builder.save_button not in stops  # off: Tab passes it by
    assert builder.problems in stops  # ... but the reason is on the way
    assert labels_hiding_text(builder) == []  # its words are what a screen reader says
    assert builder.problems.accessibleDescription().startswith("Check.")  # the heading
    for off in (builder.save_button, builder.export_button):
        assert REASON in off.accessibleDescription()

    builder.therapist.clear()
    qtbot.keyClicks(builder.title, "First two weeks")  # fixed: the next reason is said
    assert builder.problems.text() == "Therapist name must be some text."
    assert "Therapist name must be some text." in builder.save_button.accessibleDescription()
    qtbot.keyClicks(builder.therapist, "Dr. Ana Moreno")  # and then none
    assert builder.save_button.isEnabled(), builder.problems.text()
    assert builder.save_button.accessibleDescription() == "Keep the set on this computer"
    assert REASON not in builder.export_button.accessibleDescription()
    assert labels_hiding_text(builder) == []

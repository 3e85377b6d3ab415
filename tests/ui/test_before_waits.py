"""The Before page says why "Continue and start the session" cannot be pressed yet.

Found by a first-time patient's read: with one scale chosen the button stayed disabled and
nothing on the page said why. A line above the buttons says what it waits for (seen), and
the button's description says it too (heard: the line is no Tab stop); both go once the
button can be pressed. Real page, offscreen.
"""

from __future__ import annotations

from painease.ui.rating_page import RatingPage


def test_before_says_what_starting_waits_for_until_both_scales_have_a_number(qtbot):
    page = RatingPage("pre", title="A session")
    qtbot.addWidget(page)
    page.show()
    qtbot.waitExposed(page)
    rules, go = page.rules, page.go
    assert not go.isEnabled()
    assert rules.isVisible()
    assert rules.text() == "Choose a number on both scales to start. A rough guess is fine."
    assert rules.text() in go.accessibleDescription()

    page.pain.setValue(4)
    assert not go.isEnabled()
    assert rules.isVisible()
    assert rules.text() == ("Choose a number for the sense of threat too, to start. A rough "
                            "guess is fine.")
    assert rules.text() in go.accessibleDescription()

    page.fear.setValue(3)
    assert go.isEnabled()
    assert not rules.isVisible()
    assert go.accessibleDescription() == "Saves your ratings and starts the audio"

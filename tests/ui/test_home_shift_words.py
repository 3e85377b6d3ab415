"""Home's last-shift card says a rise kindly, as the Summary does.

Found by a first-time patient's read: "Pain 5 → 7  Sense of threat 4 → 6" in big type,
each time Home opened, with none of the calming words the Summary gave that session. A
line under the numbers says ups and downs are common when pain or the sense of threat went
up, and nothing more when neither did. Real SQLite file, real card, offscreen.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtWidgets import QLabel

from painease import paths
from painease.storage import SessionStore
from painease.ui.home_cards import last_shift_card
from tests.insights_history import add_session


@pytest.mark.parametrize(("pre", "post", "kind"), [
    ((5, 4), (7, 6), True), ((5, 4), (5, 6), True), ((5, 4), (6, 3), True),
    ((5, 4), (3, 2), False), ((5, 4), (5, 4), False)])
def test_the_last_shift_card_says_a_rise_kindly(qtbot, pre, post, kind):
    with SessionStore(paths.database_path()) as store:
        add_session(store, datetime.now(UTC) - timedelta(days=1), pre=pre, post=post)
        card = last_shift_card(store)
    qtbot.addWidget(card)
    said = [lab.text() for lab in card.findChildren(QLabel)]
    # The Summary's own words for one session, after "Ups and downs are common."
    assert (KIND in said) is kind


KIND = ("Ups and downs are common. One session is one moment. The pattern across many "
        "sessions says more.")

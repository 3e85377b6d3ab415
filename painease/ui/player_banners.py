"""The player's banners over its caption, built and followed together: why there is no sound
(with "Try sound again"), the chosen output not connected (``OutputNote``), a damaged
recording once its step has played (``ClipNotice``), and what could not be saved yet.

``PlayerBanners.follow`` puts each up or down at each look at the session; a banner newly
said to a screen reader (``SaidBanner``: as it comes up, or when its words change) is handed
to ``into_sight`` at once, for the page to bring it into sight without moving the focus.

Main thread only.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from painease.ui.clip_notice import ClipNotice
from painease.ui.output_note import OutputNote
from painease.ui.said_banner import SaidBanner
from painease.ui.widgets import button, card, label

if TYPE_CHECKING:
    from painease.session import GuidedSession


class PlayerBanners:
    """The banners, added to ``layout`` in the page's order, all hidden until ``follow``.
    ``captions`` (step → caption) names a damaged clip's step; ``retry`` is called by "Try
    sound again"; ``into_sight(card)`` for each banner newly said."""

    def __init__(self, layout: QVBoxLayout, captions: dict[int, str],
                 retry: Callable[[], None], into_sight: Callable[[QWidget], None]) -> None:
        self._into_sight = into_sight
        self.banner, banner_layout = card("banner")
        self.banner.setObjectName("audio-banner")
        self.banner_text = label("", name="audio-banner-text")
        self.banner_text.setAccessibleDescription("Why there is no sound")
        self.retry = button("Try sound again", "retry-audio", "Look for the sound device again")
        self.retry.clicked.connect(retry)
        row = QHBoxLayout()
        row.addWidget(self.banner_text, 1)
        row.addWidget(self.retry)
        banner_layout.addLayout(row)
        self.sound_said = SaidBanner(self.banner, self.banner_text)  # said when it comes up
        layout.addWidget(self.banner)
        self.output_note = OutputNote()  # the chosen output is not connected: the usual one
        layout.addWidget(self.output_note.card)
        self.clip_notice = ClipNotice(captions)  # a damaged recording, once its step plays
        layout.addWidget(self.clip_notice.card)
        # Said while live ratings (or the sound note) could not be saved: they are kept and
        # tried again every few seconds (when it is up: ``store_banner_shown``).
        self.store_banner, store_layout = card("banner")
        self.store_banner.setObjectName("store-banner")
        self.store_text = label("", name="store-banner-text")
        self.store_text.setAccessibleDescription("What is not saved yet")
        store_layout.addWidget(self.store_text)
        self.store_said = SaidBanner(self.store_banner, self.store_text)
        layout.addWidget(self.store_banner)

    def follow(self, session: GuidedSession) -> None:
        """Each banner up or down as ``session`` is now."""
        status = session.status()
        silent = None
        if status is not None and status.output == "silent":
            reason = status.silent_reason or "the sound device is not available"
            silent = (f"There is no sound right now ({reason}). The session carries on "
                      "with the captions and the timer.")
        # Each banner said to a screen reader as it comes up, and brought into sight.
        if self.sound_said.follow(silent, "Sound is unavailable"):
            self._into_sight(self.banner)
        self.output_note.follow(status)
        # A damaged clip once its step has played; newly said, brought into sight.
        if self.clip_notice.follow(session.player, status):
            self._into_sight(self.clip_notice.card)
        unsaved, problem = None, session.store_problem
        if problem is not None:  # a busy file once it outlasts a flush
            from painease.ui.store_banner import store_banner_shown, store_banner_words

            if store_banner_shown(session):  # says what: live ratings, the sound note
                unsaved = store_banner_words(session)
        if self.store_said.follow(unsaved, "Cannot be saved" if problem and problem.replaced
                                  else "Not saved yet"):
            self._into_sight(self.store_banner)

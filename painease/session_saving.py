"""How a running session keeps its record: the audio-clock readings its marks are stamped
with, and what reaches the store when.

``SessionSaving`` is a mixin: ``GuidedSession`` (``painease.session``, whose contract says
what is saved and when) inherits these methods and sets the attributes named below; they
are called on a session, never on their own. Here are the session's position on the audio
clock (``position_frames``, ``position_ms``, ``segment``, ``status``) and how much of it
played, ``flush`` (buffered live ratings and how far the session got, every
``FLUSH_SECONDS``), the end of the session saved with the After page's answers in one
transaction, and the note of why it played silently (saved with the end when it could
not be saved before); what still waits to be saved as the window closes (``waiting``,
``save_waiting``); and how long each of those saves waits for another program that holds
the file (``FLUSH_PATIENCE``, ``PRESSED_PATIENCE``).
The stage machine that calls them stays in ``painease.session``.

Threads: the owner's thread only, as for ``GuidedSession``. No Qt here.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from painease.domain.timeline import Segment, Timeline
from painease.storage import SessionStore, StoreError

if TYPE_CHECKING:  # the player (numpy, soundfile, soxr) loads when a session starts
    from painease.audio.player import Player, PlayerStatus


# How long a save made on the window's thread waits for another program holding the data
# file (a painease command, a backup) before it gives up, not the store's own 5 s
# (``BUSY_PATIENCE``), so the window answers meanwhile; what was not saved is kept.
FLUSH_PATIENCE = 0.1  # tick(): live ratings, how far it got, the sound note; the next flush
PRESSED_PATIENCE = 1.0  # a button's save (Before, Stop, After): said on its page, pressed again


class SessionSaving:
    """The clock and store side of ``GuidedSession``, which sets everything below."""

    store: SessionStore
    timeline: Timeline
    session_id: int | None
    player: Player | None
    ended: str | None
    ended_at: datetime | None
    elapsed_ms: int
    played_ms: int
    store_problem: StoreError | None
    store_failed: set[str]
    failed_flushes: int
    _end_frame: int
    _saved_progress: tuple[int, int] | None
    _pending: list[tuple[int, float]]
    _end_saved: bool
    _audio_note: str | None
    _note_waiting: str | None
    _clock: Callable[[], float]
    _last_flush: float

    # --- reading the clock (owner's thread) ------------------------------------------------

    @property
    def position_frames(self) -> int:
        if self.player is None:
            return self._end_frame
        return self.player.position_frames

    @property
    def position_ms(self) -> int:
        return self.position_frames * 1000 // self.timeline.samplerate

    @property
    def segment(self) -> Segment:
        return self.timeline.segment_at(self.position_frames)

    def status(self) -> PlayerStatus | None:
        return self.player.status() if self.player is not None else None

    def _played_ms(self) -> int:
        if self.player is None:
            return self.played_ms
        return self.player.played_frames * 1000 // self.timeline.samplerate

    # --- what reaches the store ------------------------------------------------------------

    def _waiting(self, seconds: float):
        """Writes in the block wait at most ``seconds`` for another program's hold on the
        file (``Database.patience``); a busy file is then a ``StoreError`` with ``busy``."""
        return self.store.database.patience(seconds)

    def flush(self) -> None:
        """Hand buffered live ratings and how far the session got to the store now (one
        transaction); nothing is written when neither changed since the last flush.

        ``StoreError`` when live ratings could not be saved (they stay buffered); a failed
        position mark alone is not raised: nothing the patient gave is waiting, and the
        next flush saves the position then."""
        self._last_flush = self._clock()
        if self.session_id is None:
            return
        batch = list(self._pending)
        # Ended: its end (saved next) says how far it got. No player: it was released
        # (``close``), after a flush that saved its position; its zeros must not replace it.
        if self.ended is not None or self.player is None:
            if batch:
                self.store.add_live_samples(self.session_id, batch)  # all of it or none
                del self._pending[:len(batch)]
            return
        progress = (self.position_ms, self._played_ms())
        if not batch and progress == self._saved_progress:
            return
        try:
            self.store.save_progress(self.session_id, *progress, batch)  # all of it or none
        except StoreError:
            if batch:
                raise
            return
        del self._pending[:len(batch)]
        self._saved_progress = progress

    def _save_end(self, post: tuple[int, int, str | None] | None = None,
                  journal: str | None = None) -> None:
        """Store the buffered live ratings, the note of why it played silently if that is
        not saved yet, the end of the session (unless saved) and what the After page
        confirmed (``post``, ``journal``) in one transaction: all or none.

        A session another painease window marked interrupted (its lock file was deleted
        under this one) keeps that record; the after-rating is still saved, and the page
        must not stay on the player (``SessionStore.finish_session``)."""
        batch, note = list(self._pending), self._note_waiting
        end = None if self._end_saved else (self.ended, self.elapsed_ms, self.played_ms)
        self.store.finish_session(self.session_id, samples=batch, end=end, post=post,
                                  journal=journal if journal and journal.strip() else None,
                                  ended_at=self.ended_at, audio_note=note)
        del self._pending[:len(batch)]
        self._end_saved = True
        if note is not None:
            self._audio_note, self._note_waiting = note, None
        self.store_problem = None
        self.store_failed.clear()  # all of it saved just now

    def waiting(self) -> set[str]:
        """What of this session is not in the store yet and would be lost if the window
        closed now without saving it: "live" ratings, the "end" (on the After page), the
        "audio-note" (why it played silently). Empty before anything was saved of it, and
        once it is done."""
        self._notice_audio()
        waits = {"live"} if self._pending else set()
        if self._note_waiting is not None:
            waits.add("audio-note")
        if self.ended is not None and not self._end_saved:
            waits.add("end")
        return waits if self.session_id is not None else set()

    def save_waiting(self) -> None:
        """Save what ``waiting()`` names now (the window is about to close): with the end,
        once the session ended; a session still playing stays 'in_progress'. ``StoreError``
        when it cannot be saved: all of it is still kept, for a later try."""
        if not self.waiting():
            return
        if self.ended is not None:
            self._save_end()
        else:
            self.flush()
            self._saved("live")
            self._note_audio()

    @property
    def end_saved(self) -> bool:
        """Whether the end of the session is in the store (False while it waits to be
        saved with the After page's answers, after a failed write)."""
        return self._end_saved

    def _notice_audio(self) -> None:
        """Keep why the session is silent as a note waiting to be saved (``_note_waiting``),
        once per new reason; read from the player, never in the callback."""
        status = self.player.status() if self.player is not None else None
        if status is None or status.output != "silent" or not status.silent_reason:
            return
        note = f"played silently: {status.silent_reason}"
        if note != self._audio_note:
            self._note_waiting = note

    def _note_audio(self) -> None:
        """Store why the session is silent, once per new reason (a note that cannot be saved
        waits, and is saved with the end of the session if not before)."""
        self._notice_audio()
        note = self._note_waiting
        if note is not None:
            self.store.set_audio_note(self.session_id, note)
            self._audio_note, self._note_waiting = note, None
            self._saved("audio-note")

    def _failed(self, what: str, error: StoreError) -> None:
        """``what`` ("live", "audio-note", "end") could not be saved: said until it is."""
        self.store_problem = error
        self.store_failed.add(what)

    def _flushed(self) -> None:
        """A flush (``tick()``, every ``FLUSH_SECONDS``) is over: ``failed_flushes`` counts
        the flushes in a row that left something not saved (each tries all that waits),
        and is 0 once one saved it all (the player says a busy file from the second:
        ``painease.ui.store_banner``)."""
        self.failed_flushes = self.failed_flushes + 1 if self.store_problem else 0

    def _saved(self, what: str) -> None:
        """``what`` is saved now; the problem is over once nothing else waits."""
        self.store_failed.discard(what)
        if not self.store_failed:
            self.store_problem = None

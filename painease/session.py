"""The running session: one fitted timeline, its player and the store, as a state machine.

    idle ──begin()──▶ pre-rating ──submit_pre()──▶ playing ⇄ paused
                                                     │ (audio ends, or stop_early())
                                                     ▼
                       done ◀──submit_post() / skip_post()── post-rating

Contract
--------
* ``submit_pre`` creates the session row and commits the pre-rating *before* the player
  is even built, so a confirmed rating exists whatever happens to the audio.
* Live ratings are stamped with the player's audio clock (``position_frames`` → ms), never
  the wall clock, buffered, and handed to the store in one transaction at least every
  ``FLUSH_SECONDS`` (from ``tick()``), so a crash loses at most that much. The same flush
  saves how far the session got (its audio-clock position) and how much of it played
  (``played_ms``), live rating on or off, so a session the app dies in keeps how far it
  got to within ``FLUSH_SECONDS``. A flush with nothing new (paused) writes nothing.
  Only moves are live ratings: where the slider started (``show_live``) is never one.
* When the audio ends the session is ended as ``completed``; ``stop_early()`` ends it as
  ``stopped_early`` with the audio-clock time reached, unless the sound has already
  played to its end (``played_to_end``: its last moments still in the device, ~130 ms,
  before ``tick`` sees it finished): then nothing was missed and it ends ``completed``.
  Either way the post-rating follows and may be skipped (its journal note is kept either
  way). What the After page confirms (the rating, the note, and the end if it is not
  saved yet) is stored in one transaction, so a kill never keeps one without the other.
  "Completed" means the end was reached: ``played_ms`` says how much of the audio
  actually played (pauses do not count, nor what "Next" or a seek jumped over), so a
  session skipped through to its end is not read as a full one.
* If the player is (or falls back to) silent, the reason is stored as the session's audio
  note, so the record says the session ran on captions and timer alone. A note that could
  not be saved while it played is saved with the end of the session (one transaction),
  or by ``close()``: it is kept as long as the session is.
* ``close()`` mid-session flushes what is buffered and leaves the row ``in_progress``:
  the next start marks it ``interrupted`` (``SessionStore.mark_interrupted``).
* A write that fails (a full disk, a damaged file) loses nothing that can be kept:
  ``submit_pre``, ``submit_post`` and ``skip_post`` raise ``StoreError`` and may simply be
  called again (a retried ``submit_pre`` reuses its session row); while playing, live
  ratings whose batch failed stay buffered and are tried again at the next flush, and the
  end of the session is saved again by ``submit_post``/``skip_post`` if it failed, with
  the time it ended (read from the computer's clock then, not at the retry). A
  position mark alone that cannot be saved is not reported (nothing the patient gave is
  waiting; the next flush tries again).
  ``store_problem`` holds the last such failure while it lasts, for the page to show,
  ``store_failed`` what it is about (live ratings, the sound note, the end), and
  ``failed_flushes`` how many flushes in a row could not save all that waits. A sound
  note that failed is tried again with the next flush.
* Another program holding the file (a painease command, a backup) fails a write as
  above ("busy") after a short wait, not the store's 5 s (``BUSY_PATIENCE``), so the
  window keeps answering: ``tick()``'s saves wait ``FLUSH_PATIENCE`` (0.1 s), a button's
  (``submit_pre``, ``stop_early`` and the end ``tick()`` hears, ``submit_post``,
  ``skip_post``) ``PRESSED_PATIENCE`` (1 s). ``close()`` alone waits the whole 5 s: the
  window is going, and what is buffered would be lost otherwise. ``waiting()`` names what
  is not saved yet, and ``save_waiting()`` saves it (the window does so before it goes,
  and asks the patient when it cannot: ``painease.ui.session_flow``).

What a finished session came to (``outcome()``, for the summary) is in
``painease.session_outcome``. Reading the audio clock (``position_ms``, ``segment``…) and
what reaches the store when (``flush``, the end with the After page's answers, the silent
note) are in ``painease.session_saving``, which ``GuidedSession`` inherits; the stage
machine and its commands are here.

Threads: everything here runs on the owner's thread (the GUI's main thread), which is also
the thread that made the store. ``tick()`` is meant to be called ~30 times a second by the
owner (a QTimer in the UI); it never blocks on audio, and on the store at most a moment
(see above). No Qt here.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

from painease.catalog import ScriptEntry, audio_dir_for
from painease.domain.timeline import Timeline
from painease.session_outcome import Change, Outcome
from painease.session_saving import FLUSH_PATIENCE, PRESSED_PATIENCE, SessionSaving
from painease.storage import SessionStore, StoreError
from painease.storage.database import BUSY_PATIENCE

if TYPE_CHECKING:  # the player (numpy, soundfile, soxr) loads when a session starts
    from painease.audio.player import Player

FLUSH_SECONDS = 2.0  # the most live rating a crash may cost (DESIGN.md: ≤ 2 s)


class Stage(StrEnum):
    IDLE = "idle"
    PRE_RATING = "pre-rating"
    PLAYING = "playing"
    PAUSED = "paused"
    POST_RATING = "post-rating"
    DONE = "done"


class SessionStateError(RuntimeError):
    """A call that does not fit the current stage (e.g. ``submit_post`` while playing)."""


PlayerFactory = Callable[..., "Player"]


class GuidedSession(SessionSaving):
    """One patient session from the pre-rating to the summary. Owner's thread only.

    ``store`` is borrowed (the caller closes it). ``player_options`` go to ``Player``
    (``ambience``, ``settings``, ``use_device``, ``device``). ``clock`` is the wall clock
    used only to pace flushes (monotonic seconds); ``now`` the computer's clock (an aware
    datetime), read when the session ends for the end's time; tests may pass their own.
    """

    def __init__(self, store: SessionStore, timeline: Timeline, clip_root: Path,
                 length_minutes: float, *, title: str = "", clock=time.monotonic,
                 player_factory: PlayerFactory | None = None,
                 program_item: tuple[str, int] | None = None,
                 now: Callable[[], datetime] | None = None, **player_options):
        self.store = store
        self.timeline = timeline
        self.clip_root = clip_root
        self.length_minutes = length_minutes
        self.title = title or timeline.script_id
        self.program_item = program_item  # (set id, position) the session is done for
        self.stage = Stage.IDLE
        self.session_id: int | None = None
        self.player: Player | None = None
        self.ended: str | None = None
        self.elapsed_ms = 0
        self.played_ms = 0
        self._end_frame = 0
        self._saved_progress: tuple[int, int] | None = None  # (reached, played) in the store
        self._player_factory = player_factory or _make_player
        self._player_options = player_options
        self._clock = clock
        self._now = now or _utc_now
        self.ended_at: datetime | None = None  # the wall-clock time it ended, once it has
        self._pending: list[tuple[int, float]] = []  # live ratings not yet in the store
        self.store_problem: StoreError | None = None  # the last write that failed, if so
        # What is waiting to be saved while it does: "live" ratings, the "audio-note", the
        # "end" (said on the player and the After page, in words for each).
        self.store_failed: set[str] = set()
        self.failed_flushes = 0  # flushes in a row that could not save all (_flushed)
        self._end_saved = False
        self._recorded: list[tuple[int, float]] = []
        self.live_start: int | None = None  # the live slider's start, when it was shown
        self._last_flush = clock()
        self._audio_note: str | None = None  # the sound note saved
        self._note_waiting: str | None = None  # one not saved yet (see _note_audio)
        self._pre: tuple[int, int] | None = None
        self._post: tuple[int, int] | None = None
        self._listeners: list[Callable[[Stage], None]] = []

    @classmethod
    def for_entry(cls, store: SessionStore, entry: ScriptEntry, minutes: float,
                  **options) -> GuidedSession:
        """A session for a catalog entry at ``minutes``, clips from the script's audio dir."""
        timeline = entry.fit(minutes)
        options.setdefault("ambience", entry.script.ambience)
        return cls(store, timeline, audio_dir_for(entry.path), minutes,
                   title=entry.script.title, **options)

    # --- listening -------------------------------------------------------------------------

    def add_listener(self, listener: Callable[[Stage], None]) -> None:
        """Call ``listener(stage)`` after every stage change (owner's thread)."""
        self._listeners.append(listener)

    def _enter(self, stage: Stage) -> None:
        self.stage = stage
        for listener in list(self._listeners):
            listener(stage)

    def _require(self, *stages: Stage) -> None:
        if self.stage not in stages:
            wanted = " or ".join(s.value for s in stages)
            raise SessionStateError(f"the session is {self.stage.value}, not {wanted}")

    # --- the flow --------------------------------------------------------------------------

    def begin(self) -> None:
        """idle → pre-rating. Nothing is stored yet: the patient may still turn back."""
        self._require(Stage.IDLE)
        self._enter(Stage.PRE_RATING)

    def submit_pre(self, pain: int, fear: int, note: str | None = None) -> int:
        """Store the session row and the pre-rating (committed), then start the audio.

        Returns the session id. Raises ``ValueError``/``StoreError`` from the store before
        any audio starts if the rating cannot be saved. Once the audio has started nothing
        raises: the audio note that could not be saved then is ``store_problem``, as in
        ``tick()``, which tries it again.
        """
        self._require(Stage.PRE_RATING)
        from painease.domain.live_shifts import phase_starts  # numpy: loads with the player

        with self._waiting(PRESSED_PATIENCE):
            if self.session_id is None:  # a retry after a failed save reuses its row
                self.session_id = self.store.start_session(
                    self.timeline.script_id, self.timeline.script_version,
                    self.length_minutes, program_item=self.program_item)
            self.store.save_phase_marks(self.session_id, phase_starts(self.timeline))
            self.store.save_rating(self.session_id, "pre", pain, fear, note)
        self._pre = (pain, fear)
        self.player = self._player_factory(self.timeline, self.clip_root,
                                           **self._player_options)
        self._last_flush = self._clock()
        self.player.play()
        self._enter(Stage.PLAYING)
        try:
            with self._waiting(FLUSH_PATIENCE):
                self._note_audio()
        except StoreError as error:  # playing now: said on the player, tried again by tick()
            self._failed("audio-note", error)
        return self.session_id

    @property
    def pre_rating(self) -> tuple[int, int] | None:
        """(pain, fear) as rated before, once saved; None before that."""
        return self._pre

    def toggle(self) -> None:
        """playing ⇄ paused."""
        self._require(Stage.PLAYING, Stage.PAUSED)
        if self.stage is Stage.PLAYING:
            self.player.pause()
            self._enter(Stage.PAUSED)
        else:
            self.player.play()
            self._enter(Stage.PLAYING)

    def next_step(self) -> None:
        self._require(Stage.PLAYING, Stage.PAUSED)
        self.player.next_step()

    def previous_step(self) -> None:
        self._require(Stage.PLAYING, Stage.PAUSED)
        self.player.previous_step()

    def seek_frame(self, frame: int) -> None:
        self._require(Stage.PLAYING, Stage.PAUSED)
        self.player.seek_frame(frame)

    def set_volume(self, layer: str, value: float) -> None:
        """Change a layer's gain (0–1) now; the engine ramps it, so no click."""
        if self.player is not None:
            self.player.set_volume(layer, value)

    def set_ambience(self, ambience: str) -> None:
        """Change the background sound mid-session (a bed name from ``AMBIENCES``)."""
        if self.player is not None:
            self.player.set_ambience(ambience)

    def retry_audio(self) -> bool:
        """Try the sound device again after a fallback to silence; True if sound is back."""
        return self.player is not None and self.player.retry_device()

    def show_live(self, start: int) -> None:
        """Live rating is on, its slider at ``start`` (the pain rated before): kept for the
        summary, not stored (the phase-shift analysis and the counts read moves only)."""
        self.live_start = start

    def record_live(self, value: float) -> tuple[int, float]:
        """Buffer a live rating stamped with the audio clock; returns the (t_ms, value)."""
        self._require(Stage.PLAYING, Stage.PAUSED)
        if not 0 <= value <= 10:
            raise ValueError(f"a live rating is between 0 and 10, got {value}")
        sample = (self.position_ms, float(value))
        self._pending.append(sample)
        self._recorded.append(sample)
        return sample

    def tick(self) -> None:
        """Poll once (GUI timer): flush live ratings when due, notice silence and the end."""
        if self.stage not in (Stage.PLAYING, Stage.PAUSED):
            return
        # The session plays on; the page says what failed, each tried again with a flush.
        # Each save waits only a moment for another program holding the file: the window
        # answers meanwhile (session_saving.FLUSH_PATIENCE).
        due = self._clock() - self._last_flush >= FLUSH_SECONDS
        with self._waiting(FLUSH_PATIENCE):
            try:
                if due:
                    self.flush()  # a failed batch stays buffered for the next try
                    self._saved("live")
            except StoreError as error:
                self._failed("live", error)
            try:
                if due or "audio-note" not in self.store_failed:
                    self._note_audio()
            except StoreError as error:
                self._failed("audio-note", error)
        if due:
            self._flushed()
        if self.player.finished:
            self._end("completed", self.timeline.total_frames)

    @property
    def played_to_end(self) -> bool:
        """The sound has played the whole session, and the session ends as completed
        within moments (once the device has played out its last frames)."""
        return self.player is not None and self.player.played_to_end

    def stop_early(self) -> None:
        """End now as 'stopped_early' with the audio-clock time reached; ask post-rating.
        Once the sound has played to its end, all of it was played: 'completed' instead,
        its whole length reached (a Stop as the closing chime fades is no early stop)."""
        self._require(Stage.PLAYING, Stage.PAUSED)
        if self.played_to_end:
            self._end("completed", self.timeline.total_frames)
        else:
            self._end("stopped_early", self.player.position_frames)

    def submit_post(self, pain: int, fear: int, note: str | None = None,
                    journal: str | None = None) -> Outcome:
        """Store the post-rating and, if written, the journal entry (with the end of the
        session, if that is not saved yet), all in one transaction; → done."""
        self._require(Stage.POST_RATING)
        with self._waiting(PRESSED_PATIENCE):
            self._save_end(post=(pain, fear, note), journal=journal)
        self._post = (pain, fear)
        self._enter(Stage.DONE)
        return self.outcome()

    def skip_post(self, journal: str | None = None) -> Outcome:
        """The patient chose not to rate afterwards: no rating is stored (only the end of
        the session, if it could not be saved when it ended). Skipping the rating is not
        throwing away the words: a ``journal`` that is not blank is stored as the session's
        journal entry, as ``submit_post`` stores it; → done."""
        self._require(Stage.POST_RATING)
        with self._waiting(PRESSED_PATIENCE):
            self._save_end(journal=journal)
        self._enter(Stage.DONE)
        return self.outcome()

    def outcome(self) -> Outcome:
        if self.session_id is None or self.ended is None:
            raise SessionStateError("the session has not ended yet")
        pain = fear = None
        if self._pre is not None and self._post is not None:
            pain = Change(self._pre[0], self._post[0])
            fear = Change(self._pre[1], self._post[1])
        # In the session's time order, as stored: a rating given after going back in the
        # session is stamped earlier than one given before.
        live = tuple(sorted(self._recorded, key=lambda sample: sample[0]))
        for_set = None
        if self.program_item is not None:  # counted as the set's store counts it
            from painease.domain.program_status import counts_for_set

            for_set = counts_for_set(self.ended, self.played_ms, self.length_minutes)
        return Outcome(self.session_id, self.ended, self.elapsed_ms, pain, fear, live,
                       self.played_ms, self.live_start, for_set)

    def close(self, wait: float | None = None) -> None:
        """Release the audio; save what waits (``save_waiting``), waiting at most ``wait``
        seconds for another program holding the file (default: the store's whole 5 s). A
        session still running stays 'in_progress' (see top); one that ended (the After
        page is up) has its end saved now if that failed before, so it is kept as it
        ended, not marked interrupted at the next start. What cannot be saved is
        ``store_problem`` (the window asked first: ``painease.ui.session_flow``)."""
        if self.session_id is not None:
            try:
                with self._waiting(BUSY_PATIENCE if wait is None else wait):
                    self.save_waiting()
                    if self.stage in (Stage.PLAYING, Stage.PAUSED):
                        self.flush()  # how far it got, even with nothing else waiting
            except StoreError as error:
                self.store_problem = error
        if self.player is not None:
            self.player.close()
            self.player = None

    # --- internals -------------------------------------------------------------------------

    def _end(self, outcome: str, frame: int) -> None:
        self._end_frame = frame
        self.elapsed_ms = frame * 1000 // self.timeline.samplerate
        self.played_ms = self._played_ms()
        self.ended = outcome
        self.ended_at = self._now()  # a save retried later keeps this time, not its own
        try:
            with self._waiting(PRESSED_PATIENCE):  # Stop, or the end heard by tick()
                self._notice_audio()  # a sound note not saved yet is saved with the end
                self._save_end()
        except StoreError as error:  # saved again by submit_post / skip_post
            self._failed("end", error)
        self.player.close()
        self.player = None
        self._enter(Stage.POST_RATING)


def _utc_now() -> datetime:
    return datetime.now(UTC)


def _make_player(*args, **kwargs) -> Player:
    from painease.audio.player import Player

    return Player(*args, **kwargs)

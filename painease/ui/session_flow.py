"""Before → Player → After → Summary: puts the right page up for each stage of a session.

``SessionFlow`` builds a ``GuidedSession`` for the chosen script and length, listens to its
stage changes and swaps pages in the window's stack. The pages send intent (ratings, stop)
here; this class passes it to the session, which does the storing. It holds no state of
its own beyond the current session and its pages. Volumes set in the player are kept in
the settings for later sessions, saved once the steps stop (``SaveSoon``) and at once when
the player goes (the session ends, or the flow closes).

Closing the window: a session playing is flushed and left in progress (the next start
shows it interrupted); on Before nothing has started and nothing is kept; on the Summary
everything is saved already. On the After page, ratings or a note not saved yet are asked
about first (``closing_question``: Save, Don't save, Cancel), as the therapist's unsaved
work is (``MainWindow.closeEvent``); a page with nothing entered just closes. Whatever
else of the session is still waiting to be saved (live ratings, the end, the sound note:
``GuidedSession.waiting``) is saved before the window goes, waiting the store's whole 5 s
for another program holding the file; when it still cannot be saved the patient is told
what, why, and that the session will show as interrupted with what was saved, and chooses
to keep painease open (closing again tries again) or to close anyway. The data folder
moved or replaced, nothing more can be saved: "Close painease" is the default, and keeping
it open is offered only while the audio can still play (``replaced_question``).

Main thread only (the store was made on it).
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QStackedWidget, QWidget

from painease.catalog import ScriptEntry
from painease.domain.live_shifts import phase_starts
from painease.domain.vocabulary import Kind
from painease.session import GuidedSession, Stage
from painease.session_saving import FLUSH_PATIENCE
from painease.settings import Settings
from painease.storage import SessionStore, StoreError
from painease.ui.data_file_words import data_file_words, store_cause
from painease.ui.held_keys import one_press
from painease.ui.player_page import PlayerPage
from painease.ui.rating_page import RatingPage, save_question
from painease.ui.save_soon import SaveSoon
from painease.ui.settling import settle
from painease.ui.store_banner import WHEN_READY, replaced_words
from painease.ui.summary_page import SummaryPage


class SessionFlow(QObject):
    """Runs one session at a time in ``stack``. ``ended(done)`` fires when the patient is
    done: ``done`` is True after a session's summary, False when the Before page was left
    (Back) and no session took place."""

    ended = Signal(bool)
    stored = Signal()  # something about a session was saved: Home/Insights may refresh

    def __init__(self, store: SessionStore, settings: Settings, stack: QStackedWidget,
                 player_options: dict | None = None):
        super().__init__()
        self.store, self.settings, self.stack = store, settings, stack
        self.player_options = player_options or {}
        self.volumes = SaveSoon(settings, self)  # a held key steps many times a second
        self.session: GuidedSession | None = None
        self.page: QWidget | None = None
        self._entry: ScriptEntry | None = None
        self._dropped = False  # "Don't save" was chosen for the After page's entries
        self._leave_unsaved = False  # "Close anyway": what could not be saved is left

    @property
    def running(self) -> bool:
        return self.session is not None and self.session.stage is not Stage.DONE

    def start(self, entry: ScriptEntry, minutes: float,
              program_item: tuple[str, int] | None = None) -> None:
        """Open the Before page for ``entry`` at ``minutes``; nothing is stored yet.

        ``program_item`` (set id, position): the session is linked to that set item."""
        self.close()
        self._dropped = self._leave_unsaved = False
        options = {
            "ambience": self.settings.ambience_for(entry.script.ambience),
            "settings": self.settings.mix(),
            "device": self.settings.get("audio_device") or None,
            **self.player_options,
        }
        self._ambience = options["ambience"]
        self._entry = entry
        self.session = GuidedSession.for_entry(self.store, entry, minutes,
                                               program_item=program_item, **options)
        self.session.add_listener(self._on_stage)
        self.session.begin()

    def close(self) -> None:
        """Release the audio (a running session stays in progress; see ``session.py``)."""
        if self.session is not None:  # once the patient chose to close anyway: a moment
            self.session.close(FLUSH_PATIENCE if self._leave_unsaved else None)
        if isinstance(self.page, PlayerPage):
            self._leave_player(self.page)
        self.session = None

    def closing_question(self, parent: QWidget, then):
        """Ask before the window closes on the After page with something entered and not
        saved (see the top): returns the open question, or None when nothing would be lost
        (close at once). ``then()`` runs once the entries were saved or the patient chose
        not to keep them; a save that fails leaves the page up, saying why. Then what else
        waits to be saved is saved, or asked about (``_waiting_question``)."""
        page, session = self.page, self.session
        if (self._dropped or session is None or session.stage is not Stage.POST_RATING
                or not isinstance(page, RatingPage)):
            return self._waiting_question(parent, then)
        pain, fear = page.rated()
        note = bool(page.note_text())
        if not (pain or fear or note):
            return self._waiting_question(parent, then)

        def save() -> None:
            if pain and fear:
                self._post_submitted(page.pain.value(), page.fear.value(), page.note_text())
            else:
                self._skipped()
            if self.session is session and session.stage is Stage.DONE:
                then()

        def drop() -> None:
            self._dropped = True
            then()

        return save_question(parent, pain, fear, note, save, drop)

    def _waiting_question(self, parent: QWidget, then):
        """Save now what of the session still waits (``GuidedSession.save_waiting``): None
        when that is done (or nothing waits, or the patient chose to close anyway), else
        the open question saying what is not saved and why: "Close anyway" runs ``then()``
        with it left unsaved; "Keep painease open" (the default, Esc) changes nothing.
        The data folder replaced (``replaced_question``), waiting cannot save it."""
        session = self.session
        if session is None or self._leave_unsaved or not session.waiting():
            return None
        try:
            session.save_waiting()
        except StoreError as error:
            playing = error.replaced and session.stage in (Stage.PLAYING, Stage.PAUSED)
            words = waiting_words(session.waiting(), error, playing=playing)
            problem = error
        else:
            return None
        from painease.ui.therapist.forms import question_box

        def leave() -> None:
            self._leave_unsaved = True
            then()

        if problem.replaced:
            return replaced_question(parent, words, leave, playing)
        return question_box(parent, "close-unsaved-question", "Not saved yet", words,
                            "Close anyway", leave, "Keep painease open")

    # --- stages → pages --------------------------------------------------------------------

    def _on_stage(self, stage: Stage) -> None:
        session = self.session
        if stage is Stage.PRE_RATING:
            page = RatingPage("pre", title=session.title)
            page.submitted.connect(self._pre_submitted)
            page.back.connect(self._cancel)
            self._show(page)
        elif stage is Stage.PLAYING and not isinstance(self.page, PlayerPage):
            # The pain just given, not read back: the audio plays already, and a read
            # that failed here would leave Before up, its Continue no longer of use.
            page = PlayerPage(session, live_rating=self.settings.get("live_rating"),
                              live_start=session.pre_rating[0],
                              master_volume=self.settings.get("master_volume"),
                              ambience_volume=self.settings.get("ambience_volume"),
                              ambience=self._ambience)
            page.stop_confirmed.connect(session.stop_early)
            page.volume_chosen.connect(self.volumes.set)  # kept for the next sessions too
            self._show(page)
            page.play_pause.setFocus()  # focus on a control, not on the page itself
        elif stage is Stage.POST_RATING:
            self.stored.emit()
            page = RatingPage("post", title=session.title,
                              stopped_early=session.ended == "stopped_early")
            page.submitted.connect(self._post_submitted)
            page.skipped.connect(self._skipped)
            self._show(page)
            if session.store_problem is not None:  # the end itself could not be saved
                page.show_problem(end_not_saved(session.store_problem), focus=False)

    def _pre_submitted(self, pain: int, fear: int, note: str) -> None:
        try:
            self.session.submit_pre(pain, fear, note or None)
        except StoreError as error:
            self.page.show_problem(before_replaced(error) if error.replaced else not_saved(
                error, ["your ratings"],
                "Nothing has started yet, and your ratings are still on this page."))
            return
        self.stored.emit()

    def _post_submitted(self, pain: int, fear: int, note: str) -> None:
        self._save_after(lambda: self.session.submit_post(pain, fear, journal=note or None),
                         ["your ratings", "your note" if note.strip() else ""])

    def _skipped(self) -> None:
        note = self.page.note_text()
        self._save_after(lambda: self.session.skip_post(journal=note or None),
                         ["your note" if note.strip() else ""])

    def _save_after(self, save, entered: list[str]) -> None:
        """Save the After page (one transaction: ``GuidedSession.submit_post``); when that
        fails, say what was not saved (``entered``, and the end of the session if it is
        still waiting), why, and what to do, once."""
        waiting = [] if self.session.end_saved else [END]
        try:
            outcome = save()
        except StoreError as error:  # a damaged file: what was saved before is not vouched for
            on_page = "what you entered is still on this page."
            self.page.show_problem(not_saved(
                error, waiting + entered, _first_up(on_page) if error.damaged else
                f"Your ratings from before are kept, and {on_page}"))
            return
        self._summarise(outcome)

    def _summarise(self, outcome) -> None:
        self.stored.emit()
        session = self.session
        total_ms = session.timeline.total_frames * 1000 // session.timeline.samplerate
        # Feelings stirred up by an emotional awareness session: its Summary ends with the
        # crisis note its closing words point to (Help opens only after Done).
        feelings = (self._entry is not None
                    and self._entry.script.kind == Kind.EMOTIONAL_AWARENESS)
        page = SummaryPage(outcome, session.title, total_ms, phase_starts(session.timeline),
                           crisis_note=feelings)
        page.done.connect(self._finish)
        self._show(page)

    def finish_summary(self) -> bool:
        """On the Summary, finish as its Done does (everything is saved already) and say
        True; before that (Before, the player, After) do nothing and say False: a session
        in progress is never left by a stray key."""
        if not isinstance(self.page, SummaryPage):
            return False
        self._finish()
        return True

    def _cancel(self) -> None:
        self.close()
        self._drop_page()
        self.ended.emit(False)

    def _finish(self) -> None:
        self.close()
        self._drop_page()
        self.ended.emit(True)

    def _show(self, page: QWidget) -> None:
        old = self.page
        if isinstance(old, PlayerPage):
            self._leave_player(old)
        self.page = page
        one_press(page)  # Enter held on the page before does not press a button here
        settle(page)  # nor the second press of a double-click or of Enter tapped twice
        self.stack.addWidget(page)
        self.stack.setCurrentWidget(page)
        if old is not None:
            self.stack.removeWidget(old)
            old.deleteLater()

    def _leave_player(self, page: PlayerPage) -> None:
        page.shutdown()
        self.volumes.flush()  # a volume set a moment ago is saved now, not lost

    def _drop_page(self) -> None:
        if self.page is not None:
            self.stack.removeWidget(self.page)
            self.page.deleteLater()
            self.page = None


def not_saved(error: StoreError, unsaved: list[str], kept: str) -> str:
    """What a rating page says when what it saves could not be saved: the ``unsaved``
    things by name (blank ones left out), why, what is ``kept``, and what to do, once.
    ``error.reason`` names what the store was writing, in its own words: the cause alone
    is said when it is known (``StoreError.cause``), a file painease may not write or a
    damaged one in plain words with no path (``data_file_words``; damaged: not "yet")."""
    names = [name for name in unsaved if name]
    if error.replaced:  # the data folder was moved or replaced: pressing again cannot help
        return replaced_words(error, WHEN_READY, _listed([n for n in names if n != END]))
    names = names or ["what you entered"]
    said = _listed(names)
    verb = "are" if len(names) > 1 or said == "your ratings" else "is"
    cause, todo = data_file_words(error, ", then press the button again.") or (
        store_cause(error), f"{_first_up(error.remedy)}, then press the button again."
        if error.remedy else "Then press the button again.")
    return f"{_first_up(said)} {verb} not saved{_yet(error)}: {cause}. {kept} {todo}"


def before_replaced(error: StoreError) -> str:
    """The Before page when the data folder was replaced: no session has started, so not
    "this session can no longer be saved", nor "your next sessions"."""
    return (f"Your ratings cannot be saved: {error.cause}. Nothing has started yet. Close "
            "painease and open it again, then start this session.")


def end_not_saved(error: StoreError) -> str:
    """What the After page says when the end of the session could not be saved as it
    ended (whichever write failed then: the end waits with everything after it)."""
    if error.replaced:
        return replaced_words(error, WHEN_READY, "what you enter on this page")
    kind = data_file_words(error, "; the end is then saved with your ratings, or when you "
                           "skip them.")
    if kind is not None:
        return f"The end of this session is not saved{_yet(error)}: {kind[0]}. {kind[1]}"
    todo = f" {_first_up(error.remedy)}; the end is then" if error.remedy else " It is"
    return (f"The end of this session is not saved yet: {store_cause(error)}."
            f"{todo} saved with your ratings, or when you skip them.")


END = "the end of this session"
WAITING_NAMES = {"end": END, "live": "your live ratings",
                 "audio-note": "the note that this session played without sound"}


def waiting_words(waiting: set[str], error: StoreError, playing: bool = False) -> str:
    """What the question on closing says when what of a session still ``waiting`` could
    not be saved: what, why, what to do to keep it, and what closing now leaves (the
    session shown as interrupted, with what was saved of it). ``playing``: the data
    folder replaced while the audio can still play on (see ``replaced_question``)."""
    names = [name for key, name in WAITING_NAMES.items() if key in waiting]
    said = _listed(names)
    verb = "is" if len(names) == 1 and not said.endswith("ratings") else "are"
    them = "it" if verb == "is" else "them"
    if error.replaced:  # closing cannot save it, nor can keeping painease open
        listen = (" You can keep painease open to listen to the rest of this session."
                  if playing else "")
        return replaced_words(error, f"{_first_up(said)} {verb} left unsaved when painease "
                              f"closes.{listen} When you open {'painease' if listen else 'it'}"
                              " again, your next sessions will be saved as usual.")
    kind = data_file_words(error, f", then close painease again to save {them}.")
    if kind is not None and error.damaged:  # closing again cannot save it either
        return f"{_first_up(said)} {verb} not saved: {kind[0]}. {kind[1]}"
    if kind is not None:  # a file painease may not write
        cause, todo = kind[0], f" {kind[1]}"
    else:
        cause = store_cause(error)
        todo = (f" {_first_up(error.remedy)}, then close painease again to save {them}."
                if error.remedy else f" Close painease again later to try to save {them}.")
    return (f"{_first_up(said)} {verb} not saved yet: {cause}.{todo}"
            " If you close it now, the next time painease opens it shows this session as"
            " interrupted, with what was saved of it.")


def replaced_question(parent: QWidget, words: str, leave, playing: bool):
    """The question on closing once the data folder was replaced: nothing more of this
    session can be saved, by closing or by waiting, so "Close painease" (``leave``) is the
    default. "Keep painease open" (Esc) is offered only while the audio can still play
    (``playing``, paused too): the patient can listen to the rest. Otherwise it would help
    nothing, and closing is the one button (Enter and Esc too)."""
    from PySide6.QtWidgets import QMessageBox

    from painease.ui.question_text import scroll_when_tall, stack_when_too_wide
    from painease.ui.therapist.forms import named

    box = QMessageBox(parent)
    box.setObjectName("close-unsaved-question")
    box.setIcon(QMessageBox.Icon.Information)
    box.setWindowTitle("This session cannot be saved")
    box.setText(words)
    box.setAccessibleName("This session cannot be saved")
    box.setAccessibleDescription(words)
    close = box.addButton("Close painease", QMessageBox.ButtonRole.AcceptRole)
    named(close, "close-unsaved-question-yes", "Close painease",
          "Close painease now; what is not saved stays unsaved")
    close.clicked.connect(leave)
    box.setDefaultButton(close)
    box.setEscapeButton(close)
    if playing:
        keep = box.addButton("Keep painease open", QMessageBox.ButtonRole.RejectRole)
        named(keep, "close-unsaved-question-no", "Keep painease open",
              "Listen to the rest of this session; it still cannot be saved")
        box.setEscapeButton(keep)
    scroll_when_tall(box)
    box.open()
    stack_when_too_wide(box)
    return box


def _listed(names: list[str]) -> str:
    """"a", "a and b", "a, b and c" ("" for none)."""
    if len(names) < 2:
        return "".join(names)
    return f"{', '.join(names[:-1])} and {names[-1]}"


def _yet(error: StoreError) -> str:
    """" yet", but for a damaged file: pressing again cannot save into it."""
    return "" if error.damaged else " yet"


def _first_up(text: str) -> str:
    return text[:1].upper() + text[1:]

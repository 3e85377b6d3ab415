"""The player: the caption, the phase, the transcript, progress and the controls.

Everything shown follows the session's audio clock. A QTimer polls the session ~30 times
a second (``GuidedSession.tick`` also flushes live ratings and notices the end); the
audio callback never calls Qt and this page never waits on audio.

Keys while the page is shown: Space play/pause, ←/→ previous/next step, ↑/↓ live
rating, Esc stop (asks first, and the session waits while it asks: ``StopQuestion``; not
once the sound has played to its end, its last moments still sounding: it is complete).
They are window-wide, so they work wherever focus is, except where the focused control
needs the key itself (``KeysForFocused``): Space and Enter press a focused button ("End
now" included), and the arrows move a focused slider or drop-down. The transcript is a Tab
stop: with the focus on it, ↑/↓ move through its lines and Enter goes to one; ←/→ still
move a step there (``painease.ui.transcript``). While "End this session now?" is open the
session stays where the question found it, so that "End now" ends there: ←/→ go between
the question's two buttons instead of moving a step, and a line chosen in the transcript
is not gone to (Space still pauses and continues: ``StopQuestion``).

Main thread only.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QProgressBar,
    QSizePolicy,
    QSlider,
    QVBoxLayout,
    QWidget,
)

from painease.domain.vocabulary import PAIN_ANCHORS, phase_words, progress_text
from painease.session import GuidedSession, Stage
from painease.ui.breath_cue import BreathCue
from painease.ui.eliding_combo import ElidingCombo
from painease.ui.flow_row import FlowRow, flowing_group, moving_group
from painease.ui.player_banners import PlayerBanners
from painease.ui.player_keys import KeysForFocused
from painease.ui.slider_words import NumberBeside, labelled_slider, level_with, with_number
from painease.ui.stop_question import StopQuestion
from painease.ui.transcript import Transcript
from painease.ui.widgets import (
    AMBIENCE_WORDS,
    button,
    fill,
    label,
    scrolling_page,
    wheel_only_when_focused,
)
from painease.ui.wrapped_items import WrappedItems

POLL_MS = 33


def _over_its_ends(slider: QSlider) -> QWidget:
    """The live rating's ``slider`` over its two ends (a styled slider has no tick marks),
    in the before and after scales' words ("0 = no pain"); no Tab stop, as the slider's
    description says the same to a screen reader."""
    low = label(PAIN_ANCHORS[0], "muted", name="live-rating-low", wrap=False)
    high = label(PAIN_ANCHORS[1], "muted", name="live-rating-high")
    high.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
    ends = QHBoxLayout()
    ends.setSpacing(0)
    ends.addWidget(low, 0, Qt.AlignmentFlag.AlignTop)  # the other end has more words
    ends.addWidget(high, 1)
    scale = QWidget()
    scale.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
    column = QVBoxLayout(scale)
    column.setContentsMargins(0, 0, 0, 0)
    column.setSpacing(2)
    column.addWidget(slider)
    column.addLayout(ends)
    return scale


class PlayerPage(QWidget):
    """Shows ``session`` while it plays. Emits ``stop_confirmed`` once the patient agrees,
    and ``volume_chosen(setting key, value)`` when a volume is set to keep (once when a
    drag ends, at each key, wheel or click step): the level stays for later sessions. (The
    flow saves it once the steps stop: a held arrow key steps dozens of times a second.)"""

    stop_confirmed = Signal()
    volume_chosen = Signal(str, int)

    def __init__(self, session: GuidedSession, *, live_rating: bool, live_start: int,
                 master_volume: int, ambience_volume: int, ambience: str = "none"):
        super().__init__()
        self.session = session
        self._steps = session.timeline.step_starts()
        # A scrolling column: at large text sizes the page grows taller than the window and
        # scrolls, instead of squeezing the banner, caption and transcript until they clip.
        area, layout = scrolling_page(width=1100, name="Session")
        self.area = area
        fill(self, area)
        layout.setSpacing(12)

        # One row per step played (steps a shorter session leaves out have no segments, so
        # a step's number is not its row).
        captions = {s.step: s.caption for s in session.timeline.segments if s.caption}
        # No sound, the chosen output missing, a damaged clip, what is not saved yet.
        self.banners = PlayerBanners(layout, captions, self._retry,
                                     lambda banner: self._bring_into_view(banner, notice=True))
        self.banner = self.banners.banner  # the no-sound one

        layout.addWidget(label(session.title, "muted"))
        self.phase = label("", "phase", name="phase")
        self.phase.setAccessibleDescription("The part of the session now playing")
        layout.addWidget(self.phase)
        self.caption = label("", "caption", name="caption")
        self.caption.setAccessibleDescription("What the guide is saying")
        lines = self.caption.fontMetrics().lineSpacing()
        self.caption.setMinimumHeight(max(120, 3 * lines))
        self.caption.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self.caption, 2)
        self.breath_cue = BreathCue(session.timeline)  # the breaths' pace, in sight too
        layout.addWidget(self.breath_cue)

        self.transcript = Transcript(list(captions.values()))  # Tab, ↑/↓ to read, Enter
        self.wrapped_items = WrappedItems(self.transcript)  # word wrap, heights that fit
        self.transcript.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._row_of = {step: row for row, step in enumerate(captions)}
        self.transcript.setMinimumHeight(5 * self.transcript.fontMetrics().lineSpacing())
        self.transcript.chosen.connect(self._go_to_line)
        layout.addWidget(self.transcript, 2)

        self.progress = QProgressBar()
        self.progress.setObjectName("progress")
        self.progress.setAccessibleName("Progress")
        self.progress.setAccessibleDescription("How much of the session has played; the "
                                               "time is written under it")
        self.progress.setRange(0, max(1, session.timeline.total_frames * 1000
                                      // session.timeline.samplerate))
        self.progress.setTextVisible(False)
        self.time = label("", "muted", name="time")
        layout.addWidget(self.progress)
        layout.addWidget(self.time)

        # Rows that move onto further lines when they do not fit (200 % text in a small
        # window), instead of making the page wider than the window.
        controls = FlowRow(last_at_right=True)
        self.previous = button("◀◀ Previous", "previous-step",
                               "Back to the previous step (left arrow key)",
                               accessible="Previous step")
        self.play_pause = button("Pause", "play-pause", "Pause or continue (Space)",
                                 primary=True)
        self.next = button("Next ▶▶", "next-step", "On to the next step (right arrow key); "
                           "the last step plays to the end", accessible="Next step")
        self.stop = button("End session", "stop-session", "End the session early (Esc)")
        self.previous.clicked.connect(session.previous_step)
        self.play_pause.clicked.connect(self._toggle)
        self.next.clicked.connect(session.next_step)
        self.stop.clicked.connect(self.ask_stop)
        for widget in (self.previous, self.play_pause, self.next, self.stop):
            controls.addWidget(widget)
        layout.addLayout(controls)

        # "End this session now?", pausing meanwhile (Pause/Continue drawn plain meanwhile)
        self.question = StopQuestion(session, self.play_pause)
        self.confirm = self.question.card
        self.keep_going, self.confirm_stop = self.question.keep_going, self.question.confirm_stop
        self.keep_going.clicked.connect(self._never_mind)
        self.confirm_stop.clicked.connect(self._stop)
        layout.addWidget(self.confirm)

        mixer = FlowRow(fill=True)  # the two volumes side by side, or one under the other
        self.master = labelled_slider("master-volume", "Volume", "Overall volume", master_volume)
        self.ambience = labelled_slider("ambience-volume", "Background sound volume",
                                "How loud the background sound is", ambience_volume)
        for slider, layer in ((self.master, "master"), (self.ambience, "ambience")):
            self._follow_volume(slider, layer)
        # The drop-down goes under the background volume when their line is too short.
        volume, background = moving_group(), flowing_group()
        volume.layout().addWidget(label("Volume", "muted", wrap=False))
        volume.layout().addWidget(with_number(self.master), 1)
        background.layout().addWidget(label("Background", "muted", wrap=False))
        background.layout().addWidget(with_number(self.ambience))  # takes the spare width
        self.bed = wheel_only_when_focused(ElidingCombo())
        self.bed.setObjectName("ambience-choice")
        self.bed.setAccessibleName("Background sound")
        self.bed.setAccessibleDescription("Which background sound plays under the voice in "
                                          "this session; a change fades in within a few "
                                          "seconds. Settings chooses the usual one.")
        for name, words in AMBIENCE_WORDS.items():
            self.bed.addItem(words, name)
        self.bed.setCurrentIndex(max(0, self.bed.findData(ambience)))
        self.bed.currentIndexChanged.connect(
            lambda _: session.set_ambience(self.bed.currentData()))
        background.layout().addWidget(self.bed)
        mixer.addWidget(volume)
        mixer.addWidget(background)
        layout.addLayout(mixer)

        self.live = labelled_slider("live-rating", "Live pain rating",
                            f"Your pain right now, 0 to 10: {PAIN_ANCHORS[0]}, "
                            f"{PAIN_ANCHORS[1]}; change it with the up and down arrow keys "
                            "whenever it shifts", live_start, high=10)
        self.live_label = NumberBeside(self.live, lambda v: f"Pain right now: {v}",
                                       "live-rating-value")
        self.live.valueChanged.connect(self._live_changed)
        # "Pain right now: 6" level with the slider, or over it when their line is too
        # short (200 % text on a large-text desktop); the scale's ends under the slider.
        self.live_box = QWidget()
        live_row = flowing_group(top=True)
        live_row.layout().addWidget(level_with(self.live_label, self.live))
        live_row.layout().addWidget(_over_its_ends(self.live))
        QVBoxLayout(self.live_box).addWidget(live_row)
        layout.addWidget(self.live_box)  # parent first: a parentless show() opens a window
        self.live_box.setVisible(live_rating)
        self._show_live_value(live_start)
        if live_rating:
            session.show_live(live_start)  # where it started: for the summary, not a rating

        # A key held down (a tremor, a slow release) is one press: its auto-repeat would
        # flip Pause/Continue, open and close the question, or skip step after step (each
        # step is minutes of the session; to skip several, press again). Only the live
        # rating's ↑/↓ repeat, as they do on a slider.
        for keys, action, repeats in ((Qt.Key.Key_Space, self._toggle, False),
                                      (Qt.Key.Key_Left, lambda: self._step_key(-1), False),
                                      (Qt.Key.Key_Right, lambda: self._step_key(+1), False),
                                      (Qt.Key.Key_Up, lambda: self._nudge_live(+1), True),
                                      (Qt.Key.Key_Down, lambda: self._nudge_live(-1), True),
                                      (Qt.Key.Key_Escape, self.ask_stop, False)):
            shortcut = QShortcut(QKeySequence(keys), self)
            # Window-wide while this page is shown: focus may sit anywhere (or nowhere, just
            # after the Before page went away) and the keys must still work.
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
            shortcut.setAutoRepeat(repeats)
            shortcut.activated.connect(action)

        self.keys_for_focused = KeysForFocused(self)
        for control in (self.banners.retry, self.previous, self.play_pause, self.next,
                        self.stop, self.keep_going, self.confirm_stop, self.master, self.ambience,
                        self.bed, self.live):
            control.installEventFilter(self.keys_for_focused)
        self._before_confirm: QWidget | None = None  # focus to give back on "never mind"

        self.timer = QTimer(self)
        self.timer.setInterval(POLL_MS)
        self.timer.timeout.connect(self.poll)
        self.timer.start()
        self.refresh()

    def _follow_volume(self, slider: QSlider, layer: str) -> None:
        """The session hears every step of ``slider`` at once; the setting (``master`` →
        ``master_volume``…) is chosen when a drag ends, not at each of its steps, and at
        each key, wheel or click step."""
        key = f"{layer}_volume"
        slider.valueChanged.connect(lambda v: self.session.set_volume(layer, v / 100))
        slider.valueChanged.connect(
            lambda v: None if slider.isSliderDown() else self.volume_chosen.emit(key, v))
        slider.sliderReleased.connect(lambda: self.volume_chosen.emit(key, slider.value()))

    def showEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        self.play_pause.setFocus()

    # --- polling ---------------------------------------------------------------------------

    def poll(self) -> None:
        """One timer tick: let the session do its upkeep, then show where it is."""
        if self.session.stage not in (Stage.PLAYING, Stage.PAUSED):
            self.timer.stop()
            return
        self.session.tick()  # may end the session; the flow's listener changes page then
        if self.session.stage in (Stage.PLAYING, Stage.PAUSED):
            self.refresh()

    def refresh(self) -> None:
        session = self.session
        segment = session.segment
        if segment.caption and self.caption.text() != segment.caption:
            self.caption.setText(segment.caption)
        self.phase.setText(phase_words(segment.phase))
        self.breath_cue.follow(session)
        self.transcript.follow(self._row_of.get(segment.step, -1))
        elapsed = session.position_ms
        total = self.progress.maximum()
        self.progress.setValue(elapsed)
        self.time.setText(progress_text(elapsed, total))
        paused = session.stage is Stage.PAUSED
        self.play_pause.setText("Continue" if paused else "Pause")
        self.play_pause.setAccessibleName("Continue" if paused else "Pause")
        self.banners.follow(session)

    # --- actions ---------------------------------------------------------------------------

    def _toggle(self) -> None:
        if self.question.is_open:
            self.question.patient_toggled()
        self.session.toggle()
        self.refresh()  # "Continue" or "Pause" at once, not at the next tick

    def _go_to_line(self, row: int) -> None:
        """The transcript's line ``row`` was chosen (Enter, a click): play from there,
        unless "End this session now?" is open: "End now" ends where the question found
        the session."""
        if not self.question.is_open:
            self.session.seek_frame(self._steps[row])

    def _step_key(self, step: int) -> None:
        """←/→: a step back or on; while the question is open, the session stays where the
        question found it and ←/→ go between its two buttons instead."""
        if not self.question.is_open:
            (self.session.next_step if step > 0 else self.session.previous_step)()
            return
        self.transcript.stayed()  # its reading place does not go along with no step
        answers = (self.keep_going, self.confirm_stop)
        if any(answer.hasFocus() for answer in answers):
            answers[step > 0].setFocus(Qt.FocusReason.TabFocusReason)

    def ask_stop(self) -> None:
        """Ask before ending (Esc, End session); the session waits while it is asked.
        Once the sound has played to its end there is nothing left to miss: no question,
        the session ends as completed now (``GuidedSession.stop_early``)."""
        if self.session.played_to_end:
            self._stop()
            return
        if self.question.is_open:
            self._never_mind()  # Esc twice
            return
        focused = self.focusWidget()
        self._before_confirm = focused if focused is not self.keep_going else None
        self.question.ask()
        self.refresh()
        self.keep_going.setFocus()  # the safe choice is the default one
        self._bring_into_view(self.confirm)  # at 200 % text it may be below the fold

    def _never_mind(self) -> None:
        self.question.close(carry_on=True)
        self.refresh()
        back = self._before_confirm
        if back is not None and back.isVisible():
            back.setFocus()
        else:
            self.play_pause.setFocus()

    def _bring_into_view(self, widget: QWidget, notice: bool = False) -> None:
        """Scroll the page so ``widget`` is in sight (laid out first: it may have just been
        shown); a ``notice``, focus staying put, as ``focus_in_view.show_unfocused``."""
        from painease.ui.focus_in_view import show_unfocused

        self.area.widget().layout().activate()
        if notice:
            return show_unfocused(widget)
        self.area.ensureWidgetVisible(widget)

    def _stop(self) -> None:
        self.question.close(carry_on=False)
        self.timer.stop()
        self.stop_confirmed.emit()

    def _retry(self) -> None:
        self.session.retry_audio()
        self.refresh()

    def _nudge_live(self, step: int) -> None:
        if self.live_box.isVisible():
            self.live.setValue(self.live.value() + step)
            self._bring_into_view(self.live_box)  # the change is seen, even at 200 % text

    def _live_changed(self, value: int) -> None:
        self._show_live_value(value)
        if self.session.stage in (Stage.PLAYING, Stage.PAUSED):
            self.session.record_live(float(value))

    def _show_live_value(self, value: int) -> None:
        self.live_label.show_value(value)

    def shutdown(self) -> None:
        self.timer.stop()

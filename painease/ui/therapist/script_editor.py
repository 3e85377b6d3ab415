"""The script editor: a form over the script format with live checking and a timing preview.

Left: the script's details (id, title, kind, lengths…: ``ScriptDetails``) and its steps
(add, remove, move, each edited in a ``StepForm``: ``ScriptSteps``). Right: what is wrong,
in the loader's own words (each thing named as the form names it: ``check_words``), checked
~0.2 s after each edit (``draft_check``: the draft is written as TOML and read back by the
real loader, so the editor never disagrees with ``painease check``); what check says of a
clip decoded to its end is said once a worker thread has measured it (``ClipSurvey``: each
version of a clip file once, so typing never waits on decoding), its errors as problems and
its warnings as notes; and for a chosen length the fitted timeline (``TimingPreview``). Save
writes ``<id>.toml`` into the user's scripts folder (atomically) and is allowed only when
the script is valid (what it loses of an opened hand-written file, its comments, is said
beside it from the start: ``script_writer.what_saving_drops``); New and Open ask before
they drop unsaved changes. The Open list and
Delete script… are ``ScriptFileActions`` (``script_file_actions``).

Narration per step (``StepNarration``): Record… opens ``RecordDialog`` (clips go to the
user's audio folder as ``<id>/step-NN.ogg``); Render with voice runs the offline voice on
a worker thread (``voice_render``) and is disabled, with a hint, when the ``narration``
extra is not installed. Play step plays one step through the app's ``Player``.

The page is handed the catalog (to open scripts, and the own ones it skipped:
``script_choices``; and to keep ids unique). Main thread only.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QTimer, Signal
from PySide6.QtGui import QAccessible, QAccessibleEvent
from PySide6.QtWidgets import QHBoxLayout, QMessageBox, QVBoxLayout, QWidget

from painease import paths
from painease.catalog import Catalog
from painease.domain.script import Kind
from painease.files import write_atomically
from painease.ui.therapist import voice_render
from painease.ui.therapist.check_words import in_form_words
from painease.ui.therapist.clip_survey import ClipSurvey
from painease.ui.therapist.draft_check import DraftCheck, check_draft, id_in_use
from painease.ui.therapist.forms import (
    ElidingCombo,
    ReflowColumns,
    named,
    reachable,
    unless_unsaved,
)
from painease.ui.therapist.script_choices import LeftOut
from painease.ui.therapist.script_details import ScriptDetails
from painease.ui.therapist.script_file_actions import ScriptFileActions
from painease.ui.therapist.script_steps import ScriptSteps
from painease.ui.therapist.script_writer import what_saving_drops
from painease.ui.therapist.step_form import new_step, step_data
from painease.ui.therapist.step_narration import StepNarration, clip_target, scripts_sharing
from painease.ui.therapist.timing_preview import TimingPreview
from painease.ui.widgets import button, card, label

CHECK_DELAY_MS = 200
COLUMNS_MIN_CHARS = 90  # narrower than this many characters: one column


class ScriptEditor(ScriptFileActions, QWidget):
    """Emits ``saved(path)`` after a script is written."""

    saved = Signal(Path)
    removed = Signal(Path)  # a script file of the therapist's was deleted here

    def __init__(self, catalog: Catalog, *, player_options: dict | None = None,
                 recorder_options: dict | None = None,
                 sets_using: Callable[[str], list[str]] | None = None):
        super().__init__()
        self.catalog = catalog
        self.left_out: dict[str, LeftOut] = {}  # own files the catalog skipped, by path
        # The titles of the therapist's saved sets that use a script id (none: not known).
        self.sets_using = sets_using or (lambda script_id: [])
        self.loaded_from: Path | None = None
        self.loaded_id: str | None = None  # the id the opened (or last saved) script had
        self.check: DraftCheck | None = None
        # The ids a draft may not take, with the catalog, its size and the opened file they
        # were worked out for (``taken_ids``).
        self._taken: tuple[Catalog, tuple, frozenset[str]] | None = None
        self.discard_question: QMessageBox | None = None
        self.dirty = False  # edited since it was loaded, started or saved
        self.narration = StepNarration(self, player_options=player_options,
                                       recorder_options=recorder_options)
        self.narration.clip_ready.connect(self._clip_ready)
        self.narration.sharing = lambda clip: scripts_sharing(
            self.catalog, clip, paths.user_audio_dir(), self.loaded_from)
        self.survey = ClipSurvey(self)  # the clips' warnings, measured off this thread
        self.survey.measured.connect(self.run_check)
        self.step_player = self.narration.player

        # Side by side when there is room; at 200 % text the check and the timing move
        # under the steps, so no form has to scroll sideways.
        self.columns = ReflowColumns(COLUMNS_MIN_CHARS, names=("Script and its steps",
                                                               "Check, preview and save"))
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.columns)
        self._build_left(self.columns.first)
        self._build_right(self.columns.second)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(CHECK_DELAY_MS)
        self._timer.timeout.connect(self.run_check)
        self.new_script()

    # --- building ---------------------------------------------------------------------

    def _build_left(self, column: QVBoxLayout) -> None:
        column.addWidget(label("Script editor", "title"))
        opener = QHBoxLayout()
        self.open_choice = named(ElidingCombo(), "script-open", "Open a script",
                                 "Choose a script to edit; bundled ones open as a copy")
        self.open_button = button("Open", "script-open-button", "Load the chosen script")
        self.new_button = button("New", "script-new", "Start a new, empty script")
        opener.addWidget(self.open_choice, 1)
        opener.addWidget(self.open_button)
        opener.addWidget(self.new_button)
        column.addLayout(opener)
        # Why a chosen script of the therapist's is not in the catalog (hidden otherwise).
        self.open_note = label("", "muted", name="script-open-note")
        self.open_note.hide()
        column.addWidget(self.open_note)
        self.open_choice.currentIndexChanged.connect(self._say_chosen)
        self.open_button.clicked.connect(lambda: self.unless_unsaved(self._open_chosen))
        self.new_button.clicked.connect(lambda: self.unless_unsaved(self.new_script))

        self.details = ScriptDetails()
        self.details.changed.connect(self.schedule_check)
        d = self.details  # the fields, by the names tests and callers use
        self.script_id, self.title, self.kind, self.version = d.script_id, d.title, d.kind, \
            d.version
        self.language, self.summary, self.when, self.lengths = d.language, d.summary, d.when, \
            d.lengths
        self.ambience, self.end_chime = d.ambience, d.end_chime
        column.addWidget(self.details)

        self.script_steps = ScriptSteps(voice_render.available(), voice_render.INSTALL_HINT)
        self.script_steps.changed.connect(self.schedule_check)
        s = self.script_steps  # its parts, by the names tests and callers use
        self.step_list, self.step_form = s.step_list, s.step_form
        self.add_step, self.remove_step, self.up, self.down = s.add_step, s.remove_step, \
            s.up, s.down
        column.addWidget(self.script_steps)
        self.step_form.record_requested.connect(self.record_step)
        self.step_form.voice_requested.connect(self.render_step)
        self.step_form.play_requested.connect(self.play_step)
        # What Record…, Render with voice and Play step say: under their buttons.
        self.play_status = label("", "muted", name="play-status")
        column.addWidget(self.play_status)
        self.narration.status.connect(self.play_status.setText)
        self.narration.notice.connect(self.tell)
        for words in (self.summary, self.step_form.text, self.script_id, self.title,
                      self.language, self.when, self.lengths):  # what a paste left out
            words.cleaned.connect(self.tell)
        column.addStretch(1)

    def _build_right(self, column: QVBoxLayout) -> None:
        box, problems = card()
        problems.addWidget(label("Check", "heading"))
        # A Tab stop: with problems Save is disabled, and Tab skips it, so this is where the
        # keyboard finds what needs fixing. Its words are what a screen reader says; what
        # they are, its description.
        self.problems = reachable(label(""), "script-problems", "Check", "What needs fixing")
        problems.addWidget(self.problems)
        column.addWidget(box)

        self.timing = TimingPreview()
        self.preview_length, self.preview_summary, self.preview = (
            self.timing.length, self.timing.summary, self.timing.table)
        column.addWidget(self.timing, 1)
        self.save_button = button("&Save script", "script-save",
                                  "Save the script to your scripts folder", primary=True)
        self.save_button.clicked.connect(self.save)
        self.save_status = label("", "muted", name="save-status")
        self.delete_button = button("Delete script…", "script-delete",
                                    "Remove this script of yours from your scripts folder "
                                    "(asks first); its recordings are kept")
        self.delete_button.clicked.connect(self.ask_delete)
        self.delete_question = None  # the question Delete script… asks, while open
        # What a Save over the opened file loses (its comments…), said before the first
        # Save, beside it and in its description; hidden when nothing is lost.
        self.save_note = label("", "muted", name="save-note")
        self.save_note.hide()
        self.save_description = self.save_button.accessibleDescription()
        column.addWidget(self.save_status)
        column.addWidget(self.save_note)
        column.addWidget(self.save_button)
        column.addWidget(self.delete_button)

    # --- loading --------------------------------------------------------------------------

    def new_script(self) -> None:
        self.refresh_catalog(self.catalog)
        self.loaded_from = self.loaded_id = None
        self._fill({"id": "", "version": 1, "title": "", "kind": Kind.SOMATIC_TRACKING.value,
                    "language": "en", "summary": "", "when_to_use": "", "lengths": [5, 10],
                    "ambience": "none", "end_chime": True}, [new_step()])

    def load_script(self, script_id: str) -> None:
        entry = self.catalog.get(script_id)
        script = entry.script
        meta = script.model_dump(mode="json", exclude={"steps", "format"})
        steps = step_data(script)
        if entry.origin != "user":
            # A copy: its own id, and no clips (they live in the package or the pack).
            meta["id"] = f"{script.id}-copy"
            meta["version"] = 1
            for step in steps:
                step.pop("clip", None)
            self.loaded_from = self.loaded_id = None
        else:
            self.loaded_from, self.loaded_id = entry.path, script.id
        self._fill(meta, steps)

    def _fill(self, meta: dict, steps: list[dict]) -> None:
        self.delete_button.setEnabled(self.loaded_from is not None)
        self._say_what_saving_drops(self.loaded_from)
        self.details.fill(meta)
        self.script_steps.fill(steps)
        self.run_check()
        self.dirty = False

    def _say_what_saving_drops(self, path: Path | None) -> None:
        """Beside Save: what saving over ``path`` (the opened file) loses; nothing if no
        file, or it has nothing the editor does not keep."""
        try:
            note = what_saving_drops(path.read_text(encoding="utf-8")) if path else ""
        except (OSError, UnicodeDecodeError):
            note = ""  # it was just read by the catalog; if not now, Save says why
        self.save_note.setText(note)
        self.save_note.setVisible(bool(note))
        self.save_button.setAccessibleDescription(
            f"{self.save_description}. {note}" if note else self.save_description)

    def unless_unsaved(self, then) -> None:
        """Run ``then`` now, or after the therapist agrees to drop unsaved changes."""
        self.discard_question = unless_unsaved(
            self, self.dirty, self.title.text().strip() or "this script", then)

    @property
    def steps(self) -> list[dict]:
        """The draft's steps, as ``ScriptSteps`` holds them (the TOML shape)."""
        return self.script_steps.steps

    def current_step(self) -> int:
        return self.script_steps.current_step()

    # --- checking -------------------------------------------------------------------------

    def data(self) -> dict:
        """The draft as the TOML data it will be saved as (lengths that parse only)."""
        return {**self.details.data(), "steps": [dict(step) for step in self.steps]}

    def schedule_check(self) -> None:
        self.dirty = True
        self.save_button.setEnabled(False)
        self._timer.start()

    def taken_ids(self) -> frozenset[str]:
        """The catalog's ids but the opened file's own. Worked out once per catalog and
        opened file, not per check: resolving every catalog file's path took ~9 ms of each
        check with 300 scripts."""
        key = (len(self.catalog.entries), self.loaded_from)
        if self._taken is None or self._taken[0] is not self.catalog or self._taken[1] != key:
            mine = self.loaded_from.resolve() if self.loaded_from else None
            ids = frozenset(e.script.id for e in self.catalog.entries.values()
                            if e.path.resolve() != mine)
            self._taken = self.catalog, key, ids
        return self._taken[2]

    def run_check(self) -> DraftCheck:
        self._timer.stop()
        self.check = check_draft(self.data(), paths.user_audio_dir(), self.taken_ids(),
                                 clip_findings=self.survey.findings)
        self._keep_the_id_sets_use(self.check)
        checked = self.check.script.id if self.check.script else ""  # said as written
        if self.check.ok:
            lines = ["No problems: the script is ready to save."]
        else:  # named as this form names things, not by the file's keys
            lines = [f"• {in_form_words(p, checked)}" for p in self.check.problems]
        lines += [f"• Note: {in_form_words(n, checked)}" for n in self.check.notes]
        if self.check.measuring:
            lines.append("• Measuring the clips' loudness and length…")
        self.problems.setText("\n".join(lines))
        self.save_button.setEnabled(self.check.ok)
        self.timing.show_check(self.check)
        return self.check

    def _keep_the_id_sets_use(self, check: DraftCheck) -> None:
        """An opened script whose id changed, while saved sets still name the old id: a
        problem, not a note. Those sets (and the patients sent them) would lose it."""
        old = self.loaded_id
        if check.script is not None and old is not None and check.script.id != old:
            using = self.sets_using(old)
            if using:
                check.problems.append(id_in_use(old, using))

    # --- saving ---------------------------------------------------------------------------

    def save(self) -> Path | None:
        check = self.run_check()
        if not check.ok:
            self.save_status.setText("Not saved: fix the problems listed above first.")
            return None
        folder = paths.user_scripts_dir()
        # A script opened here is saved back to its own file, whatever its name; a new one
        # goes to <id>.toml, but never over a file this draft did not come from (a script
        # whose file is named otherwise, or one that does not load yet).
        target = self.loaded_from or folder / f"{check.script.id}.toml"
        if self.loaded_from is None and target.exists():
            self.save_status.setText(f"Not saved: {target} already exists and was not opened "
                                     "here. Choose another id, or move that file away first.")
            return None
        try:  # the folder itself may be what fails (not a folder, not writable)
            # Whole or not at all, through a temp name without ".toml": a killed save's
            # leftover is never read as a second script.
            write_atomically(target, check.text.encode("utf-8"), own_data=True)
        except OSError as exc:
            where = exc.filename or folder
            self.save_status.setText(f"Not saved: {exc.strerror or exc} ({where}).")
            return None
        before = self.catalog.entries.get(self.loaded_id) if self.loaded_id else None
        renamed = before is not None and before.script.id != check.script.id
        self.loaded_from, self.loaded_id = target, check.script.id
        self.dirty = False
        self._say_what_saving_drops(None)  # the file is now as the editor writes it
        # A new id is a new script to everything that named the old one: sets that use it
        # would show it as missing, and its clips' folder keeps the old name.
        note = (f" Its id changed from '{before.script.id}': sets that use that id will "
                "show it as not in your library until you choose it again there."
                if renamed else "")
        self.save_status.setText(f"Saved to {target}.{note}")
        self.delete_button.setEnabled(True)
        self.saved.emit(target)
        return target

    # --- narration (StepNarration does the work) -----------------------------------------

    def clip_target(self, row: int) -> tuple[str, Path] | None:
        return clip_target(self.script_id.text().strip(), row, self.steps, self.taken_ids(),
                           paths.user_audio_dir())

    def _chosen_step(self) -> tuple[int, str, tuple[str, Path] | None] | None:
        """The chosen step's row, words and clip target; None when no step is chosen."""
        row = self.current_step()
        if not 0 <= row < len(self.steps):
            return None
        return row, self.steps[row].get("text", ""), self.clip_target(row)

    def record_step(self) -> None:
        if chosen_step := self._chosen_step():
            self.narration.record(*chosen_step)

    def render_step(self, *, synthesise=None) -> None:
        """Render the chosen step with the offline voice (``synthesise``: see voice_render)."""
        if chosen_step := self._chosen_step():
            self.narration.render(*chosen_step, self.language.text().strip() or "en",
                                  synthesise=synthesise)

    def _clip_ready(self, row: int, clip: str) -> None:
        if self.script_steps.set_clip(row, clip):
            self.dirty = True
            self.run_check()

    def tell(self, text: str) -> None:
        """Say ``text`` (why Record… did nothing, a failed render…) under the step's
        buttons, scrolled into sight and sent to a screen reader as an alert; the focus
        stays on the button pressed."""
        from painease.ui.focus_in_view import show_unfocused

        self.play_status.setText(text)
        # Laid out with its new words first (they may take more lines), the column it is in
        # too: a scroll area sizes its content when it is told the layout changed.
        for _ in range(3):  # the label, its column, the scroll area's content
            QCoreApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
        show_unfocused(self.play_status)
        QAccessible.updateAccessibility(QAccessibleEvent(self.play_status,
                                                         QAccessible.Event.Alert))

    def play_step(self) -> None:
        row = self.current_step()
        if 0 <= row < len(self.steps):
            self.narration.play(self.steps[row], row + 1, paths.user_audio_dir())

    def hideEvent(self, event) -> None:  # noqa: N802 - Qt override
        # Leaving the editor (another page or tab, or the window closing) ends a preview.
        self.narration.stop()
        super().hideEvent(event)


"""Home's card for the patient's current set of sessions (from their therapist).

It shows where the patient stands today (``ProgramStore.status``): progress ("3 of 8 done",
and what counts: a session heard at least half through), the next item with the
therapist's note, what is due today, and -- gently, with no streaks and nothing to catch
up on -- planned days that went by. One click on Start begins the next item; the session
is linked to that item when it is stored
(``start_requested(script_id, minutes, set_id, position)``).

``set_card(catalog, store, today)`` returns None when no set was ever started (sessions
are counted on the days of ``painease.storage.zones.own_zone``); while the
catalog is still loading (``None``) the card shows the set with Start disabled. Main
thread only.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QProgressBar

from painease.domain.program_status import ProgramStatus
from painease.domain.programs import ProgramItem
from painease.domain.vocabulary import minutes_text
from painease.domain.voice import capital
from painease.storage import SessionStore, StoreError
from painease.storage.programs import ProgramStore
from painease.ui.data_file_words import store_cause
from painease.ui.widgets import button, card, label, reachable_text

# What counts as done (``program_status.counts_for_set``), said where the count is shown,
# so a session stopped early that does not count is no surprise.
COUNTING_RULE = "A session counts for your set once you have heard at least half of it."

if TYPE_CHECKING:  # the catalog brings the script models (pydantic): not at start-up
    from painease.catalog import Catalog


def set_card(catalog: Catalog | None, store: SessionStore,
             today: date | None = None) -> SetCard | None:
    status = current_status(store, today)
    return card_for(catalog, store, status) if status is not None else None


def card_for(catalog: Catalog | None, store: SessionStore, status: ProgramStatus) -> SetCard:
    """The card for ``status``, naming the key its set was signed with (from ``store``),
    and the patient's other sets that still have sessions planned (``still_planned``)."""
    return SetCard(catalog, status, ProgramStore(store).program(status.program.id).signer_key,
                   still_planned(store, status))


def still_planned(store: SessionStore, status: ProgramStatus) -> list[ProgramStatus]:
    """The patient's other started sets, newest saved first, whose planned days are not
    over and which are not finished: a newer set made current hid them from Home, though
    their sessions are still planned (the card names them, with a way to show each).

    A set that cannot be read (a ``StoreError``: its values, or its sessions', were
    edited or damaged) is left out, and the others are still named: the current set's card
    must not be lost to another set."""
    from painease.storage.zones import own_zone

    sets, tz = ProgramStore(store), own_zone(store)
    others = []
    try:
        ids = sets.program_ids()
    except StoreError:  # not even their ids: no other set is named
        return []
    for set_id in ids:
        if set_id == status.program.id:
            continue
        try:
            if sets.program(set_id).started_on is None:
                continue
            other = sets.status(status.today, program_id=set_id, tz=tz)
        except (StoreError, ValueError):
            continue  # cannot be read (a start day too near the year 9999 for its plan's
            # days too: ``status`` says so as an ``UnreadableValue``), or removed meanwhile
        if other is not None and not (other.finished or other.plan_ended):
            others.append(other)
    return others


def current_status(store: SessionStore, today: date | None = None) -> ProgramStatus | None:
    """Where the patient stands in their current set (None when none was ever started)."""
    from painease.storage.zones import own_zone  # zoneinfo: the card comes after start-up

    # Days on the patient's own clock: a session done on a trip counts on the day it was
    # lived, as their therapist counts it; in save order (the store knows its own).
    return ProgramStore(store).status(today, tz=own_zone(store))


def playable_next(catalog: Catalog | None, status: ProgramStatus | None) -> ProgramItem | None:
    """The set's next item when it can be started here (its script is installed at its
    length); None when there is no set, it is finished, or the catalog is still loading.
    The set card's Start and Home's suggestion both start this item."""
    if status is None or status.finished or status.next_item is None or catalog is None:
        return None
    item = status.next_item
    entry = catalog.entries.get(item.script_id)
    return item if entry is not None and item.minutes in entry.script.lengths else None


def sender_words(therapist_name: str, signer_key: str | None) -> str:
    """Who sent the set, with the fingerprint of the key that signed it, written as
    ``therapist init`` shows it to the therapist (so the two can be compared)."""
    from painease.packs.fingerprints import fingerprint

    try:
        return (f"Your set from {therapist_name} (fingerprint {fingerprint(signer_key)})"
                if signer_key else f"Your set from {therapist_name}")
    except ValueError:  # not a key (the database was edited): the name alone
        return f"Your set from {therapist_name}"


def item_title(catalog: Catalog | None, item: ProgramItem, set_id: str | None = None) -> str:
    """The session's title: the catalog's; else, when its file in the set's pack folder
    cannot be used (damaged), the title that file still says; else its place in the set
    (a script id is no name for a patient)."""
    entry = catalog.entries.get(item.script_id) if catalog is not None else None
    if entry is not None:
        return entry.script.title
    kept = title_in_pack_copy(set_id, item.script_id) if set_id else None
    return kept or f"Session {item.position} of this set"


def title_in_pack_copy(set_id: str, script_id: str) -> str | None:
    """The ``title = "…"`` line of the set's own copy of a script (before any table), read
    alone: the rest of the file may be damaged. None when it is missing or unreadable."""
    import tomllib

    from painease import paths

    path = paths.packs_dir(create=False) / set_id / "scripts" / f"{script_id}.toml"
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, ValueError):
        return None
    for line in lines:
        if line.lstrip().startswith("["):
            return None
        if line.lstrip().startswith("title"):
            try:
                title = tomllib.loads(line).get("title")
            except tomllib.TOMLDecodeError:
                return None
            shown = title.strip() if isinstance(title, str) else ""
            return shown if shown and shown.isprintable() and len(shown) <= 80 else None
    return None


def item_words(catalog: Catalog | None, item: ProgramItem, set_id: str | None = None) -> str:
    return f"{item_title(catalog, item, set_id)} · {minutes_text(item.minutes)}"


class SetCard(QFrame):
    """Shows one ``ProgramStatus`` (and the fingerprint of ``signer_key``, the set's
    signer); emits ``start_requested(script, minutes, set, position)``."""

    start_requested = Signal(str, float, str, int)
    show_set_requested = Signal(str, str)  # the id and title of another set to show

    def __init__(self, catalog: Catalog | None, status: ProgramStatus,
                 signer_key: str | None = None, others: list[ProgramStatus] | None = None):
        super().__init__()
        self.status = status
        program = status.program
        self.setProperty("role", "card")
        self.setObjectName("set-card")
        inner, layout = card()
        inner.setProperty("role", "")  # the card look is this frame's; avoid a double border
        outer = QHBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(inner)

        layout.addWidget(label(sender_words(program.therapist_shown, signer_key), "muted",
                               name="set-sender"))
        layout.addWidget(label(program.title, "heading", name="set-title"))
        self.progress = QProgressBar()
        self.progress.setObjectName("set-progress")
        self.progress.setRange(0, max(1, status.total))
        self.progress.setValue(status.done)
        self.progress.setFormat(status.progress_text)
        # The bar is a thin line (theme.py): its own text would be cut in half. The label
        # under it says the progress; screen readers get it as the description.
        self.progress.setTextVisible(False)
        self.progress.setAccessibleName("Progress through the set")
        self.progress.setAccessibleDescription(status.progress_text)
        layout.addWidget(self.progress)
        self.progress_label = label(status.progress_text, name="set-progress-text")
        self.progress_label.setAccessibleDescription(COUNTING_RULE)
        layout.addWidget(self.progress_label)
        layout.addWidget(label(COUNTING_RULE, "muted", name="set-rule"))

        self.start = None
        item = status.next_item
        if status.finished or item is None:
            layout.addWidget(label("Every session of this set is done. Your therapist may "
                                   "send you a new one; until then, any session in the "
                                   "library is yours to use.", name="set-finished"))
            self._add_others(layout, others or [])
            return
        if status.plan_ended:  # nothing is ever due again: said kindly, not "nothing today"
            layout.addWidget(label(plan_ended_words(status), name="set-ended"))
        else:
            layout.addWidget(label(due_words(catalog, status), name="set-due"))
        layout.addWidget(label("Next", "muted"))
        layout.addWidget(label(item_words(catalog, item, program.id), "heading",
                               name="set-next"))
        # capital(), not str.capitalize(): that lowercased the rest ("On fri 4 dec").
        # Dates are read on the card's own day (the year is said when it is not that day's).
        # A later start is said as its day (the set's start is the patient's import day).
        layout.addWidget(label(capital(item.schedule.describe(status.today,
                                                              status.started_on)) + ".",
                               "muted", name="set-schedule"))
        if item.note:
            note = label(f"A note from {program.therapist_shown}: {item.note}",
                         name="set-note")
            note.setAccessibleDescription("Your therapist's note")
            layout.addWidget(note)
        if status.missed_text and not status.plan_ended:  # ("carry on from today")
            layout.addWidget(label(status.missed_text, "muted", name="set-missed"))

        row = QHBoxLayout()
        row.addStretch(1)
        playable = playable_next(catalog, status) is not None
        # Named for what it starts: Home has another Start (the suggestion's).
        self.start = button("Start", "set-start", "The next session of your set",
                            primary=True,
                            accessible=f"Start {item_title(catalog, item, program.id)}, "
                            f"{minutes_text(item.minutes)}")
        self.start.setEnabled(playable)
        if catalog is not None and not playable:  # (None: the scripts are still loading)
            # Off, Start is passed by Tab: the reason is a Tab stop that says its words,
            # and Start, still read in a screen reader's review, says it too.
            reason = not_playable_words(catalog, item)
            missing = reachable_text(label(reason, name="set-missing"))
            missing.setAccessibleDescription("Why the next session of your set cannot "
                                             "start")
            layout.addWidget(missing)
            self.start.setAccessibleDescription(f"Not possible just now: {reason}")
        self.start.clicked.connect(lambda: self.start_requested.emit(
            item.script_id, float(item.minutes), program.id, item.position))
        row.addWidget(self.start)
        layout.addLayout(row)
        self._add_others(layout, others or [])

    def _add_others(self, layout, others: list[ProgramStatus]) -> None:
        """A line for each other set with sessions still planned, and a button that shows
        it on Home instead (``show_set_requested``): only Home's card starts a set's
        sessions, so a newer set must not leave an older one's plan out of reach."""
        for other in others:
            title = other.program.title
            layout.addWidget(label(
                f"Your other set, “{title}”, still has sessions planned "
                f"({other.progress_text}). To do them, show it here; this set stays, "
                "and you can come back to it the same way.", "muted", name="set-other"))
            row = QHBoxLayout()
            row.addStretch(1)
            # A long title's words wrap (200 % text): on one line the button made Home
            # scroll sideways, Start off screen.
            show = button(f"Show “{title}”", "set-show-other",
                          "Show your other set on Home, to start its sessions", wrap=True)
            show.clicked.connect(lambda _=False, pid=other.program.id, title=title:
                                 self.show_set_requested.emit(pid, title))
            row.addWidget(show)
            layout.addLayout(row)


def not_shown_words(title: str, problem: StoreError | ValueError) -> str:
    """What Home says when "Show “…”" could not make the set ``title`` the current one
    (``ProgramStore.activate`` raised ``problem``): that it is not shown, why, and what to
    try. ``ValueError``: the set is gone (removed meanwhile, e.g. from the command line);
    a ``StoreError``: the choice could not be saved (the data file busy, the disk full)."""
    shown = f"“{title}” is not shown"
    again = f"press Show “{title}” again"
    if isinstance(problem, ValueError):
        return (f"{shown}: it is no longer on this computer. Importing its pack from your "
                "therapist again brings it back.")
    if problem.replaced:  # only a new start saves there again
        return (f"{shown}: {problem.cause}. Please close painease and open it again, then "
                f"{again}.")
    why = problem.cause or "painease could not save which set to show"
    todo = (f"{capital(problem.remedy)}, then {again}." if problem.remedy
            else f"Please {again} in a moment.")
    return f"{shown} just now: {why}. {todo}"


def due_words(catalog: Catalog | None, status: ProgramStatus) -> str:
    """What the card says of today: what is planned for it, else that nothing is."""
    if status.due_today:
        return "Planned for today: " + "; ".join(
            item_words(catalog, i, status.program.id) for i in status.due_today)
    if status.ahead:
        return ("You're ahead of plan — nothing is due today. You can still do the next "
                "one if you like.")
    return "Nothing is planned for today. You can still do the next one if you like."


def plan_ended_words(status: ProgramStatus) -> str:
    """The card's words once the set's planned days are over with sessions not done
    (``ProgramStatus.plan_ended``): when they ended, what was done (not counted at a
    patient who did none), that its sessions still count, and who to talk with next."""
    from painease.domain.program_status import last_day
    from painease.local_time import day_text

    last = last_day(status.program, status.started_on)
    said = [f"The planned days of this set ended on "
            f"{day_text(last, weekday=True, year=last.year != status.today.year)}."]
    if status.done:
        said.append(f"You did {status.done} of its {status.total} sessions.")
    said.append("Its sessions are still here whenever you would like one, and they still "
                "count.")
    said.append(f"You might like to talk with {status.program.therapist_shown} about what "
                "comes next.")
    return " ".join(said)


def not_playable_words(catalog: Catalog, item: ProgramItem) -> str:
    """Why the set's next session cannot be started here, and what puts it right: a
    session the catalog lacks had a file refused (damaged or missing: the catalog leaves
    out a script whose file or a clip cannot be used); one it has lacks that length."""
    if item.script_id not in catalog.entries:
        return ("This session cannot be played: one of its files on this computer is "
                "damaged or missing. Importing the pack from your therapist again repairs it.")
    return ("This session is not installed on this computer at that length. Import the "
            "pack from your therapist again.")


# Where the set card would be when the set cannot be read (the database was changed).
SET_UNREADABLE = ("Your set of sessions from your therapist can't be shown just now: part "
                  "of it could not be read. Your sessions and ratings are kept, and every "
                  "session in the Library is still yours to use.")


def helper_words(problem) -> str:
    """What could not be read (a ``StoreError``), for whoever helps the patient, in a muted
    line: the table and column of a stored value, and what it should be, but not the row's
    id or the stored bytes (``b'\\x00\\xff'`` is nothing a patient should be shown); else
    its cause in plain words, with no path (``store_cause``). Home's card below and Send
    results… say it alike."""
    where = getattr(problem, "where", None)
    if where is not None:
        return (f"For whoever helps you with it: the {where[0]} table, column {where[2]} "
                f"holds a value that is not {problem.kind}.")
    return f"For whoever helps you with it: {store_cause(problem)}."


def unreadable_card(problem: StoreError) -> QFrame:
    """Home's card in the set card's place when the set cannot be read (``problem``: why,
    said in a muted line for whoever helps, as ``helper_words`` says it)."""
    box, layout = card()
    box.setObjectName("set-unreadable")
    box.setAccessibleName("Your set")
    box.setAccessibleDescription("Your set of sessions could not be read")
    # A Tab stop that says its words: nothing else on the card takes focus.
    text = reachable_text(label(SET_UNREADABLE, name="set-unreadable-text"))
    text.setAccessibleDescription("Your set of sessions")
    layout.addWidget(text)
    layout.addWidget(label(helper_words(problem), "muted", name="set-unreadable-detail"))
    return box

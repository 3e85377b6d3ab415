"""One patient's set progress and latest session, for the Patients page's detail area.

``progress_lines(store, sessions, today, tz)`` reads from a patient's imported database (the
``SessionStore`` of ``painease.packs.results.open_patient``) the set they follow — the
current one, with the progress their own Home shows (``ProgramStore.status``), else (their
current set is another therapist's) the latest of yours they started — and the day
of their latest session, as two plain sentences about the patient:
"Set “Two weeks” (started 1 Nov 2026): 3 of 5 done." and "Last session: Fri 20 Nov 2026."
Sessions the patient stopped before their end are said too (``ended_early_text``): "3 of 5
done, 1 of them ended early. 1 more ended early, before half of it was heard, so it does
not count." (a session counts once half of it was heard: ``counts_for_set``). Sessions done
for an item that a later version of the set changed, which count for nothing now, are
said too (``program_status.no_longer_counted_text``), and so are sessions done beyond the
plan of a later version that plans fewer (``fewer_planned_text``), so progress that went
down after an update is explained.
Results that carry no set, or no sessions, say so. Days are the patient's: ``tz``, their
clock (``painease.storage.zones.patient_zone``), is required everywhere here, so no line is
counted on the therapist's clock by accident.

Under the set line, in small print, the rule (``COUNTING_RULE``, as Home's set card says
it to the patient): a session heard less than half through (stopped, skipped through, or
cut off) is not counted, and the report marks it "not counted".

``PatientProgress`` shows them as two labels that Tab reaches (read-only, selectable by
keyboard), wrapping at large text sizes, a blank line between two sets' lines (at 200 %
text they ran together). A screen reader hears each one's words (its accessible name is
its text) and then what it is (its description: ``forms.reachable``). Main thread only.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, tzinfo

from PySide6.QtWidgets import QVBoxLayout, QWidget

from painease.domain.wrong_clock import ahead_sentence, dated_ahead, latest_lived
from painease.local_time import day_text
from painease.storage import SessionStore, StoreError
from painease.ui.therapist.forms import reachable
from painease.ui.widgets import label

COUNTING_RULE = "A session counts for the set once at least half of it was heard."
FOCUS_RING = 2  # px a label Tab reaches keeps clear around its text (theme.py)
NO_SET = "No set in these results."


def set_line(store: SessionStore, today: date, tz: tzinfo,
             covered_to: date | None = None) -> str:
    """The set the patient follows and how far along it they are, in one sentence
    (sessions counted on the days of the patient's clock ``tz``), then one for each other
    set they did sessions of; the first said to be current when it is and there are
    others. Counted on ``today``, or on ``covered_to`` (the last day their results cover)
    when that is earlier, as the report counts it, and said so."""
    from painease.storage.programs import ProgramStore
    from painease.storage.set_changes import why_progress_fell

    on = covered_to if covered_to is not None and covered_to < today else today
    try:
        sets = ProgramStore(store)
        # Their current set, else the latest of yours they began; then the others begun,
        # newest saved first, those they did sessions of.
        followed = sets.followed()
        if followed is None:
            return NO_SET
        current = sets.current()
        others = [stored for stored in sets.programs()
                  if stored.started_on is not None and stored.program.id != followed.program.id
                  and sets.linked_sessions(stored.program.id, tz=tz)]
        lines = []
        for stored in (followed, *others):
            status = sets.status(on, program_id=stored.program.id, tz=tz)
            too_soon = sets.stopped_too_soon(stored.program.id)
            # Done for an item a later version changed, or beyond the plan of one that
            # plans fewer sessions: why progress went down.
            changed = why_progress_fell(store, stored.program, tz, own=False)
            now = ("the current set, " if others and stored is followed and current
                   is not None and current.program.id == stored.program.id else "")
            when = (f"on {day_text(on)}, the last day their results cover, "
                    if on != today else "")
            lines.append(
                f"Set “{status.program.title}” ({now}started "
                f"{day_text(status.started_on)}): {when}"
                f"{status.progress_text}{ended_early_text(status.ended_early, too_soon)}"
                + "".join(f" {text}" for text in changed))
    except (StoreError, ValueError) as exc:
        return f"Their set could not be read: {copy_problem(exc, store)}."
    return "\n".join(lines)


def copy_problem(error: Exception, store: SessionStore) -> str:
    """``error``, met reading a patient's imported results (``store``), in words for the
    therapist: a value that cannot be read (``UnreadableValue``) says what and where (a
    set's row by its title, ``set_rows.by_title``), that it is in this computer's copy of
    their results, and how that copy is put right, not the advice the store gives a
    person about their own data (export your sessions). Any other error as it is."""
    from painease.storage.set_rows import by_title
    from painease.storage.stored_values import UnreadableValue

    if not isinstance(error, UnreadableValue):
        return str(error)
    return (f"{by_title(store.database, error).detail}. That is in this computer's copy of "
            f"their results, in {store.path.parent}; nothing was changed. To put it right, "
            "restore that folder from a backup, or move it away and import their results "
            "files again (ask them to send them again if you no longer have them)")


def ended_early_text(counted: int, too_soon: int) -> str:
    """The end of the progress sentence: of the sessions done, how many the patient ended
    early, then how many more they ended too soon to count (half of it not heard)."""
    text = f", {counted} of them ended early." if counted else "."
    if too_soon == 1:
        text += " 1 more ended early, before half of it was heard, so it does not count."
    elif too_soon:
        text += (f" {too_soon} more ended early, before half of each was heard, so they do "
                 "not count.")
    return text


def last_session_line(sessions: Sequence, tz: tzinfo) -> str:
    """The day of the latest session (``sessions`` oldest first) on the patient's clock;
    one dated in the future (their clock was ahead) only when every one is, and said."""
    if not sessions:
        return "No sessions in these results yet."
    last = latest_lived(sessions, lambda s: s.started_at)
    line = f"Last session: {day_text(last.started_at, tz, weekday=True)}."
    ahead = sum(dated_ahead(s.started_at) for s in sessions)
    return f"{line} {ahead_sentence(ahead, own=False)}" if ahead else line


def progress_lines(store: SessionStore, sessions: Sequence, today: date,
                   tz: tzinfo, covered_to: date | None = None) -> tuple[str, str]:
    return set_line(store, today, tz, covered_to), last_session_line(sessions, tz)


class PatientProgress(QWidget):
    """The set line and the last-session line of the chosen patient."""

    def __init__(self) -> None:
        super().__init__()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        self.set_label = reachable(label(""), "patient-set", "Set progress",
                                   "The set this patient follows, how many of its "
                                   "sessions are done and how many ended early")
        self.last_label = reachable(label(""), "patient-last-session", "Last session",
                                    "The day of this patient's latest session")
        self.rule = label(COUNTING_RULE, "muted", name="patient-set-rule")
        # Not a Tab stop, so no clear border for a focus ring: as far in as the lines
        # around it, which have one, else its text sat 2 px left of theirs.
        self.rule.setContentsMargins(FOCUS_RING, 0, 0, 0)
        layout.addWidget(self.set_label)
        layout.addWidget(self.rule)
        layout.addWidget(self.last_label)
        self.hide()

    def show_patient(self, store: SessionStore, sessions: Sequence,
                     today: date | None = None, *, tz: tzinfo,
                     covered_to: date | None = None) -> None:
        """Fill both lines from the patient's database; ``sessions`` as ``store.sessions()``;
        ``tz`` the patient's clock, on which ``today`` (default: now) is taken;
        ``covered_to``: the last day their results cover (``set_line``)."""
        set_text, last_text = progress_lines(store, sessions,
                                             today or datetime.now(tz).date(), tz,
                                             covered_to)
        # A blank line between two sets' sentences: at 200 % text they ran together.
        self.set_label.setText(set_text.replace("\n", "\n\n"))
        self.rule.setVisible(set_text.startswith("Set "))  # a set's count is shown
        self.last_label.setText(last_text)
        self.show()

    def clear(self) -> None:
        self.set_label.setText("")
        self.last_label.setText("")
        self.hide()

"""The player's banner when something a running session writes could not be saved: it
says what (``GuidedSession.store_failed``): the live ratings, the note that the session is
playing without sound, or both. It once said "Your live ratings are not saved yet" for
either, even with the live rating turned off.

When it is up (``store_banner_shown``): another program holding the data file (a backup
tool, a painease command) is said only once two flushes in a row could not save
(``GuidedSession.failed_flushes``), so a moment's hold puts up nothing mid-exercise;
everything else (a full disk, a damaged file, the folder replaced) is said at once. What
is not saved is kept and tried again either way, and the banner goes once it is saved.
A file painease may not write, or a damaged one, is said in plain words with one next step
and no path (``painease.ui.data_file_words``); a damaged one without "yet" or "tries
again", which cannot help it.

``replaced_words`` is how the player, the After page and the question on closing say a
save refused as the data folder was moved or replaced while painease was open
(``StoreError.replaced``), each in words true where they are shown. Main thread.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from painease.ui.data_file_words import data_file_words, store_cause

if TYPE_CHECKING:
    from painease.session import GuidedSession
    from painease.storage import StoreError

SOUND_NOTE = "the note that this session is playing without sound"
BUSY_FLUSHES = 2  # flushes in a row (FLUSH_SECONDS apart) a busy file fails before it is said
AGAIN = "close painease and open it again, and your next sessions will be saved as usual."
WHEN_READY = f"When you are ready, {AGAIN}"  # a rating page: pressing again cannot help


def store_banner_shown(session: GuidedSession) -> bool:
    """Whether the banner is up: something is not saved, and said at once unless it is
    another program holding the file that has not yet outlasted a flush (see the top)."""
    problem = session.store_problem
    return problem is not None and (not problem.busy
                                    or session.failed_flushes >= BUSY_FLUSHES)


def store_banner_words(session: GuidedSession) -> str:
    """What was not saved, why (the cause once, not the store's own line, which has advice
    of its own), that painease tries again, and what the person can do, if anything: while
    another program holds the file, nothing but carry on (waiting for it is no task for
    the middle of an exercise)."""
    problem = session.store_problem
    if problem is None:
        return ""
    if problem.replaced:
        return replaced_words(problem, f"You can finish the session if you like. Then {AGAIN}")
    live, note = "live" in session.store_failed, "audio-note" in session.store_failed
    if live and note:
        what, them = f"Your live ratings, and {SOUND_NOTE}, are", "them"
    elif note:
        what, them = f"{SOUND_NOTE[:1].upper()}{SOUND_NOTE[1:]} is", "it"
    elif live:
        what, them = "Your live ratings are", "them"
    else:
        what, them = "Something from this session is", "it"
    they = "they" if them == "them" else them
    cause, step = data_file_words(problem, f", so that {they} can be saved.") or (
        store_cause(problem), "")
    if problem.damaged:  # trying again cannot help: not "yet", nor "tries again"
        return f"{what} not saved: {cause}. {step}"
    if problem.busy:
        todo = " You can carry on with the session."
    elif problem.remedy:
        todo = f" {problem.remedy[:1].upper()}{problem.remedy[1:]} to let {them} be saved."
    else:
        todo = f" {step}" if step else ""
    return (f"{what} not saved yet: {cause}. painease keeps {them} and tries again every few "
            f"seconds.{todo}")


def replaced_words(problem: StoreError, after: str, neither: str = "") -> str:
    """The data folder was moved or replaced: nothing more of this session can be saved
    (not "yet", nor "tries again", nor "is kept": what was saved before went with the old
    folder, and closing does not save it); only a new start saves into the folder as it
    is now, for the next sessions. ``after`` says that as fits the page (``AGAIN`` ends
    it); ``neither`` names what else the page asked for that cannot be saved either."""
    also = f", and neither can {neither}" if neither else ""
    return f"This session can no longer be saved{also}: {store_cause(problem)}. {after}"

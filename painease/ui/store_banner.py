"""The player's banner when something a running session writes could not be saved: it
says what (``GuidedSession.store_failed``): the live ratings, the note that the session is
playing without sound, or both. It once said "Your live ratings are not saved yet" for
either, even with the live rating turned off.

When it is up (``store_banner_shown``): another program holding the data file (a backup
tool, a painease command) is said only once two flushes in a row could not save
(``GuidedSession.failed_flushes``), so a moment's hold puts up nothing mid-exercise;
everything else (a full disk, a damaged file, the folder replaced) is said at once. What
is not saved is kept and tried again either way, and the banner goes once it is saved.

``replaced_words`` is how the banner and the rating pages say a save refused as the data
folder was moved or replaced while painease was open (``StoreError.replaced``). Main
thread.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from painease.session import GuidedSession
    from painease.storage import StoreError

SOUND_NOTE = "the note that this session is playing without sound"
BUSY_FLUSHES = 2  # flushes in a row (FLUSH_SECONDS apart) a busy file fails before it is said


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
    live, note = "live" in session.store_failed, "audio-note" in session.store_failed
    if live and note:
        what, them = f"Your live ratings, and {SOUND_NOTE}, are", "them"
    elif note:
        what, them = f"{SOUND_NOTE[:1].upper()}{SOUND_NOTE[1:]} is", "it"
    elif live:
        what, them = "Your live ratings are", "them"
    else:
        what, them = "Something from this session is", "it"
    if problem.replaced:
        return replaced_words(what, problem)
    if problem.busy:
        todo = " You can carry on with the session."
    elif problem.remedy:
        todo = f" {problem.remedy[:1].upper()}{problem.remedy[1:]} to let {them} be saved."
    else:
        todo = ""
    return (f"{what} not saved yet: {problem.cause or problem.reason}. painease keeps "
            f"{them} and tries again every few seconds.{todo}")


def replaced_words(what: str, problem: StoreError) -> str:
    """``what`` ("Your ratings are") not saved as the data folder was moved or replaced:
    not "yet", nor "tries again", nor "is kept" (what was saved before went with the old
    folder); only a new start saves into the folder as it is now."""
    return (f"{what} not saved: {problem.cause}, so painease cannot save there. Please "
            "close painease and open it again to go on saving.")

"""The player's banner when something a running session writes could not be saved: it
says what (``GuidedSession.store_failed``): the live ratings, the note that the session is
playing without sound, or both. It once said "Your live ratings are not saved yet" for
either, even with the live rating turned off. ``replaced_words`` is how the banner and
the rating pages say a save refused as the data folder was moved or replaced while
painease was open (``StoreError.replaced``). Main thread.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from painease.session import GuidedSession
    from painease.storage import StoreError

SOUND_NOTE = "the note that this session is playing without sound"


def store_banner_words(session: GuidedSession) -> str:
    """What was not saved, why (the cause once, not the store's own line, which has advice
    of its own), that painease tries again, and what the person can do, if anything."""
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
    todo = (f" {problem.remedy[:1].upper()}{problem.remedy[1:]} to let {them} be saved."
            if problem.remedy else "")
    return (f"{what} not saved yet: {problem.cause or problem.reason}. painease keeps "
            f"{them} and tries again every few seconds.{todo}")


def replaced_words(what: str, problem: StoreError) -> str:
    """``what`` ("Your ratings are") not saved as the data folder was moved or replaced:
    not "yet", nor "tries again", nor "is kept" (what was saved before went with the old
    folder); only a new start saves into the folder as it is now."""
    return (f"{what} not saved: {problem.cause}, so painease cannot save there. Please "
            "close painease and open it again to go on saving.")

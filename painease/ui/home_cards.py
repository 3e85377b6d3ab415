"""Home's cards that come from the store: the last session's shift and each session the
app was closed or killed in (``last_shift_card``, ``interrupted_card``).

Both are built once the window has opened the store, a moment after the first screen is
shown, so this module (and the datetime work it does) is never part of start-up.
Main thread only.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from painease.domain.vocabulary import (
    ONE_SESSION,
    OUTCOME_WORDS,
    PAIN_NAME,
    THREAT_NAME,
    counted,
    duration_words,
    quoted,
)
from painease.domain.wrong_clock import dated_ahead, future_note
from painease.local_time import when_text
from painease.storage import StoreError
from painease.storage.zones import own_zone
from painease.ui.widgets import card, label

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from painease.catalog import Catalog
    from painease.storage import SessionStore


def last_shift_card(store: SessionStore) -> QWidget | None:
    """The last session rated before and after: the last one dated up to now (one dated
    in the future, the clock having been ahead, is not "the last" while a later-lived one
    exists: ``painease.domain.wrong_clock``). None without one, or when the sessions
    cannot be read; a session or rating that cannot be read is passed over (the set card
    says so)."""
    found, ahead = None, None
    try:
        sessions = store.sessions(keep_unreadable=True)
    except StoreError:
        return None
    for session in reversed(sessions):
        try:
            ratings = store.ratings(session.id)
        except StoreError:
            continue
        if "pre" in ratings and "post" in ratings and not isinstance(
                session.started_at, StoreError):
            if not dated_ahead(session.started_at):
                found = (session, ratings)
                break
            ahead = ahead or (session, ratings)
    session, ratings = found or ahead or (None, None)
    if session is None:
        return None
    pre, post = ratings["pre"], ratings["post"]
    box, layout = card()
    box.setObjectName("last-shift")
    layout.addWidget(label("Your last session rated before and after", "muted"))
    layout.addWidget(label(f"{PAIN_NAME} {pre.pain} → {post.pain}     "
                           f"{THREAT_NAME} {pre.fear} → {post.fear}", "big-number"))
    if post.pain > pre.pain or post.fear > pre.fear:
        # Seen each time Home opens: a rise in big type says, as the Summary does, that
        # one session is one moment.
        layout.addWidget(label(f"Ups and downs are common. {ONE_SESSION}", "muted",
                               name="last-shift-kind"))
    if dated_ahead(session.started_at):
        layout.addWidget(label(f"This session is {future_note()}.", "muted",
                               name="last-shift-ahead"))
    return box


def interrupted_card(store: SessionStore, catalog: Catalog | None,
                     session_id: int) -> QWidget:
    """A banner for a session painease was closed or stopped in, called "interrupted" as
    Insights' list and the report call it (``OUTCOME_WORDS``): when, how far it got
    (saved every few seconds while it ran; not said for older files, which lack it), and
    what was saved of it."""
    session = store.session(session_id)
    ratings = store.ratings(session_id)
    samples = store.live_samples(session_id)
    entry = catalog.entries.get(session.script_id) if catalog else None
    title = entry.script.title if entry else session.script_id
    reached = "" if session.elapsed_ms is None else (  # in words, as the Summary says it
        f", after {duration_words(session.elapsed_ms)} of "
        f"{duration_words(round(session.length_minutes * 60_000))}")
    started = when_text(session.started_at, own_zone(store), year=False)  # its own clock
    parts = [f"Your session {quoted(title)} from {started}"
             f" was {OUTCOME_WORDS['interrupted']}: painease was closed or stopped during"
             f" it{reached}."]
    if "pre" in ratings:
        pre = ratings["pre"]
        parts.append(f"Saved: your ratings before it ({PAIN_NAME.lower()} {pre.pain}, "
                     f"{THREAT_NAME.lower()} {pre.fear})")
    if samples:
        parts.append(f"and {counted(len(samples), 'live rating', 'live ratings')} "
                     f"from its first {duration_words(samples[-1].t_ms)}")
    box, layout = card("banner")
    box.setObjectName("interrupted-session")
    # Without ratings (the Before page's save failed, then Back): said, not " ."
    saved = " ".join(parts[1:]) + "." if len(parts) > 1 else "No ratings from it were saved."
    # A next step, not a dead end (only for a session the Library still has).
    again = " You can start it again whenever you like, from the Library." if entry else ""
    layout.addWidget(label(f"{parts[0]} {saved}{again}", name="interrupted-text"))
    return box

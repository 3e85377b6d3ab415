"""What Home suggests, and so what the Library opens on: the next session of the patient's
current set when it can be started here (the set card's Next, ``set_card.playable_next``),
and starting it counts for the set; else the script and length of the session started
last, from the store (``last_used``); else the first bundled somatic tracking script at
its shortest length (``suggested_session``). The Library opens on the same session
(``library_choice``) and follows it after each rebuild of Home.

Not part of start-up: Home asks once the catalog has arrived. Out of ``home_page`` (and
the vocabulary's enum classes with it), the first screen runs ~3 M fewer instructions
(benchmarks/README.md).
Main thread only.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from painease.catalog import Catalog, ScriptEntry
    from painease.domain.program_status import ProgramStatus
    from painease.storage import SessionStore


class Suggestion(NamedTuple):
    entry: ScriptEntry
    minutes: float
    set_item: tuple[str, int] | None  # (set id, position) when it is the set's next


def suggested_session(catalog: Catalog, used: tuple[str, float] | None,
                      status: ProgramStatus | None) -> Suggestion | None:
    """What Home suggests: the current set's next item when it can be started here, else
    ``used`` (``last_used``; at its first length if that length is gone), else the first
    bundled somatic tracking script at its shortest length. None without any script."""
    entries = catalog.entries
    if status is not None:
        from painease.ui.set_card import playable_next  # a set: past start-up already

        item = playable_next(catalog, status)
        if item is not None:
            return Suggestion(entries[item.script_id], float(item.minutes),
                              (status.program.id, item.position))
    last = entries.get(used[0]) if used is not None else None
    if last is not None:
        minutes = used[1]
        lengths = last.script.lengths
        return Suggestion(last, minutes if minutes in lengths else lengths[0], None)
    ordered = sorted(entries.values(), key=lambda e: (e.script.kind != "somatic-tracking",
                                                      e.origin != "bundled",
                                                      e.script.title))
    return Suggestion(ordered[0], ordered[0].script.lengths[0], None) if ordered else None


def last_used(store: SessionStore) -> tuple[str, float] | None:
    """The script id and minutes of the session started last (whatever became of it), from
    the store: what was used, even when a settings file could not be saved or the patient
    turned back before starting. None before the first session, or when the store cannot
    be read. Home's suggestion (and so the Library) falls back on it when no set's next
    session comes first."""
    from painease.storage import StoreError

    try:
        session = store.latest_session()
    except StoreError:
        return None
    return (session.script_id, session.length_minutes) if session is not None else None


def library_choice(catalog: Catalog | None, store: SessionStore) -> tuple[str, float] | None:
    """The script id and minutes the Library opens on, and moves on to at each rebuild of
    Home (``LibraryPage.follow_home``): Home's suggestion (``suggested_session``), so the
    two pages never name different sessions unless the patient chose in the Library. None
    while loading or without any script; a set that cannot be read leaves it to the last used."""
    from painease.storage import StoreError
    from painease.ui.set_card import current_status  # once the catalog is in: not start-up

    if catalog is None:
        return None
    try:
        status = current_status(store)
    except StoreError:
        status = None
    suggestion = suggested_session(catalog, last_used(store), status)
    return (suggestion.entry.script.id, suggestion.minutes) if suggestion else None

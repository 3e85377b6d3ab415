"""What an import page says when painease's own data file refused to save what was
imported (a ``StoreError``): why, in plain words, and one thing to do next.

* ``pack_refused_words(problem)``: Home's import card (the patient): no path and one
  colon, a cause a patient can read, and one next step for each kind of failure: the
  data folder moved or replaced, a full or failing disk, another program holding the
  file, a file painease may not write, a damaged file (words shared with the session's
  pages: ``painease.ui.data_file_words``), a stored value it cannot read.
* ``results_step(problem)``: the therapist's results-import dialog, which shows the
  store's own line (with its path) above: the next step, in concrete words, from the
  error's kind and remedy (never "once the problem is solved").

Both read only the error's flags (``replaced``, ``busy``, ``damaged``, ``unwritable``)
and its ``cause`` and ``remedy``. No Qt; any thread.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from painease.ui.data_file_words import data_file_words

if TYPE_CHECKING:
    from painease.storage import StoreError

# A replaced folder: only a new start saves into the folder as it is now.
REOPEN = "close painease and open it again"


def _first_up(text: str) -> str:
    return text[:1].upper() + text[1:]


def _unreadable_detail(problem: StoreError) -> str | None:
    """Where a stored value cannot be read (``UnreadableValue.detail``), or None."""
    from painease.storage.stored_values import UnreadableValue

    return problem.detail if isinstance(problem, UnreadableValue) else None


def pack_refused_words(problem: StoreError) -> str:
    """Home's line when a pack's set could not be saved: "Not imported: " and the cause,
    then what to do (see the top). Nothing of the set was saved in any of these."""
    again = "then import the set again."
    if problem.replaced:
        return f"Not imported: {problem.cause}. Close painease, open it again, {again}"
    if problem.remedy:  # a full disk, a failing disk, another program holding the file
        return f"Not imported: {problem.cause}. {_first_up(problem.remedy)}, {again}"
    kind = data_file_words(problem, f", {again}")  # may not write it, or it is damaged
    if kind is not None:
        cause, step = kind
        return f"Not imported: {cause}, so the set was not saved. {step}"
    detail = _unreadable_detail(problem)
    if detail is not None:  # where, for whoever helps: a table and a row, no path
        return (f"Not imported: a value in the file that keeps your sessions cannot be read "
                f"({detail}). Nothing was changed. Please ask for help with it.")
    return ("Not imported: painease could not save the set. Please import it again; if the "
            f"same happens, {REOPEN} first.")


def results_step(problem: StoreError) -> str:
    """What the therapist can do before importing the results again (one sentence)."""
    again = "then import these results again."
    if problem.replaced:
        return f"{_first_up(REOPEN)}, {again}"
    if problem.remedy:  # a full disk, a failing disk, another program holding the file
        return f"{_first_up(problem.remedy)}, {again}"
    if problem.unwritable:
        return ("Let painease write to its data folder again (check the folder's "
                f"permissions), {again}")
    if problem.damaged or _unreadable_detail(problem) is not None:
        return f"Restore your painease data folder from a backup, {again}"
    return f"Import them again; if the same happens, {REOPEN} first."

"""A therapist's copy whose activations are placed in the patient's order but for one
kept without its place (sent only by results of a painease that did not send the order,
and never by later ones): the placed ones keep their order, and the one without goes by
its moment among them, not the whole copy by the clock's times.

Review (the lead's reviewer): one unknown place turned the whole copy's counting back to
the clock's times, for good. Real SQLite files; the rows as ``import_results`` keeps
them (``save_program(activations=..., activation_order=...)``).
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from painease.domain.programs import Program
from painease.storage import SessionStore
from painease.storage.patients import set_sessions
from painease.storage.programs import ProgramStore
from tests.storage.test_activation_order import _library, _set  # the same sets and sessions


def _nov(day: int, hour: int = 12) -> datetime:
    return datetime(2026, 11, day, hour, tzinfo=UTC)


@pytest.fixture
def copy(tmp_path):
    with SessionStore(tmp_path / "patient.sqlite3") as opened:
        yield opened


def _sent(sets: ProgramStore, program: Program, moments, order=None) -> None:
    sets.save_program(program, origin="imported", today=moments[0].date(),
                      started_on=moments[0].date(), activations=moments,
                      activation_order=order)


def _credited(store: SessionStore, *programs: Program) -> list[list[int]]:
    sets = ProgramStore(store)
    return [[s.id for s in set_sessions(store, sets.program(p.id), today=date(2026, 11, 30))]
            for p in programs]


def test_an_activation_with_no_place_goes_by_its_moment_among_those_placed(copy):
    sets = ProgramStore(copy)
    a, b, c = _set("Set A"), _set("Set B"), _set("Set C")
    _sent(sets, a, [_nov(12, 8)], [1])  # made current while the clock ran ahead
    _sent(sets, b, [_nov(9, 8)], [2])  # then B: Home showed B from then on
    _sent(sets, c, [_nov(20, 8)])  # a moment only an older painease's results sent
    on_13, on_21 = _library(copy, _nov(13)), _library(copy, _nov(21))
    assert [(set_id, place) for set_id, _, place in sets.activations_kept()] == [
        (a.id, 1), (b.id, 2), (c.id, None)]
    assert _credited(copy, a, b, c) == [[], [on_13], [on_21]]


def test_a_sets_moment_with_no_place_takes_the_place_it_was_sent_unnamed_at(copy):
    # "Set A"'s moment came without its place; later results, for a period without A's
    # sessions, sent it unnamed ("another set") with its place: it is that activation.
    sets = ProgramStore(copy)
    a, b = _set("Set A"), _set("Set B")
    _sent(sets, a, [_nov(12, 8)])
    _sent(sets, b, [_nov(9, 8)], [2])
    sets.another_set_made_current([_nov(12, 8)], [1])
    on_13 = _library(copy, _nov(13))
    assert [(set_id, place) for set_id, _, place in sets.activations_kept()] == [
        ("", 1), (a.id, 1), (b.id, 2)]
    assert _credited(copy, a, b) == [[], [on_13]]

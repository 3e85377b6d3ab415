"""A pack older than the set here names the set here, by its title: "a newer one of
“Renamed” is already here" once named the older pack's own title, as if that were here."""

from __future__ import annotations

from painease.domain.programs import Program
from painease.packs.install import import_pack
from tests.packs.conftest import make_program


def _renamed(program: Program, version: int) -> Program:
    return Program(program.id, version, "Renamed", program.therapist_name, program.items)


def test_an_earlier_copy_names_the_set_here(make_pack, store):
    program = make_program()
    first = make_pack(program, "first.painease")  # "Two weeks", signed first
    second = make_pack(_renamed(program, 1), "second.painease")
    assert import_pack(second, store).status == "new"
    replayed = import_pack(first, store)
    assert replayed.status == "older"
    assert replayed.message == ("this is an earlier copy of the same version: a newer one "
                                "of “Renamed” is already here; nothing changed")


def test_a_lower_version_names_the_set_here(make_pack, store):
    program = make_program()
    older = make_pack(program, "v1.painease")
    assert import_pack(make_pack(_renamed(program, 2), "v2.painease"), store).status == "new"
    replayed = import_pack(older, store)
    assert replayed.status == "older"
    assert replayed.message == ("a newer version of “Renamed” is already here; nothing "
                                "changed")

"""After the patient accepts a therapist's new key, the therapist's other sets are on record
as signed by it (``ProgramStore.pin_key(replaces=...)``), but their pack folders still hold
the old key's signed files (manifest, signature, key): painease cannot sign for the
therapist, so it cannot write the new key's copy until the new key sends one. The database
decides everywhere; the folder's old signature is never taken as trust. Real keys, real
packs, real SQLite files."""

from __future__ import annotations

import pytest
from nacl.signing import SigningKey

from painease.packs.identity import Identity, fingerprint
from painease.packs.install import import_pack
from painease.packs.pack import MANIFEST, PUBLIC_KEY, SIGNATURE
from painease.packs.senders import senders
from painease.storage.programs import ProgramStore
from tests.packs.conftest import make_program
from tests.packs.test_pack_new_key import FIRST, SECOND, new_key, two_sets  # noqa: F401


def signed_key(folder) -> str:
    return (folder / PUBLIC_KEY).read_text(encoding="ascii").strip()


@pytest.fixture
def accepted(make_pack, store, homes, therapist, new_key, two_sets):  # noqa: F811
    """The new key accepted through a copy of FIRST; SECOND's folder is the old key's."""
    again = make_pack(make_program(program_id=FIRST), "again.painease", identity=new_key)
    assert import_pack(again, store, accept_new_key=True).status == "same"
    assert signed_key(homes.patient / "packs" / SECOND) == therapist.public_key
    return ProgramStore(store)


def test_the_record_not_the_folder_names_the_key(accepted, store, new_key):  # noqa: F811
    assert accepted.program(SECOND).signer_key == new_key.public_key
    assert [s.words for s in senders(store)] == [
        f"Dr. Ana Moreno (fingerprint {fingerprint(new_key.public_key)})"]


def test_a_later_pack_from_the_old_key_is_asked_about_despite_the_old_folder(
        accepted, make_pack, store, homes, therapist):
    """SECOND's folder holds a copy the old key signed; that does not make the old key
    trusted again for SECOND (nor for a new version of it)."""
    for version in (1, 2):
        old = make_pack(make_program(version=version, program_id=SECOND),
                        f"old{version}.painease", identity=therapist)
        assert import_pack(old, store).status == "key_changed"
    assert accepted.program(SECOND).program.version == 1


def test_the_new_keys_copy_of_a_rekeyed_set_replaces_the_old_keys_files(
        accepted, make_pack, store, homes, new_key):  # noqa: F811
    """The same version of SECOND from the new key: nothing to ask and the set is as it
    was ('same', not made current), but its folder then holds the new key's signed files,
    as the record says."""
    folder = homes.patient / "packs" / SECOND
    scripts_before = sorted(p.relative_to(folder) for p in folder.rglob("*"))
    current = accepted.current().program.id
    copy = make_pack(make_program(program_id=SECOND), "second.painease", identity=new_key)
    result = import_pack(copy, store)
    assert result.status == "same" and not result.key_accepted and not result.warnings
    assert signed_key(folder) == new_key.public_key
    assert new_key.public_key in (folder / MANIFEST).read_text(encoding="utf-8")
    assert (folder / SIGNATURE).exists()
    assert sorted(p.relative_to(folder) for p in folder.rglob("*")) == scripts_before
    assert accepted.current().program.id == current  # not made current by the copy
    # and once is enough: the same copy again writes nothing
    stamp = (folder / MANIFEST).stat().st_mtime_ns
    assert import_pack(copy, store).status == "same"
    assert (folder / MANIFEST).stat().st_mtime_ns == stamp


def test_another_therapists_key_is_not_written_over_a_folder(
        accepted, make_pack, store, homes):
    """A third key signing SECOND under the same name is asked about, and writes nothing."""
    stranger = Identity(SigningKey.generate(), "Dr. Ana Moreno")
    folder = homes.patient / "packs" / SECOND
    before = (folder / MANIFEST).read_bytes()
    copy = make_pack(make_program(program_id=SECOND), "third.painease", identity=stranger)
    assert import_pack(copy, store).status == "key_changed"
    assert (folder / MANIFEST).read_bytes() == before

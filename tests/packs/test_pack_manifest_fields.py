"""A signed pack's manifest fields are checked for their type and range, as the others
are: ``created_at`` (when pack build signed it, in UTC) and each script entry's
``version`` (a whole number from 1 to 1,000,000, an included script's the same as its
file's). Any of them once passed as "../../x", -1 or a date given as a version.

Real keys and signatures; a refused pack leaves the patient's data dir as it was."""

from __future__ import annotations

import pytest

from painease.packs.install import import_pack
from painease.packs.pack import PackError
from tests.packs.conftest import make_program, rewrite, snapshot

AGAIN = "; ask your therapist to send it again"
NOT_A_TIME = "not the date and time in UTC when the pack was made"


@pytest.mark.parametrize("value, said", [
    (-1, f"-1, {NOT_A_TIME}"),
    ("../../x", f'"../../x", {NOT_A_TIME}'),
    ("2026-13-45T99:99:99", f'"2026-13-45T99:99:99", {NOT_A_TIME}'),
    ("2026-12-06T01:15:30.457", f'"2026-12-06T01:15:30.457", {NOT_A_TIME}'),  # no zone
    ("2026-12-06T03:15:30.457+02:00", f'"2026-12-06T03:15:30.457+02:00", {NOT_A_TIME}'),
    ("20261206T011530Z", f'"20261206T011530Z", {NOT_A_TIME}'),  # read, but not as written
    ([], f"[], {NOT_A_TIME}"),
    ("2026-12-06T01:15:30.457+00:00" * 4, f'"2026-12-06T01:15:30.457+00:002026-1…, '
                                          f'{NOT_A_TIME}'),  # said in a short line
    (None, "missing"),
])
def test_a_created_at_that_is_no_time_pack_build_writes_is_refused(
        make_pack, store, homes, therapist, tmp_path, value, said):
    def change(files, manifest):
        if value is None:
            del manifest["created_at"]
        else:
            manifest["created_at"] = value

    bad = rewrite(make_pack(make_program()), tmp_path / "bad.painease", change,
                  signer=therapist)
    before = snapshot(homes.patient)
    with pytest.raises(PackError) as refused:
        import_pack(bad, store)
    assert str(refused.value) == f"tampered manifest: created_at is {said}{AGAIN}"
    assert snapshot(homes.patient) == before


def test_times_pack_build_wrote_in_seconds_or_milliseconds_are_both_taken(
        make_pack, store, therapist, tmp_path):
    def in_seconds(files, manifest):  # as packs were signed before 2026-12-04
        manifest["created_at"] = manifest["created_at"][:19] + "+00:00"

    older = rewrite(make_pack(make_program()), tmp_path / "older.painease", in_seconds,
                    signer=therapist)
    assert import_pack(older, store).status == "new"


def _entry_version(index: int, value):
    def change(files, manifest):
        if value is None:
            del manifest["scripts"][index]["version"]
        else:
            manifest["scripts"][index]["version"] = value
    return change


@pytest.mark.parametrize("value", [-1, 0, 1_000_001, True, 1.5, "2026-12-06", "1", None])
@pytest.mark.parametrize("index", [0, 1], ids=["included", "bundled"])
def test_a_script_version_that_is_no_version_is_refused(
        make_pack, store, homes, therapist, tmp_path, value, index):
    pack = make_pack(make_program())
    bad = rewrite(pack, tmp_path / "bad.painease", _entry_version(index, value),
                  signer=therapist)
    before = snapshot(homes.patient)
    with pytest.raises(PackError) as refused:
        import_pack(bad, store)
    script_id = ("calm-corner", "paced-breathing")[index]
    shown = "missing" if value is None else f"{'true' if value is True else repr(value)}"
    shown = shown.replace("'", '"')
    assert str(refused.value) == (
        f"tampered manifest: the entry for the script {script_id!r} gives version {shown}, "
        f"not a whole number from 1 to 1,000,000{AGAIN}")
    assert snapshot(homes.patient) == before


def test_an_included_script_s_version_is_its_file_s(make_pack, store, therapist, tmp_path):
    bad = rewrite(make_pack(make_program()), tmp_path / "bad.painease",
                  _entry_version(0, 7), signer=therapist)
    with pytest.raises(PackError) as refused:
        import_pack(bad, store)
    assert str(refused.value) == (
        "tampered manifest: the entry for the script 'calm-corner' gives version 7, but "
        f"scripts/calm-corner.toml has version 1{AGAIN}")


def test_a_number_too_long_to_read_is_a_tampered_manifest_not_an_error(
        make_pack, store, homes, therapist, tmp_path):
    # Python reads at most 4,300 digits of a whole number; json.loads then raised a bare
    # ValueError, which no one caught.
    import zipfile

    from painease.packs.pack import MANIFEST, SIGNATURE

    with zipfile.ZipFile(make_pack(make_program())) as archive:
        files = {name: archive.read(name) for name in archive.namelist()}
    files[MANIFEST] = files[MANIFEST].replace(b'"format_version": 1',
                                              b'"format_version": ' + b"1" * 5_000, 1)
    assert b"1" * 5_000 in files[MANIFEST]
    files[SIGNATURE] = therapist.sign(files[MANIFEST]).hex().encode()
    bad = tmp_path / "bad.painease"
    with zipfile.ZipFile(bad, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    before = snapshot(homes.patient)
    with pytest.raises(PackError) as refused:
        import_pack(bad, store)
    assert str(refused.value).startswith("tampered manifest: not valid JSON (")
    assert str(refused.value).endswith(AGAIN)
    assert snapshot(homes.patient) == before

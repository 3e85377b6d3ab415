"""A file picked by mistake is named for what it is, in plain words, never "unsafe": a
results file, a text file, a file that is not there, a pack that arrived cut short. Hostile
packs still say "unsafe" (test_pack_import.HOSTILE). Real files, a real sealed results file,
and the CLI's words from a real process."""

from __future__ import annotations

import shutil
from datetime import date

import pytest

from painease.packs.identity import load_or_create_identity
from painease.packs.install import import_pack
from painease.packs.pack import PackError
from painease.packs.results_export import export_results
from tests.packs.conftest import make_program, snapshot
from tests.packs.test_cli_packs import painease
from tests.pinned import therapists

ALARM = ("unsafe", "zip", "tampered", "hostile")


def refused(path, store) -> str:
    with pytest.raises(PackError) as info:
        import_pack(path, store)
    words = str(info.value)
    assert "\n" not in words
    for alarm in ALARM:
        assert alarm not in words.lower(), words
    return words


@pytest.fixture
def results_file(make_pack, store, tmp_path):
    import_pack(make_pack(make_program()), store)
    [(_name, key)] = therapists(store)
    identity = load_or_create_identity(name="Sam")
    today = date.today()
    return export_results(store, key, identity, tmp_path / "mine.painease-results", today,
                          today).path


def test_a_results_file_picked_by_mistake_is_called_a_results_file(results_file, store,
                                                                   homes, tmp_path):
    before = snapshot(homes.patient)
    words = refused(results_file, store)
    assert words.startswith("this is a results file")
    assert "for your therapist" in words
    # Told by what is in it, not only by its name.
    renamed = shutil.copy(results_file, tmp_path / "renamed.painease")
    assert refused(renamed, store) == words
    assert snapshot(homes.patient) == before


def test_a_text_file_is_not_a_session_pack(store, tmp_path):
    notes = tmp_path / "notes.txt"
    notes.write_text("Things to ask my therapist.\n")
    assert refused(notes, store) == ("this file is not a painease session pack; packs come "
                                     "from your therapist and end in .painease")


def test_a_pack_that_is_not_whole_is_said_plainly(store, tmp_path):
    cut = tmp_path / "from-my-therapist.painease"
    cut.write_bytes(b"PK\x03\x04 the rest never arrived")
    assert refused(cut, store) == ("this pack cannot be read: it may be incomplete or "
                                   "damaged; ask your therapist to send it again")


def test_a_missing_file_is_said_plainly(store, tmp_path):
    words = refused(tmp_path / "gone.painease", store)
    assert words.startswith("cannot read ") and "No such file" in words


def test_the_cli_says_the_same(tmp_path):
    notes = tmp_path / "notes.txt"
    notes.write_text("hello")
    done = painease("pack", "import", str(notes), data_dir=tmp_path / "home")
    assert done.returncode == 1
    assert done.stderr == (f"painease: {notes}: this file is not a painease session pack; "
                           "packs come from your therapist and end in .painease\n")

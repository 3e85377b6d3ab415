"""The one rule for a file the user names: never painease's own data
(``paths.own_data_problem``; ``files.refuse_own_data`` / ``output_target`` /
``write_atomically``). The commands and dialogs that use it are tested in
``tests/packs/test_own_data_outputs.py`` and ``tests/ui/test_own_data_dialogs.py``."""

from __future__ import annotations

import os

import pytest

from painease import paths
from painease.files import OwnData, output_target, write_atomically
from painease.settings import FILE_NAME
from painease.storage.instance_lock import LOCK_FILE_NAME

REFUSED = {
    "painease.sqlite3": "that is painease's own database",
    "painease.sqlite3-wal": "that belongs to painease's own database",
    "painease.sqlite3-shm": "that belongs to painease's own database",
    "painease.sqlite3-journal": "that belongs to painease's own database",
    "painease.sqlite3.damaged-2": "that belongs to painease's own database",
    FILE_NAME: "that is painease's own settings",
    f".{FILE_NAME}.lock": "that belongs to painease's own settings",
    "sent-packs.json": "that is painease's own record of the packs you made",
    LOCK_FILE_NAME: "that is painease's own lock file",
    "keys": "that is painease's own keys folder",
    "keys/identity.json": "that is in painease's own keys folder",
    "packs/8955/manifest.json": "that is in painease's own folder of imported packs",
    "scripts/calm.toml": "that is in painease's own scripts folder",
    "audio/calm/hello.wav": "that is in painease's own recordings folder",
    "patients/ab12/painease.sqlite3": "that is in painease's own folder of patients' results",
    "profiles/demo/painease.sqlite3": "that is in painease's own demo profiles",
    ".": "that is painease's own data folder",
    "exports/../painease.sqlite3": "that is painease's own database",
}


@pytest.mark.parametrize(("name", "reason"), REFUSED.items())
def test_painease_s_own_files_and_folders_are_refused(painease_home, name, reason):
    painease_home.mkdir()
    assert paths.own_data_problem(painease_home / name) == \
        f"{reason}; choose another name or folder"


@pytest.mark.parametrize("name", ["report.pdf", "exports/sessions.csv", "my-settings.json",
                                  "painease.sqlite3.pdf.txt/x", "keyshelf/a.pdf",
                                  "../painease.sqlite3", "../elsewhere/keys/identity.json"])
def test_a_file_of_the_users_own_is_not(painease_home, name):
    painease_home.mkdir()
    assert paths.own_data_problem(painease_home / name) is None


def test_links_linked_folders_and_a_relative_name_are_followed(painease_home, tmp_path,
                                                               monkeypatch):
    database = painease_home / "painease.sqlite3"
    painease_home.mkdir()
    database.write_bytes(b"SQLite format 3\0")
    (tmp_path / "x.pdf").symlink_to(database)
    (tmp_path / "y.pdf").symlink_to(tmp_path / "x.pdf")  # a link to a link
    (tmp_path / "door").symlink_to(painease_home)
    leads = f"that leads to {database}, which is painease's own database; choose another " \
            "name or folder"
    for name in ("x.pdf", "y.pdf", "door/painease.sqlite3"):
        assert paths.own_data_problem(tmp_path / name) == leads
    assert paths.own_data_problem(tmp_path / "door" / "keys" / "new.pdf").startswith(
        f"that leads to {painease_home / 'keys' / 'new.pdf'}, which is in painease's own "
        "keys folder")
    monkeypatch.chdir(painease_home / "..")
    assert paths.own_data_problem(os.path.join(painease_home.name, "settings.json")) == \
        "that is painease's own settings; choose another name or folder"
    # The data dir in use only: another painease folder is a folder like any other.
    monkeypatch.setenv(paths.HOME_ENV, str(tmp_path / "other-home"))
    assert paths.own_data_problem(tmp_path / "x.pdf") is None


def test_writes_refuse_it_unless_told_the_file_is_painease_s_own(painease_home):
    painease_home.mkdir()
    settings = painease_home / "settings.json"
    settings.write_text("{}")
    with pytest.raises(OwnData) as refused:
        write_atomically(settings, b"not settings")
    assert refused.value.reason == refused.value.strerror == str(refused.value)
    with pytest.raises(OwnData):
        output_target(settings)
    assert settings.read_text() == "{}"
    assert list(painease_home.iterdir()) == [settings]  # no temp file left
    write_atomically(settings, b'{"theme": "dark"}', own_data=True)  # what Settings does
    assert settings.read_text() == '{"theme": "dark"}'


def test_a_data_dir_reached_through_a_link_is_named_as_given(tmp_path, monkeypatch):
    (tmp_path / "real-home").mkdir()
    (tmp_path / "home").symlink_to(tmp_path / "real-home")
    monkeypatch.setenv(paths.HOME_ENV, str(tmp_path / "home"))
    assert paths.own_data_problem(tmp_path / "home" / "painease.sqlite3") == \
        "that is painease's own database; choose another name or folder"
    assert paths.own_data_problem(tmp_path / "real-home" / "keys") == \
        "that is painease's own keys folder; choose another name or folder"

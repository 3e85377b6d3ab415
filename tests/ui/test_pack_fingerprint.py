"""Home shows the fingerprint of the key a therapist's pack was signed with, written as
``painease therapist init`` shows it to the therapist, so the two can compare it over the
phone; the first pack from a key asks the patient to do that. Real keys, a real signed
pack, the real command's output, real widgets."""

from __future__ import annotations

import shutil

import pytest
from PySide6.QtWidgets import QMessageBox

from painease import cli
from painease.packs.install import import_pack
from painease.storage import SessionStore
from tests.ui.test_patient_packs import Therapist, card, choose_file, click
from tests.ui.test_session_flow import find, shown


@pytest.fixture
def therapist(tmp_path, monkeypatch, painease_home):
    return Therapist(tmp_path / "therapist-home", tmp_path, monkeypatch, painease_home)


def told_by_therapist_init(therapist, capsys) -> str:
    """The fingerprint line ``therapist init`` prints in the therapist's data folder."""
    therapist.working()
    try:
        capsys.readouterr()
        assert cli.main(["therapist", "init", "--name", "Dr. Ana Moreno"]) == 0
        [line] = [line for line in capsys.readouterr().out.splitlines()
                  if line.startswith("fingerprint:")]
    finally:
        therapist.back_to_patient()
    return line.removeprefix("fingerprint:").strip()


def test_the_import_and_home_show_the_fingerprint_the_therapist_sees(
        qtbot, make_window, preset, therapist, capsys):
    told = told_by_therapist_init(therapist, capsys)
    assert len(told.split()) == 8  # "a5ef 12cd …": eight groups of four
    path = therapist.pack("two-weeks.painease")
    preset(welcome_seen=True)
    window = make_window(use_device=False)
    click(qtbot, find(window, "import-pack"))
    choose_file(qtbot, card(window).file_dialog, path)
    qtbot.waitUntil(lambda: shown(window, "set-card"))
    message = find(window, "import-message").text()
    assert message.startswith("Added “Two weeks” (version 1) from Dr. Ana Moreno. Signed "
                              f"with the key whose fingerprint is {told}. This is the first "
                              "pack signed with this key. Please check with Dr. Ana Moreno")
    assert find(window, "import-message").accessibleDescription() == message
    # Wherever Home names the sender.
    assert find(window, "therapist-known").text() == \
        f"Sets from: Dr. Ana Moreno (fingerprint {told})"
    assert find(window, "set-sender").text() == \
        f"Your set from Dr. Ana Moreno (fingerprint {told})"

    # The key is known now: the same pack again names it, and asks nothing more.
    click(qtbot, find(window, "import-pack"))
    choose_file(qtbot, card(window).file_dialog, path)
    qtbot.waitUntil(lambda: "already here" in find(window, "import-message").text())
    again = find(window, "import-message").text()
    assert f"fingerprint is {told}." in again and "first pack" not in again


def set_here_and_new_key(make_window, preset, therapist, capsys):
    """The therapist's set imported with their first key, then a new key made (a new
    computer) and the same set packed with it; a returning patient's window. Returns the
    window, the new pack and the new key's fingerprint as ``therapist init`` told it."""
    with SessionStore.open_default() as store:
        assert import_pack(therapist.pack("old-key.painease"), store).status == "new"
    shutil.rmtree(therapist.home / "keys")  # the therapist's new computer: a new key
    told = told_by_therapist_init(therapist, capsys)
    path = therapist.pack("new-key.painease")
    preset(welcome_seen=True)
    return make_window(use_device=False), path, told


def accept_new_key(qtbot, window, path) -> None:
    """Import ``path`` on Home and say Yes to its new key."""
    click(qtbot, find(window, "import-pack"))
    choose_file(qtbot, card(window).file_dialog, path)
    question = card(window).key_question
    qtbot.waitUntil(lambda: question is not None and question.isVisible())
    click(qtbot, question.button(QMessageBox.StandardButton.Yes))
    qtbot.waitUntil(lambda: "already here" in find(window, "import-message").text())


def test_a_new_key_accepted_for_the_set_already_here_is_named_once(
        qtbot, make_window, preset, therapist, capsys):
    """The same set signed with the therapist's new key, accepted: the message named the
    new key's fingerprint twice (in what it said of the key, then "Signed with …")."""
    window, path, told = set_here_and_new_key(make_window, preset, therapist, capsys)
    accept_new_key(qtbot, window, path)
    message = find(window, "import-message").text()
    assert message.count(told) == 1, message
    assert "the new key you accepted is now the one trusted for Dr. Ana Moreno. Signed " \
           f"with the key whose fingerprint is {told}." in message


def test_home_names_the_new_key_accepted_for_the_set_already_here(
        qtbot, make_window, preset, therapist, capsys):
    """The same set signed with the therapist's new key, accepted: the set card went on
    naming the old key's fingerprint (the set kept the old key on record, and Home was not
    shown the change)."""
    window, path, told = set_here_and_new_key(make_window, preset, therapist, capsys)
    assert told not in find(window, "set-sender").text()
    accept_new_key(qtbot, window, path)
    qtbot.waitUntil(lambda: find(window, "set-sender").text() ==
                    f"Your set from Dr. Ana Moreno (fingerprint {told})", timeout=3000)
    assert find(window, "therapist-known").text() == \
        f"Sets from: Dr. Ana Moreno (fingerprint {told})"

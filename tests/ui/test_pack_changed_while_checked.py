"""Home, a pack cut short in place while its clip is decoded during the check: once the
zip's error escaped the import (no "Not imported" line, the set card unchanged, nothing
said); now said in one line, as a pack that changed, to import again. A real pack, a real
window, the file chosen in the real dialog."""

from __future__ import annotations

from painease.storage.programs import ProgramStore
from tests.packs.test_pack_changed_while_checked import damage_before_first_decode, truncate
from tests.ui.test_patient_packs import card, choose_file, click, therapist  # noqa: F401
from tests.ui.test_session_flow import find, shown


def test_home_says_the_pack_changed_while_it_was_checked(qtbot, make_window, preset,
                                                         therapist, monkeypatch):  # noqa: F811
    path = therapist.pack("two-weeks.painease")
    damage_before_first_decode(monkeypatch, truncate(path, 10))
    preset(welcome_seen=True)
    window = make_window(use_device=False)
    click(qtbot, find(window, "import-pack"))
    choose_file(qtbot, card(window).file_dialog, path)
    message = find(window, "import-message")
    qtbot.waitUntil(lambda: message.text().startswith("Not imported: "))
    assert message.text() == (
        "Not imported: the pack file changed while it was being checked (audio/calm-corner/"
        "hello.wav could not be read again (Truncated file header)); import it again.")
    assert not shown(window, "set-card")
    assert ProgramStore(window.store).programs() == []

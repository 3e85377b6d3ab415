"""Label in name (WCAG 2.5.3): on the therapist's pages every labelled field's accessible
name holds the words of its visible label, so "click Compare with" said to speech input
finds the control a screen reader calls by its name. Real widgets, offscreen."""

from __future__ import annotations

import re

from PySide6.QtWidgets import QLabel, QWidget

from painease.catalog import load_catalog
from painease.storage import SessionStore
from painease.ui.therapist.workspace import TABS, TherapistWorkspace


def words(text: str) -> str:
    """Text as speech input hears it: no mnemonic marks or punctuation, lower case."""
    return " ".join(re.findall(r"[^\W_]+", text.replace("&", "").lower()))


def names_missing_their_label(root: QWidget) -> list[str]:
    """Controls whose accessible name lacks the words of the label that is their buddy
    (as each form row's label is), whole words in order ("hold" is not in "Holding");
    hidden ones too, for when they are shown."""
    missing = []
    for shown in root.findChildren(QLabel):
        field = shown.buddy()
        if field is None or not words(shown.text()):
            continue
        if f" {words(shown.text())} " not in f" {words(field.accessibleName())} ":
            missing.append(f"{field.objectName()!r}: label {shown.text()!r}, "
                           f"name {field.accessibleName()!r}")
    return missing


def test_every_therapist_field_is_named_with_its_visible_label(qtbot, painease_home):
    with SessionStore.open_default() as store:
        workspace = TherapistWorkspace(load_catalog(), store,
                                       player_options={"use_device": False})
        qtbot.addWidget(workspace)
        workspace.show()
        pages = [workspace.show_tab(name) for name in TABS]
        labelled = [shown for page in pages for shown in page.findChildren(QLabel)
                    if shown.buddy() is not None and words(shown.text())]
        assert len(labelled) > 15  # the walk does find the forms
        assert names_missing_their_label(workspace) == []
        workspace.built["Scripts"].step_player.stop()
        workspace.close()


def test_words_ignore_marks_and_punctuation():
    assert words("Sa&ve set") == "save set"
    assert words("at least (seconds)") == "at least seconds"
    assert words("Compare with:") in words("Compare with this group")

"""The crisis note (CLINICAL.md: Help holds it) is there when it is needed. An emotional
awareness session can stir up strong feelings, and its closing words send the patient to
Help's crisis note; but Help cannot be opened from a session's pages (its shortcut waits
until the Summary is done), so that session's Summary carries the note itself. Other
sessions' Summaries do not: a safety note where it is needed, not a wall of text."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel

from painease.catalog import load_catalog
from painease.ui.help_page import CRISIS_NOTE
from tests.ui.conftest import SHORT_SCRIPT
from tests.ui.test_main_window import end_early_to_the_summary, start_silent_session
from tests.ui.test_session_flow import find, shown

# The short test script, as an emotional awareness session.
FEELINGS_SCRIPT = (SHORT_SCRIPT
                   .replace('id = "ui-test-short"', 'id = "ui-test-feelings"')
                   .replace('title = "A short test session"',
                            'title = "A short feelings check-in"')
                   .replace('kind = "somatic-tracking"', 'kind = "emotional-awareness"')
                   .replace('phase = "safety"', 'phase = "attention"'))
assert 'kind = "emotional-awareness"' in FEELINGS_SCRIPT and "ui-test-feelings" in FEELINGS_SCRIPT


def test_an_emotional_awareness_summary_carries_the_crisis_note(qtbot, make_window,
                                                               painease_home):
    folder = painease_home / "scripts"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "ui-test-feelings.toml").write_text(FEELINGS_SCRIPT)
    window = start_silent_session(qtbot, make_window, "ui-test-feelings")
    end_early_to_the_summary(qtbot, window)
    assert shown(window, "summary-crisis-note")
    note = find(window, "summary-crisis-note")
    said = [label.text() for label in note.findChildren(QLabel)]
    assert said == ["If you are in crisis", CRISIS_NOTE]
    assert note.accessibleName() == "If you are in crisis"


def test_other_summaries_leave_it_to_help(qtbot, make_window, short_script):
    window = start_silent_session(qtbot, make_window, short_script)
    end_early_to_the_summary(qtbot, window)
    assert not shown(window, "summary-crisis-note")


def test_the_bundled_check_in_points_to_the_crisis_note():
    script = load_catalog().get("emotional-awareness-check-in").script
    words = " ".join(step.text for step in script.steps)
    assert "crisis note in Help" in words

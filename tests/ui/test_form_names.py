"""One table names the script editor's fields: ``check_words.FORM_NAMES`` (a file key ->
the form's label). Check says a problem's place by it ("Step 2, Paced breathing, Breathe
in (seconds): …"), so every field a message can name must show that label on the form
(its row's label, or a check box's own words) and carry it in its accessible name, or the
therapist looks for a label that is not there. Real editor, offscreen."""

from __future__ import annotations

import re

from PySide6.QtWidgets import QAbstractButton, QLabel, QWidget

from painease.ui.therapist.check_words import FORM_NAMES


def words(text: str) -> str:
    """Text as read: no mnemonic marks or punctuation, lower case."""
    return " ".join(re.findall(r"[^\W_]+", text.replace("&", "").lower()))


def holds(text: str, name: str) -> bool:
    return f" {words(name)} " in f" {words(text)} "


def shown_labels(editor, field: QWidget) -> list[str]:
    """What the form shows as ``field``'s label: its row's label, a check box's words."""
    shown = [found.text() for found in editor.findChildren(QLabel) if found.buddy() is field]
    if isinstance(field, QAbstractButton):
        shown.append(field.text())
    return shown


def fields_by_key(editor) -> dict[str, list[QWidget]]:
    d, step = editor.details, editor.step_form
    breath = step.breath
    return {
        "id": [d.script_id], "title": [d.title], "kind": [d.kind], "version": [d.version],
        "language": [d.language], "summary": [d.summary], "when_to_use": [d.when],
        "lengths": [d.lengths], "ambience": [d.ambience], "end_chime": [d.end_chime],
        "phase": [step.phase], "text": [step.text], "pause": [step.pause_kind],
        "from_minutes": [step.from_minutes], "clip": [step.clip],
        "breath": [breath.enabled], "inhale": [breath.inhale], "hold": [breath.hold],
        "exhale": [breath.exhale], "rest": [breath.rest], "cycles": [breath.cycles_kind],
        "min": [step.pause_min], "max": [step.pause_max],
        "weight": [step.pause_weight, breath.cycles_weight], "steps": [editor.step_list],
    }


def test_every_field_a_message_names_shows_the_name_check_says(editor):
    fields = fields_by_key(editor)
    assert set(fields) == set(FORM_NAMES)  # a new key gets its field here
    wrong = []
    for key, widgets in fields.items():
        name = FORM_NAMES[key]
        for field in widgets:
            shown = shown_labels(editor, field)
            if not any(holds(label, name) for label in shown):
                wrong.append(f"{key}: Check says {name!r}, the form shows {shown!r}")
            if not holds(field.accessibleName(), name):
                wrong.append(f"{key}: Check says {name!r}, a screen reader "
                             f"{field.accessibleName()!r}")
    assert wrong == []


def test_the_words_ignore_marks_and_case():
    assert holds("Silen&ce", "Silence") and holds("Silence: at least (seconds)", "at least")
    assert not holds("hold", "Hold (seconds)") and not holds("Holding", "hold")

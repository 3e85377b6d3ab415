"""The script's details in the editor: id, title, kind, version, language, texts, lengths.

``ScriptDetails`` is a plain form. ``fill(meta)`` shows a script's metadata (the TOML
shape), ``data()`` returns what the form says in that shape (lengths that are not numbers
are passed on as written, so the loader names them), and ``changed`` fires after every
edit. Main thread only.
"""

from __future__ import annotations

import re

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QSpinBox,
    QWidget,
)

from painease.domain.script import AMBIENCES, FORMAT_VERSION, Kind
from painease.ui.library_page import KIND_WORDS
from painease.ui.therapist.check_words import FORM_NAMES, form_label
from painease.ui.therapist.forms import ElidingCombo, form_layout, named
from painease.ui.therapist.lines_tall import lines_tall
from painease.ui.therapist.pasted_text import LineEdit, WordsEdit


class ScriptDetails(QWidget):
    changed = Signal()

    def __init__(self):
        super().__init__()
        self.script_id = named(LineEdit(), "script-id", FORM_NAMES["id"],
                               "Stable id: lowercase letters, digits and single hyphens")
        self.title = named(LineEdit(), "script-title", FORM_NAMES["title"],
                           "The title patients see")
        self.kind = named(ElidingCombo(), "script-kind", FORM_NAMES["kind"],
                          "What kind of session it is")
        for kind in Kind:
            self.kind.addItem(KIND_WORDS[kind], kind.value)
        self.version = named(QSpinBox(), "script-version", FORM_NAMES["version"],
                             "Raise it when you change a script patients have used")
        self.version.setRange(1, 9999)
        self.language = named(LineEdit(), "script-language", FORM_NAMES["language"],
                              "A language tag such as en or en-GB")
        self.summary = named(WordsEdit(), "script-summary", FORM_NAMES["summary"],
                             "One paragraph saying what the session does")
        self.summary.setTabChangesFocus(True)
        lines_tall(self.summary, 4)
        self.when = named(LineEdit(), "script-when", FORM_NAMES["when_to_use"],
                          "A short note on when this session helps")
        self.lengths = named(LineEdit(), "script-lengths", FORM_NAMES["lengths"],
                             "The lengths in minutes it may be played at, e.g. 5, 10")
        self.ambience = named(ElidingCombo(), "script-ambience", FORM_NAMES["ambience"],
                              "The suggested background sound; the patient can change it")
        for name in AMBIENCES:
            self.ambience.addItem(name, name)
        self.end_chime = named(QCheckBox(FORM_NAMES["end_chime"]), "script-end-chime",
                               FORM_NAMES["end_chime"], "Ring a soft chime when the session "
                               "ends")
        form = form_layout(self)
        form.setContentsMargins(0, 0, 0, 0)
        for key, mnemonic, widget in (
                ("id", "I", self.script_id), ("title", "T", self.title),
                ("kind", "K", self.kind), ("version", "V", self.version),
                ("language", "L", self.language), ("summary", "m", self.summary),
                ("when_to_use", "W", self.when), ("lengths", "e", self.lengths),
                ("ambience", "b", self.ambience)):
            form.addRow(form_label(key, mnemonic), widget)
        form.addRow("", self.end_chime)  # a check box: its own words are its label

        for line in (self.script_id, self.title, self.language, self.when, self.lengths):
            line.textChanged.connect(self.changed)
        self.summary.textChanged.connect(self.changed)
        for combo in (self.kind, self.ambience):
            combo.currentIndexChanged.connect(self.changed)
        self.version.valueChanged.connect(self.changed)
        self.end_chime.toggled.connect(self.changed)

    def fill(self, meta: dict) -> None:
        self.script_id.setText(meta.get("id", ""))
        self.title.setText(meta.get("title", ""))
        self.kind.setCurrentIndex(max(0, self.kind.findData(meta.get("kind", ""))))
        self.version.setValue(int(meta.get("version", 1)))
        self.language.setText(meta.get("language", "en"))
        self.summary.setPlainText(meta.get("summary", ""))
        self.when.setText(meta.get("when_to_use", ""))
        self.lengths.setText(", ".join(f"{m:g}" for m in meta.get("lengths", [])))
        self.ambience.setCurrentIndex(max(0, self.ambience.findData(meta.get("ambience",
                                                                             "none"))))
        self.end_chime.setChecked(bool(meta.get("end_chime", True)))

    def data(self) -> dict:
        lengths: list[float | str] = []
        for part in re.split(r"[,\s]+", self.lengths.text().strip()):
            if part:
                try:
                    lengths.append(float(part))
                except ValueError:
                    lengths.append(part)  # the loader says it must be a number
        return {
            "format": FORMAT_VERSION, "id": self.script_id.text().strip(),
            "version": self.version.value(), "title": self.title.text(),
            "kind": self.kind.currentData(), "language": self.language.text().strip(),
            "summary": self.summary.toPlainText(), "when_to_use": self.when.text(),
            "lengths": lengths, "ambience": self.ambience.currentData(),
            "end_chime": self.end_chime.isChecked(),
        }

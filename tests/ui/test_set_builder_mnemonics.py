"""The set builder's schedule rows can be reached with Alt and a letter, as its other rows
and buttons can, each letter used once among what is shown; and the Schedule choice does
not read as the row under it ("Schedule: Times a week", then "Times a week")."""

from __future__ import annotations

import re

from PySide6.QtWidgets import QAbstractButton, QLabel

from tests.ui.test_set_builder import builder, store  # noqa: F401 (fixtures)


def mnemonics(root) -> dict[str, list[str]]:
    """The Alt letters of what is shown: form labels with a field, and buttons."""
    found: dict[str, list[str]] = {}
    for widget in root.findChildren(QLabel) + root.findChildren(QAbstractButton):
        if not widget.isVisible() or (isinstance(widget, QLabel) and widget.buddy() is None):
            continue
        mark = re.search(r"&([^&])", widget.text().replace("&&", ""))
        if mark:
            found.setdefault(mark.group(1).lower(), []).append(widget.text())
    return found


def test_every_schedule_row_has_its_own_alt_letter(qtbot, builder):  # noqa: F811
    builder.add_item.click()
    form = builder.item_form
    for kind, rows in (("weekly", (form.times, form.weeks, form.start_week)),
                       ("dates", (form.dates,))):
        form.schedule_kind.setCurrentIndex(form.schedule_kind.findData(kind))
        for field in rows:
            assert field.isVisible()
            row = form.form.labelForField(field)
            assert re.search(r"&[^&]", row.text()), row.text()
            assert row.buddy() is field
        letters = mnemonics(builder)
        assert {k: v for k, v in letters.items() if len(v) > 1} == {}, kind
        shown_rows = [re.sub("&", "", form.form.labelForField(f).text()) for f in rows]
        assert form.schedule_kind.currentText() not in shown_rows

"""The timing preview changes only the rows a check changed: its rows are as tall as their
wrapped words and Qt measures them all again after any change, so refilling a long
script's timeline at every check (even for a key typed in the title, which moves nothing)
stalled the editor. Watched through the table's own model signals; what it shows is
compared with the fitted timeline each time."""

from __future__ import annotations

from painease.domain.segments import SegmentKind
from painease.domain.timeline import fit_timeline
from painease.domain.vocabulary import PHASE_WORDS, clock_text
from tests.ui.script_editing import type_into, write_step


def shown(table) -> list[tuple[str, ...]]:
    return [tuple(table.item(row, column).text() for column in range(3))
            for row in range(table.rowCount())]


def fitted_rows(editor) -> list[tuple[str, ...]]:
    """The rows the chosen length's fitted timeline has, built here from the timeline."""
    timeline = fit_timeline(editor.check.script, editor.preview_length.currentData())
    rate = timeline.samplerate
    return [(clock_text(round(s.start * 1000 / rate)), PHASE_WORDS.get(s.phase, s.phase),
             s.caption if s.kind is SegmentKind.SPEECH else f"({s.kind.value}, "
             f"{s.frames / rate:.1f} s)") for s in timeline.segments]


class Changes:
    """What the table's model said changed: rows added or taken away, cells changed."""

    def __init__(self, table):
        model = table.model()
        self.rows, self.cells = [], []
        model.rowsInserted.connect(lambda _p, first, last: self.rows.append(("+", first, last)))
        model.rowsRemoved.connect(lambda _p, first, last: self.rows.append(("-", first, last)))
        model.dataChanged.connect(lambda top, bottom: self.cells.extend(
            (row, top.column()) for row in range(top.row(), bottom.row() + 1)))

    def clear(self):
        self.rows.clear()
        self.cells.clear()


def test_a_check_changes_only_the_rows_it_changed(qtbot, editor):
    editor.load_script("somatic-tracking-first-steps")
    table = editor.preview
    assert shown(table) == fitted_rows(editor) and table.rowCount() > 10
    changes = Changes(table)

    type_into(qtbot, editor.title, "First steps, my copy")  # no part of the timing
    editor.run_check()
    assert changes.rows == [] and changes.cells == []
    assert shown(table) == fitted_rows(editor)

    # A word more in the last step's words: its caption, and the times after it.
    editor.step_list.setCurrentRow(editor.step_list.count() - 1)
    last = editor.step_list.currentRow()
    before = shown(table)
    write_step(qtbot, editor, editor.steps[last]["text"] + " Rest.")
    editor.run_check()
    assert changes.rows == []
    assert shown(table) == fitted_rows(editor)
    differ = {(row, column) for row, (old, new) in enumerate(zip(before, shown(table), strict=True))
              for column in range(3) if old[column] != new[column]}
    assert differ and set(changes.cells) == differ

    # A step taken out: the rows past the new end go, the others change in place.
    changes.clear()
    count = table.rowCount()
    editor.remove_step.click()
    editor.run_check()
    assert [kind for kind, _first, _last in changes.rows] == ["-"]
    assert table.rowCount() < count
    assert shown(table) == fitted_rows(editor)

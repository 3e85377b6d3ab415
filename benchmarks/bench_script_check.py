"""The script editor's live check on a long script: one check of a 500-step script, with
300 of the therapist's own scripts in the catalog, as a pause in typing runs it.

Usage: ``python benchmarks/bench_script_check.py`` (or ``make bench BENCH=script_check``).
Writes the scripts into ``PAINEASE_HOME`` (the runner gives a throwaway one): 300 copies
of a bundled script and one of 500 steps (the bundled script's steps over and over).

Each figure is the GUI thread's CPU time (``time.thread_time``; the machine's other jobs
do not count) of ``run_check`` and then the event loop until idle, since the timing
preview's rows are laid out there; median of 10, interleaved with the floor: the same
TOML text read by ``tomllib`` alone, the least any check that reads the draft back as
the loader does can cost. The parts are printed too: writing and loading the draft,
fitting its lengths (``check_draft``), and the ids a draft may not take (``taken_ids``).
Until the preview changed only the cells a check changed and the taken ids were kept per
catalog, a check took 211-240 ms (×9-10 the floor) whatever was typed; since, 58-63 ms
for a key in the title and 101-116 ms for a word in a step (×2.6 and ×4.5-4.9).
Prints timings only; no thresholds (tests assert behaviour, not speed).
"""

from __future__ import annotations

import statistics
import sys
import time
import tomllib
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PySide6.QtWidgets import QApplication  # noqa: E402

from painease import paths, resources  # noqa: E402
from painease.catalog import load_catalog  # noqa: E402
from painease.ui.therapist.draft_check import check_draft  # noqa: E402
from painease.ui.therapist.script_writer import script_toml  # noqa: E402

SOURCE = "tracking-with-curiosity"
COPIES, STEPS, ROUNDS = 300, 500, 10


def write_scripts(app: QApplication) -> None:
    """300 copies of the bundled script under their own ids, and a 500-step one."""
    from painease.ui.therapist.script_editor import ScriptEditor

    folder = paths.user_scripts_dir()
    folder.mkdir(parents=True, exist_ok=True)
    text = (resources.bundled_scripts_dir() / f"{SOURCE}.toml").read_text(encoding="utf-8")
    for number in range(COPIES):
        copy = text.replace(f'id = "{SOURCE}"', f'id = "clinic-{number:03d}"')
        (folder / f"clinic-{number:03d}.toml").write_text(copy, encoding="utf-8")
    editor = ScriptEditor(load_catalog())
    editor.load_script(SOURCE)
    data = editor.data()
    steps = data["steps"]
    data.update(id="long-500", title="Five hundred steps",
                steps=[dict(steps[n % len(steps)]) for n in range(STEPS)])
    data["lengths"] = [200, 240]  # it plays in ~3 hours at least; 240 is the most allowed
    (folder / "long-500.toml").write_text(script_toml(data), encoding="utf-8")
    editor.deleteLater()
    app.processEvents()


def settled(app: QApplication) -> None:
    for _ in range(3):  # the table's rows are sized in posted events and zero timers
        app.processEvents()
        app.sendPostedEvents()


def cpu_ms(action) -> float:
    began = time.thread_time()
    action()
    return (time.thread_time() - began) * 1000


def main() -> None:
    app = QApplication.instance() or QApplication([])
    write_scripts(app)
    from painease.ui.therapist.script_editor import ScriptEditor

    catalog = load_catalog()
    editor = ScriptEditor(catalog)
    editor.resize(1100, 800)
    editor.show()
    settled(app)
    opened = cpu_ms(lambda: (editor.load_script("long-500"), settled(app)))
    assert editor.check.ok, editor.problems.text()
    rows = editor.preview.rowCount()
    text = editor.check.text
    data = editor.data()
    typed = {"floor": [], "title": [], "words": [], "check_draft": [], "taken_ids": []}
    words = editor.step_form.text
    editor.step_list.setCurrentRow(STEPS // 2)
    for round_ in range(ROUNDS):
        typed["floor"].append(cpu_ms(lambda: tomllib.loads(text)))
        editor.title.setText(f"Five hundred steps {round_}")  # no part of the timing
        typed["title"].append(cpu_ms(lambda: (editor.run_check(), settled(app))))
        words.moveCursor(words.textCursor().MoveOperation.End)
        words.insertPlainText(" a")  # a word more: the step's caption and the times after
        typed["words"].append(cpu_ms(lambda: (editor.run_check(), settled(app))))
        typed["check_draft"].append(cpu_ms(lambda: check_draft(
            data, paths.user_audio_dir(), editor.taken_ids())))
        typed["taken_ids"].append(cpu_ms(editor.taken_ids))
    median = {name: statistics.median(times) for name, times in typed.items()}
    floor = median["floor"]
    print(f"{len(catalog.entries)} scripts in the catalog; {STEPS} steps, {rows} rows in the "
          f"timing preview; GUI-thread CPU, median of {ROUNDS}")
    print(f"floor: the draft's TOML read by tomllib alone   {floor:7.1f} ms")
    for name, said in (("title", "check after a key in the title     "),
                       ("words", "check after a word in a step       "),
                       ("check_draft", "of it: write, load and fit (check_draft)"),
                       ("taken_ids", "of it: the ids taken (taken_ids)  ")):
        print(f"{said:47s} {median[name]:7.1f} ms  ×{median[name] / floor:.1f}")
    print(f"open the 500-step script (once, with the event loop) {opened:7.1f} ms")


if __name__ == "__main__":
    main()

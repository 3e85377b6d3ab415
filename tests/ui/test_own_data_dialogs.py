"""The app's save dialogs refuse painease's own data as the commands do
(``paths.own_data_problem``): Send results…, Export pack…, the report and a chart. Each
says why in its own message line, keeps what was typed, and leaves the database as it was;
an ordinary name then saves. Real windows, real databases, real keys.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog

from painease import paths
from painease.catalog import load_catalog
from painease.packs.identity import load_or_create_identity
from painease.storage import SessionStore
from painease.storage.programs import ProgramStore
from painease.ui.therapist.set_builder import SetBuilder
from tests.packs.conftest import snapshot
from tests.ui.insights_view import one_session, open_insights
from tests.ui.test_patient_packs import card, click, one_rated_session
from tests.ui.test_patient_packs import therapist as therapist  # noqa: F401 - a fixture
from tests.ui.test_session_flow import find
from tests.ui.test_set_builder import fill_set


def link(at: Path, to: Path) -> Path:
    at.symlink_to(to)
    return at


def test_send_results_refuses_the_database_and_keeps_the_name(
        qtbot, make_window, preset, therapist, tmp_path, painease_home):  # noqa: F811
    one_rated_session(therapist)
    preset(welcome_seen=True)
    window = make_window(use_device=False)
    click(qtbot, find(window, "send-results"))
    dialog = card(window).send_dialog
    qtbot.waitExposed(dialog)
    dialog.name.clear()
    qtbot.keyClicks(dialog.name, "Sam")
    load_or_create_identity(name="Sam")  # as Save does before it writes: kept with the key
    database = painease_home / "painease.sqlite3"
    before = snapshot(painease_home)
    for out, reason in (
            (database, "that is painease's own database"),
            (painease_home / "keys" / "identity.json", "that is in painease's own keys folder"),
            (link(tmp_path / "sam.painease-results", database),
             f"that leads to {database}, which is painease's own database")):
        assert dialog.save_to(out) is None
        assert dialog.message.text() == f"Not saved: {reason}; choose another name or folder."
        assert snapshot(painease_home) == before
    assert dialog.name.text() == "Sam"
    out = tmp_path / "results" / "sam.painease-results"
    assert dialog.save_to(out) == out and out.is_file()


def test_export_pack_refuses_the_database(qtbot, short_script, tmp_path, painease_home):
    with SessionStore.open_default() as store:
        builder = SetBuilder(load_catalog(), store)
        qtbot.addWidget(builder)
        builder.show()
        fill_set(qtbot, builder, short_script)
        database = painease_home / "painease.sqlite3"
        for out in (database, painease_home / "packs" / "first.painease",
                    link(tmp_path / "first.painease", database)):
            assert builder.export_pack(out) is None
            assert builder.result.text().startswith(f"The pack was not written: cannot "
                                                    f"write {out}: that "), out
            assert "painease's own" in builder.result.text()
        assert not (painease_home / "packs").exists()
        # The set was saved (as Export pack… does first) in the database, still a database.
        assert [p.program.title for p in ProgramStore(store).programs()] == \
            ["First two weeks"]
        assert builder.title.text() == "First two weeks"
        out = tmp_path / "given.painease"
        assert builder.export_pack(out) == out and out.is_file()


def test_report_and_chart_refuse_a_link_to_the_database(qtbot, make_window, tmp_path,
                                                        monkeypatch):
    one_session()
    window = make_window(use_device=False)
    view = open_insights(qtbot, window)
    home = paths.data_dir()
    database = home / "painease.sqlite3"
    before = snapshot(home)
    pdf = link(tmp_path / "sam.pdf", database)
    assert view.save_report(pdf) is None
    assert view.status.text() == (f"The report was not saved: could not write {pdf}: that "
                                  f"leads to {database}, which is painease's own database; "
                                  "choose another name or folder")
    assert snapshot(home) == before
    for name in ("trend.png", "trend.svg"):
        chart = link(tmp_path / name, database)
        monkeypatch.setattr(QFileDialog, "getSaveFileName",
                            staticmethod(lambda *args, chart=chart, **kw: (str(chart), "")))
        view._ask_save("trend")
        assert view.status.text() == (f"The chart was not saved: that leads to {database}, "
                                      "which is painease's own database; choose another "
                                      "name or folder")
        assert snapshot(home) == before
    png = view.save_chart("trend", tmp_path / "mine.png")
    assert png.read_bytes().startswith(b"\x89PNG")

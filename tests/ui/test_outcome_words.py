"""Every place that says how a session ended says it in the one set of words,
``OUTCOME_WORDS``: a session the patient ended before its end is stored as
``stopped_early`` and shown as "ended early" in Insights' list, on the therapist's
Patients page, in the PDF report's counts, table and definitions, and the exported
codebook says so; Home calls a session the app was closed in "interrupted". (The Patients
page once said "stopped early" and "not finished", the report "still in progress", and
Home "did not finish".) Real store file, real widgets and report document, offscreen."""

from __future__ import annotations

import csv
from datetime import UTC, date, datetime, timedelta

from painease.domain.vocabulary import OUTCOME_WORDS, progress_words
from painease.domain.voice import YOU
from painease.storage import SessionStore
from painease.storage.export import export_csv
from tests.insights_history import add_session

TITLES = {"somatic-tracking-first-steps": "First steps"}


def sessions(store: SessionStore) -> dict[str, int]:
    """One session of each outcome, oldest first; outcome → session id."""
    start = datetime.now(UTC) - timedelta(days=4)
    ids = {"completed": add_session(store, start),
           "stopped_early": add_session(store, start + timedelta(days=1),
                                        outcome="stopped_early", elapsed_ms=200_000)}
    ids["interrupted"] = store.start_session("somatic-tracking-first-steps", 1, 10,
                                             started_at=start + timedelta(days=2))
    store.save_rating(ids["interrupted"], "pre", 6, 6)
    store.save_progress(ids["interrupted"], 300_000, 300_000)
    assert store.mark_interrupted() == [ids["interrupted"]]  # the app closed during it
    ids["in_progress"] = store.start_session("somatic-tracking-first-steps", 1, 10,
                                             started_at=start + timedelta(days=3))
    return ids


def expected(session) -> str:
    """The vocabulary's words for how ``session`` ended, with where it stopped."""
    return OUTCOME_WORDS[session.outcome] + progress_words(
        session.outcome, session.elapsed_ms, session.played_ms, session.length_minutes)


def test_every_place_names_an_outcome_in_the_vocabularys_words(qtbot, tmp_path):
    from painease.report_document import report_document
    from painease.ui.charts.data import gather
    from painease.ui.charts.session_list import session_item
    from painease.ui.home_cards import interrupted_card
    from painease.ui.therapist.patients_page import outcome_text

    with SessionStore(tmp_path / "s.db") as store:
        ids = sessions(store)
        rows = {outcome: store.session(sid) for outcome, sid in ids.items()}
        assert {outcome: row.outcome for outcome, row in rows.items()} == {
            outcome: outcome for outcome in OUTCOME_WORDS}
        data = gather(store, None, None, UTC, TITLES)
        card = interrupted_card(store, None, ids["interrupted"])
        qtbot.addWidget(card)
        home = card.findChild(object, "interrupted-text").text()
        export_csv(store, tmp_path / "export")
    words = {outcome: expected(row) for outcome, row in rows.items()}
    assert words["stopped_early"] == "ended early at 3:20 of 10:00"

    # Insights' list of sessions and the therapist's Patients page.
    listed = {point.outcome: session_item(point, TITLES, UTC, YOU).text()
              for point in data.points}
    for outcome, said in words.items():
        assert f"({said})" in listed[outcome]
        assert outcome_text(rows[outcome]) == said

    # The report: the counts, each row of the table and the definitions.
    document = report_document(data, {}, TITLES, UTC, date.today())
    text = " ".join(document.toPlainText().split())
    assert ("4 sessions in this period: 1 completed, 1 ended early, 1 interrupted and "
            "1 in progress.") in text
    table = text.split("Sessions, newest first")[1]
    for said in words.values():
        assert f" {said} " in table
    assert f"{OUTCOME_WORDS['stopped_early'].capitalize()}: you stopped" in text
    assert f"; {OUTCOME_WORDS['interrupted']}: the app was closed" in text

    # Home's note on the session the app was closed in.
    assert f" was {OUTCOME_WORDS['interrupted']}: painease was closed" in home

    # The codebook: the stored values as they are, and how painease shows each.
    with open(tmp_path / "export" / "codebook.csv", newline="", encoding="utf-8") as f:
        row = next(r for r in csv.DictReader(f) if r["column"] == "outcome")
    assert row["units"] == "in_progress | completed | stopped_early | interrupted"
    for outcome, shown in OUTCOME_WORDS.items():
        assert f"{outcome} = {shown}" in row["meaning"]

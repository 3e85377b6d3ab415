"""The Insights page's numbers say what they are over (walkthrough 2, findings 6 and 12).

"By kind of session" counts every session done and, beside it, the sessions rated before
and after that its averages are over; no change is "0.0", as every change the app shows,
not "+0.0" or "−0.0" (``vocabulary.signed_text``); halves round away from zero (−1.25 →
−1.3, 1 / 8 → 13 %) in the table, the readings, the yardsticks and the PDF alike; and the
yardsticks say which rated sessions their shares leave out."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from painease import paths
from painease.domain.summaries import ScriptRow
from painease.storage import SessionStore
from painease.ui.charts.data import scripts_reading
from tests.insights_history import SCRIPTS, add_session
from tests.ui.clinic import pdf_text
from tests.ui.insights_view import open_insights


def history() -> None:
    """``SCRIPTS[0]``: 11 sessions, 8 rated before and after (pain 6 → 3 once, 6 → 5
    seven times: −10 / 8 = −1.25; threat 5 → 5), 3 rated before only. ``SCRIPTS[1]``: 2
    sessions rated 0 → 0 (pain) and 3 → 3 (threat). One session a day."""
    now = datetime.now(UTC) - timedelta(hours=1)
    kinds = ([(SCRIPTS[0], (6, 5), (3, 5))] + [(SCRIPTS[0], (6, 5), (5, 5))] * 7
             + [(SCRIPTS[0], (6, 5), None)] * 3 + [(SCRIPTS[1], (0, 3), (0, 3))] * 2)
    with SessionStore(paths.database_path()) as store:
        for day, (script, pre, post) in enumerate(kinds):
            add_session(store, now - timedelta(days=len(kinds) - day), pre=pre, post=post,
                        script=script)


def rows_of(table) -> list[list[str]]:
    return [[table.item(r, c).text() for c in range(table.columnCount())]
            for r in range(table.rowCount())]


def test_the_table_says_how_many_sessions_its_averages_are_over(qtbot, make_window,
                                                                 tmp_path):
    history()
    view = open_insights(qtbot, make_window(use_device=False))
    first, second = (view.titles.get(s, s) for s in SCRIPTS)
    headers = [view.table.horizontalHeaderItem(c).text().replace("\n", " ")
               for c in range(view.table.columnCount())]
    assert headers == ["Session", "Done", "Rated before and after", "Pain", "Sense of threat"]
    assert rows_of(view.table) == [[first, "11", "8", "−1.3", "0.0"],
                                   [second, "2", "2", "0.0", "0.0"]]
    hint = view.findChild(type(view.readings["scripts"]), "scripts-hint").text()
    assert "over the sessions rated before and after only" in hint
    # The second kind's average rests on 2 sessions: fewer than 3, so it is not compared.
    assert view.readings["scripts"].text() == (
        f"Pain came down by 1.3 points on average after “{first}”, over 8 sessions rated "
        "before and after. The other kinds have fewer than 3 sessions rated before and after "
        "so far, too few to compare.")
    assert view.yardsticks.text().splitlines()[:3] == [
        "Pain at least 30% lower after a session: 1 of the 8 sessions that started above "
        "pain 0 and were rated before and after (13%).",
        "Pain at least halved after a session: 1 of 8 (13%).",
        "Not counted in these two: 2 sessions that started at pain 0, with no pain to drop."]

    # The PDF rounds its shares the same way.
    assert view.save_report(tmp_path / "r.pdf") is not None
    text = " ".join(pdf_text(tmp_path / "r.pdf").split())
    assert ("Pain at least 30% lower after a session 1 of the 8 sessions that started above "
            "pain 0 and were rated before and after (13%)") in text
    assert not re.search(r"\(12%\)|rated sessions", text)


def test_the_30_and_50_percent_yardsticks_each_say_their_own_share(qtbot, make_window,
                                                                    tmp_path):
    """The history above has as many sessions 30% lower as half or less (1 of 8): the
    two rows could have been swapped unseen. Here 3 of 4 are 30% lower (6 → 3, 10 → 7,
    10 → 6) and 1 of 4 half or less (6 → 3); 6 → 5 is neither."""
    now = datetime.now(UTC) - timedelta(hours=1)
    pains = [(6, 3), (10, 7), (10, 6), (6, 5)]
    with SessionStore(paths.database_path()) as store:
        for day, (before, after) in enumerate(pains):
            add_session(store, now - timedelta(days=len(pains) - day), pre=(before, 5),
                        post=(after, 5))
    view = open_insights(qtbot, make_window(use_device=False))
    assert view.yardsticks.text().splitlines()[:2] == [
        "Pain at least 30% lower after a session: 3 of 4 sessions rated before and after "
        "(75%).",
        "Pain at least halved after a session: 1 of 4 (25%)."]
    # Under a heading a patient can read ("Yardsticks" was a researcher's word).
    beside = view.yardsticks.parentWidget().findChildren(type(view.yardsticks))
    assert "Measures from pain research" in [label.text() for label in beside]
    assert view.save_report(tmp_path / "r.pdf") is not None
    text = " ".join(pdf_text(tmp_path / "r.pdf").split())
    assert ("Pain at least 30% lower after a session 3 of 4 sessions rated before and after "
            "(75%)") in text
    assert "Pain at least halved after a session 1 of 4 (25%)" in text


def test_a_change_in_the_table_is_written_as_every_change_the_app_shows():
    from painease.ui.charts.tables import change_text

    # "0" once; now "0.0" as in the Outcomes tab, and never a signed zero.
    assert [change_text(v) for v in (0.0, -0.04, 0.049, -1.25, 0.05, None)] == [
        "0.0", "0.0", "0.0", "−1.3", "+0.1", "–"]


def test_what_the_patient_reads_has_one_term_for_rated_sessions(qtbot, make_window):
    """Home's last shift, every reading, the table and the yardsticks say "rated before and
    after", never the bare "rated session" that elsewhere (a therapist's Outcomes) counts a
    session rated only before."""
    from PySide6.QtWidgets import QLabel, QWidget

    history()
    window = make_window(use_device=False)
    last = window.home.findChild(QWidget, "last-shift")
    assert "Your last session rated before and after" in [
        lab.text() for lab in last.findChildren(QLabel)]
    view = open_insights(qtbot, window)
    said = [lab.text() for page in (window.home, view) for lab in page.findChildren(QLabel)]
    said += [view.table.accessibleDescription()]
    assert sum("rated before and after" in text for text in said) >= 5
    assert [text for text in said if re.search(r"rated sessions?\b", text)] == []


def test_kinds_of_session_tied_for_the_largest_drop_are_named_together(qtbot, make_window):
    """Two kinds with the same average drop (three sessions each, 6 → 4): the reading named
    the first as the one pain "came down most after", singling out one of two equals."""
    now = datetime.now(UTC) - timedelta(hours=1)
    with SessionStore(paths.database_path()) as store:
        for day, script in enumerate(SCRIPTS * 3):
            add_session(store, now - timedelta(days=6 - day), pre=(6, 5), post=(4, 5),
                        script=script)
    view = open_insights(qtbot, make_window(use_device=False))
    first, second = sorted(view.titles.get(s, s) for s in SCRIPTS)
    assert view.readings["scripts"].text() == (
        f"Pain came down equally after “{first}” and “{second}”, by 2.0 points on average over "
        "3 sessions rated before and after each. That is only a few sessions, so treat it "
        "lightly.")


def test_a_kind_with_too_few_rated_sessions_is_not_named_as_tied():
    """A kind with 2 sessions rated before and after and the same average drop as the
    best kind is left out of the comparison (``MIN_READING_SESSIONS``), so it is not named
    with it as "equally": the best is named alone, and the reading says why."""
    rows = [ScriptRow("somatic", 4, -2.0, -1.0, 4, 4), ScriptRow("breath", 3, -1.0, -1.0, 3, 3),
            ScriptRow("body", 2, -2.0, -1.0, 2, 2)]
    titles = {"somatic": "Somatic tracking", "breath": "Paced breathing", "body": "Body scan"}
    assert scripts_reading(rows, titles) == (
        "Pain came down most after “Somatic tracking”, by 2.0 points on average over 4 sessions "
        "rated before and after. That is only a few sessions, so treat it lightly. Kinds "
        "with fewer than 3 sessions rated before and after are not compared yet.")


def test_two_sessions_of_one_kind_are_both_not_all_2():
    titles = {"body-scan": "Body scan"}
    assert scripts_reading([ScriptRow("body-scan", 3, -2.0, -1.0, 2, 2)], titles) == (
        "Both sessions you rated before and after here were “Body scan”.")
    assert scripts_reading([ScriptRow("body-scan", 3, -2.0, -1.0, 3, 3)], titles) == (
        "All 3 sessions you rated before and after here were “Body scan”.")

"""A therapist reading a patient's results reads about that patient, never "you"/"your".

Real parts throughout (the set-up of ``test_patients_outcomes``): the patient has a data dir
and key of their own, imports the therapist's pack, does sessions in a real SQLite file
(rated, with live ratings and phase marks, some done for the set) and sends sealed results;
the therapist imports them through the Patients page and opens the patient's Insights and
PDF. The patient's own Insights and PDF, made from the patient's own database, still say
"your". PDFs are read back with pdftotext.
"""

from __future__ import annotations

import re
from datetime import date

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QListWidget, QTableWidget, QWidget

from painease.domain.live_shifts import LiveTrace
from painease.domain.summaries import ScriptRow
from painease.domain.voice import YOU, Voice
from painease.packs.identity import load_or_create_identity
from painease.packs.install import import_pack
from painease.packs.results import open_patient
from painease.packs.results_export import export_results
from painease.report import write_report
from painease.storage import SessionStore
from painease.storage.programs import ProgramStore
from painease.storage.zones import patient_zone
from painease.ui.charts.data import scripts_reading
from painease.ui.charts.session import session_reading
from painease.ui.charts.view import InsightsView
from painease.ui.theme import apply_theme
from painease.ui.therapist.patients_page import KEY_ROLE, PatientsPage
from tests.domain.test_insights import point
from tests.packs.conftest import make_program
from tests.pinned import therapists
from tests.ui.clinic import Clinic, _at, patient_insights, pdf_text
from tests.ui.conftest import labels_hiding_text
from tests.ui.settled import wait_settled
from tests.ui.test_large_text import squeezed_labels
from tests.ui.test_main_window import unnamed_controls
from tests.waits import WORKER_WAIT_MS

SECOND_PERSON = re.compile(r"\b(you|your|yours|yourself)\b", re.IGNORECASE)
LIVE = [(0, 6.0), (20_000, 5.0), (40_000, 3.0)]
MARKS = [(0, "settle"), (30_000, "safety")]


def send_results(clinic: Clinic, name: str = "Sam"):
    """``name`` does 12 rated sessions of calm-corner (days 2–13) with live ratings and a
    safety phase, two of them for the set's first item, and on day 4 the set's dated
    paced-breathing session, not rated: 3 of the set's 5 sessions done. Returns the results
    file and the patient's own database."""
    program = make_program()
    pack = clinic.pack(program)
    home = clinic.homes.use(clinic.root / f"patient-{name}")
    database = home / "painease.sqlite3"
    with SessionStore(database) as store:
        import_pack(pack, store, today=date(2026, 11, 1))
        for i, day in enumerate(range(2, 14)):
            link = (program.id, 1) if day in (2, 5) else None
            sid = store.start_session("calm-corner", 1, 2, started_at=_at(day),
                                      program_item=link)
            store.save_rating(sid, "pre", 6, 6, rated_at=_at(day))
            store.add_live_samples(sid, LIVE)
            store.save_phase_marks(sid, MARKS)
            store.end_session(sid, "completed", 120_000, ended_at=_at(day, 13))
            store.save_rating(sid, "post", 5 - i % 3 - i // 6, 5 - i % 4, rated_at=_at(day, 13))
        sid = store.start_session("paced-breathing", 1, 5, started_at=_at(4, 8),
                                  program_item=(program.id, 2))
        store.end_session(sid, "completed", 300_000, ended_at=_at(4, 9))
        me = load_or_create_identity(name=name)
        [(_, key)] = therapists(store)
        out = clinic.root / "results" / f"{name}.painease-results"
        export_results(store, key, me, out, date(2026, 11, 1), date(2026, 11, 30))
    clinic.homes.use(clinic.homes.therapist)
    return out, database


def shown_texts(root: QWidget) -> list[str]:
    """Every visible label, list and table entry, and every visible widget's accessible
    name and description under ``root``."""
    texts = []
    for widget in [root, *root.findChildren(QWidget)]:
        if not widget.isVisible():
            continue
        texts += [widget.accessibleName(), widget.accessibleDescription(), widget.toolTip()]
        if isinstance(widget, QLabel):
            texts.append(widget.text())
        if isinstance(widget, QListWidget):
            texts += [widget.item(r).text() for r in range(widget.count())]
        if isinstance(widget, QTableWidget):
            texts += [widget.item(r, c).text() for r in range(widget.rowCount())
                      for c in range(widget.columnCount()) if widget.item(r, c)]
    return [text for text in texts if text]


def said_to_the_reader(texts: list[str]) -> list[str]:
    return [text for text in texts if SECOND_PERSON.search(text)]


def flat(text: str) -> str:
    return " ".join(text.replace("’", "'").split())


def test_a_patients_insights_speak_about_them_and_their_own_say_your(qtbot, clinic, tmp_path):
    results, own_database = send_results(clinic)
    with clinic.own_store() as own:
        page, insights = patient_insights(qtbot, own, results, (1200, 900))
        assert insights is not page.table and insights.patient_name == "Sam"
        view = insights.view
        readings = {key: label.text() for key, label in view.readings.items()}
        assert readings["shift"] == ("Sam's sense of threat came down in 10 of their last 10 "
                                     "sessions rated before and after; pain came down in 10.")
        # Safety starts at 30 s: before it 6 for 20 s and 5 for 10 s (mean 17/3), after it
        # 5 for 10 s and 3 for 20 s (mean 11/3): 2.0 lower in every session.
        assert readings["phases"] == (
            "In the half-minute after each “Safety” part began, Sam's live pain rating was on "
            "average 2.0 points lower than in the half-minute before (12 sessions, much the "
            "same in each).")
        assert readings["scripts"] == ("All 12 sessions Sam rated before and after here were "
                                       "“calm-corner”.")
        assert readings["session"] == ("Sam's live rating started at 6 (their pain before the "
                                       "session) and went to 3 after 3 changes; it was lowest (3) "
                                       "during the “Safety” part.")
        assert readings["trend"].startswith("Pain after sessions came down")
        assert readings["link"].startswith("Across 12 sessions there is")
        assert view.charts["session"].accessibleDescription() == readings["session"]
        assert view.table.accessibleDescription().startswith("For each session Sam used:")
        assert any(text.startswith("Bands are the parts of the session, each named at its "
                                   "start. Markers show Sam's ratings")
                   for text in shown_texts(view))
        # The day-4 session had no live rating and no ratings at all.
        row = next(r for r in range(view.session_list.count())
                   if "paced-breathing" in view.session_list.item(r).text())
        view.session_list.setCurrentRow(row)
        assert view.readings["session"].text() == (
            "No live ratings in this session (live rating is optional; Sam can turn it on or "
            "off in Settings).")
        shown = shown_texts(insights) + shown_texts(page.progress) + [page.heading.text(),
                                                                      page.note.text()]
        assert said_to_the_reader(shown) == []
        assert sum("Sam" in text for text in shown) >= 8

        # The therapist's PDF of the patient: about Sam, nowhere "you" or "your".
        assert view.save_report(tmp_path / "sam.pdf") is not None
        text = flat(pdf_text(tmp_path / "sam.pdf"))
        assert SECOND_PERSON.findall(text) == []
        assert "Sam's ratings (imported results)" in text
        assert ("Sam's sense of threat came down in 10 of their last 10 sessions rated before "
                "and after" in text)
        assert "Sam's live pain rating was on average 2.0 points lower" in text
        assert "These are Sam's own ratings" in text
        page.close()

    # The patient's own Insights and PDF, from their own database, still speak to them.
    with SessionStore(own_database) as theirs:
        mine = InsightsView(theirs, period="all")
        qtbot.addWidget(mine)
        qtbot.waitUntil(lambda: mine.data is not None, timeout=WORKER_WAIT_MS)
        assert mine.readings["shift"].text() == ("Your sense of threat came down in 10 of "
                                                 "your last 10 sessions rated before and "
                                                 "after; pain came down in 10.")
        assert mine.readings["phases"].text().startswith(
            "In the half-minute after each “Safety” part began, your live pain rating")
        assert mine.readings["scripts"].text().startswith("All 12 sessions you rated before "
                                                          "and after here")
        assert mine.table.accessibleDescription().startswith("For each session you used:")
        mine.loader.wait()
        write_report(theirs, tmp_path / "mine.pdf")
    own_text = flat(pdf_text(tmp_path / "mine.pdf"))
    assert ("Your sense of threat came down in 10 of your last 10 sessions rated before and "
            "after" in own_text)
    assert "your live pain rating" in own_text
    assert "Sam" not in own_text


def test_the_patients_set_progress_and_last_session(qtbot, clinic):
    results, _ = send_results(clinic)
    with clinic.own_store() as own:
        page = PatientsPage(own)
        qtbot.addWidget(page)
        page.resize(1000, 720)
        page.show()
        qtbot.waitExposed(page)
        assert page.import_file(results)
        assert page.progress.isVisible()
        assert page.progress.set_label.text() == (
            "Set “Two weeks” (started 1 Nov 2026): on 30 Nov 2026, the last day their "
            "results cover, 3 of 5 done.")
        assert page.progress.last_label.text() == "Last session: Fri 13 Nov 2026."
        # Their words are what a screen reader says, then what they are.
        assert (page.progress.set_label.accessibleDescription().split(".")[0],
                page.progress.last_label.accessibleDescription().split(".")[0]) == (
            "Set progress", "Last session")
        assert labels_hiding_text(page) == []
        # The same numbers as the patient's database says through ProgramStore.
        with open_patient(page.list.currentItem().data(KEY_ROLE)) as theirs:
            status = ProgramStore(theirs).status(date(2026, 11, 25),
                                                  tz=patient_zone(theirs).tz)
            assert (status.program.title, status.progress_text) == ("Two weeks", "3 of 5 done")
        assert unnamed_controls(page) == []

        # Keyboard: Tab goes from Rename… to the set line, then to the last-session line.
        with qtbot.waitActive(page):
            page.activateWindow()
        page.rename_button.setFocus()
        qtbot.keyClick(page.rename_button, Qt.Key.Key_Tab)
        assert page.progress.set_label.hasFocus()
        qtbot.keyClick(page.progress.set_label, Qt.Key.Key_Tab)
        assert page.progress.last_label.hasFocus()

        # 200 % text in the dark theme: both lines wrap instead of being cut.
        apply_theme(QApplication.instance(), "dark", 200)  # undone after the test (conftest)
        page.resize(700, 720)
        wait_settled(page)
        assert squeezed_labels(page.progress) == []
        assert page.progress.set_label.height() >= page.progress.set_label.heightForWidth(
            page.progress.set_label.width())
        page.close()


def test_results_without_a_set_say_so(qtbot, clinic):
    out = clinic.patient("Lee", None, [(4, (7, 7), (5, 4))])
    with clinic.own_store() as own:
        page = PatientsPage(own)
        qtbot.addWidget(page)
        assert page.import_file(out)
        assert page.progress.set_label.text() == "No set in these results."
        assert page.progress.last_label.text() == "Last session: Wed 4 Nov 2026."
        page.close()


def test_session_and_scripts_readings_in_both_voices():
    sam = Voice.about("Sam")
    live = LiveTrace(1, np.array([t for t, _ in LIVE]), np.array([v for _, v in LIVE]), MARKS)
    rated = point(1)
    # From where the slider started: the pain rated before (6), not a live rating.
    assert session_reading(rated, live, MARKS) == (
        "Your live rating started at 6 (your pain before the session) and went to 3 after 3 "
        "changes; it was lowest (3) during the “Safety” part.")
    assert session_reading(rated, live, MARKS, sam) == (
        "Sam's live rating started at 6 (their pain before the session) and went to 3 after 3 "
        "changes; it was lowest (3) during the “Safety” part.")
    unrated = point(2, pre=None, post=None)
    # Without a before-rating the start is not known: from the first live rating.
    assert session_reading(unrated, live, MARKS) == (
        "Your live rating went from 6 to 3 over 3 ratings; it was lowest (3) during the “Safety” "
        "part.")
    # No samples: live rating was off or left where it started (not stored which), so
    # neither is claimed.
    assert session_reading(unrated, None, [], YOU) == (
        "No live ratings in this session (live rating is optional; you can turn it on or "
        "off in Settings).")
    assert session_reading(unrated, None, [], sam) == (
        "No live ratings in this session (live rating is optional; Sam can turn it on or "
        "off in Settings).")
    both = "No live ratings in this session. Pain was 6 before and 3 after."
    assert session_reading(rated, None, []) == session_reading(rated, None, [], sam) == both

    titles = {"somatic": "Somatic tracking: first steps", "breath": "Paced breathing"}
    one = [ScriptRow("somatic", 4, -1.5, -2.0, 4, 4), ScriptRow("breath", 1, None, None)]
    assert scripts_reading(one, titles) == ("All 4 sessions you rated before and after here "
                                            "were “Somatic tracking: first steps”.")
    assert scripts_reading(one, titles, sam) == ("All 4 sessions Sam rated before and after "
                                                 "here were “Somatic tracking: first steps”.")
    two = [ScriptRow("somatic", 4, -1.5, -2.0, 4, 4), ScriptRow("breath", 6, -0.5, -1.0, 6, 6)]
    expected = ("Pain came down most after “Somatic tracking: first steps”, by 1.5 points on "
                "average over 4 sessions rated before and after. That is only a few sessions, "
                "so treat it "
                "lightly.")
    assert scripts_reading(two, titles) == scripts_reading(two, titles, sam) == expected
    # Played often but rated once: the count follows the rated sessions, and an average
    # over fewer than 3 of them is not compared (docs/insights.md: one rule for every
    # average a sentence describes).
    often = [ScriptRow("somatic", 5, -3.0, -2.0, 1, 1), ScriptRow("breath", 9, -0.5, 0.0, 9, 9)]
    assert scripts_reading(often, titles) == (
        "Pain came down by 0.5 points on average after “Paced breathing”, over 9 sessions "
        "rated before and after. The other kinds have fewer than 3 sessions rated before "
        "and after so far, too few to compare.")
    few = [ScriptRow("somatic", 5, -3.0, -2.0, 1, 1), ScriptRow("breath", 9, 0.5, 0.0, 4, 4)]
    assert scripts_reading(few, titles, sam) == (
        "After “Paced breathing”, pain did not come down on average (up 0.5 points over 4 "
        "sessions rated before and after). That is only a few sessions, so treat it "
        "lightly. The other kinds have fewer than 3 sessions rated before and after so far, "
        "too few to compare.")
    too_few = [ScriptRow("somatic", 5, -3.0, -2.0, 2, 2), ScriptRow("breath", 9, -1.0, 0.0, 1, 1)]
    assert scripts_reading(too_few, titles) == (
        "Not enough yet to compare kinds of session: each has fewer than 3 sessions rated "
        "before and after in this period.")
    three = [ScriptRow("somatic", 5, -3.0, -2.0, 2, 2), ScriptRow("breath", 9, -1.0, 0.0, 3, 3),
             ScriptRow("scan", 4, -0.5, 0.0, 4, 4)]
    # A kind left out may have done better: "did not come down" is said of those compared.
    left = [ScriptRow("somatic", 5, -3.0, -2.0, 2, 2), ScriptRow("breath", 9, 0.5, 0.0, 3, 3),
            ScriptRow("scan", 4, 1.0, 0.0, 4, 4)]
    assert scripts_reading(left, {**titles, "scan": "Body scan"}) == (
        "On average, pain did not come down in any kind of session with 3 or more rated in "
        "this period; “Paced breathing” came closest (up 0.5 points on average over 3 "
        "sessions rated before and after). That is only a few sessions, so treat it "
        "lightly. Kinds with fewer than 3 sessions rated before and after are not compared "
        "yet.")
    assert scripts_reading(three, {**titles, "scan": "Body scan"}) == (
        "Pain came down most after “Paced breathing”, by 1.0 points on average over 3 sessions "
        "rated before and after. That is only a few sessions, so treat it lightly. Kinds "
        "with fewer than 3 sessions rated before and after are not compared yet.")
    # One rated session is not "all your rated sessions (1 rated session)".
    assert scripts_reading(often[:1], titles) == ("The one session you rated before and "
                                                  "after here was “Somatic "
                                                  "tracking: first steps”.")
    assert scripts_reading(often[:1], titles, sam) == ("The one session Sam rated before and "
                                                       "after here was "
                                                       "“Somatic tracking: first steps”.")
    rising = [ScriptRow("somatic", 7, 0.5, 0.0, 3, 3), ScriptRow("breath", 3, 1.0, 0.0, 3, 3)]
    assert scripts_reading(rising, titles) == (
        "On average, pain did not come down in any kind of session in this period; “Somatic "
        "tracking: first steps” came closest (up 0.5 points on average over 3 sessions rated "
        "before and after). That is only a few sessions, so treat it lightly.")
    # An average that rounds to no change says so, not "+0.0"; halves round away from 0.
    flat = [ScriptRow("somatic", 7, 0.04, 0.0, 6, 6), ScriptRow("breath", 3, 1.25, 0.0, 8, 8)]
    assert scripts_reading(flat, titles) == (
        "On average, pain did not come down in any kind of session in this period; “Somatic "
        "tracking: first steps” came closest (no change on average over 6 sessions rated "
        "before and after).")
    halves = [ScriptRow("somatic", 8, -1.25, 0.0, 8, 8), ScriptRow("breath", 3, 1.0, 0.0, 3, 3)]
    assert scripts_reading(halves, titles) == (
        "Pain came down most after “Somatic tracking: first steps”, by 1.3 points on average "
        "over 8 sessions rated before and after.")
    none = "No sessions rated before and after in this period yet."
    assert scripts_reading([], titles) == scripts_reading([], titles, sam) == none

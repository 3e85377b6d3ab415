"""What the therapist reads about a patient tells the truth (a four-week probe's findings).

Real parts (tests/ui/clinic.py): patients import the therapist's packs, do sessions in real
SQLite files and send sealed results; the therapist imports them on the Patients page,
reads the set lines, Outcomes, and the PDF report (read back with pdftotext).

* Results that stop before today: the report says which days they cover and counts the
  set as of the last of them, as the Patients page does, so it does not read as if the
  patient stopped.
* Two sets: each set the results sent with sessions gets its progress, the current one
  first and said to be current, and the report's "Set" column names the set of each
  session, not "–" (the Library's mark) for the earlier set's.
* Two patients with one name: told apart by their key, as the Patients list writes it.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

from nacl.signing import SigningKey

from painease.domain.programs import Program, Schedule
from painease.packs import identity
from painease.packs.identity import load_or_create_identity
from painease.packs.install import import_pack
from painease.packs.results_export import export_results
from painease.packs.sender_name import key_text
from painease.storage import SessionStore
from painease.ui.therapist.cohort_view import CohortView
from painease.ui.therapist.patients_page import PatientsPage
from tests.packs.conftest import make_program
from tests.pinned import therapists
from tests.ui.clinic import THERAPIST, outcomes_refreshed, pdf_text
from tests.waits import WORKER_WAIT_MS


def _at(day: int, hour: int = 12) -> datetime:
    return datetime(2026, 11, day, hour, tzinfo=UTC)


def send(clinic, home: str, name: str, sets, sessions, until: int):
    """A patient in ``home`` imports each (program, day) of ``sets``, does ``sessions``
    ((day, program, item position, script)) and sends results for 1 – ``until`` Nov."""
    packs = [(clinic.pack(program), day) for program, day in sets]
    home_dir = clinic.homes.use(clinic.root / home)
    with SessionStore(home_dir / "painease.sqlite3") as store:
        for day in sorted({day for _, day in packs} | {done for done, *_ in sessions}):
            for pack, _ in (p for p in packs if p[1] == day):  # a set arrives, then sessions
                import_pack(pack, store, today=date(2026, 11, day))
            for _, program, position, script in (s for s in sessions if s[0] == day):
                sid = store.start_session(script, 1, 5, started_at=_at(day),
                                          program_item=(program.id, position))
                store.save_rating(sid, "pre", 6, 6, rated_at=_at(day))
                store.end_session(sid, "completed", 300_000, ended_at=_at(day, 13))
                store.save_rating(sid, "post", 4, 4, rated_at=_at(day, 13))
        me = load_or_create_identity(name=name)
        [(_, key)] = therapists(store)
        out = clinic.root / "results" / f"{home}.painease-results"
        export_results(store, key, me, out, date(2026, 11, 1), date(2026, 11, until))
    clinic.homes.use(clinic.homes.therapist)
    return out


def flat(text: str) -> str:
    """One line, as the PDF reads (no ligatures undone: what is copied is what is shown)."""
    return " ".join(text.split())


def report_of(qtbot, page, out) -> str:
    insights = page.detail.currentWidget()
    qtbot.waitUntil(lambda: insights.view is not None and insights.view.data is not None,
                    timeout=WORKER_WAIT_MS)
    assert insights.view.save_report(out) is not None
    return pdf_text(out)


def test_results_that_end_before_today_are_counted_as_of_their_last_day(qtbot, clinic,
                                                                      tmp_path):
    program = make_program()  # "Two weeks": calm-corner 2×2 weeks, paced-breathing 4 Nov
    results = send(clinic, "sam", "Sam", [(program, 2)], [
        (2, program, 1, "calm-corner"), (3, program, 1, "calm-corner"),
        (4, program, 2, "paced-breathing")], until=6)
    with clinic.own_store() as own:
        page = PatientsPage(own)
        qtbot.addWidget(page)
        page.resize(1000, 760)
        page.show()
        assert page.import_file(results)
        # Imported weeks later (today is after 6 Nov): counted on 6 Nov, and said so.
        assert page.progress.set_label.text() == (
            "Set “Two weeks” (started 2 Nov 2026): on 6 Nov 2026, the last day their "
            "results cover, 3 of 5 done.")
        text = flat(report_of(qtbot, page, tmp_path / "sam.pdf"))
    assert "Sam's results cover: 1 Nov 2026 – 6 Nov 2026. Days after 6 Nov 2026 are not " \
           "in them yet." in text
    assert "On 6 Nov 2026, the last day their results cover: 3 of 5 done." in text
    assert not re.search(r"On \d+ Dec 20\d\d", text)  # not as of the day it was made


def test_a_patients_own_report_is_counted_as_before(qtbot, clinic, tmp_path):
    from painease.report import write_report

    program = make_program()
    send(clinic, "sam", "Sam", [(program, 2)], [(2, program, 1, "calm-corner")], until=6)
    clinic.homes.use(clinic.root / "sam")
    with SessionStore(clinic.root / "sam" / "painease.sqlite3") as theirs:
        write_report(theirs, tmp_path / "mine.pdf", today=date(2026, 11, 20), tz=UTC)
    text = flat(pdf_text(tmp_path / "mine.pdf"))
    assert "On 20 Nov 2026: 1 of 5 done." in text
    assert "cover" not in text.split("Measures from pain research")[0]


def test_each_set_sent_with_sessions_has_its_progress_and_its_sessions_marks(
        qtbot, clinic, tmp_path):
    first = make_program()
    second = Program.create("Going deeper", THERAPIST, [
        ("paced-breathing", 5, Schedule(times_per_week=2, weeks=1), None)])
    results = send(clinic, "sam", "Sam", [(first, 2), (second, 5)], [
        (2, first, 1, "calm-corner"), (3, first, 1, "calm-corner"),
        (5, second, 1, "paced-breathing"), (6, second, 1, "paced-breathing")], until=6)
    with clinic.own_store() as own:
        page = PatientsPage(own)
        qtbot.addWidget(page)
        page.resize(1000, 760)
        page.show()
        assert page.import_file(results)
        assert page.progress.set_label.text() == (
            "Set “Going deeper” (the current set, started 5 Nov 2026): on 6 Nov 2026, "
            "the last day their results cover, 2 of 2 done.\n\n"
            "Set “Two weeks” (started 2 Nov 2026): on 6 Nov 2026, the last day their "
            "results cover, 2 of 5 done.")
        raw = report_of(qtbot, page, tmp_path / "sam.pdf")
    text = flat(raw)
    assert "Sam's sets" in text
    current = text.index("“Going deeper”, from Dr. Ana Moreno (the current set): started "
                         "5 Nov 2026")
    earlier = text.index("“Two weeks”, from Dr. Ana Moreno: started 2 Nov 2026")
    assert current < earlier
    assert "On 6 Nov 2026, the last day their results cover: 2 of 2 done." in text
    assert "On 6 Nov 2026, the last day their results cover: 2 of 5 done." in text
    # The table: every session names its set; none shows the Library's "–".
    table = raw.split("Sessions, newest")[1].split("Pain: how strong")[0]
    assert "–  " not in table and " – " not in table
    assert len(re.findall(r"Going\s+deeper", flat(table))) == 2
    assert len(re.findall(r"Two\s+weeks", flat(table))) == 2
    # "item 1" kept together: the narrow column once put the "1" on a line of its own.
    assert len(re.findall(r"item\s1\b", table)) == 4, table


def test_two_patients_with_one_name_are_told_apart(qtbot, clinic, tmp_path, monkeypatch):
    program = make_program()
    # Sam A's key starts "fbbe ff9f": its "ff" once came out of the PDF as one character
    # ("ﬀ"), so a key copied from the report did not match the Patients list's.
    fixed = SigningKey(bytes([206]) * 32)
    with monkeypatch.context() as patch:  # the therapist's key is made already
        patch.setattr(identity.SigningKey, "generate", staticmethod(lambda: fixed))
        one = send(clinic, "sam-a", "Sam", [(program, 2)], [(2, program, 1, "calm-corner")],
                   until=6)
    two = send(clinic, "sam-b", "Sam", [(program, 3)], [], until=6)
    keys = {}
    for home in ("sam-a", "sam-b"):
        clinic.homes.use(clinic.root / home)
        keys[home] = key_text(load_or_create_identity().public_key)
    assert "ff" in keys["sam-a"]
    clinic.homes.use(clinic.homes.therapist)
    with clinic.own_store() as own:
        page = PatientsPage(own)
        qtbot.addWidget(page)
        page.resize(1000, 760)
        page.show()
        assert page.import_file(two)
        assert page.heading.text() == "Sam"  # one Sam yet: no key needed
        assert page.import_file(one)
        assert page.heading.text() == f"Sam ({keys['sam-a']})"
        text = flat(report_of(qtbot, page, tmp_path / "sam.pdf"))
        view = CohortView(own)
        qtbot.addWidget(view)
        outcomes_refreshed(qtbot, view)  # built, it has read nothing: a show or this reads
        summary = view.summary.text()
    assert f"Sam ({keys['sam-b']})" in summary
    assert "Sam, Sam" not in summary
    assert f"Patient: Sam ({keys['sam-a']}); another patient of yours is named Sam too." \
        in text

"""A therapist's clinic for the Patients page's tests: the therapist's data dir and key,
their packs, and patients who each import a pack, rate sessions in a real SQLite file and
send sealed results. (The ``clinic`` fixture is in tests/ui/conftest.py.)"""

from __future__ import annotations

import shutil
import subprocess
from contextlib import contextmanager
from datetime import UTC, date, datetime

import pytest

from painease.domain.programs import Program
from painease.packs.identity import load_or_create_identity
from painease.packs.install import import_pack
from painease.packs.pack import build_pack
from painease.packs.results_export import export_results
from painease.storage import SessionStore
from painease.ui.therapist.patients_page import PatientsPage
from tests.packs.conftest import Homes, make_program, write_custom_script
from tests.pinned import therapists
from tests.waits import WORKER_WAIT_MS

THERAPIST = "Dr. Ana Moreno"


def _at(day: int, hour: int = 12) -> datetime:
    return datetime(2026, 11, day, hour, tzinfo=UTC)


def week(day: int, before, after, n: int = 5) -> list:
    """``n`` sessions on days ``day`` … ``day + n - 1``, all rated alike: a week whose
    average is ``before`` (Outcomes compares a patient's first and last week)."""
    return [(day + i, before, after) for i in range(n)]


class Clinic:
    """The therapist's data dir and key, their packs, and patients who send results."""

    def __init__(self, root, monkeypatch):
        self.root = root
        self.homes = Homes(root, monkeypatch)
        self.homes.use(self.homes.therapist)
        write_custom_script(self.homes.therapist)
        self.identity = load_or_create_identity(name=THERAPIST)
        self.packs = {}

    def pack(self, program: Program):
        if program.id not in self.packs:  # by id: two sets may share a title
            self.homes.use(self.homes.therapist)
            self.packs[program.id] = build_pack(
                program, self.identity, self.root / "packs" / f"{program.id}.painease")
        return self.packs[program.id]

    def patient(self, name: str, program: Program | None, sessions,
                started: date = date(2026, 11, 1), linked: int | None = None) -> object:
        """``sessions``: (day, (pain, fear) before or None, (pain, fear) after or None),
        optionally followed by the time played (ms) of that 5-minute session. ``started``:
        the day the patient imports the pack and so starts its set; ``linked``: the
        position of the set item the sessions are started from (None: not from the set)."""
        if program is None:  # results that carry no set: any pack, deleted after import
            program = self.no_set = getattr(self, "no_set", None) or make_program()
            pack, program = self.pack(program), None
        else:
            pack = self.pack(program)
        home = self.homes.use(self.root / f"patient-{name}")
        with SessionStore(home / "painease.sqlite3") as store:
            import_pack(pack, store, today=started)
            if program is None:  # results that carry no set
                from painease.storage.programs import ProgramStore

                for stored in ProgramStore(store).programs():
                    ProgramStore(store).delete_program(stored.program.id)
            for day, before, after, *played in sessions:
                item = None if linked is None else (program.id, linked)
                sid = store.start_session("paced-breathing", 1, 5, started_at=_at(day),
                                          program_item=item)
                if before is not None:
                    store.save_rating(sid, "pre", *before, rated_at=_at(day))
                store.end_session(sid, "completed", 300_000, ended_at=_at(day, 13),
                                  played_ms=played[0] if played else None)
                if after is not None:
                    store.save_rating(sid, "post", *after, rated_at=_at(day, 13))
            me = load_or_create_identity(name=name)
            [(_, key)] = therapists(store)
            out = self.root / "results" / f"{name}.painease-results"
            export_results(store, key, me, out, date(2026, 11, 1), date(2026, 11, 30))
        self.homes.use(self.homes.therapist)
        return out

    def own_store(self) -> SessionStore:
        self.homes.use(self.homes.therapist)
        return SessionStore(self.homes.therapist / "painease.sqlite3")


def pdf_text(path) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True,
                          capture_output=True, text=True).stdout


def patient_insights(qtbot, own, results, size=(830, 720)):
    """A Patients page over ``own`` with ``results`` imported, and that patient's Insights
    (the page's current detail) once its data has loaded."""
    page = PatientsPage(own)
    qtbot.addWidget(page)
    page.resize(*size)
    page.show()
    assert page.import_file(results)
    insights = page.detail.currentWidget()
    qtbot.waitUntil(lambda: insights.view is not None and insights.view.data is not None,
                    timeout=WORKER_WAIT_MS)
    return page, insights



def outcomes_read(qtbot, view):
    """``view`` (a ``CohortView``) once the answer of its newest read is on screen: it
    reads on a worker thread (``refresh``, or a show that needed a read)."""
    qtbot.waitUntil(lambda: not view.reading, timeout=WORKER_WAIT_MS)
    return view


def outcomes_shown(qtbot, own):
    """A ``CohortView`` of the therapist's store ``own``, shown (which reads), its answer on
    screen; the store is closed with the view."""
    from painease.ui.therapist.cohort_view import CohortView

    view = CohortView(own)
    qtbot.addWidget(view)
    view.destroyed.connect(own.close)
    view.show()
    qtbot.waitExposed(view)
    return outcomes_read(qtbot, view)


def outcomes_refreshed(qtbot, view):
    """``view.refresh()``, and its answer on screen."""
    view.refresh()
    return outcomes_read(qtbot, view)

@contextmanager
def patients_pages_closing(monkeypatch):
    """Every therapist's Patients page made inside is closed when it ends.

    ``qtbot.addWidget`` keeps only a weak reference, so a page a test made and did not
    close was freed when the test returned, unclosed: its patient's Insights charts went
    with it, and the collector freed their pyqtgraph objects' Python side later, in a later
    test, which then crashed the process now and then (a timer event delivered to a freed
    chart scene; one run in four to eight of the Patients tests, most runs with a
    collection forced before each test). Closed, the page drops its charts as the app does
    (``PatientsPage._drop_detail``, ``InsightsPage.drop_view``)."""
    import shiboken6

    made = []
    build = PatientsPage.__init__

    def keep(self, *args, **kwargs):
        build(self, *args, **kwargs)
        made.append(self)

    monkeypatch.setattr(PatientsPage, "__init__", keep)
    yield
    for page in made:
        if shiboken6.isValid(page):
            page.close()


@pytest.fixture
def patients_pages_closed(monkeypatch):
    """The test's Patients pages closed at its end (``patients_pages_closing``)."""
    with patients_pages_closing(monkeypatch):
        yield

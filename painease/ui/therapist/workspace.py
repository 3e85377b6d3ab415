"""The Therapist page: Scripts (the editor), Sets (builder and Export pack…), Patients,
Outcomes (per set, across patients).

Its tab among the window's page tabs is there only when Settings' "I am a therapist" is on;
the main window builds this page the first time it is shown, and each tab builds its
contents the first time it is chosen, so nothing here costs start-up time. The workspace
keeps its own catalog and reloads it after a script is saved, so the set builder offers new
scripts at once; the window hands it a catalog it reloaded (``use_catalog``). Main thread
only.
"""

from __future__ import annotations

from PySide6.QtWidgets import QTabWidget, QToolButton, QVBoxLayout, QWidget

from painease.catalog import Catalog, load_catalog
from painease.storage import SessionStore
from painease.ui.widgets import PAGE_TOP

TABS = ("Scripts", "Sets", "Patients", "Outcomes")
# Above the tab bar: as far down as the patient pages' content starts, not against the
# window's top edge (each tab's own content then starts as far below the tab's top).
TOP_MARGIN = PAGE_TOP


class TherapistWorkspace(QWidget):
    def __init__(self, catalog: Catalog | None, store: SessionStore, *,
                 player_options: dict | None = None, recorder_options: dict | None = None):
        super().__init__()
        # The window's catalog may still be loading: the workspace then reads its own.
        self.catalog = catalog if catalog is not None else load_catalog()
        self.store = store
        self.player_options, self.recorder_options = player_options, recorder_options
        self.setObjectName("therapist-workspace")
        self.tabs = QTabWidget()
        self.tabs.setObjectName("therapist-tabs")
        self.tabs.setAccessibleName("Therapist workspace")
        self.tabs.setAccessibleDescription("Scripts: write and record sessions. Sets: build "
                                           "a set and export it as a pack. Patients: read "
                                           "imported results. Outcomes: how patients did "
                                           "per set")
        # Ctrl+6 and Tab land on the bar itself, which Qt leaves unnamed.
        self.tabs.tabBar().setAccessibleName("Therapist tabs")
        self.tabs.tabBar().setAccessibleDescription(
            "Left and right arrows choose Scripts, Sets, Patients or Outcomes")
        # In a narrow window at large text the tabs scroll: Qt's two arrows get names.
        for arrow in self.tabs.tabBar().findChildren(QToolButton):
            earlier = arrow.objectName() == "ScrollLeftButton"
            arrow.setAccessibleName("Earlier tabs" if earlier else "Later tabs")
            arrow.setAccessibleDescription("Shows the tabs that do not fit, "
                                           + ("to the left" if earlier else "to the right"))
        self.built: dict[str, QWidget] = {}
        for name in TABS:
            holder = QWidget()
            QVBoxLayout(holder).setContentsMargins(0, 0, 0, 0)
            self.tabs.addTab(holder, name)
        self.tabs.currentChanged.connect(self._build_tab)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, TOP_MARGIN, 0, 0)
        layout.addWidget(self.tabs)
        self._build_tab(0)

    def show_tab(self, name: str) -> QWidget:
        self.tabs.setCurrentIndex(TABS.index(name))
        return self._build_tab(TABS.index(name))

    def _build_tab(self, index: int) -> QWidget | None:
        if not 0 <= index < len(TABS):
            return None
        name = TABS[index]
        if name not in self.built:
            widget = self._make(name)
            self.tabs.widget(index).layout().addWidget(widget)
            self.built[name] = widget
        return self.built[name]

    def _make(self, name: str) -> QWidget:
        if name == "Scripts":
            from painease.ui.therapist.script_editor import ScriptEditor

            editor = ScriptEditor(self.catalog, player_options=self.player_options,
                                  recorder_options=self.recorder_options,
                                  sets_using=self._sets_using)
            editor.saved.connect(self._script_saved)
            editor.removed.connect(self._script_saved)
            return editor
        if name == "Sets":
            from painease.ui.therapist.set_builder import SetBuilder

            return SetBuilder(self.catalog, self.store)
        if name == "Outcomes":
            from painease.ui.therapist.cohort_view import CohortView

            outcomes = CohortView(self.store)
            # Built as its tab is shown: read now, so it is filled as it appears (Qt shows
            # it once events run, and that show then finds nothing changed to read again).
            outcomes.refresh()
            return outcomes
        from painease.ui.therapist.patients_page import PatientsPage

        titles = {entry.script.id: entry.script.title for entry in self.catalog.entries.values()}
        return PatientsPage(self.store, titles)

    def _sets_using(self, script_id: str) -> list[str]:
        """The titles of the therapist's own saved sets that use ``script_id``."""
        from painease.storage.programs import ProgramStore

        return [stored.program.title for stored in ProgramStore(self.store).programs("own")
                if any(item.script_id == script_id for item in stored.program.items)]

    def unsaved(self) -> list[str]:
        """What the Scripts and Sets tabs hold that is not saved, in words ("the script
        “Knee practice”"); empty when nothing is."""
        found = []
        for tab, what in (("Scripts", "script"), ("Sets", "set")):
            widget = self.built.get(tab)
            if widget is not None and widget.dirty:
                title = widget.title.text().strip()
                found.append(f"the {what} “{title}”" if title else f"a new {what}")
        return found

    def import_waiting(self) -> bool:
        """Whether the Patients tab's import of results waits for another import."""
        patients = self.built.get("Patients")
        return patients is not None and patients.import_waiting()

    def close_pages(self) -> None:
        """The window closes, and the pages' own closeEvent does not run inside the
        workspace: the Patients tab's waiting import is dropped (nothing of it written) and
        the patient it shows has their database closed and their charts deleted."""
        patients = self.built.get("Patients")
        if patients is not None:
            patients.wait_over = None
            patients.close_view()

    def when_import_over(self, then) -> None:
        """Call ``then()`` once the Patients tab's waiting import stops waiting by itself
        (merged, given up or failed, and said on the page); replaces an earlier ``then``."""
        patients = self.built.get("Patients")
        if patients is not None:
            patients.wait_over = then

    def import_outcome(self) -> str:
        """What the Patients tab says about its latest import ("Imported Sam: …")."""
        patients = self.built.get("Patients")
        return patients.message.text() if patients is not None else ""

    def _script_saved(self, _path) -> None:
        self.use_catalog(load_catalog())

    def use_catalog(self, catalog: Catalog) -> None:
        """Offer ``catalog``'s scripts from now on (a script saved here, or scripts changed
        by another process: see ``painease.ui.outside_changes``); the forms keep what they
        hold, saved or not."""
        self.catalog = catalog
        for widget in self.built.values():
            refresh = getattr(widget, "refresh_catalog", None)
            if refresh is not None:
                refresh(self.catalog)

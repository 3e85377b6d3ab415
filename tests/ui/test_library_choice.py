"""Library: the kind filter and the chosen session. Start plays what the details show,
and narrowing the list to a kind that still holds the chosen session keeps it chosen. The
Library opens on the session used last (from the store), and an import keeps the kind,
the session and its length."""

from __future__ import annotations

from PySide6.QtCore import Qt

from painease.ui.home_suggestion import suggested_session
from painease.ui.library_page import ID_ROLE
from tests.ui.test_patient_packs import card, choose_file, click
from tests.ui.test_patient_packs import therapist as therapist  # noqa: F401 - a fixture
from tests.ui.test_session_flow import find, shown

CHOSEN = "tracking-with-curiosity"  # a somatic tracking session, lengths 10 and 15


def open_library(qtbot, window):
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    library = find(window, "library-list")
    qtbot.waitUntil(library.isVisible)
    return library


def click_session(qtbot, library, script_id: str) -> None:
    row = next(r for r in range(library.count())
               if library.item(r).data(ID_ROLE) == script_id)
    qtbot.mouseClick(library.viewport(), Qt.MouseButton.LeftButton,
                     pos=library.visualItemRect(library.item(row)).center())


def test_a_filter_that_still_shows_the_chosen_session_keeps_it_and_its_length(
        qtbot, make_window):
    window = make_window()
    library = open_library(qtbot, window)
    click_session(qtbot, library, CHOSEN)
    length = find(window, "length-choice")
    length.setCurrentIndex(length.findData(15.0))
    kind = find(window, "kind-filter")
    kind.setCurrentIndex(kind.findText("Somatic tracking"))
    # It used to jump to the first somatic tracking session, at its first length.
    assert library.currentItem().data(ID_ROLE) == CHOSEN
    assert length.currentData() == 15.0
    started = []
    window.library.start_requested.connect(lambda *args: started.append(args))
    qtbot.mouseClick(find(window, "start-session"), Qt.MouseButton.LeftButton)
    assert started == [(CHOSEN, 15.0)]


def test_a_filter_that_hides_the_chosen_session_starts_only_what_is_shown(
        qtbot, make_window):
    window = make_window()
    library = open_library(qtbot, window)
    click_session(qtbot, library, CHOSEN)
    kind = find(window, "kind-filter")
    kind.setCurrentIndex(kind.findText("Breathing"))
    assert library.currentItem().data(ID_ROLE) == "paced-breathing"
    assert find(window, "library-list").currentItem().text().startswith("Paced breathing")
    started = []
    window.library.start_requested.connect(lambda *args: started.append(args))
    qtbot.mouseClick(find(window, "start-session"), Qt.MouseButton.LeftButton)
    assert started == [("paced-breathing", 5.0)]


def started_before(*sessions: tuple[str, float]) -> None:
    """Sessions in the real store before the window opens, in this order (the last one is
    the last used)."""
    from datetime import UTC, datetime, timedelta

    from painease.storage import SessionStore

    first = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)
    with SessionStore.open_default() as store:
        for day, (script_id, minutes) in enumerate(sessions):
            store.start_session(script_id, 1, minutes, started_at=first + timedelta(days=day))


def test_the_library_opens_on_the_session_and_length_used_last(qtbot, make_window):
    started_before(("paced-breathing", 10), (CHOSEN, 15))
    window = make_window()
    library = open_library(qtbot, window)
    # It used to open on the first session listed, at its first length.
    assert library.currentItem().data(ID_ROLE) == CHOSEN
    assert find(window, "length-choice").currentData() == 15.0


def test_a_length_no_longer_offered_opens_the_session_at_its_first_length(qtbot, make_window):
    started_before((CHOSEN, 12))  # a length an earlier version of the script had
    window = make_window()
    library = open_library(qtbot, window)
    assert library.currentItem().data(ID_ROLE) == CHOSEN
    assert find(window, "length-choice").currentData() == 10.0


def test_a_session_no_longer_in_the_catalog_opens_the_library_on_homes_suggestion(
        qtbot, make_window):
    # Home then suggests the first bundled somatic tracking session; so does the Library.
    started_before((CHOSEN, 15), ("a-script-since-removed", 5))
    window = make_window()
    library = open_library(qtbot, window)
    suggested = suggested_session(window.catalog, None, None)
    assert library.currentItem().data(ID_ROLE) == suggested.entry.script.id
    assert find(window, "length-choice").currentData() == suggested.minutes


def test_a_library_built_before_the_sessions_load_opens_on_the_last_used(
        qtbot, make_window):
    """The Library may be opened while the catalog is still loading: the last used is
    chosen once the sessions arrive (make_window is asked for only to restore the look)."""
    from painease.ui.app import create_window, wait_until_ready

    started_before((CHOSEN, 15))
    window = create_window({"use_device": False})
    qtbot.addWidget(window)
    try:
        assert window.catalog is None and window.library.list.count() == 0
        wait_until_ready(window)
        assert window.library.list.currentItem().data(ID_ROLE) == CHOSEN
        assert window.library.length.currentData() == 15.0
    finally:
        window.close_store()


def click_page(qtbot, window, name: str) -> None:
    nav = find(window, "nav")
    index = next(i for i in range(nav.count()) if nav.tabText(i) == name)
    qtbot.mouseClick(nav, Qt.MouseButton.LeftButton, pos=nav.tabRect(index).center())


def test_importing_a_pack_keeps_the_kind_the_session_and_the_length(
        qtbot, make_window, preset, therapist):  # noqa: F811 - the fixture
    """An import reloads the catalog; the Library's kind filter went back to every kind."""
    path = therapist.pack("two-weeks.painease")
    preset(welcome_seen=True)
    window = make_window(use_device=False)
    library = open_library(qtbot, window)
    kind = find(window, "kind-filter")
    kind.setCurrentIndex(kind.findText("Somatic tracking"))
    click_session(qtbot, library, "somatic-tracking-safety-deeper")
    length = find(window, "length-choice")
    length.setCurrentIndex(length.findData(20.0))

    click_page(qtbot, window, "Home")
    click(qtbot, find(window, "import-pack"))
    choose_file(qtbot, card(window).file_dialog, path)
    qtbot.waitUntil(lambda: shown(window, "set-card"))
    assert "calm-corner" in window.catalog.entries  # the catalog was loaded again

    click_page(qtbot, window, "Library")
    qtbot.waitUntil(library.isVisible)
    assert kind.currentText() == "Somatic tracking"
    assert library.currentItem().data(ID_ROLE) == "somatic-tracking-safety-deeper"
    assert length.currentData() == 20.0
    listed = {library.item(row).data(ID_ROLE) for row in range(library.count())}
    assert "paced-breathing" not in listed  # the list follows the kind still shown


def test_a_kind_the_new_catalog_lacks_falls_back_to_every_kind(qtbot):
    from painease.catalog import Catalog, load_catalog
    from painease.ui.library_page import LibraryPage

    catalog = load_catalog()
    page = LibraryPage(catalog)
    qtbot.addWidget(page)
    page.kind.setCurrentIndex(page.kind.findText("Relaxation"))
    assert page.list.currentItem().data(ID_ROLE) == "body-scan-relaxation"
    without = {key: entry for key, entry in catalog.entries.items()
               if entry.script.kind.value != "relaxation"}
    page.set_catalog(Catalog(entries=without))
    assert page.kind.currentData() == "" and page.list.count() == len(without)
    assert page.list.currentRow() == 0


def home_start(qtbot, window) -> tuple[str, float]:
    """What Home's Start starts (a press, as a person does; the Before page shows)."""
    started = []
    window.home.start_requested.connect(lambda *args: started.append(args))
    qtbot.waitUntil(lambda: shown(window, "home-start"))
    qtbot.mouseClick(find(window, "home-start"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: shown(window, "pre-pain"))
    return started[-1]


def test_home_suggests_the_session_started_last_not_one_the_settings_name(
        qtbot, make_window, preset):
    """A settings file from an older painease names the session it last saved (a full
    disk can leave it naming an older one): Home, as the Library, suggests the one the
    store started last."""
    preset(welcome_seen=True, last_script="paced-breathing", last_minutes=5.0)
    started_before(("paced-breathing", 5), (CHOSEN, 15))
    window = make_window(use_device=False)
    assert home_start(qtbot, window) == (CHOSEN, 15.0)  # it used to be paced-breathing
    assert window._library_choice() == (CHOSEN, 15.0)  # what the Library opens on


def test_turning_back_before_a_session_leaves_home_on_the_session_used_last(
        qtbot, make_window, preset):
    preset(welcome_seen=True)
    started_before((CHOSEN, 15))
    window = make_window(use_device=False)
    library = open_library(qtbot, window)
    assert library.currentItem().data(ID_ROLE) == CHOSEN
    click_session(qtbot, library, "paced-breathing")
    qtbot.mouseClick(find(window, "start-session"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: shown(window, "pre-back"))
    qtbot.mouseClick(find(window, "pre-back"), Qt.MouseButton.LeftButton)  # no session
    qtbot.waitUntil(library.isVisible)  # Back leads where the session was chosen
    assert library.currentItem().data(ID_ROLE) == "paced-breathing"
    qtbot.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    # Home still suggests the one used last, as the Library would.
    assert home_start(qtbot, window) == (CHOSEN, 15.0)  # it used to be paced-breathing

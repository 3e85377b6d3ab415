"""The window: pages, the welcome and safety note, the library, keyboard use, accessibility."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSlider,
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QScrollBar,
    QWidget,
)

from painease.catalog import load_catalog
from painease.ui.home_page import SAFETY_NOTE
from tests.ui.conftest import labels_hiding_text
from tests.ui.test_session_flow import choose_in_library, find, shown, start_rated
from tests.waits import WORKER_WAIT_MS

REPO = Path(__file__).resolve().parents[2]

INTERACTIVE = (QAbstractButton, QAbstractSlider, QComboBox, QLineEdit, QPlainTextEdit,
               QListWidget)


def unnamed_controls(root: QWidget) -> list[str]:
    """Visible interactive controls lacking an accessible name or description: the usual
    kinds of control, and anything else that Tab stops at (a scroll area, a table, a
    chart)."""
    missing = []
    for widget in root.findChildren(QWidget):
        # (A view's viewport passes its focus to the view: the view is what is named.)
        tab_stop = (bool(widget.focusPolicy() & Qt.FocusPolicy.TabFocus)
                    and widget.focusProxy() is None)
        if not (isinstance(widget, INTERACTIVE) or tab_stop) or not widget.isVisible():
            continue
        if widget.property("role") == "scale" or widget.objectName().startswith("qt_"):
            continue  # the 0–10 buttons (described by their scale); Qt's own inner parts
        if isinstance(widget, QScrollBar):
            continue
        # A label's words are its name (see ``labels_hiding_text``).
        named = widget.accessibleName() or isinstance(widget, QLabel) and widget.text()
        if not named or not widget.accessibleDescription():
            missing.append(f"{type(widget).__name__} {widget.objectName()!r} "
                           f"{getattr(widget, 'text', lambda: '')()!r}")
    return missing


def test_library_lists_every_playable_script_with_its_details(qtbot, make_window):
    window = make_window()
    catalog = load_catalog()
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    library = find(window, "library-list")
    assert isinstance(library, QListWidget) and library.isVisible()
    titles = [library.item(i).text() for i in range(library.count())]
    assert len(titles) == len(catalog.entries) >= 2
    assert any(t.startswith("Paced breathing — 5, 10 min") for t in titles)
    assert library.accessibleName() == "Sessions"
    breathing = titles.index(next(t for t in titles if t.startswith("Paced breathing")))
    qtbot.mouseClick(library.viewport(), Qt.MouseButton.LeftButton,
                     pos=library.visualItemRect(library.item(breathing)).center())
    lengths = find(window, "length-choice")
    assert [lengths.itemText(i) for i in range(lengths.count())] == ["5 minutes", "10 minutes"]
    kind = find(window, "kind-filter")
    kind.setCurrentIndex(kind.findText("Somatic tracking"))
    tracking = sorted(e.script.title for e in catalog.entries.values()
                      if e.script.kind == "somatic-tracking")
    assert "Somatic tracking: first steps" in tracking and len(tracking) < len(titles)
    assert [library.item(i).text().split(" — ")[0] for i in range(library.count())] == tracking


def test_first_run_welcome_has_the_safety_note_and_can_be_put_away(qtbot, make_window):
    window = make_window()
    welcome = find(window, "welcome")
    text = " ".join(label.text() for label in welcome.findChildren(QLabel))
    assert "somatic tracking" in text and "Your pain is real" in text
    assert "for pain a clinician has already checked for other causes" in text
    # The welcome carries the safety note (issue #4): short, it points to Help's signs.
    assert "checked by a clinician" in text
    assert "checked by a clinician" in find(window, "safety-note").text()
    assert "Help page" in find(window, "safety-note").text()
    # Said once: the welcome ends with the safety note, so the page's foot leaves it out.
    home_words = [label.text() for label in window.home.findChildren(QLabel)
                  if label.isVisibleTo(window.home)]
    assert home_words.count(SAFETY_NOTE) == 1
    assert welcome.isAncestorOf(find(window, "safety-note"))
    got_it = find(window, "welcome-dismiss")
    got_it.setFocus()
    qtbot.keyClick(got_it, Qt.Key.Key_Space)  # from the keyboard
    qtbot.waitUntil(lambda: not shown(window, "welcome"))
    assert window.settings.get("welcome_seen") is True
    # Focus stays on Home, on Start (shown once the event loop runs), not thrown back to
    # the page tabs.
    def on_start():
        focused = QApplication.focusWidget()
        return focused is not None and focused.objectName() == "home-start" \
            and focused.isVisible() and focused.hasFocus()

    qtbot.waitUntil(on_start)
    # The welcome put away, the safety note is at the foot of the page, once.
    notes = [label for label in window.home.findChildren(QLabel)
             if label.isVisible() and label.text() == SAFETY_NOTE]
    assert [(note.objectName(), note.property("role")) for note in notes] == [
        ("safety-note", "muted")]


def test_help_has_the_crisis_note_and_the_licence(qtbot, make_window):
    window = make_window()
    qtbot.keyClick(window, Qt.Key.Key_5, Qt.KeyboardModifier.ControlModifier)
    crisis = " ".join(label.text() for label in find(window, "crisis-note").findChildren(QLabel))
    assert "emergency services or a crisis line now" in crisis
    # Safety: which signs are an emergency, which need help the same day, and what can
    # wait for a clinician soon. New loss of bladder or bowel control was once among the
    # signs to get help "today" for.
    emergency = find(window, "emergency-signs")
    same_day, soon = find(window, "same-day-signs"), find(window, "see-soon")
    assert emergency.isVisible() and same_day.isVisible() and soon.isVisible()
    assert emergency.text() == (
        "New loss of bladder or bowel control, or new numbness between the legs or around "
        "the bottom, is an emergency. Please call your local emergency number now.")
    assert "medical help the same day" in same_day.text()
    assert "Get help today for new numbness or weakness in an arm or a leg." in same_day.text()
    assert "bladder" not in same_day.text() and "bowel" not in same_day.text()
    assert "call your local emergency number now" in same_day.text()
    assert "soon" not in same_day.text()
    assert soon.text().endswith("new, changing or worrying, please see a clinician soon.")
    assert "weight loss with no clear reason" in soon.text()
    # Home's note is short and points here: Help shows every sign CLINICAL.md lists.
    shown = " ".join(label.text() for label in find(window, "safety").findChildren(QLabel)
                     if label.isVisible())
    assert "supports your medical care and does not replace it" in shown
    for sign in ("bladder or bowel control", "numbness or weakness", "new fever",
                 "serious injury", "severe pain at night", "worse quickly",
                 "weight loss with no clear reason"):
        assert sign in shown, sign
    about = " ".join(label.text() for label in find(window, "about").findChildren(QLabel))
    assert "GPL-3.0-or-later" in about
    assert "PyNaCl with libsodium" in about and "Piper" in about  # packs; the guide's voice
    # The voice's licence as far as it is known: NOTICE records the base voice's terms as
    # not yet reviewed, and Help does not claim more.
    notice = (REPO / "assets" / "audio" / "NOTICE").read_text(encoding="utf-8")
    assert "We have not reviewed those terms" in notice
    assert "not yet reviewed" in about


def test_settings_change_and_persist_text_size_and_dark_mode(qtbot, make_window):
    window = make_window()
    qtbot.keyClick(window, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)
    # Each control is labelled by its title: on Linux a screen reader names a drop-down
    # by that label (its accessible name there is its current text, "100%").
    for name, title in (("setting-text-size", "Text size (%)"), ("setting-theme", "Appearance"),
                        ("setting-audio-device", "Sound output"),
                        ("setting-ambience", "Background sound to play"),
                        ("setting-master-volume", "Overall volume")):
        relations = QAccessible.queryAccessibleInterface(find(window, name)).relations(
            QAccessible.RelationFlag.Label)
        assert [other.text(QAccessible.Text.Name) for other, _ in relations] == [title], name
    size = find(window, "setting-text-size")
    size.setCurrentIndex(size.findData(200))
    theme = find(window, "setting-theme")
    theme.setCurrentIndex(theme.findData("dark"))
    assert (window.settings.get("text_size"), window.settings.get("theme")) == (200, "dark")
    assert window.font().pointSizeF() == 22
    assert window.palette().window().color().lightness() < 60
    live = find(window, "setting-live-rating")
    qtbot.mouseClick(live, Qt.MouseButton.LeftButton)
    assert window.settings.get("live_rating") is True


def test_every_control_has_an_accessible_name_and_description(qtbot, make_window,
                                                              short_script):
    window = make_window(use_device=False)
    for number in range(1, 6):
        qtbot.keyClick(window, getattr(Qt.Key, f"Key_{number}"),
                       Qt.KeyboardModifier.ControlModifier)
        assert unnamed_controls(window) == [], f"page {number}"
        assert labels_hiding_text(window) == [], f"page {number}"
    choose_in_library(qtbot, window, short_script)
    qtbot.waitUntil(lambda: shown(window, "pre-pain"))
    assert unnamed_controls(window) == []
    pain = find(window, "pre-pain")
    assert pain.accessibleName() and "10 = worst pain imaginable" in pain.accessibleDescription()
    pain.setValue(4)
    find(window, "pre-fear").setValue(4)
    qtbot.mouseClick(find(window, "pre-continue"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: shown(window, "caption"))
    assert unnamed_controls(window) == []


def test_tab_follows_the_page_and_digits_choose_on_the_focused_scale(qtbot, make_window,
                                                                     short_script):
    window = make_window(use_device=False)
    choose_in_library(qtbot, window, short_script)
    qtbot.waitUntil(lambda: shown(window, "pre-pain"))
    pain, fear = find(window, "pre-pain"), find(window, "pre-fear")
    qtbot.waitUntil(pain.hasFocus)
    qtbot.keyClick(pain, "7")
    qtbot.keyClick(pain, Qt.Key.Key_Tab)
    assert fear.hasFocus()
    qtbot.keyClick(fear, "2")
    qtbot.keyClick(fear, Qt.Key.Key_Right)
    assert (pain.value(), fear.value()) == (7, 3)
    # What a screen reader hears for the scale includes what was chosen.
    heard = QAccessible.queryAccessibleInterface(fear).text(QAccessible.Text.Name)
    assert heard.startswith("How threatening") and heard.endswith("Chosen: 3.")
    qtbot.keyClick(fear, Qt.Key.Key_Tab)
    assert find(window, "pre-note").hasFocus()


def start_silent_session(qtbot, make_window, script_id: str):
    """A window with the short script playing on the silent output, rated 3/3 before."""
    window = make_window(use_device=False)
    start_rated(qtbot, window, script_id, 3, 3, length_row=1)
    return window


def test_space_and_arrows_drive_the_player(qtbot, make_window, short_script):
    window = start_silent_session(qtbot, make_window, short_script)
    qtbot.waitUntil(lambda: shown(window, "caption"))
    caption, play = find(window, "caption"), find(window, "play-pause")
    qtbot.keyClick(play, Qt.Key.Key_Right)
    qtbot.waitUntil(lambda: caption.text() == "This is safe.", timeout=WORKER_WAIT_MS)
    qtbot.keyClick(play, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: play.text() == "Continue")
    qtbot.keyClick(play, Qt.Key.Key_Left)
    qtbot.keyClick(play, Qt.Key.Key_Left)
    qtbot.waitUntil(lambda: caption.text() == "Settle in.", timeout=WORKER_WAIT_MS)
    assert find(window, "phase").text() == "Settling in"


def test_the_background_sound_can_be_changed_from_the_player(qtbot, make_window,
                                                             short_script):
    window = start_silent_session(qtbot, make_window, short_script)
    qtbot.waitUntil(lambda: shown(window, "ambience-choice"))
    choice = find(window, "ambience-choice")
    assert choice.currentData() == "soft-rain"  # what the script suggests
    assert choice.accessibleName() and choice.accessibleDescription()
    source = window.flow.session.player._source
    before = source._bed
    choice.setCurrentIndex(choice.findData("warm-drone"))
    # The reader takes the change up with its next block and keeps the new bed.
    qtbot.waitUntil(lambda: source._bed is not before and source._bed is not None,
                    timeout=20000)
    assert not any("ambience" in problem for problem in source.problems)


def end_early_to_the_summary(qtbot, window) -> None:
    """From a playing session: Esc, End now, Skip the after-rating; the summary shows."""
    qtbot.waitUntil(lambda: shown(window, "caption"))
    qtbot.keyClick(find(window, "play-pause"), Qt.Key.Key_Escape)
    qtbot.mouseClick(find(window, "confirm-stop"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: shown(window, "post-skip"))
    qtbot.mouseClick(find(window, "post-skip"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: shown(window, "summary-done"))


def test_page_shortcuts_on_the_summary_finish_it_as_done_does(qtbot, make_window,
                                                               short_script):
    """On the Summary the session is over: Ctrl+2 finishes it (as Done) and goes to the
    Library (see also tests/ui/test_page_keys_in_session.py)."""
    window = start_silent_session(qtbot, make_window, short_script)
    end_early_to_the_summary(qtbot, window)
    qtbot.keyClick(find(window, "summary-done"), Qt.Key.Key_2,
                   Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: shown(window, "library-list"))
    assert window.nav.isVisible() and not window.running


def test_enter_presses_the_focused_button_on_every_page_of_a_session(qtbot, make_window,
                                                                     short_script):
    window = make_window(use_device=False)
    choose_in_library(qtbot, window, short_script, length_row=1)
    qtbot.waitUntil(lambda: shown(window, "pre-pain"))
    find(window, "pre-pain").setValue(3)
    find(window, "pre-fear").setValue(3)
    note = find(window, "pre-note")
    note.setFocus()
    qtbot.keyClicks(note, "neck")
    qtbot.keyClick(note, Qt.Key.Key_Return)  # Enter in the one-line note goes on
    qtbot.waitUntil(lambda: shown(window, "caption"))
    assert window.store.ratings(window.flow.session.session_id)["pre"].note == "neck"
    qtbot.keyClick(find(window, "play-pause"), Qt.Key.Key_Escape)
    qtbot.keyClick(find(window, "confirm-stop"), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: shown(window, "post-skip"))
    skip = find(window, "post-skip")
    skip.setFocus()
    qtbot.keyClick(skip, Qt.Key.Key_Enter)
    done = find(window, "summary-done")
    qtbot.waitUntil(done.isVisible)
    done.setFocus()
    qtbot.keyClick(done, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.nav.isVisible())
    assert window.stack.currentWidget() is window.home


def test_pages_order_their_tab_stops_without_qt_warnings(qtbot, qtlog, make_window):
    # A drop-down's list is a window of its own: putting it in a page's Tab order made
    # Qt warn "setTabOrder: 'first' and 'second' must be in the same window".
    window = make_window(use_device=False)
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: shown(window, "library-list"))
    assert find(window, "kind-filter").isVisible()
    assert [r.message for r in qtlog.records if "setTabOrder" in r.message] == []


def test_a_volume_drag_is_saved_once_when_it_ends(qtbot, make_window):
    import json

    window = make_window()
    qtbot.keyClick(window, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)
    volume = find(window, "setting-master-volume")
    stored = window.settings.path

    def on_disk():
        return json.loads(stored.read_text())["master_volume"] if stored.exists() else None

    before = on_disk()
    volume.setSliderDown(True)  # a drag: each step is not a write to the disk
    for value in range(30, 61, 5):
        volume.setValue(value)
    assert on_disk() == before
    volume.setSliderDown(False)  # let go: saved, once, a moment later
    assert window.settings.get("master_volume") == 60
    qtbot.waitUntil(lambda: on_disk() == 60)
    qtbot.keyClick(volume, Qt.Key.Key_Left)  # a key step too (see test_volume_saves)
    qtbot.waitUntil(lambda: on_disk() == 59)


def test_unreadable_settings_are_said_on_home(qtbot, make_window, painease_home, capsys):
    """Home says what painease does with the file, with no path; the path is on stderr."""
    painease_home.mkdir(parents=True, exist_ok=True)
    (painease_home / "settings.json").write_text('{"theme": "dark",}')  # a hand-edit gone wrong
    window = make_window(use_device=False)
    assert shown(window, "settings-note")
    text = find(window, "settings-note-text").text()
    assert text == (
        "Your saved settings could not be read, so painease is using its usual settings "
        "for now. Choose yours again in Settings: painease then keeps the unreadable file "
        "in your painease data folder, renamed settings.json.damaged.")
    assert str(painease_home) not in text
    assert (f"painease: {painease_home / 'settings.json'} does not hold settings; it is kept "
            f"as {painease_home / 'settings.json.damaged'} at the next change"
            ) in capsys.readouterr().err
    assert window.settings.get("theme") == "light"  # the usual settings, for now


def test_home_names_the_file_damaged_settings_will_be_kept_as(qtbot, make_window,
                                                              painease_home):
    """A damaged copy kept earlier is not written over: Home names the next free name."""
    painease_home.mkdir(parents=True, exist_ok=True)
    (painease_home / "settings.json").write_text("[]")
    (painease_home / "settings.json.damaged").write_text("an earlier one")
    window = make_window(use_device=False)
    text = find(window, "settings-note-text").text()
    assert "settings.json.damaged-2" in text
    window.settings.set("theme", "dark")
    assert (painease_home / "settings.json.damaged").read_text() == "an earlier one"
    assert (painease_home / "settings.json.damaged-2").read_text() == "[]"


def test_damaged_settings_a_link_leads_to_are_said_on_home_without_their_folder(
        qtbot, make_window, painease_home, tmp_path, capsys):
    """settings.json links to a damaged file in another folder: Home names the file it
    will be kept as, not the folder (that is on stderr, for whoever helps)."""
    elsewhere = tmp_path / "synced" / "my-settings.json"
    elsewhere.parent.mkdir()
    elsewhere.write_text("[]")
    painease_home.mkdir(parents=True)
    (painease_home / "settings.json").symlink_to(elsewhere)
    window = make_window(use_device=False)
    text = find(window, "settings-note-text").text()
    assert text.endswith("Choose yours again in Settings: painease then keeps the unreadable "
                         "file beside the file your settings link to, renamed "
                         "my-settings.json.damaged.")
    assert str(tmp_path) not in text
    assert f"kept as {elsewhere}.damaged at the next change" in capsys.readouterr().err
    window.settings.set("theme", "dark")
    assert (elsewhere.parent / "my-settings.json.damaged").read_text() == "[]"


def test_readable_settings_bring_no_note(qtbot, make_window, preset):
    preset(theme="dark")
    window = make_window(use_device=False)
    assert window.findChild(QWidget, "settings-note") is None

"""At 200 % text the Therapist pages' combo boxes show a cut entry ending in "…" (Qt's
Fusion style cut "Four weeks of somatic trackin" off with no sign), the whole entry in the
tooltip and in the open list. Real window, offscreen."""

from __future__ import annotations

from PySide6.QtWidgets import QStyle, QStyleOptionComboBox

from tests.ui.test_therapist_large_text import open_workspace, wait_for


def shown(combo) -> tuple[str, int]:
    """The text the combo paints (``QComboBox.paintEvent`` draws what ``initStyleOption``
    gives) and the width of its text field."""
    option = QStyleOptionComboBox()
    combo.initStyleOption(option)
    field = combo.style().subControlRect(QStyle.ComplexControl.CC_ComboBox, option,
                                         QStyle.SubControl.SC_ComboBoxEditField, combo)
    return option.currentText, field.width()


def test_a_cut_session_title_ends_in_an_ellipsis_and_is_whole_in_the_tooltip(
        qtbot, make_window, preset):
    window, workspace = open_workspace(qtbot, make_window, preset, "light")
    window.resize(800, 600)
    builder = workspace.show_tab("Sets")
    builder.add_item.click()
    combo = builder.script
    titles = [combo.itemText(row) for row in range(combo.count())]
    longest = max(titles, key=len)
    combo.setCurrentIndex(titles.index(longest))

    def cut() -> None:
        assert combo.isVisible()
        assert combo.fontMetrics().horizontalAdvance(longest) > combo.width()

    wait_for(qtbot, window, cut)
    text, room = shown(combo)
    assert text.endswith("…") and longest.startswith(text[:-1]) and len(text) > 1
    assert combo.fontMetrics().horizontalAdvance(text) <= room
    assert combo.toolTip() == longest
    combo.setCurrentIndex(titles.index(min(titles, key=len)))  # the tooltip follows
    assert combo.toolTip() == min(titles, key=len)
    # The open list shows every entry whole.
    combo.showPopup()
    view = combo.view()
    qtbot.waitUntil(view.isVisible)
    assert view.viewport().width() >= max(combo.fontMetrics().horizontalAdvance(t)
                                          for t in titles)
    combo.hidePopup()


def test_an_entry_that_fits_is_shown_whole(qtbot, make_window, preset):
    window, workspace = open_workspace(qtbot, make_window, preset, "dark")
    builder = workspace.show_tab("Sets")
    builder.add_item.click()
    combo = builder.schedule_kind
    whole = combo.currentText()
    assert whole == "Weekly"
    wait_for(qtbot, window, lambda: shown(combo)[0] == whole)
    assert combo.toolTip() == whole


def test_qts_own_painting_draws_the_cut_text(qtbot):
    # The checks above read initStyleOption from Python; this one shows that Qt's paint
    # (QComboBox.paintEvent, in C++) asks the override too, so the cut text is what is drawn.
    from painease.ui.therapist.forms import ElidingCombo

    painted = []

    class Watched(ElidingCombo):
        def initStyleOption(self, option) -> None:  # noqa: N802 - Qt override
            super().initStyleOption(option)
            painted.append(option.currentText)

    combo = Watched()
    qtbot.addWidget(combo)
    combo.addItem("Four weeks of somatic tracking, gently, at your own pace")
    combo.resize(150, combo.sizeHint().height())
    combo.show()
    qtbot.waitExposed(combo)
    painted.clear()
    combo.grab()
    assert painted and painted[-1].endswith("…")
    assert len(painted[-1]) < len(combo.currentText())

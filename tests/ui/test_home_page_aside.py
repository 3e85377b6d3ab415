"""Home's page is out of its scroll area while the window is built and styled, and in it,
laid out at the window's size and styled, as soon as the window shows
(``HomePage.set_page_aside``). Real window, offscreen."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel

from painease.ui.app import create_window, wait_until_ready


def test_homes_page_is_in_its_scroll_area_once_the_window_shows(qtbot, qapp):
    qapp.setStyleSheet("")  # whatever an earlier test left
    window = create_window({"use_device": False})
    qtbot.addWidget(window)
    try:
        area = window.home.area
        assert area.widget() is None  # set aside while the style sheet was set
        window.show()
        page = area.widget()
        assert page is not None and page.isVisible()
        qtbot.waitExposed(window)
        assert page.width() == area.viewport().width()  # laid out at the window's size
        title = next(w for w in page.findChildren(QLabel) if w.property("role") == "title")
        assert title.text() == "Welcome to painease" and title.isVisible()
        assert title.font().pointSizeF() == 20.0  # styled by the sheet: 20 pt at 100 %
        window.hide()
        window.show()  # a second show changes nothing
        assert area.widget() is page
    finally:
        wait_until_ready(window)  # so no catalog arrives after the store is closed
        window.close_store()

"""Fontconfig set up on a second thread as the window's start begins (``painease.fonts_early``),
through the real library."""

from __future__ import annotations

import sys

import pytest

from painease import fonts_early

on_linux = pytest.mark.skipif(not sys.platform.startswith("linux"),
                              reason="Qt finds fonts through fontconfig on Linux only")


@on_linux
def test_fontconfig_sets_itself_up_on_a_thread_of_its_own():
    thread = fonts_early.start()
    assert thread is fonts_early.started
    assert thread.daemon and thread.name == "painease-fontconfig"
    thread.join(30)
    assert not thread.is_alive()
    assert thread.ready is True  # FcInit answered FcTrue


def test_a_library_that_is_not_there_is_no_error_and_nothing_is_set_up():
    thread = fonts_early.FontconfigStart("libpainease-no-such-library.so.1")
    thread.start()
    thread.join(30)
    assert not thread.is_alive()
    assert thread.ready is False


def test_a_library_without_fcinit_is_no_error():
    """A library that loads but has no ``FcInit`` (here Python's own C library) is not
    fontconfig: nothing is called."""
    thread = fonts_early.FontconfigStart("libc.so.6")
    thread.run()
    assert thread.ready is False

"""Fontconfig's set-up on a second thread while the window's modules load (Linux).

Qt finds the fonts on Linux through fontconfig, which reads and parses its XML
configuration (dozens of files under /etc/fonts) the first time any text is measured:
~4 ms of the main thread at every start, in the middle of building the first screen
(benchmarks/README.md). Nothing else needs that core then: the window's start is one
thread until it shows. So ``start`` calls fontconfig's own ``FcInit`` on a daemon thread
as the start begins, before PySide6 is imported; Qt later finds the configuration loaded
and uses it (fontconfig keeps one current configuration per process, and its set-up is
safe to race).

The call goes through ``_ctypes``, the C module under ``ctypes``, which releases the GIL
for the call, so the main thread's imports go on beside it; the ``ctypes`` package itself
costs ~3 ms to import, more than the thread would save. Where there is no fontconfig
(macOS, Windows) or any of this fails, nothing happens: Qt sets fonts up itself, as before.
Plain module: no Qt.
"""

from __future__ import annotations

import os
import sys
import threading

FONTCONFIG = "libfontconfig.so.1"  # the name Qt's own libraries load it by on Linux
started: FontconfigStart | None = None  # the thread ``start`` started, if any


class FontconfigStart(threading.Thread):
    """Loads ``library`` and calls its ``FcInit``; ``ready`` is True once it answered
    that the fonts are set up, False when it could not (never raises)."""

    def __init__(self, library: str = FONTCONFIG):
        super().__init__(name="painease-fontconfig", daemon=True)
        self.library = library
        self.ready = False

    def run(self) -> None:
        try:
            import _ctypes

            handle = _ctypes.dlopen(self.library, os.RTLD_NOW)
            self.ready = bool(_ctypes.call_function(_ctypes.dlsym(handle, "FcInit"), ()))
        except Exception:  # noqa: BLE001 - an optimisation only: Qt does it itself anyway
            self.ready = False


def start(library: str = FONTCONFIG) -> FontconfigStart | None:
    """Start fontconfig's set-up beside the main thread; returns the thread (None where
    Qt does not use fontconfig)."""
    global started
    if not sys.platform.startswith("linux"):
        return None
    started = FontconfigStart(library)
    started.start()
    return started

"""Help's licences say what each package's own installed metadata says. Help gave soxr
"LGPL-2.1" where its metadata says LGPL-2.1-or-later, and Qt for Python and NumPy only
one of the licences their metadata lists."""

from __future__ import annotations

import re
from importlib.metadata import metadata

import pytest

from painease.ui.help_page import ABOUT

# How Help names each package (the words before its licences in brackets), and its
# distribution. libsndfile, PortAudio and libsodium are named beside their Python
# bindings; they have no metadata of their own (libsndfile's sources say LGPL-2.1 or any
# later version; libsodium's licence file, in PyNaCl's, is ISC).
SHOWN = [("Qt for Python", "PySide6-Essentials"), ("NumPy", "numpy"),
         ("sounddevice", "sounddevice"), ("soundfile", "soundfile"), ("soxr", "soxr"),
         ("pydantic", "pydantic"), ("platformdirs", "platformdirs"),
         ("pyqtgraph", "pyqtgraph"), ("PyNaCl", "PyNaCl")]
# Older metadata gives a licence's name, not its SPDX id.
SPDX = {"BSD 3-Clause License": "BSD-3-Clause"}


def licence_ids(distribution: str) -> list[str]:
    data = metadata(distribution)
    expression = data.get("License-Expression") or data.get("License")
    expression = SPDX.get(expression.strip(), expression)
    return [part for part in re.split(r"[\s()]+", expression)
            if part and part not in {"AND", "OR", "WITH"}]


@pytest.mark.parametrize(("shown", "distribution"), SHOWN)
def test_help_gives_each_package_the_licences_its_metadata_says(shown, distribution):
    said = re.search(rf"{re.escape(shown)}[^(]*\(([^)]*)\)", ABOUT).group(1)
    ids = licence_ids(distribution)
    assert ids
    assert [i for i in ids if not re.search(rf"(?<![\w.-]){re.escape(i)}(?![\w.-])", said)] \
        == [], said

"""A therapist's and a patient's data dir, and the therapist with a real key and a real
custom script with a clip: the ``homes`` and ``therapist`` fixtures.

Shared by the packs tests (``tests/packs/conftest.py`` takes them in) and GUI tests that
open a therapist's page on what a patient sent (``tests/ui/test_patient_zone.py``): a test
module or conftest that imports the two fixtures from here has them."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import soundfile

from painease.packs.identity import Identity, load_or_create_identity

CUSTOM = """\
format = 1
id = "{id}"
title = "Calm corner"
kind = "relaxation"
summary = "A short relaxation written by the therapist."
when_to_use = "Any time."
lengths = [1, 2]

[[steps]]
phase = "settle"
text = "Hello, and welcome."
clip = "{id}/hello.wav"
pause = {{ min = 1, weight = 1 }}
"""


class Homes:
    """Switches PAINEASE_HOME between the therapist's and the patient's data dir."""

    def __init__(self, root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        self.therapist = root / "therapist-home"
        self.patient = root / "patient-home"
        self._monkeypatch = monkeypatch

    def use(self, home: Path) -> Path:
        self._monkeypatch.setenv("PAINEASE_HOME", str(home))
        return home


def write_custom_script(home: Path, script_id: str = "calm-corner") -> None:
    (home / "scripts").mkdir(parents=True, exist_ok=True)
    (home / "scripts" / f"{script_id}.toml").write_text(CUSTOM.format(id=script_id),
                                                         encoding="utf-8")
    clips = home / "audio" / script_id
    clips.mkdir(parents=True, exist_ok=True)
    rate = 22050
    tone = 0.1 * np.sin(np.arange(2 * rate) * 2 * np.pi * 220 / rate)
    soundfile.write(clips / "hello.wav", tone.astype("float32"), rate)


@pytest.fixture
def homes(tmp_path, monkeypatch) -> Homes:
    """The therapist's and the patient's data dirs (not made yet), under ``tmp_path``."""
    return Homes(tmp_path, monkeypatch)


@pytest.fixture
def therapist(homes) -> Identity:
    """The therapist's identity, made in the therapist's home with a custom script there."""
    homes.use(homes.therapist)
    write_custom_script(homes.therapist)
    return load_or_create_identity(name="Dr. Ana Moreno")

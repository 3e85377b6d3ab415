"""The documented example must stay a valid script that fits every length it lists."""

from __future__ import annotations

import re
from pathlib import Path

from painease.domain.script import AMBIENCES, Kind, Phase
from painease.domain.script_loader import parse_script
from painease.domain.timeline import fit_timeline

DOC = Path(__file__).resolve().parents[2] / "docs" / "script-format.md"


def test_documented_example_validates_and_fits():
    text = DOC.read_text(encoding="utf-8")
    example = re.search(r"```toml\n(.*?)```", text, re.S).group(1)
    script = parse_script(example, "docs example")
    assert {step.phase for step in script.steps} == set(Phase)
    for minutes in script.lengths:
        assert fit_timeline(script, minutes).total_seconds == minutes * 60


def test_doc_names_every_kind_phase_and_ambience():
    text = DOC.read_text(encoding="utf-8")
    for name in [*(k.value for k in Kind), *(p.value for p in Phase), *AMBIENCES]:
        assert f"`{name}`" in text, name

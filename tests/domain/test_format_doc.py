"""The documented example must stay a valid script that fits every length it lists."""

from __future__ import annotations

import json
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


def test_documented_example_passes_painease_check_as_written(tmp_path):
    """Copied into a scripts folder as it stands, the example must pass the real
    ``painease check`` (clips and all, which parsing alone does not look at: its clip line
    once named a file nobody has), be listed by ``painease scripts``, and keep every
    silence within the minute the doc advises at each length it lists."""
    from tests.test_cli import painease

    example = re.search(r"```toml\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S).group(1)
    scripts = tmp_path / "scripts"
    scripts.mkdir()
    saved = scripts / "tracking-the-knee.toml"
    saved.write_text(example, encoding="utf-8")

    checked = painease("check", str(saved), data_dir=tmp_path)
    assert (checked.returncode, checked.stdout) == (
        0, f"{saved}: ok (tracking-the-knee, fits 5, 10 min)\n"), checked.stdout
    listed = painease("scripts", "--json", data_dir=tmp_path)
    assert listed.returncode == 0 and listed.stderr == "", listed.stderr
    assert "tracking-the-knee" in {entry["id"] for entry in json.loads(listed.stdout)}
    for minutes in (5, 10):
        fitted = painease("fit", "tracking-the-knee", "--minutes", str(minutes), "--json",
                          data_dir=tmp_path)
        assert fitted.returncode == 0, fitted.stderr
        silences = [s["end"] - s["start"] for s in json.loads(fitted.stdout)["segments"]
                    if s["kind"] == "silence"]
        assert silences and max(silences) <= 60, (minutes, max(silences))

"""The wheel is complete and works when installed away from the checkout.

Builds the wheel, checks what is inside, installs it into a brand-new virtualenv outside
the repository and runs the installed ``painease`` from a neutral directory, so bundled
assets must come from the installed package, never from the source tree.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import sysconfig
import tomllib
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SCRIPTS_DIR = REPO / "assets" / "scripts"

pytestmark = pytest.mark.slow


def _run(cmd, **kwargs):
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=600, **kwargs)
    assert proc.returncode == 0, (
        f"{' '.join(map(str, cmd))} exited {proc.returncode}\n"
        f"--- stdout\n{proc.stdout}\n--- stderr\n{proc.stderr}"
    )
    return proc


def _bundled_script_ids() -> dict[str, str]:
    """Map each bundled script's file name to the ``id`` it declares."""
    ids = {}
    for path in sorted(SCRIPTS_DIR.glob("*.toml")):
        with path.open("rb") as f:
            ids[path.name] = tomllib.load(f)["id"]
    assert ids, f"no bundled scripts in {SCRIPTS_DIR}"
    return ids


def _version() -> str:
    text = (REPO / "painease" / "__init__.py").read_text(encoding="utf-8")
    match = re.search(r'^__version__\s*=\s*"([^"]+)"', text, re.MULTILINE)
    assert match, "painease/__init__.py has no __version__"
    return match.group(1)


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    # hatchling comes from the test extra, so no build isolation and no index are needed.
    _run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "--no-index",
            "-w",
            str(out),
            ".",
        ],
        cwd=REPO,
    )
    wheels = list(out.glob("painease-*.whl"))
    assert len(wheels) == 1, wheels
    return wheels[0]


def test_wheel_contents(wheel):
    with zipfile.ZipFile(wheel) as zf:
        names = set(zf.namelist())
        license_names = [
            n for n in names if re.fullmatch(r"painease-[^/]+\.dist-info/licenses/LICENSE", n)
        ]
        assert license_names, "LICENSE missing from the wheel's .dist-info/licenses/"
        assert zf.read(license_names[0]) == (REPO / "LICENSE").read_bytes()
        metadata = zf.read(f"painease-{_version()}.dist-info/METADATA").decode()
        entry_points = zf.read(f"painease-{_version()}.dist-info/entry_points.txt").decode()

    for name in _bundled_script_ids():
        assert f"painease/assets/scripts/{name}" in names, f"{name} not bundled"
    assert {"painease/__init__.py", "painease/__main__.py", "painease/cli.py"} <= names
    arrows = {f"painease/ui/arrows/{p.name}" for p in (REPO / "painease/ui/arrows").iterdir()}
    assert arrows and arrows <= names, "the combo and spin box arrows are not in the wheel"
    stray = sorted(n for n in names if not re.match(r"painease(/|-[^/]+\.dist-info/)", n))
    assert not stray, f"files outside the painease package in the wheel: {stray}"
    assert "License-Expression: GPL-3.0-or-later" in metadata
    assert re.search(r"^painease = painease\.cli:main$", entry_points, re.MULTILINE)


def test_installed_wheel_runs_outside_the_checkout(wheel, tmp_path):
    venv = tmp_path / "venv"
    _run([sys.executable, "-m", "venv", "--without-pip", str(venv)])
    python = venv / "bin" / "python"
    _run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            str(python),
            "install",
            "--no-deps",
            "--no-index",
            str(wheel),
        ]
    )

    # Only painease itself goes into the new venv. Its third-party dependencies (PySide6
    # alone is ~250 MB) are borrowed from the venv running this test instead of being
    # downloaded again: a .pth file in the new site-packages appends this venv's
    # site-packages to sys.path. The lines are plain paths, so Python does NOT process the
    # .pth files inside the borrowed directory, in particular the editable install's hook
    # that points at this checkout; and the new site-packages comes first on sys.path, so
    # `import painease` can only find the installed wheel.
    new_site = _run([str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"])
    borrowed = dict.fromkeys([sysconfig.get_path("purelib"), sysconfig.get_path("platlib")])
    Path(new_site.stdout.strip(), "_painease_test_deps.pth").write_text("\n".join(borrowed) + "\n")

    workdir = tmp_path / "elsewhere"
    workdir.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    env.update(
        PAINEASE_HOME=str(tmp_path / "home"),
        QT_QPA_PLATFORM="offscreen",
        PYTHONNOUSERSITE="1",
    )

    where = _run(
        [str(python), "-c", "import painease; print(painease.__file__)"], cwd=workdir, env=env
    )
    module_file = Path(where.stdout.strip()).resolve()
    assert module_file.is_relative_to(venv.resolve()), f"imported {module_file}, not the wheel"
    assert not module_file.is_relative_to(REPO)

    listing = _run([str(venv / "bin" / "painease"), "scripts"], cwd=workdir, env=env)
    for name, script_id in _bundled_script_ids().items():
        assert script_id in listing.stdout, f"{script_id} ({name}) not listed:\n{listing.stdout}"

    version = _run([str(python), "-m", "painease", "--version"], cwd=workdir, env=env)
    assert _version() in version.stdout + version.stderr

"""Find the bundled assets, both in a source checkout and in an installed wheel.

The wheel carries ``assets/`` as ``painease/assets`` (see pyproject's force-include);
a checkout (or an editable install) has them at the repository's top level.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent


@cache
def assets_dir() -> Path:
    """Return the directory holding ``scripts/`` and ``audio/``."""
    for candidate in (_PACKAGE_DIR / "assets", _PACKAGE_DIR.parent / "assets"):
        if (candidate / "scripts").is_dir():
            return candidate
    raise FileNotFoundError(
        f"painease's bundled assets are missing (looked in {_PACKAGE_DIR / 'assets'} and "
        f"{_PACKAGE_DIR.parent / 'assets'}); reinstall the package"
    )


def bundled_scripts_dir() -> Path:
    return assets_dir() / "scripts"


def bundled_audio_dir() -> Path:
    return assets_dir() / "audio"

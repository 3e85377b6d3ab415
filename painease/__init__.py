"""painease: offline guided somatic tracking with pain and sense-of-threat ratings.

Layers (arrows point down): ``ui`` → ``session`` → ``audio`` / ``storage`` / ``domain``.
Only ``painease.ui`` may import Qt.
"""

__version__ = "0.1.0"
APP_NAME = "painease"
APP_TITLE = "painease"

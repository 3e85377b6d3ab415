"""``python -m painease`` is the same as the ``painease`` command."""

import sys

from painease.cli import main

sys.exit(main())

"""Writing a file whole or not at all: ``write_atomically``.

Packs, results files and the PDF report are written this way: a temp file of this call's
own beside the target (0600, from ``mkstemp``), flushed to the disk, then renamed over the
target, so a full disk or a kill leaves the earlier file (or none), never half of one.
No heavy imports: the report and the packs both use it.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_atomically(out: Path, data: bytes) -> None:
    """Write ``data`` to ``out`` whole or not at all; ``OSError`` says why it could not
    be (the temp file is removed again)."""
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(prefix=f".{out.name}.", dir=out.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, out)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise

"""Run the painease CLI in this process and SIGKILL it at a chosen moment: right after
(or just before) the Nth call of one function. For crash tests: a real process, killed
for real, at a point no timer could hit reliably.

    KILL_AT=os.replace KILL_N=2 [KILL_WHEN=after|before] [KILL_IF=/packs/] \\
        python tests/packs/kill_at.py --data-dir DIR pack import FILE

``KILL_AT`` is ``module.function`` or ``module.Class.method``; with ``KILL_IF`` only
calls whose arguments' text holds it are counted. Exit status -9 means it was killed.
"""

from __future__ import annotations

import importlib
import os
import signal
import sys


def _owner_and_name(target: str):
    parts = target.split(".")
    for cut in range(len(parts) - 1, 0, -1):
        try:
            owner = importlib.import_module(".".join(parts[:cut]))
        except ImportError:
            continue
        for name in parts[cut:-1]:
            owner = getattr(owner, name)
        return owner, parts[-1]
    raise SystemExit(f"kill_at: cannot find {target}")


def _arm() -> None:
    owner, name = _owner_and_name(os.environ["KILL_AT"])
    original = getattr(owner, name)
    wanted, when = int(os.environ["KILL_N"]), os.environ.get("KILL_WHEN", "after")
    only_if = os.environ.get("KILL_IF", "")
    calls = 0

    def wrapper(*args, **kwargs):
        nonlocal calls
        counted = only_if in " ".join(map(str, args))
        calls += counted
        if counted and calls == wanted and when == "before":
            os.kill(os.getpid(), signal.SIGKILL)
        answer = original(*args, **kwargs)
        if counted and calls == wanted and when == "after":
            os.kill(os.getpid(), signal.SIGKILL)
        return answer

    setattr(owner, name, wrapper)


if __name__ == "__main__":
    _arm()
    from painease.cli import main

    sys.argv = ["painease", *sys.argv[1:]]
    sys.exit(main())

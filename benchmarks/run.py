"""Run every ``benchmarks/bench_*.py`` as its own process and report how each went.

Usage: ``python benchmarks/run.py [NAME ...]`` (``make bench``, ``make bench BENCH=timeline``).
A NAME keeps only the benchmarks whose file name contains it.

Each benchmark is a plain script that measures a floor in the same run and prints ratios
against it; this runner only gives each one a clean environment (a throwaway
``PAINEASE_HOME``, Qt's offscreen platform unless a display platform was chosen) and
exits non-zero if any of them failed.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
REPO = BENCH_DIR.parent


def main(argv: list[str]) -> int:
    scripts = sorted(BENCH_DIR.glob("bench_*.py"))
    if argv:
        scripts = [s for s in scripts if any(name in s.name for name in argv)]
    if not scripts:
        print(f"no benchmarks matched in {BENCH_DIR} (looked for bench_*.py)")
        return 0 if not argv else 1

    failed: list[str] = []
    for script in scripts:
        print(f"=== {script.name}", flush=True)
        with tempfile.TemporaryDirectory(prefix="painease-bench-") as home:
            env = dict(os.environ, PAINEASE_HOME=home)
            env.setdefault("QT_QPA_PLATFORM", "offscreen")
            start = time.perf_counter()
            code = subprocess.call([sys.executable, str(script)], cwd=REPO, env=env)
            elapsed = time.perf_counter() - start
        status = "ok" if code == 0 else f"FAILED (exit {code})"
        print(f"=== {script.name}: {status} in {elapsed:.1f} s\n", flush=True)
        if code != 0:
            failed.append(script.name)

    print(f"{len(scripts) - len(failed)} of {len(scripts)} benchmarks ran cleanly")
    if failed:
        print("failed: " + ", ".join(failed))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

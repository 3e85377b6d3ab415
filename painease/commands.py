"""What each headless ``painease`` command does; ``painease.cli`` parses and dispatches.

Each ``run_*(args)`` takes the parsed arguments of its sub-command (``scripts``, ``check``,
``fit``, ``render``, ``export``, ``therapist init``, ``report``, ``cohort``, ``demo-data``,
``narrate``), prints what it did and returns the exit code, or raises ``CommandError``
with one line the CLI prints as ``painease: …`` (exit 1). ``packs_command`` adapts the
``painease.packs.commands`` functions (identity, pack …, results …) the same way.

``scripts``, ``fit`` and ``render`` read the scripts as the app does: pack folders whose
set the database lost are adopted first (``_catalog``). Heavy modules (Qt, storage, numpy)
are imported inside the functions that need them (storage for ``scripts`` only when there
are pack folders), so ``painease scripts`` stays quick; this module itself is loaded only
when a command runs (``cli._command``), never when ``painease`` opens the window, even
with ``--data-dir``.
"""

from __future__ import annotations

import sys
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from painease import paths

if TYPE_CHECKING:
    import argparse


class CommandError(Exception):
    """A command failed for a reason the user can act on; printed as one line."""


@contextmanager
def _terminate_as_exit():
    """While inside: SIGTERM (a logout, ``kill``) ends the process as ``SystemExit`` (code
    143, as the signal's own), so ``finally`` blocks and cleanups run as for Ctrl-C.
    Main thread only, as every command runs."""
    import signal

    def terminated(signum, frame):
        raise SystemExit(128 + signum)

    previous = signal.signal(signal.SIGTERM, terminated)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _path_problem(doing: str, exc: OSError, write: bool = False,
                  elsewhere: str = "--data-dir", looked: bool = False) -> str:
    """``doing`` failed on a file or folder: one line saying which one, why and what to
    do (e.g. "report failed: cannot open /…/data/scripts (permission denied); make sure
    you may open that folder and each folder above it, or choose another --data-dir").
    Without a path in the error, the system's words; so too for a cause with no plain
    words (``painease.plain_causes``), after the path. ``looked``: only looking at the
    folder failed, so it "cannot open" it even when it was to be written in."""
    from painease.plain_causes import command_line_step, plain_cause

    if not isinstance(exc.filename, str):
        return f"{doing}: {exc.strerror or exc}"
    verb = "cannot write in" if write and not looked else "cannot open"
    cause = plain_cause(exc)
    if cause is None:
        return f"{doing}: {verb} {exc.filename}: {exc.strerror or exc}"
    step = command_line_step(exc, write, elsewhere)
    return f"{doing}: {verb} {exc.filename} ({cause}); {step}"


def _catalog():
    """The scripts, read as the app reads them at its start: pack folders whose set the
    database lost are adopted first (``painease.packs.at_start``, the app's own step), so
    ``scripts``, ``fit`` and ``render`` offer a pack's scripts only while a signed set
    stands behind them. What was found (or set aside) is said on stderr, once."""
    from painease.catalog import load_catalog
    from painease.packs.at_start import adopted_at_start

    adopted = adopted_at_start()
    if adopted:
        print(adopted, file=sys.stderr)
    try:
        return load_catalog()
    except OSError as exc:
        raise CommandError(_path_problem("cannot read the scripts", exc)) from None


def run_scripts(args: argparse.Namespace) -> int:
    from painease.domain.script_loader import shown_problems

    catalog = _catalog()
    for line in shown_problems(catalog.problems):
        print(f"skipped: {line}", file=sys.stderr)
    rows = [
        {
            "id": entry.script.id,
            "title": entry.script.title,
            "kind": entry.script.kind.value,
            "lengths": [_number(m) for m in entry.script.lengths],
            "origin": entry.origin,
        }
        for entry in sorted(catalog.entries.values(), key=lambda e: (e.origin, e.script.id))
    ]
    if args.json:
        import json

        print(json.dumps(rows, indent=2, ensure_ascii=False))
        return 0
    if not rows:
        print("no scripts found")
        return 0
    width = max(len(row["id"]) for row in rows)
    for row in rows:
        lengths = ", ".join(f"{m:g}" for m in row["lengths"])
        print(f"{row['id']:<{width}}  {row['kind']:<19}  {lengths:>10} min  {row['title']}")
    return 0


def run_check(args: argparse.Namespace) -> int:
    from painease.catalog import check_files
    from painease.domain.script_loader import shown_problems

    catalog = check_files(args.files)
    for line in shown_problems(catalog.problems):
        print(line)
    for warning in catalog.warnings:  # the script is usable; said before its "ok"
        print(f"{warning.file}:{warning.line}: warning: {warning.message}")
    for entry in catalog.entries.values():
        lengths = ", ".join(f"{m:g}" for m in entry.script.lengths)
        print(f"{entry.path}: ok ({entry.script.id}, fits {lengths} min)")
    return 1 if catalog.problems else 0


def run_fit(args: argparse.Namespace) -> int:
    from painease.domain.timeline import FitError

    if args.samplerate < 1000 or args.samplerate > 384_000:
        raise CommandError(f"--samplerate {args.samplerate} is out of range (1000–384000)")
    catalog = _catalog()
    try:
        entry = catalog.get(args.script_id)
        timeline = entry.fit(args.minutes, samplerate=args.samplerate)
    except KeyError as exc:
        raise CommandError(exc.args[0]) from None
    except FitError as exc:
        raise CommandError(str(exc)) from None
    if args.json:
        import json

        print(json.dumps(timeline.to_dict(), indent=2, ensure_ascii=False))
        return 0
    rate = timeline.samplerate
    print(f"{timeline.script_id} (version {timeline.script_version}), "
          f"{_clock(timeline.total_seconds)} at {rate} Hz, {len(timeline.segments)} segments")
    for segment in timeline.segments:
        caption = segment.caption if segment.kind.value == "speech" else f"({segment.kind.value})"
        print(f"{_clock(segment.start / rate)}–{_clock(segment.end / rate)}  "
              f"{segment.phase.value:<15} {caption}")
    return 0


def run_render(args: argparse.Namespace) -> int:
    from painease.audio.render import RenderError, render_to_file
    from painease.catalog import audio_dir_for
    from painease.domain.script import AMBIENCES
    from painease.domain.timeline import FitError

    if args.samplerate < 8000 or args.samplerate > 192_000:
        raise CommandError(f"--samplerate {args.samplerate} is out of range (8000–192000)")
    try:
        entry = _catalog().get(args.script_id)
        timeline = entry.fit(args.minutes, samplerate=args.samplerate)
    except KeyError as exc:
        raise CommandError(exc.args[0]) from None
    except FitError as exc:
        raise CommandError(str(exc)) from None
    ambience: str | Path = entry.script.ambience if args.ambience is None else args.ambience
    if ambience not in AMBIENCES:
        from painease.audio.clips import file_problem

        ambience = Path(ambience)
        problem = file_problem(ambience, "audio file")
        if problem is not None:
            raise CommandError(f"--ambience {args.ambience}: not a known bed "
                               f"({', '.join(AMBIENCES)}), and {problem}")
    try:
        with _terminate_as_exit():  # so the partial file is removed (render_to_file)
            problems = render_to_file(timeline, audio_dir_for(entry.path), args.output,
                                      ambience)
    except RenderError as exc:
        raise CommandError(str(exc)) from None
    for problem in problems:
        print(f"warning: {problem}", file=sys.stderr)
    print(f"{args.output}: {_clock(timeline.total_seconds).strip()} at {args.samplerate} Hz")
    return 0


def run_export(args: argparse.Namespace) -> int:
    from datetime import datetime

    from painease.domain.wrong_clock import ahead_sentence, dated_ahead
    from painease.storage.export import export_csv
    from painease.storage.store import SessionStore, StoreError

    try:  # a folder above it that may not be opened raises here
        in_the_way = args.csv.exists() and not args.csv.is_dir()
    except OSError as exc:
        raise CommandError(_path_problem("export failed", exc, write=True,
                                         elsewhere="folder for --csv", looked=True)) from None
    if in_the_way:
        raise CommandError(f"export failed: {args.csv} is a file; --csv takes a folder, "
                           "where the CSV files and their codebook are written")
    try:
        with SessionStore.open_default(read_only_ok=True) as store:
            written = export_csv(store, args.csv)
            ahead = sum(dated_ahead(s.started_at) for s in store.sessions(keep_unreadable=True)
                        if isinstance(s.started_at, datetime))
    except (StoreError, OSError) as exc:
        raise CommandError(f"export failed: {exc}") from None
    for path in written:
        print(path)
    for problem in written.unreadable:  # written out as stored; the rest as always
        print(f"note: {problem.reason}; it is in the files as it is stored",
              file=sys.stderr)
    if ahead:  # in the files like every session; said, as the report says it
        print(ahead_sentence(ahead))
    return 0


def packs_command(run):
    """Adapt a painease.packs.commands function: its CommandFailed becomes CommandError."""
    from painease.packs.commands import CommandFailed

    def command(args: argparse.Namespace) -> int:
        args.therapist_install = therapist_install  # asked only where it matters
        try:
            return run(args)
        except CommandFailed as exc:
            raise CommandError(str(exc)) from None

    return command


def therapist_install() -> bool:
    """Whether this install is a therapist's (Settings' ``therapist_mode``, which
    ``therapist init`` turns on); False when the settings cannot be read."""
    from painease.settings import Settings

    try:
        return bool(Settings().get("therapist_mode"))
    except (OSError, ValueError):
        return False


def run_therapist_init(args: argparse.Namespace) -> int:
    from painease.packs.identity import IdentityError, load_or_create_identity
    from painease.settings import Settings

    try:
        me = load_or_create_identity(name=args.name)
        settings = Settings()
        settings.set("therapist_mode", True)
    except (IdentityError, OSError) as exc:
        raise CommandError(f"therapist init failed: {exc}") from None
    if settings.save_problem is not None:
        raise CommandError(f"therapist init failed: {settings.save_problem}")
    print(f"name:        {me.name or '(none: add one with --name)'}")
    print(f"fingerprint: {me.fingerprint}")
    print("The Therapist workspace is on in the app. Tell patients this fingerprint: their "
          "app shows it when they import your packs.")
    return 0


def run_report(args: argparse.Namespace) -> int:
    from datetime import date

    from painease.domain.vocabulary import counted
    from painease.domain.wrong_clock import ahead_sentence
    from painease.local_time import typed_day_problem
    from painease.report import ReportError, report_command

    days = []
    for option, text in (("--from", args.first), ("--to", args.last)):
        try:
            days.append(date.fromisoformat(text) if text else None)
        except ValueError:
            raise CommandError(f"{option} {text}: not a date; use YYYY-MM-DD") from None
        problem = days[-1] and typed_day_problem(days[-1], option)
        if problem:
            raise CommandError(problem)
    try:
        report = report_command(args.pdf, *days, include_notes=args.with_notes)
    except ReportError as exc:
        raise CommandError(f"report failed: {exc}") from None
    except OSError as exc:
        raise CommandError(_path_problem("report failed", exc)) from None
    print(f"{report.path}: {counted(report.pages, 'page', 'pages')}, "
          f"{counted(report.sessions, 'session', 'sessions')}")
    if report.ahead:
        print(ahead_sentence(report.ahead))
    return 0


def run_cohort(args: argparse.Namespace) -> int:
    from painease.domain.cohort import cohort_outcomes, format_table, result_dict
    from painease.domain.cohort_csv import CohortInputError, read_cohort_csv

    try:
        result = cohort_outcomes(read_cohort_csv(args.csv), args.reference)
    except CohortInputError as exc:
        raise CommandError(str(exc)) from None
    except ValueError as exc:  # an unknown --reference group
        raise CommandError(f"--reference: {exc}") from None
    if args.json:
        import json

        print(json.dumps(result_dict(result), indent=2, ensure_ascii=False))
    else:
        print(format_table(result))
    return 0


def run_demo_data(args: argparse.Namespace) -> int:
    from painease.demo import DemoError, demo_dir, write_demo_profile
    from painease.storage.store import SessionStore, StoreError

    try:
        if args.profile is None and args.data_dir is not None:
            target = paths.data_dir()  # the --data-dir folder itself
        else:
            target = demo_dir(args.profile or "demo")
        # A window open on the folder writes to the database this replaces: its session
        # would go on into a deleted file, and its ratings be lost without a word.
        from painease.storage.instance_lock import InstanceLock, LockOutcome

        target.mkdir(mode=0o700, parents=True, exist_ok=True)
        lock = InstanceLock(target, holder="demo-data")  # a start then says what holds it
        if lock.acquire() is LockOutcome.BUSY:
            if lock.holder()[1] not in (None, "window"):  # another command, not a window
                raise CommandError(f"painease {lock.holder()[1]} is writing into {target};"
                                   " wait for it to finish, then make the demo data")
            raise CommandError(f"a painease window is open on {target}; close it first, "
                               "then make the demo data")
        try:
            database = write_demo_profile(target, seed=args.seed)
            with SessionStore(database) as store:
                count = len(store.sessions())
        finally:
            lock.release()
    except (DemoError, StoreError) as exc:
        raise CommandError(str(exc)) from None
    except OSError as exc:
        raise CommandError(_path_problem("cannot write the demo data", exc, write=True)) \
            from None
    print(f"Demo data: {count} made-up sessions in {target}")
    print(f"Open the app on it with:  painease --data-dir {target}")
    return 0


def run_narrate(args: argparse.Namespace) -> int:
    from painease.narration import NarrationError
    from painease.narration.render import narrate

    if not args.script_ids and not args.all:
        raise CommandError("name the scripts to narrate, or give --all")
    try:
        return narrate(args.script_ids, all_bundled=args.all, force=args.force)
    except (NarrationError, OSError) as exc:
        raise CommandError(f"narration failed: {exc}") from None


def _clock(seconds: float) -> str:
    """``seconds`` as "m:ss.t", the tenth rounded by the app's one rule (halves away)."""
    from painease.domain.vocabulary import rounded

    tenths = int(rounded(seconds, 0, scale=10))
    minutes, tenths = divmod(tenths, 600)
    return f"{minutes:3d}:{tenths / 10:04.1f}"


def _number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value

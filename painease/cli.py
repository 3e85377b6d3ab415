"""The one entry point: ``painease`` opens the window; sub-commands do the same work headless.

Every command exits 0 on success and otherwise prints one line saying why (``painease:
…``) and exits non-zero (1 for bad input or a failed operation, 2 for a usage error).
Heavy modules (Qt, storage) are imported only by the commands that need them, so
``painease scripts`` stays quick. ``painease`` with no arguments at all (a desktop launcher,
``make run``) opens the window without building the parser: the full parser, with every
sub-command and the packs commands it imports, cost ~20 ms of the window's start-up.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from painease import __version__, paths

if TYPE_CHECKING:
    import argparse


def build_parser() -> argparse.ArgumentParser:
    import argparse

    parser = argparse.ArgumentParser(
        prog="painease",
        description="Guided somatic tracking sessions with pain and sense-of-threat ratings. "
        "With no command, opens the app window.",
    )
    parser.add_argument("--version", action="version", version=f"painease {__version__}")
    parser.add_argument(
        "--data-dir", metavar="DIR", type=given_path,
        help=f"keep all data in DIR instead of the user data dir (same as ${paths.HOME_ENV})",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    scripts = commands.add_parser("scripts", help="list bundled and user scripts",
                                  description="List every playable script: id, title, kind, "
                                  "lengths. Problems with user scripts go to stderr.")
    scripts.add_argument("--json", action="store_true", help="print JSON instead of a table")
    scripts.set_defaults(run=_cmd_scripts)

    check = commands.add_parser("check", help="validate script files",
                                description="Validate script files; print FILE:LINE: problems "
                                "and exit 1 if any file is wrong.")
    check.add_argument("files", nargs="+", type=given_path, metavar="FILE")
    check.set_defaults(run=_cmd_check)

    fit = commands.add_parser("fit", help="print a script's timeline fitted to a length",
                              description="Fit a script to one of its lengths and print every "
                              "segment: start, end, phase, kind and caption.")
    fit.add_argument("script_id", metavar="SCRIPT_ID")
    fit.add_argument("--minutes", type=float, required=True, metavar="N")
    fit.add_argument("--samplerate", type=int, default=48_000, metavar="HZ")
    fit.add_argument("--json", action="store_true", help="print JSON instead of a table")
    fit.set_defaults(run=_cmd_fit)

    render = commands.add_parser("render", help="render a session to an audio file",
                                 description="Mix a whole session exactly as the player "
                                 "would, into a WAV, FLAC or Ogg file (by extension).")
    render.add_argument("script_id", metavar="SCRIPT_ID")
    render.add_argument("--minutes", type=float, required=True, metavar="N")
    render.add_argument("--ambience", metavar="NAME|FILE",
                        help="an ambience bed (none, brown-noise, soft-rain, warm-drone) or "
                        "an audio file to loop; default: the script's suggestion")
    render.add_argument("--samplerate", type=int, default=48_000, metavar="HZ")
    render.add_argument("-o", "--output", type=given_path, required=True, metavar="OUT")
    render.set_defaults(run=_cmd_render)

    export = commands.add_parser("export", help="export your sessions and ratings",
                                 description="Write sessions, ratings, live ratings, phase "
                                 "starts and journal entries as CSV files (UTF-8 with BOM) "
                                 "with a codebook.")
    export.add_argument("--csv", type=given_path, required=True, metavar="DIR",
                        help="folder to write the CSV files into (created if needed)")
    export.set_defaults(run=_cmd_export)

    from painease.packs.commands import add_commands  # identity, pack …, results …

    add_commands(commands, _packs_command)

    therapist = commands.add_parser("therapist", help="set this install up for a therapist",
                                    description="Therapist profile commands.")
    therapist_commands = therapist.add_subparsers(dest="therapist_command", metavar="ACTION",
                                                  required=True)
    init = therapist_commands.add_parser(
        "init", help="make your signing key and show the Therapist workspace",
        description="Make this install's key (once; later runs show the same key), store "
        "your name with it, and turn on the Therapist workspace in the app. Give patients "
        "the fingerprint, so they can check that a pack is really from you.")
    init.add_argument("--name", help="your name as patients will see it on packs")
    init.set_defaults(run=_cmd_therapist_init)

    report = commands.add_parser("report", help="write a PDF report for your therapist",
                                 description="Write a one-to-three-page PDF of your ratings "
                                 "for a therapist: sessions done, yardsticks, charts, a "
                                 "session table and definitions. Needs no screen.")
    report.add_argument("--pdf", type=given_path, required=True, metavar="OUT.pdf")
    report.add_argument("--from", dest="first", metavar="YYYY-MM-DD",
                        help="first day to include (default: the first session)")
    report.add_argument("--to", dest="last", metavar="YYYY-MM-DD",
                        help="last day to include (default: today)")
    report.set_defaults(run=_cmd_report)

    cohort = commands.add_parser("cohort", help="outcome statistics for a table of patients",
                                 description="Per group: started, completers, pain 0-1, "
                                 "≥30% and ≥50% reduction (everyone / completers), mean "
                                 "change with a 95% CI and Hedges' g against a reference "
                                 "group. See docs/cohort.md.")
    cohort.add_argument("--csv", type=given_path, required=True, metavar="FILE",
                        help="long CSV: patient_id, group, timepoint, pain[, fear]")
    cohort.add_argument("--reference", metavar="GROUP",
                        help="group to compare against (default: the first in sorted order)")
    cohort.add_argument("--json", action="store_true", help="print JSON instead of text")
    cohort.set_defaults(run=_cmd_cohort)

    demo = commands.add_parser("demo-data", help="make a demo profile with a made-up history",
                               description="Write about six months of made-up sessions, "
                               "ratings and notes into a separate data folder, so every "
                               "chart has something to show. Real data is never touched.")
    demo.add_argument("--profile", metavar="NAME",
                      help="write into <data dir>/profiles/NAME (default: 'demo', or the "
                      "--data-dir folder itself when one is given)")
    demo.add_argument("--seed", type=seed, default=2024, help="random seed (default 2024)")
    demo.set_defaults(run=_cmd_demo_data)

    narrate = commands.add_parser("narrate", help="render narration clips with the Piper voice",
                                  description="Render one Ogg Opus clip per step into the "
                                  "script's audio folder (assets/audio/<id>/ for bundled "
                                  "scripts); only new or changed steps unless --force. Needs "
                                  "the narration extra.")
    which = narrate.add_mutually_exclusive_group()
    which.add_argument("script_ids", nargs="*", default=[], metavar="SCRIPT_ID")
    which.add_argument("--all", action="store_true", help="every bundled script")
    narrate.add_argument("--force", action="store_true", help="render every clip again")
    narrate.set_defaults(run=_cmd_narrate)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    if not argv:  # the window, as parse_args([]) would choose, without building the parser
        return _open_window()
    args = build_parser().parse_args(argv)
    if args.data_dir is not None:
        os.environ[paths.HOME_ENV] = str(args.data_dir.expanduser().resolve())
    if args.command is None:
        return _open_window()
    try:
        return args.run(args)
    except CommandError as exc:
        print(f"painease: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (``painease fit … | head``): not an error of ours. Point
        # stdout at /dev/null so the interpreter's final flush does not complain again.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0


def _open_window() -> int:
    from painease.ui.app import run_app

    try:
        return run_app()
    except KeyboardInterrupt:
        return 130


def given_path(text: str) -> Path:
    """A path argument; an empty one is refused (``Path("")`` would mean this folder)."""
    if not text.strip():
        import argparse

        raise argparse.ArgumentTypeError("is empty; give a file or folder name")
    return Path(text)


def seed(text: str) -> int:
    """A random seed: a whole number from 0 (numpy refuses negative ones)."""
    import argparse

    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"{value} is negative; use 0 or more")
    return value


class CommandError(Exception):
    """A command failed for a reason the user can act on; printed as one line."""


def _catalog():
    from painease.catalog import load_catalog

    try:
        return load_catalog()
    except OSError as exc:
        raise CommandError(f"cannot read the scripts: {exc}") from None


def _cmd_scripts(args: argparse.Namespace) -> int:
    catalog = _catalog()
    for problem in catalog.problems:
        print(f"skipped: {problem}", file=sys.stderr)
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


def _cmd_check(args: argparse.Namespace) -> int:
    from painease.catalog import check_files

    catalog = check_files(args.files)
    for problem in catalog.problems:
        print(problem)
    for entry in catalog.entries.values():
        lengths = ", ".join(f"{m:g}" for m in entry.script.lengths)
        print(f"{entry.path}: ok ({entry.script.id}, fits {lengths} min)")
    return 1 if catalog.problems else 0


def _cmd_fit(args: argparse.Namespace) -> int:
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


def _cmd_render(args: argparse.Namespace) -> int:
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
        problems = render_to_file(timeline, audio_dir_for(entry.path), args.output, ambience)
    except RenderError as exc:
        raise CommandError(str(exc)) from None
    for problem in problems:
        print(f"warning: {problem}", file=sys.stderr)
    print(f"{args.output}: {_clock(timeline.total_seconds).strip()} at {args.samplerate} Hz")
    return 0


def _cmd_export(args: argparse.Namespace) -> int:
    from painease.storage.export import export_csv
    from painease.storage.store import SessionStore, StoreError

    if args.csv.exists() and not args.csv.is_dir():
        raise CommandError(f"export failed: {args.csv} is a file; --csv takes a folder, "
                           "where the CSV files and their codebook are written")
    try:
        with SessionStore.open_default() as store:
            written = export_csv(store, args.csv)
    except (StoreError, OSError) as exc:
        raise CommandError(f"export failed: {exc}") from None
    for path in written:
        print(path)
    return 0


def _packs_command(run):
    """Adapt a painease.packs.commands function: its CommandFailed becomes CommandError."""
    from painease.packs.commands import CommandFailed

    def command(args: argparse.Namespace) -> int:
        try:
            return run(args)
        except CommandFailed as exc:
            raise CommandError(str(exc)) from None

    return command

def _cmd_therapist_init(args: argparse.Namespace) -> int:
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


def _cmd_report(args: argparse.Namespace) -> int:
    from datetime import date

    from painease.report import ReportError, report_command

    days = []
    for option, text in (("--from", args.first), ("--to", args.last)):
        try:
            days.append(date.fromisoformat(text) if text else None)
        except ValueError:
            raise CommandError(f"{option} {text}: not a date; use YYYY-MM-DD") from None
    try:
        report = report_command(args.pdf, *days)
    except (ReportError, OSError) as exc:
        raise CommandError(f"report failed: {exc}") from None
    print(f"{report.path}: {report.pages} page{'s' if report.pages != 1 else ''}, "
          f"{report.sessions} session{'s' if report.sessions != 1 else ''}")
    return 0


def _cmd_cohort(args: argparse.Namespace) -> int:
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


def _cmd_demo_data(args: argparse.Namespace) -> int:
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
        lock = InstanceLock(target)
        if lock.acquire() is LockOutcome.BUSY:
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
        raise CommandError(f"cannot write the demo data: {exc.strerror or exc}") from None
    print(f"Demo data: {count} made-up sessions in {target}")
    print(f"Open the app on it with:  painease --data-dir {target}")
    return 0


def _cmd_narrate(args: argparse.Namespace) -> int:
    from painease.narration import NarrationError
    from painease.narration.render import narrate

    if not args.script_ids and not args.all:
        raise CommandError("name the scripts to narrate, or give --all")
    try:
        return narrate(args.script_ids, all_bundled=args.all, force=args.force)
    except (NarrationError, OSError) as exc:
        raise CommandError(f"narration failed: {exc}") from None


def _clock(seconds: float) -> str:
    tenths = int(round(seconds * 10))
    minutes, tenths = divmod(tenths, 600)
    return f"{minutes:3d}:{tenths / 10:04.1f}"


def _number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value

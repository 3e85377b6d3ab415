"""The one entry point: ``painease`` opens the window; sub-commands do the same work headless.

This module builds the parser and dispatches; what each command does is in
``painease.commands`` (and ``painease.packs.commands`` for identity, pack … and results …).
Every command exits 0 on success and otherwise prints one line saying why (``painease:
…``) and exits non-zero (1 for bad input or a failed operation, 2 for a usage error).
Success is what was asked for being so: ``pack import`` of a pack already here changes
nothing and exits 0, while one older than the set here is not installed, a failure.
Heavy modules (Qt, storage) are imported only by the commands that need them, so
``painease scripts`` stays quick. ``painease`` with no arguments at all (a desktop launcher,
``make run``) opens the window without building the parser: the full parser, with every
sub-command and the packs commands it imports, cost ~20 ms of the window's start-up.

``prepare_window_start`` is what the window's start does before Qt is loaded (the
collector paused, the plain modules and the data folder's look-up loaded first); the
start-up benchmark calls it too, so it measures the command as a person runs it.
"""

from __future__ import annotations

import gc
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
        help=f"keep all data in DIR instead of the user data dir (same as ${paths.HOME_ENV}, "
        "except that demo-data without --profile writes into DIR itself)",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    scripts = commands.add_parser("scripts", help="list bundled, user and pack scripts",
                                  description="List every playable script: id, kind, lengths, "
                                  "title. Problems with user scripts go to stderr. Reads "
                                  "only the clips' headers: painease check FILE decodes them "
                                  "and warns of clips far from the voice's loudness, too short "
                                  "or too large for a pack.")
    scripts.add_argument("--json", action="store_true",
                         help="print JSON instead of a table: a list with, for each script, "
                         "id, title, kind, lengths (minutes) and origin (where it comes "
                         "from: bundled = comes with painease, user = your scripts folder, "
                         "pack = an imported set)")
    scripts.set_defaults(run=_command("run_scripts"))

    check = commands.add_parser("check", help="validate script files",
                                description="Validate script files; print FILE:LINE: problems "
                                "and exit 1 if any file is wrong.")
    check.add_argument("files", nargs="+", type=given_path, metavar="FILE")
    check.set_defaults(run=_command("run_check"))

    fit = commands.add_parser("fit", help="print a script's timeline fitted to a length",
                              description="Fit a script to one of its lengths and print every "
                              "segment: start, end, phase, kind and caption.")
    fit.add_argument("script_id", metavar="SCRIPT_ID")
    fit.add_argument("--minutes", type=float, required=True, metavar="N")
    fit.add_argument("--samplerate", type=int, default=48_000, metavar="HZ")
    fit.add_argument("--json", action="store_true", help="print JSON instead of a table")
    fit.set_defaults(run=_command("run_fit"))

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
    render.set_defaults(run=_command("run_render"))

    export = commands.add_parser("export", help="export your sessions and ratings",
                                 description="Write sessions, ratings, live ratings, phase "
                                 "starts and journal entries as CSV files (UTF-8 with BOM) "
                                 "with a codebook.")
    export.add_argument("--csv", type=given_path, required=True, metavar="DIR",
                        help="folder to write the CSV files into (created if needed)")
    export.set_defaults(run=_command("run_export"))

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
    init.set_defaults(run=_command("run_therapist_init"))

    report = commands.add_parser("report", help="write a PDF report for your therapist",
                                 description="Write a PDF of your ratings for a therapist: "
                                 "sessions done, yardsticks, charts, a table of every "
                                 "session of the period and definitions; your notes only with "
                                 "--with-notes. Needs no screen.")
    report.add_argument("--pdf", type=given_path, required=True, metavar="OUT.pdf")
    report.add_argument("--from", dest="first", metavar="YYYY-MM-DD",
                        help="first day to include (default: the first session)")
    report.add_argument("--to", dest="last", metavar="YYYY-MM-DD",
                        help="last day to include (default: today; sessions dated after "
                             "it, when the clock was ahead, are counted and flagged)")
    report.add_argument("--with-notes", action="store_true",
                        help="also put in the notes you wrote in the period, with your "
                        "sessions or on their own (they are private, so they are left out "
                        "unless you ask)")
    report.set_defaults(run=_command("run_report"))

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
    cohort.set_defaults(run=_command("run_cohort"))

    demo = commands.add_parser("demo-data", help="make a demo profile with a made-up history",
                               description="Write about six months of made-up sessions, "
                               "ratings and notes into a separate data folder, so every "
                               "chart has something to show. Real data is never touched.")
    demo.add_argument("--profile", metavar="NAME",
                      help="write into <data dir>/profiles/NAME (default: 'demo', or the "
                      "--data-dir folder itself when one is given)")
    demo.add_argument("--seed", type=seed, default=2024, help="random seed (default 2024)")
    demo.set_defaults(run=_command("run_demo_data"))

    narrate = commands.add_parser("narrate", help="render narration clips with the Piper voice",
                                  description="Render one Ogg Opus clip per step into the "
                                  "script's audio folder (assets/audio/<id>/ for bundled "
                                  "scripts); only new or changed steps unless --force. Needs "
                                  "the narration extra.")
    which = narrate.add_mutually_exclusive_group()
    which.add_argument("script_ids", nargs="*", default=[], metavar="SCRIPT_ID")
    which.add_argument("--all", action="store_true", help="every bundled script")
    narrate.add_argument("--force", action="store_true", help="render every clip again")
    narrate.set_defaults(run=_command("run_narrate"))
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
    from painease.commands import CommandError  # only for a command, never for the window

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


def _command(name: str):
    """``painease.commands.<name>``, loaded when the command runs: building the parser (as
    ``painease --data-dir DIR`` does before it opens the window) does not load it."""

    def run(args: argparse.Namespace) -> int:
        from painease import commands

        return getattr(commands, name)(args)

    return run


def _packs_command(run):
    """A ``painease.packs.commands`` function, adapted by ``commands.packs_command`` when it
    runs (its ``CommandFailed`` becomes ``CommandError``)."""

    def command(args: argparse.Namespace) -> int:
        from painease.commands import packs_command

        return packs_command(run)(args)

    return command


def prepare_window_start() -> None:
    """Before the window's modules load (measured in ``benchmarks/README.md``):

    - Python's cyclic garbage collector is paused. Starting makes ~20,000 objects (modules,
      classes, widgets) that live as long as the window, and the collector went through
      them again and again as they were made: ~40 collections, 5-10 ms of each start.
      ``painease.ui.app.resume_collector`` sets them aside for good (``gc.freeze``) and
      turns collection back on once the window is shown.
    - The plain modules the first screen needs, and the data folder's look-up
      (platformdirs, where ``paths.platform_data_dir`` needs it), are imported before Qt.
      PySide6 reads the source of each module imported after it (its ``__feature__``
      switches look for the word "PySide6"): ~0.1-0.6 ms a module, ~2 ms for these.
    - Fontconfig sets itself up on a second thread meanwhile (``painease.fonts_early``):
      ~4 ms that the first text measured would otherwise spend on the main thread."""
    from painease import fonts_early

    fonts_early.start()
    gc.disable()
    import painease.settings  # noqa: F401
    import painease.storage.instance_lock  # noqa: F401

    paths.data_dir(create=False)  # only finds it: the instance lock makes it


def _open_window() -> int:
    prepare_window_start()
    try:
        from painease.ui.app import run_app

        return run_app()
    except KeyboardInterrupt:
        return 130
    finally:
        gc.enable()  # when the window never showed (another one is open, no folder…)


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

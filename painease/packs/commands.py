"""The ``painease identity | pack … | results …`` commands (cli.py registers them here;
``painease therapist init``, which also changes Settings, lives in ``painease.commands``).

Each ``run_*`` function prints what it did and returns 0, or raises ``CommandFailed`` with
one line the CLI prints as ``painease: …`` (exit 1; ``pack build``, in
``painease.packs.build_command``, lists each problem of a set file on a line of its own).
``pack import`` fails when the pack asked for is not installed: one older than the set
here (a lower version, or an earlier copy of the same version), or signed by a new key not
accepted. The same pack again is no failure: it is already here, nothing was needed (exit
0, "nothing changed"). Heavy modules (nacl, storage, catalog) are imported inside the
functions so building the parser stays quick.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date, datetime, tzinfo
from pathlib import Path


class CommandFailed(Exception):
    """A pack/results command failed for a reason the user can act on (one line)."""


def add_commands(commands, wrap) -> None:
    """Add the sub-commands to ``commands``; ``wrap(fn)`` adapts errors for the CLI."""
    identity = commands.add_parser("identity", help="show this install's signing key",
                                   description="Show the fingerprint of this install's own "
                                   "key (made on first use): therapists sign packs with it, "
                                   "patients sign results with it.")
    identity.add_argument("--name", help="store a name with the key (e.g. the therapist's)")
    identity.set_defaults(run=wrap(run_identity))

    pack = commands.add_parser("pack", help="export or import a therapist's set (*.painease)",
                               description="Packs carry a therapist's set of sessions, "
                               "signed by the therapist.")
    pack_commands = pack.add_subparsers(dest="pack_command", metavar="ACTION", required=True)
    build = pack_commands.add_parser("build", aliases=["export"], help="sign a set into a pack",
                                     description="Build a signed pack from a set file "
                                     "(TOML: title, therapist, [[items]]) or a saved set id.")
    build.add_argument("set", metavar="SET_FILE_OR_ID")
    build.add_argument("-o", "--out", type=Path, required=True, metavar="FILE")
    build.set_defaults(run=wrap(run_pack_export))
    imp = pack_commands.add_parser("import", help="check and import a pack",
                                   description="Check a pack completely, then install its "
                                   "set and scripts; nothing is written if any check fails. "
                                   "A pack older than the set here (a lower version, or an "
                                   "earlier copy of the same one) is not imported and exits "
                                   "1; the same pack again changes nothing and exits 0.")
    imp.add_argument("file", type=Path, metavar="FILE")
    imp.add_argument("--accept-new-key", action="store_true",
                     help="trust a new key for a therapist you already had a pack from "
                     "(only after checking the fingerprint with them)")
    imp.set_defaults(run=wrap(run_pack_import))
    verify = pack_commands.add_parser("verify", help="check a pack without importing it",
                                      description="Run every check on a pack and show "
                                      "who signed it; writes nothing.")
    verify.add_argument("file", type=Path, metavar="FILE")
    verify.set_defaults(run=wrap(run_pack_verify))

    results = commands.add_parser("results", help="send results to your therapist, or import "
                                  "a patient's", description="Results files are encrypted to "
                                  "the therapist and signed by the patient.")
    results_commands = results.add_subparsers(dest="results_command", metavar="ACTION",
                                              required=True)
    rexport = results_commands.add_parser(
        "export", help="write your results for your therapist",
        description="Write sessions, ratings and live ratings of a period, encrypted to the "
        "therapist whose pack you imported. The period runs by default from the day you "
        "imported that therapist's first pack to today. Journal entries and notes only "
        "with --journal.")
    rexport.add_argument("--pack", metavar="PACK_ID",
                         help="send to the therapist who signed this pack (its id, as "
                         "'painease pack verify' and 'pack import' show it)")
    rexport.add_argument("--therapist", metavar="NAME|FINGERPRINT",
                         help="the therapist (as named in their pack, or their key's "
                         "fingerprint); needed, or --pack, when you have packs from more "
                         "than one")
    rexport.add_argument("--from", dest="since", metavar="YYYY-MM-DD",
                         help="first day (default: when you imported their first pack)")
    rexport.add_argument("--to", dest="until", metavar="YYYY-MM-DD",
                         help="last day (default: today; sessions dated after it, when "
                              "the clock was ahead, go too, flagged)")
    rexport.add_argument("--journal", action="store_true",
                         help="also send journal entries and rating notes")
    rexport.add_argument("--name", help="your name as the therapist should see it; it is "
                         "kept for the next results (as Send results in the app keeps it), "
                         "so later you can leave it out ('painease identity' shows it)")
    rexport.add_argument("-o", "--out", type=Path, required=True, metavar="FILE")
    rexport.set_defaults(run=wrap(run_results_export))
    rimport = results_commands.add_parser(
        "import", help="import a patient's results (therapist)",
        description="Decrypt and check a patient's results file, then add or update that "
        "patient; re-importing overlapping periods never duplicates sessions.")
    rimport.add_argument("file", type=Path, metavar="FILE")
    rimport.add_argument("--accept-name", action="store_true",
                         help="import a file signed with a patient's key that gives another "
                         "name than their latest results did (only once you know they are "
                         "that patient's results); without it, such a file is not imported")
    rimport.set_defaults(run=wrap(run_results_import))
    patients = results_commands.add_parser("patients", help="list imported patients",
                                           description="List patients whose results were "
                                           "imported, with their key fingerprints, and the "
                                           "name their latest results gave where it is not "
                                           "the name they are shown by.")
    patients.set_defaults(run=wrap(run_patients))


def run_identity(args: argparse.Namespace) -> int:
    from painease.packs.identity import IdentityError, load_or_create_identity

    try:
        me = load_or_create_identity(name=args.name)
    except (IdentityError, OSError) as exc:
        raise CommandFailed(str(exc)) from None
    print(f"name:        {me.name or '(none)'}")
    print(f"fingerprint: {me.fingerprint}")
    print(f"public key:  {me.public_key}")
    return 0


def run_pack_export(args: argparse.Namespace) -> int:
    from painease.packs.build_command import run_pack_build

    return run_pack_build(args)


def run_pack_verify(args: argparse.Namespace) -> int:
    from painease.packs.pack import PackError
    from painease.packs.verify import read_and_verify

    try:
        pack = read_and_verify(args.file)
    except PackError as exc:
        raise CommandFailed(f"{args.file}: {exc}") from None
    pack.close()  # checked: only what it holds is said
    p = pack.program
    print(f"{args.file}: ok: “{p.title}” version {p.version} from {p.therapist_shown}")
    print(f"id: {p.id}")  # what results export --pack takes
    print(f"signed by: {pack.signer_fingerprint}")
    for item in p.items:
        title = pack.script_titles.get(item.script_id, item.script_id)
        print(f"  {item.position}. {title} ({item.script_id}), {item.minutes:g} min, "
              f"{item.schedule.describe()}")
    return 0


def run_pack_import(args: argparse.Namespace) -> int:
    from painease.packs.adopt import install_adopting
    from painease.packs.pack import PackError
    from painease.packs.verify import read_and_verify
    from painease.storage.store import SessionStore, StoreError

    try:
        # Checked before the database is created or opened; closed however the install ends.
        with read_and_verify(args.file) as pack, SessionStore.open_default() as store:
            result = install_adopting(pack, store, accept_new_key=args.accept_new_key)
            fell = _why_progress_fell(store, result)
    except PackError as exc:
        raise CommandFailed(f"{args.file}: {exc}") from None
    except StoreError as exc:
        raise CommandFailed(str(exc)) from None
    if result.adopted:  # sets whose folders were here, found again first
        print(result.adopted)
    for warning in result.warnings:
        print(warning, file=sys.stderr)
    if result.status == "key_changed":
        raise CommandFailed(f"{result.message}; if {result.program.therapist_shown} confirms "
                            f"the fingerprint {result.signer_fingerprint}, run again with "
                            "--accept-new-key")
    if result.status == "older":  # asked to install it, and it was not: a failure
        raise CommandFailed(f"{args.file}: not imported: {result.message}")
    print(f"{result.message} (signed by {result.signer_fingerprint})")
    for sentence in fell:  # as Home's import says it (docs/packs.md)
        print(sentence)
    print(f"id: {result.program.id}")  # what results export --pack takes
    if result.check_text:
        print(result.check_text)
    return 0


def _why_progress_fell(store, result) -> list[str]:
    """After a new version of the set, why its progress went down, if it did, in the
    patient's words (``set_changes.why_progress_fell``, as Home's import says it); a store
    it cannot read leaves the sentences out: the import itself went through."""
    from painease.storage.set_changes import why_progress_fell
    from painease.storage.store import StoreError
    from painease.storage.zones import own_zone

    if result.status != "updated":
        return []
    try:
        return why_progress_fell(store, result.program, own_zone(store), True)
    except StoreError:
        return []


def run_results_export(args: argparse.Namespace) -> int:
    from painease.domain.vocabulary import counted
    from painease.packs.identity import IdentityError, load_or_create_identity
    from painease.packs.results import ResultsError
    from painease.packs.results_export import export_results
    from painease.packs.senders import matching, recipients
    from painease.storage.store import SessionStore, StoreError
    from painease.storage.zones import own_zone

    since = _day(args.since, "--from") if args.since else None
    until = _day(args.until, "--to") if args.until else None
    try:
        with SessionStore.open_default(read_only_ok=True) as store:
            # The default days are counted on the clock the period's sessions are
            # (export_results's): a pack that arrived on a trip arrived on the trip's day.
            tz = own_zone(store)
            until = until or datetime.now(tz).date()
            # The senders Send results… offers (painease.packs.senders), not only pins.
            known = recipients(store)
            if args.pack:
                signer = _pack_signer(store, args.pack)[1]
                known = [s for s in known if s.key == signer]
            if args.therapist:
                known = matching(known, args.therapist)
            if not known:
                raise CommandFailed("no therapist's key is known" + (
                    f" for {args.therapist!r}" if args.therapist else "")
                    + "; import a pack from your therapist first")
            if len(known) > 1:
                raise CommandFailed(_several(known, args.therapist))
            [sender] = known
            name, key = sender.name, sender.key
            if sender.look_alike_text:  # as Send results says it under the choice
                print(sender.look_alike_text, file=sys.stderr)
            if since is None:
                since = min(_first_import_day(store, key, tz), until)
            # A name given is kept with the key, as Send results keeps it.
            me = load_or_create_identity(name=args.name)
            summary = export_results(store, key, me, args.out, since, until,
                                     include_journal=args.journal, patient_name=me.name)
    except (ResultsError, IdentityError, StoreError) as exc:
        raise CommandFailed(str(exc)) from None
    except OSError as exc:
        raise CommandFailed(f"cannot write {args.out}: {exc.strerror or exc}") from None
    extra = (" and " + counted(summary.journal_entries, "journal entry", "journal entries")
             if args.journal else " (no journal entries or notes)")
    sessions = counted(summary.sessions, "session", "sessions")
    print(f"{summary.path}: {sessions} from {since} to {until}{extra}, "
          f"encrypted to {name} ({summary.therapist_fingerprint})")
    if summary.sets_text:
        print(summary.sets_text)
    if summary.ahead_text:
        print(summary.ahead_text)
    if summary.left_out_text:  # the rest was sent; this one is said, not left out unsaid
        print(f"note: {summary.left_out_text}", file=sys.stderr)
    return 0


def run_results_import(args: argparse.Namespace) -> int:
    from painease.packs.identity import IdentityError, load_or_create_identity
    from painease.packs.results import NameChanged, ResultsError, import_opened, read_results
    from painease.storage.store import SessionStore, StoreError

    try:
        me = load_or_create_identity()
        # Bad files refused before a database opens; ``therapist_install`` (set by
        # ``painease.commands.packs_command``) says whose install a misaddressed file met.
        opened = read_results(args.file, me, getattr(args, "therapist_install", False))
        with SessionStore.open_default() as store:
            result = import_opened(opened, store, accept_name=args.accept_name)
    except NameChanged as exc:  # nothing written: the file waits for a yes
        print(f"WARNING: {exc.change.text}", file=sys.stderr)
        raise CommandFailed(f"{args.file}: not imported; if these are {exc.change.patient}'s "
                            "results, run again with --accept-name") from None
    except (ResultsError, IdentityError) as exc:
        raise CommandFailed(f"{args.file}: {exc}") from None
    except StoreError as exc:
        raise CommandFailed(str(exc)) from None
    for warning in result.warnings:
        print(warning, file=sys.stderr)
    print(f"{result.message} (key {result.patient_fingerprint}); {result.database}")
    return 0


def run_patients(args: argparse.Namespace) -> int:
    from painease.packs.identity import fingerprint
    from painease.packs.sender_name import sent_name_note
    from painease.storage.patients import PatientStore
    from painease.storage.store import SessionStore, StoreError

    try:
        with SessionStore.open_default(read_only_ok=True) as store:
            patients = PatientStore(store).patients()
    except StoreError as exc:
        raise CommandFailed(str(exc)) from None
    if not patients:
        print("no patients yet")
    for p in patients:
        sent = sent_name_note(p)  # as the Patients page shows it
        print(f"{p.key_id}  {fingerprint(p.public_key)}  "
              f"{p.last_imported_at.astimezone():%Y-%m-%d}  {p.name}{f' — {sent}' if sent else ''}")
    return 0


def _several(known, wanted: str | None) -> str:
    """Why ``results export`` cannot choose among the senders ``known``, and how to."""
    listed = "; ".join(s.words for s in known)
    if wanted:
        return (f"the name {wanted!r} reads as more than one sender's: {listed}; they may not "
                "be the same person: ask your therapist to read their fingerprint to you, "
                "and give it with --therapist")
    return (f"packs from several therapists: {listed}; choose one with --therapist (a name "
            "or a fingerprint) or --pack")


def _pack_signer(store, pack_id: str) -> tuple[str, str]:
    """(therapist name, public key hex) of the therapist who signed imported pack ``pack_id``."""
    from painease.storage.programs import ProgramStore

    try:
        stored = ProgramStore(store).program(pack_id)
    except ValueError:
        raise CommandFailed(f"no pack with id {pack_id} was imported here") from None
    if stored.origin != "imported" or not stored.signer_key:
        raise CommandFailed(f"{pack_id} is a set made here, not a pack from a therapist")
    return stored.program.therapist_shown, stored.signer_key


def _first_import_day(store, key: str, tz: tzinfo) -> date:
    """The day on the clock ``tz`` the first pack signed with ``key`` arrived (today if
    none did)."""
    from painease.storage.programs import ProgramStore

    since = ProgramStore(store).pinned_since(key) or datetime.now(tz)
    return since.astimezone(tz).date()


def _day(text: str, option: str) -> date:
    from painease.local_time import typed_day_problem

    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise CommandFailed(f"{option} {text!r} is not a date like 2026-11-30") from None
    problem = typed_day_problem(day, option)
    if problem:
        raise CommandFailed(problem)
    return day

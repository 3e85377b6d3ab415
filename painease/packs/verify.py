"""Checking a pack (``*.painease``, format in ``painease.packs.pack``) before anything is written.

Contract
--------
``read_and_verify(path)`` checks everything without writing a byte and returns a
``VerifiedPack`` (its files read again from the pack file, kept open until its ``close()``,
or the end of ``with``: whoever installs it closes it) or raises ``PackError``, the file
closed (one line, starting with what was wrong, and for a
pack not as it was signed or made, ending with the patient's next step, ``SEND_AGAIN``): a file
that is no pack at all, in plain words (``not_a_pack``: a results file, a text file, a pack
cut short), hostile zip ("unsafe pack", ``safezip``), missing parts, bad signature, a
manifest that does not match its signer or itself (or gives a creation time or a script
version no pack is made with), any hash mismatch or unlisted file, an
invalid set, an invalid script, a script id that clashes with a bundled one, a missing,
undecodable or too loud clip, an item length the script cannot be played at, a bundled
script this painease lacks. A clip that cannot be used is said with what the patient who
received the pack can do (ask their therapist for a new one), never with the advice meant
for whoever made the clip ("export it again"), which building the pack gives.
Installing a verified pack is ``painease.packs.install``.
"""

from __future__ import annotations

import contextlib
import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from nacl.exceptions import BadSignatureError

from painease.catalog import Catalog, load_catalog
from painease.domain.programs import Program, ProgramError
from painease.domain.script import MAX_VERSION, Script
from painease.domain.script_loader import ScriptError, parse_script
from painease.domain.timeline import FitError, fit_timeline
from painease.packs.identity import IdentityError, fingerprint, verify_key
from painease.packs.members import Changed, Member
from painease.packs.pack import (
    FORMAT,
    FORMAT_VERSION,
    MANIFEST,
    PACK_SUFFIX,
    PUBLIC_KEY,
    SIGNATURE,
    PackError,
    content_digest,
    decoded_seconds,
)
from painease.packs.safezip import NotAZipError, UnsafeZipError, ZipMembers, read_zip

# What a patient can do about a pack that is not as its therapist made and signed it (damaged
# on the way, or changed since): the words a pack that cannot be read at all gets too.
SEND_AGAIN = "ask your therapist to send it again"


class NotAsSigned(PackError):
    """The pack is not as it was signed, or not as a pack is made: a patient can only ask
    for it again (``read_and_verify`` adds ``SEND_AGAIN``)."""


@dataclass(frozen=True)
class VerifiedPack:
    """A pack whose signature, hashes, set, scripts and clips all checked out."""

    program: Program
    signer_key: str  # hex Ed25519 public key
    created_at: str
    manifest: dict[str, Any]
    files: dict[str, Member]  # every entry, by name, as signed (read again when used)
    included_scripts: tuple[str, ...]  # ids of the scripts the pack brings along
    script_titles: dict[str, str]  # id -> title of every script the set uses, for people

    @property
    def signer_fingerprint(self) -> str:
        return fingerprint(self.signer_key)

    @property
    def content_digest(self) -> str:
        return content_digest(self.manifest)

    def close(self) -> None:
        """Close the pack file its files are read again from (``read_and_verify``'s; an
        installed folder's files are opened only while read). Again: nothing."""
        if isinstance(self.files, ZipMembers):
            self.files.close()

    def __enter__(self) -> VerifiedPack:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


def read_and_verify(path: Path, catalog: Catalog | None = None) -> VerifiedPack:
    """Every check a pack must pass, nothing written; ``PackError`` says which one failed."""
    try:
        files = read_zip(Path(path))
    except NotAZipError as exc:
        raise PackError(not_a_pack(Path(path), exc)) from None
    except UnsafeZipError as exc:
        raise PackError(f"unsafe pack: {exc}; {SEND_AGAIN}") from None
    try:
        try:
            return verify_files(files, catalog)
        except NotAsSigned as exc:  # the patient's next step (an installed folder has its own)
            raise PackError(f"{exc}; {SEND_AGAIN}") from None
        except Changed as exc:  # rewritten in place while it was being read
            raise PackError(f"the pack file changed while it was being checked ({exc}); "
                            "import it again") from None
    except BaseException:  # refused, or stopped: nothing reads it again
        files.close()
        raise


def verify_files(files: dict[str, Member], catalog: Catalog | None = None) -> VerifiedPack:
    """``read_and_verify``'s checks after the zip: a pack's entries by name (an installed
    folder's files too: ``painease.packs.adopt``)."""
    for required in (MANIFEST, SIGNATURE, PUBLIC_KEY):
        if required not in files:
            raise PackError(f"not a painease pack: {required} is missing")
    signer = _check_signature(files)
    manifest = _manifest(files, signer)
    _check_hashes(manifest, files)
    try:
        program = Program.from_dict(manifest.get("set"))
    except ProgramError as exc:
        raise NotAsSigned(f"the set in the pack is invalid: {exc}") from None
    for key, value in (("pack_id", program.id), ("pack_version", program.version),
                       ("title", program.title), ("therapist_name", program.therapist_name)):
        if manifest.get(key) != value:
            raise NotAsSigned(f"tampered manifest: {key} does not match the set")
    created_at = _check_created_at(manifest.get("created_at"))
    catalog = catalog if catalog is not None else load_catalog()
    included, titles = _check_scripts(manifest, files, program, catalog)
    return VerifiedPack(program, signer, created_at, manifest, files, included, titles)


def not_a_pack(path: Path, problem: NotAZipError) -> str:
    """What a patient reads when ``path`` is no pack at all: the wrong file picked (a
    results file, a text file), one that cannot be read, or a pack cut short. Plain words:
    nothing about it is unsafe."""
    if not problem.readable:
        return str(problem)
    from painease.packs.results_file import is_results_file  # late: only for a file that is no zip

    if is_results_file(path):
        return ("this is a results file (for your therapist to open), not a session pack; "
                f"packs come from your therapist and end in {PACK_SUFFIX}")
    if path.suffix.lower() == PACK_SUFFIX:
        return f"this pack cannot be read: it may be incomplete or damaged; {SEND_AGAIN}"
    return (f"this file is not a painease session pack; packs come from your therapist "
            f"and end in {PACK_SUFFIX}")


def _check_signature(files: dict[str, Member]) -> str:
    try:
        signer = files[PUBLIC_KEY].read().decode("ascii").strip()
        key = verify_key(signer)
        signature = bytes.fromhex(files[SIGNATURE].read().decode("ascii").strip())
        key.verify(files[MANIFEST].read(), signature)
    except (UnicodeDecodeError, ValueError, IdentityError):
        raise NotAsSigned("bad signature: the signature or the therapist's key is malformed") \
            from None
    except BadSignatureError:
        raise NotAsSigned("bad signature: the manifest was not signed by the key in the pack "
                        "(it was changed after signing, or signed by someone else)") from None
    return signer


def _manifest(files: dict[str, Member], signer: str) -> dict[str, Any]:
    try:
        manifest = json.loads(files[MANIFEST].read().decode("utf-8"))
    except ValueError as exc:  # not UTF-8, not JSON, or a number past 4,300 digits
        raise NotAsSigned(f"tampered manifest: not valid JSON ({exc})") from None
    except RecursionError:
        raise NotAsSigned("tampered manifest: nested too deeply") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise PackError("not a painease pack: the manifest's format is not painease-pack")
    version = manifest.get("format_version")
    if version != FORMAT_VERSION:
        raise PackError(f"the pack has format version {version!r}; this painease reads "
                        f"version {FORMAT_VERSION}; update painease")
    if manifest.get("signer_public_key") != signer:
        raise NotAsSigned("tampered manifest: it names a different signer than therapist.pub")
    return manifest


def _check_created_at(value: object) -> str:
    """``created_at`` as pack build writes it: UTC, to the second (before 2026-12-04) or
    the millisecond. Which of two copies of one version is later is told by it, and packs'
    scripts are read in its order, compared as text (``catalog._signed_at``)."""
    made = None
    if isinstance(value, str) and len(value) <= 40:
        with contextlib.suppress(ValueError):  # not a date and time: said below
            made = datetime.fromisoformat(value)
    if made is None or made.utcoffset() != timedelta(0) or value not in (
            made.isoformat(timespec="seconds"), made.isoformat(timespec="milliseconds")):
        said = "missing" if value is None else (
            f"{_shown(value)}, not the date and time in UTC when the pack was made")
        raise NotAsSigned(f"tampered manifest: created_at is {said}")
    return value


def _check_version(entry: dict[str, Any], script_id: str) -> int:
    """A script entry's ``version``: a whole number, as a script's own may be."""
    version = entry.get("version")
    if type(version) is not int or not 1 <= version <= MAX_VERSION:
        said = "missing" if version is None else _shown(version)
        raise NotAsSigned(f"tampered manifest: the entry for the script {script_id!r} gives "
                          f"version {said}, not a whole number from 1 to {MAX_VERSION:,}")
    return version


def _shown(value: object) -> str:
    """A manifest's value as JSON, in one short line."""
    said = json.dumps(value)
    return said if len(said) <= 40 else f"{said[:36]}…"


def _check_hashes(manifest: dict[str, Any], files: dict[str, Member]) -> None:
    listed = manifest.get("files")
    if not isinstance(listed, dict) or PUBLIC_KEY not in listed:
        raise NotAsSigned("tampered manifest: the list of file hashes is missing")
    for name in files:
        if name not in (MANIFEST, SIGNATURE) and name not in listed:
            raise NotAsSigned(f"the pack holds a file its manifest does not list: {name}")
    for name, digest in listed.items():
        if name not in files:
            raise NotAsSigned(f"the pack is incomplete: {name} is missing")
        if files[name].sha256 != digest:  # taken as it was read (``members``)
            raise NotAsSigned(f"hash mismatch: {name} is not the file that was signed")


def _check_scripts(manifest: dict[str, Any], files: dict[str, Member], program: Program,
                   catalog: Catalog) -> tuple[tuple[str, ...], dict[str, str]]:
    """Every script checked and every item fitted; the included scripts' ids and every
    script's title."""
    declared = manifest.get("scripts")
    if not isinstance(declared, list) or not all(isinstance(d, dict) for d in declared):
        raise NotAsSigned("tampered manifest: the script list is malformed")
    scripts: dict[str, Script] = {}
    durations: dict[str, dict[str, float]] = {}
    included: list[str] = []
    used_files = {PUBLIC_KEY}
    for entry in declared:
        script_id = str(entry.get("id"))
        if script_id in scripts:
            raise NotAsSigned(f"tampered manifest: the script {script_id!r} is listed twice")
        version = _check_version(entry, script_id)
        if entry.get("source") == "bundled":
            found = catalog.entries.get(script_id)
            if found is None or found.origin != "bundled":
                # No title to give: the manifest names a bundled script by id only.
                raise PackError("the set uses a session that comes with a newer painease "
                                f"({script_id}); update painease, then import the pack again")
            scripts[script_id] = found.script
            durations[script_id] = found.clip_durations
            continue
        script, durations[script_id] = _check_included(entry, files, catalog)
        if script.version != version:
            raise NotAsSigned(f"tampered manifest: the entry for the script {script_id!r} "
                              f"gives version {version}, but {entry['file']} has version "
                              f"{script.version}")
        used_files.add(entry["file"])
        used_files.update(entry["clips"])
        scripts[script_id] = script
        included.append(script_id)
    unused = sorted(set(manifest["files"]) - used_files)
    if unused:
        raise NotAsSigned(f"the pack holds a file no script uses: {unused[0]}")
    for item in program.items:
        if item.script_id not in scripts:
            raise NotAsSigned(f"item {item.position} uses the script {item.script_id!r}, which "
                            "the pack neither includes nor references")
        try:
            fit_timeline(scripts[item.script_id], item.minutes,
                         clip_durations=durations[item.script_id])
        except FitError as exc:
            raise NotAsSigned(f"item {item.position}: {exc}") from None
    return tuple(included), {script_id: s.title for script_id, s in scripts.items()}


def _check_included(entry: dict[str, Any], files: dict[str, Member],
                    catalog: Catalog) -> tuple[Script, dict[str, float]]:
    """Validate an included script and decode its clips; returns it and clip seconds."""
    script_id, name, clips = entry.get("id"), entry.get("file"), entry.get("clips")
    if (entry.get("source") != "included" or name != f"scripts/{script_id}.toml"
            or not isinstance(clips, list) or not all(isinstance(c, str) for c in clips)
            or name not in files):
        raise NotAsSigned(f"tampered manifest: the entry for script {script_id!r} is malformed")
    try:
        script = parse_script(files[name].read().decode("utf-8"), name)
    except UnicodeDecodeError:
        raise NotAsSigned(f"invalid script: {name} is not UTF-8 text") from None
    except ScriptError as exc:
        raise NotAsSigned(f"invalid script: {exc.problems[0]}") from None
    except RecursionError:
        raise NotAsSigned(f"invalid script: {name} is nested too deeply") from None
    if script.id != script_id:
        raise NotAsSigned(f"invalid script: {name} has id {script.id!r}, not {script_id!r}")
    clash = catalog.entries.get(script.id)
    if clash is not None and clash.origin == "bundled":
        raise PackError(f"invalid script: {name} uses the id of a bundled script "
                        f"({script.id}); give it another id")
    needed = {f"audio/{s.clip}" for s in script.steps if s.clip}
    # Extra clips are allowed only in the script's own folder: narration rendered for steps
    # that name no clip (``painease narrate`` writes <script-id>/NN.ogg) travels that way.
    extra = set(clips) - needed
    if not needed <= set(clips) or any(
            not c.startswith(f"audio/{script_id}/") for c in extra):
        raise NotAsSigned(f"tampered manifest: the clips listed for {script_id} do not match "
                        "the script")
    durations: dict[str, float] = {}
    for clip in sorted(set(clips)):
        if clip not in files:
            raise NotAsSigned(f"the pack is incomplete: {clip} is missing")
        durations[clip.removeprefix("audio/")] = decoded_seconds(clip, files[clip])
    return script, durations


"""Packs (``*.painease``): how a therapist's set travels to a patient, signed.

Contract
--------
A pack is one zip file holding:

* ``manifest.json`` — ``format`` ("painease-pack"), ``format_version`` (1), ``pack_id`` and
  ``pack_version`` (the set's id and version), ``title``, ``therapist_name``,
  ``created_at``, ``signer_public_key`` (hex Ed25519), ``set`` (``Program.to_dict()``),
  ``scripts`` (one entry per script the set uses: ``{"id", "version", "source":
  "bundled"}`` for scripts that ship with painease, referenced by id, or ``{"id",
  "version", "source": "included", "file": "scripts/<id>.toml", "clips": [...]}`` for the
  therapist's own) and ``files`` (``{name: sha256 hex}`` for every other entry);
* ``manifest.sig`` — the hex Ed25519 signature of the exact bytes of ``manifest.json``;
* ``therapist.pub`` — the hex public key that made the signature;
* ``scripts/<id>.toml`` and ``audio/<clip path>`` for included scripts.

``build_pack(program, identity, out)`` writes one (atomically: temp file + rename) from the
scripts in the catalog, decoding each clip as an import will (``PackError`` for a clip cut
short or too loud, before anything is written); ``created_at`` is UTC to the millisecond.
``content_digest(manifest)`` is what a pack delivers (set, scripts, file hashes; not the
signing time or key): install compares it to tell a pack sent again with changes from the
same pack, ``changed_parts`` says what differs (the set, which scripts; ``part_digests``
keeps a digest of each part, so a pack sent long ago can be compared too), ``read_manifest``
reads one from a pack file or installed folder. ``read_and_verify(path)`` checks everything
without writing a byte and returns a ``VerifiedPack`` or raises ``PackError`` (one line,
starting with what was wrong): a file that is no pack at all, in plain words
(``not_a_pack``: a results file, a text file, a pack cut short), hostile zip ("unsafe
pack", ``safezip``), missing parts, bad signature, a manifest that does not match its
signer or itself, any hash mismatch or unlisted file, an invalid set, an invalid script, a
script id that clashes with a bundled one, a missing, undecodable or too loud clip, an item
length the script cannot be played at, a bundled script this painease lacks.
Installing a verified pack is ``painease.packs.install``.
"""

from __future__ import annotations

import hashlib
import io
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from nacl.exceptions import BadSignatureError

from painease.catalog import Catalog, ScriptEntry, audio_dir_for, load_catalog
from painease.domain.programs import Program, ProgramError
from painease.domain.script import Script
from painease.domain.script_loader import ScriptError, parse_script
from painease.domain.timeline import FitError, fit_timeline
from painease.files import write_atomically as write_atomically
from painease.packs.identity import Identity, IdentityError, fingerprint, verify_key
from painease.packs.safezip import NotAZipError, UnsafeZipError, read_zip

PACK_SUFFIX = ".painease"
FORMAT = "painease-pack"
FORMAT_VERSION = 1
MANIFEST, SIGNATURE, PUBLIC_KEY = "manifest.json", "manifest.sig", "therapist.pub"


class PackError(Exception):
    """A pack cannot be made or used; the message says exactly why in one line."""


@dataclass(frozen=True)
class VerifiedPack:
    """A pack whose signature, hashes, set, scripts and clips all checked out."""

    program: Program
    signer_key: str  # hex Ed25519 public key
    created_at: str
    manifest: dict[str, Any]
    files: dict[str, bytes]  # every entry, by name, exactly as signed
    included_scripts: tuple[str, ...]  # ids of the scripts the pack brings along
    script_titles: dict[str, str]  # id -> title of every script the set uses, for people

    @property
    def signer_fingerprint(self) -> str:
        return fingerprint(self.signer_key)

    @property
    def content_digest(self) -> str:
        return content_digest(self.manifest)


def content_digest(manifest: dict[str, Any]) -> str:
    """SHA-256 (hex) of what a pack delivers: its set (with the version), the scripts it
    lists and the hash of every file but the signer's key. Not when, nor with which key,
    it was signed: two packs with the same digest install the same thing."""
    files = manifest.get("files")
    content = {"set": manifest.get("set"), "scripts": manifest.get("scripts"),
               "files": {name: digest for name, digest in files.items() if name != PUBLIC_KEY}
               if isinstance(files, dict) else files}
    return _sha256(json.dumps(content, sort_keys=True, ensure_ascii=False).encode())


@dataclass(frozen=True)
class Changes:
    """What differs between two manifests of the same set (``changed_parts``)."""

    set: bool  # its title, items, notes or schedules
    scripts: tuple[str, ...]  # ids of the scripts whose entry, file or clips differ, or new

    def words(self, titles: Mapping[str, str]) -> tuple[str, ...]:
        """As people know them: "the set", "the session “Calm corner”" (``titles``: script
        id -> title; an id without one is shown as it is)."""
        return (("the set",) if self.set else ()) + tuple(
            f"the session “{titles.get(script_id, script_id)}”" for script_id in self.scripts)


def joined(parts: Sequence[str]) -> str:
    """ "a", "a and b", "a, b and c"."""
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def changed_parts(old: dict[str, Any], new: dict[str, Any]) -> Changes:
    """What differs between two manifests of the same set (ids: the words are the
    caller's, with the scripts' titles)."""
    return parts_changed(part_digests(old), part_digests(new))


def part_digests(manifest: dict[str, Any]) -> dict[str, Any]:
    """SHA-256 (hex) of each part a pack delivers: ``{"set": digest, "scripts": {id:
    digest}}``, a script's digest covering its manifest entry and the hashes of its file
    and clips. Kept for a pack sent (``painease.packs.sent``), it lets a later pack say
    which parts changed without keeping the whole manifest."""
    scripts = {str(entry.get("id")): _digest([entry, _script_files(manifest, entry)])
               for entry in manifest.get("scripts") or [] if isinstance(entry, dict)}
    return {"set": _digest(manifest.get("set")), "scripts": scripts}


def parts_changed(old: dict[str, Any], new: dict[str, Any]) -> Changes:
    """What differs between two ``part_digests``: the set, and the scripts of ``new`` that
    ``old`` had otherwise or not at all."""
    before = old.get("scripts") or {}
    return Changes(old.get("set") != new.get("set"), tuple(
        script_id for script_id, digest in (new.get("scripts") or {}).items()
        if before.get(script_id) != digest))


def _digest(value: Any) -> str:
    return _sha256(json.dumps(value, sort_keys=True, ensure_ascii=False).encode())


def _script_files(manifest: dict[str, Any], entry: dict[str, Any]) -> list[tuple[str, Any]]:
    listed = manifest.get("files")
    listed = listed if isinstance(listed, dict) else {}
    names = [entry.get("file"), *(entry.get("clips") or [])]
    return [(name, listed.get(name)) for name in names if isinstance(name, str)]


def read_manifest(path: Path) -> dict[str, Any] | None:
    """The manifest of a pack this install wrote or installed (a ``*.painease`` file or an
    installed pack folder), or None when it cannot be read. Not a check: only for packs
    already verified or made here."""
    import zipfile

    try:
        if Path(path).is_dir():
            data = (Path(path) / MANIFEST).read_bytes()
        else:
            with zipfile.ZipFile(path) as archive:
                data = archive.read(MANIFEST)
        manifest = json.loads(data.decode("utf-8"))
    except (OSError, KeyError, ValueError, zipfile.BadZipFile, RecursionError):
        return None
    return manifest if isinstance(manifest, dict) else None


# ---- making a pack ---------------------------------------------------------------------------


def build_pack(program: Program, identity: Identity, out: Path,
               catalog: Catalog | None = None) -> Path:
    """Write ``program`` as a pack signed by ``identity`` to ``out``; returns ``out``."""
    catalog = catalog if catalog is not None else load_catalog()
    files: dict[str, bytes] = {PUBLIC_KEY: identity.public_key.encode()}
    scripts: list[dict[str, Any]] = []
    for script_id in dict.fromkeys(item.script_id for item in program.items):
        try:
            entry = catalog.get(script_id)
        except KeyError as exc:
            raise PackError(f"the set uses {exc.args[0]}") from None
        _check_lengths(program, entry.script)
        scripts.append(_pack_script(entry, files))
    manifest = {
        "format": FORMAT, "format_version": FORMAT_VERSION,
        "pack_id": program.id, "pack_version": program.version,
        "title": program.title, "therapist_name": program.therapist_name,
        # To the millisecond: of two packs of one version, the later one wins (install).
        "created_at": datetime.now(UTC).isoformat(timespec="milliseconds"),
        "signer_public_key": identity.public_key,
        "set": program.to_dict(), "scripts": scripts,
        "files": {name: _sha256(data) for name, data in sorted(files.items())},
    }
    manifest_bytes = json.dumps(manifest, indent=2, ensure_ascii=False).encode()
    files[MANIFEST] = manifest_bytes
    files[SIGNATURE] = identity.sign(manifest_bytes).hex().encode()
    write_atomically(Path(out), _zip_bytes(files))
    return Path(out)


def _pack_script(entry: ScriptEntry, files: dict[str, bytes]) -> dict[str, Any]:
    script = entry.script
    if entry.origin == "bundled":
        return {"id": script.id, "version": script.version, "source": "bundled"}
    name = f"scripts/{script.id}.toml"
    files[name] = entry.path.read_bytes()
    clips = []
    for clip in dict.fromkeys(s.clip for s in script.steps if s.clip):
        data = (audio_dir_for(entry.path) / clip).read_bytes()
        # Decoded as the patient's import will (the library read only its header): a clip
        # cut short or too loud is said here, not after the pack was sent.
        decoded_seconds(f"audio/{clip}", data)
        files[f"audio/{clip}"] = data
        clips.append(f"audio/{clip}")
    return {"id": script.id, "version": script.version, "source": "included",
            "file": name, "clips": clips}


def _zip_bytes(files: dict[str, bytes]) -> bytes:
    """The zip of ``files``, deflated, except a file that deflates so well that a patient's
    import would take it for a zip bomb (``safezip.MAX_RATIO``): a clip with a long
    stretch of digital silence does. Such a file is stored as it is."""
    import zipfile
    import zlib

    from painease.packs.safezip import MAX_RATIO, RATIO_FLOOR_BYTES

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in sorted(files):
            data = files[name]
            method = zipfile.ZIP_DEFLATED
            # Half the limit: zlib's stream and the zip's raw deflate differ by a few bytes.
            if len(data) > RATIO_FLOOR_BYTES and \
                    len(data) > MAX_RATIO // 2 * len(zlib.compress(data)):
                method = zipfile.ZIP_STORED
            archive.writestr(name, data, compress_type=method)
    return buffer.getvalue()


# ---- checking a pack -------------------------------------------------------------------------


def read_and_verify(path: Path, catalog: Catalog | None = None) -> VerifiedPack:
    """Every check a pack must pass, in memory; ``PackError`` says which one failed."""
    try:
        files = read_zip(Path(path))
    except NotAZipError as exc:
        raise PackError(not_a_pack(Path(path), exc)) from None
    except UnsafeZipError as exc:
        raise PackError(f"unsafe pack: {exc}") from None
    for required in (MANIFEST, SIGNATURE, PUBLIC_KEY):
        if required not in files:
            raise PackError(f"not a painease pack: {required} is missing")
    signer = _check_signature(files)
    manifest = _manifest(files, signer)
    _check_hashes(manifest, files)
    try:
        program = Program.from_dict(manifest.get("set"))
    except ProgramError as exc:
        raise PackError(f"the set in the pack is invalid: {exc}") from None
    for key, value in (("pack_id", program.id), ("pack_version", program.version),
                       ("title", program.title), ("therapist_name", program.therapist_name)):
        if manifest.get(key) != value:
            raise PackError(f"tampered manifest: {key} does not match the set")
    catalog = catalog if catalog is not None else load_catalog()
    included, titles = _check_scripts(manifest, files, program, catalog)
    return VerifiedPack(program, signer, str(manifest.get("created_at", "")), manifest,
                        files, included, titles)


def not_a_pack(path: Path, problem: NotAZipError) -> str:
    """What a patient reads when ``path`` is no pack at all: the wrong file picked (a
    results file, a text file), one that cannot be read, or a pack cut short. Plain words:
    nothing about it is unsafe."""
    if not problem.readable:
        return str(problem)
    from painease.packs.results import is_results_file  # (results imports this module)

    if is_results_file(path):
        return ("this is a results file (for your therapist to open), not a session pack; "
                f"packs come from your therapist and end in {PACK_SUFFIX}")
    if path.suffix.lower() == PACK_SUFFIX:
        return ("this pack cannot be read: it may be incomplete or damaged; ask your "
                "therapist to send it again")
    return (f"this file is not a painease session pack; packs come from your therapist "
            f"and end in {PACK_SUFFIX}")


def _check_signature(files: dict[str, bytes]) -> str:
    try:
        signer = files[PUBLIC_KEY].decode("ascii").strip()
        key = verify_key(signer)
        signature = bytes.fromhex(files[SIGNATURE].decode("ascii").strip())
        key.verify(files[MANIFEST], signature)
    except (UnicodeDecodeError, ValueError, IdentityError):
        raise PackError("bad signature: the signature or the therapist's key is malformed") \
            from None
    except BadSignatureError:
        raise PackError("bad signature: the manifest was not signed by the key in the pack "
                        "(it was changed after signing, or signed by someone else)") from None
    return signer


def _manifest(files: dict[str, bytes], signer: str) -> dict[str, Any]:
    try:
        manifest = json.loads(files[MANIFEST].decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise PackError(f"tampered manifest: not valid JSON ({exc})") from None
    except RecursionError:
        raise PackError("tampered manifest: nested too deeply") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise PackError("not a painease pack: the manifest's format is not painease-pack")
    version = manifest.get("format_version")
    if version != FORMAT_VERSION:
        raise PackError(f"the pack has format version {version!r}; this painease reads "
                        f"version {FORMAT_VERSION}; update painease")
    if manifest.get("signer_public_key") != signer:
        raise PackError("tampered manifest: it names a different signer than therapist.pub")
    return manifest


def _check_hashes(manifest: dict[str, Any], files: dict[str, bytes]) -> None:
    listed = manifest.get("files")
    if not isinstance(listed, dict) or PUBLIC_KEY not in listed:
        raise PackError("tampered manifest: the list of file hashes is missing")
    for name in files:
        if name not in (MANIFEST, SIGNATURE) and name not in listed:
            raise PackError(f"the pack holds a file its manifest does not list: {name}")
    for name, digest in listed.items():
        if name not in files:
            raise PackError(f"the pack is incomplete: {name} is missing")
        if _sha256(files[name]) != digest:
            raise PackError(f"hash mismatch: {name} is not the file that was signed")


def _check_scripts(manifest: dict[str, Any], files: dict[str, bytes], program: Program,
                   catalog: Catalog) -> tuple[tuple[str, ...], dict[str, str]]:
    """Every script checked and every item fitted; the included scripts' ids and every
    script's title."""
    declared = manifest.get("scripts")
    if not isinstance(declared, list) or not all(isinstance(d, dict) for d in declared):
        raise PackError("tampered manifest: the script list is malformed")
    scripts: dict[str, Script] = {}
    durations: dict[str, dict[str, float]] = {}
    included: list[str] = []
    used_files = {PUBLIC_KEY}
    for entry in declared:
        script_id = str(entry.get("id"))
        if script_id in scripts:
            raise PackError(f"tampered manifest: the script {script_id!r} is listed twice")
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
        used_files.add(entry["file"])
        used_files.update(entry["clips"])
        scripts[script_id] = script
        included.append(script_id)
    unused = sorted(set(manifest["files"]) - used_files)
    if unused:
        raise PackError(f"the pack holds a file no script uses: {unused[0]}")
    for item in program.items:
        if item.script_id not in scripts:
            raise PackError(f"item {item.position} uses the script {item.script_id!r}, which "
                            "the pack neither includes nor references")
        try:
            fit_timeline(scripts[item.script_id], item.minutes,
                         clip_durations=durations[item.script_id])
        except FitError as exc:
            raise PackError(f"item {item.position}: {exc}") from None
    return tuple(included), {script_id: s.title for script_id, s in scripts.items()}


def _check_included(entry: dict[str, Any], files: dict[str, bytes],
                    catalog: Catalog) -> tuple[Script, dict[str, float]]:
    """Validate an included script and decode its clips; returns it and clip seconds."""
    script_id, name, clips = entry.get("id"), entry.get("file"), entry.get("clips")
    if (entry.get("source") != "included" or name != f"scripts/{script_id}.toml"
            or not isinstance(clips, list) or not all(isinstance(c, str) for c in clips)
            or name not in files):
        raise PackError(f"tampered manifest: the entry for script {script_id!r} is malformed")
    try:
        script = parse_script(files[name].decode("utf-8"), name)
    except UnicodeDecodeError:
        raise PackError(f"invalid script: {name} is not UTF-8 text") from None
    except ScriptError as exc:
        raise PackError(f"invalid script: {exc.problems[0]}") from None
    except RecursionError:
        raise PackError(f"invalid script: {name} is nested too deeply") from None
    if script.id != script_id:
        raise PackError(f"invalid script: {name} has id {script.id!r}, not {script_id!r}")
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
        raise PackError(f"tampered manifest: the clips listed for {script_id} do not match "
                        "the script")
    durations: dict[str, float] = {}
    for clip in sorted(set(clips)):
        if clip not in files:
            raise PackError(f"the pack is incomplete: {clip} is missing")
        durations[clip.removeprefix("audio/")] = decoded_seconds(clip, files[clip])
    return script, durations


def decoded_seconds(name: str, data: bytes) -> float:
    """Decode a clip from memory to its end; its length in seconds (``clips.decoded_seconds``)."""
    from painease.audio.clips import ClipError, ClipTooLoud
    from painease.audio.clips import decoded_seconds as decode  # late: needs libsndfile

    try:
        return decode(io.BytesIO(data), name)
    except ClipTooLoud as exc:
        raise PackError(f"clip too loud: {exc}") from None
    except ClipError as exc:
        raise PackError(f"undecodable clip: {exc}") from None


def _check_lengths(program: Program, script: Script) -> None:
    for item in program.items:
        if item.script_id == script.id and item.minutes not in script.lengths:
            listed = ", ".join(f"{m:g}" for m in script.lengths)
            raise PackError(f"item {item.position}: {script.id} can be played at {listed} "
                            f"minutes, not {item.minutes:g}")


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()

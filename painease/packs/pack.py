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
* ``scripts/<id>.toml`` and ``audio/<clip path>`` for included scripts (a clip path
  another script of the set already uses for a different recording goes to
  ``audio/<id>/<clip path>``, the script's file pointing there: ``clip_places``).

``build_pack(program, identity, out)`` writes one (atomically: temp file + rename) from the
scripts in the catalog, decoding each clip as an import will (``PackError`` for a clip cut
short or too loud, naming every item whose script is not there or cannot be played at
its length, every step whose clip was recorded for words since changed
(``audio.clip_words.unmatched_steps``), or files adding up to more than an import takes, before
anything is written); ``created_at`` is UTC to the millisecond. Clips are read a piece at a time,
never held whole (``painease.packs.pack_zip``): hashed, decoded, then written into the
zip, where a clip changed on the disk meanwhile stops the build (``PackError``).
``content_digest(manifest)`` is what a pack delivers (set, scripts, file hashes; not the
signing time or key): install compares it to tell a pack sent again with changes from the
same pack, ``changed_parts`` says what differs (the set, which scripts changed, were added
or were removed; ``part_digests`` keeps a digest of each part, so a pack sent long ago can
be compared too), ``read_manifest`` reads one from a pack file or installed folder.
Checking a pack someone sent is ``painease.packs.verify``; installing a verified pack is
``painease.packs.install``.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from painease.catalog import Catalog, ScriptEntry, audio_dir_for, load_catalog
from painease.domain.programs import Program
from painease.domain.script_loader import MAX_SCRIPT_BYTES
from painease.files import Unreadable, read_whole
from painease.files import write_atomically as write_atomically
from painease.packs.identity import Identity
from painease.packs.safezip import MAX_FILE_BYTES
from painease.packs.set_file import item_problem

if TYPE_CHECKING:
    from painease.packs.members import Member
    from painease.packs.pack_zip import PackedClip

PACK_SUFFIX = ".painease"
FORMAT = "painease-pack"
FORMAT_VERSION = 1
MANIFEST, SIGNATURE, PUBLIC_KEY = "manifest.json", "manifest.sig", "therapist.pub"


class PackError(Exception):
    """A pack cannot be made or used; the message says exactly why in one line."""


def content_digest(manifest: dict[str, Any]) -> str:
    """SHA-256 (hex) of what a pack delivers: its set (with the version), the scripts it
    lists and the hash of every file but the signer's key. Not when, nor with which key,
    it was signed: two packs with the same digest install the same thing."""
    files = manifest.get("files")
    content = {"set": manifest.get("set"), "scripts": manifest.get("scripts"),
               "files": {name: digest for name, digest in files.items() if name != PUBLIC_KEY}
               if isinstance(files, dict) else files}
    return sha256_hex(json.dumps(content, sort_keys=True, ensure_ascii=False).encode())


@dataclass(frozen=True)
class Changes:
    """What differs between two manifests of the same set (``changed_parts``)."""

    set: bool  # its title, items, notes or schedules
    scripts: tuple[str, ...]  # ids of the scripts in both whose entry, file or clips differ
    added: tuple[str, ...] = ()  # ids of the scripts only the newer pack has
    removed: tuple[str, ...] = ()  # ids of the scripts only the older pack had

    def words(self, titles: Mapping[str, str]) -> tuple[str, ...]:
        """What changed, as people know it: "the set", "the session “Calm corner”"
        (``titles``: script id -> title; an id without one is shown as it is). Sessions
        added or removed are not in it: ``moves`` says them."""
        return (("the set",) if self.set else ()) + _sessions(self.scripts, titles)

    def moves(self, titles: Mapping[str, str]) -> tuple[str, ...]:
        """Sessions added and removed, each a clause: "the session “Calm corner” was
        added", "the sessions “A” and “B” were removed"."""
        said = []
        for ids, done in ((self.added, "added"), (self.removed, "removed")):
            if ids:
                named = joined([f"“{titles.get(i, i)}”" for i in ids])
                said.append(f"the session {named} was {done}" if len(ids) == 1
                            else f"the sessions {named} were {done}")
        return tuple(said)

    def said(self, titles: Mapping[str, str]) -> str:
        """All of it in one clause: "the set changed, the session “B” was added and the
        session “A” was removed"; "" when nothing differs."""
        words = self.words(titles)
        clauses = ((f"{joined(words)} changed",) if words else ()) + self.moves(titles)
        return joined(clauses) if clauses else ""


def _sessions(ids: Sequence[str], titles: Mapping[str, str]) -> tuple[str, ...]:
    return tuple(f"the session “{titles.get(i, i)}”" for i in ids)


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
    """What differs between two ``part_digests``: the set, the scripts both have that
    differ, the scripts only ``new`` has (added) and those only ``old`` had (removed)."""
    before = old.get("scripts") or {}
    after = new.get("scripts") or {}
    return Changes(
        old.get("set") != new.get("set"),
        tuple(i for i, digest in after.items() if i in before and before[i] != digest),
        added=tuple(i for i in after if i not in before),
        removed=tuple(i for i in before if i not in after))


def _digest(value: Any) -> str:
    return sha256_hex(json.dumps(value, sort_keys=True, ensure_ascii=False).encode())


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
        if Path(path).is_dir():  # a pipe there is refused (OSError), not waited on
            data = read_whole(Path(path) / MANIFEST, MAX_FILE_BYTES, "a pack's manifest holds")
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
    from painease.packs.members import Changed
    from painease.packs.pack_zip import write_zip

    catalog = catalog if catalog is not None else load_catalog()
    files: dict[str, bytes] = {PUBLIC_KEY: identity.public_key.encode()}  # all but clips
    clips: dict[str, PackedClip] = {}  # by name in the pack, measured, read when zipped
    scripts: list[dict[str, Any]] = []
    problems = [said for said in (item_problem(item.position, item.script_id, item.minutes,
                                               catalog) for item in program.items) if said]
    if problems:  # every one, not the first only
        raise PackError("; ".join(problems))
    used = [catalog.get(script_id)
            for script_id in dict.fromkeys(item.script_id for item in program.items)]
    _refuse_unmatched_words(used)
    # Before reading a byte: a set far too large is said at once.
    _refuse_too_large_in_all(_sizes_on_disk(used))
    owners: dict[str, ScriptEntry] = {}  # each clip's name in the pack -> who placed it
    for entry in used:
        scripts.append(_pack_script(entry, files, clips, owners))
    manifest = {
        "format": FORMAT, "format_version": FORMAT_VERSION,
        "pack_id": program.id, "pack_version": program.version,
        "title": program.title, "therapist_name": program.therapist_name,
        # To the millisecond: of two packs of one version, the later one wins (install).
        "created_at": datetime.now(UTC).isoformat(timespec="milliseconds"),
        "signer_public_key": identity.public_key,
        "set": program.to_dict(), "scripts": scripts,
        "files": dict(sorted(_digests(files, clips).items())),
    }
    manifest_bytes = json.dumps(manifest, indent=2, ensure_ascii=False).encode()
    files[MANIFEST] = manifest_bytes
    files[SIGNATURE] = identity.sign(manifest_bytes).hex().encode()
    _refuse_too_large_in_all({name: len(data) for name, data in files.items()}
                             | {name: clip.member.size for name, clip in clips.items()})
    try:
        write_atomically(Path(out), lambda handle: write_zip(handle, files, clips))
    except OSError as exc:  # a full disk, a folder or a device there (never replaced)
        raise PackError(f"cannot write {out}: {exc.strerror or exc}") from None
    except Changed as exc:
        raise PackError(f"{exc}, so the pack was not written; build it again") from None
    return Path(out)


def _digests(files: Mapping[str, bytes], clips: Mapping[str, PackedClip]) -> dict[str, str]:
    """Every file's SHA-256 by its name in the pack (a clip's taken as it was measured)."""
    return ({name: sha256_hex(data) for name, data in files.items()}
            | {name: clip.member.sha256 for name, clip in clips.items()})


def _pack_script(entry: ScriptEntry, files: dict[str, bytes], placed: dict[str, PackedClip],
                 owners: dict[str, ScriptEntry]) -> dict[str, Any]:
    from painease.packs.clip_places import ClipClash, place_clips
    from painease.packs.pack_zip import measure_clip

    script = entry.script
    if entry.origin == "bundled":
        return {"id": script.id, "version": script.version, "source": "bundled"}
    name = f"scripts/{script.id}.toml"
    text = _part(entry.path, MAX_SCRIPT_BYTES, "a script holds")
    clips: dict[str, PackedClip] = {}
    for clip in _included_clips(entry):
        path = audio_dir_for(entry.path) / clip
        _refuse_too_big(path)
        try:  # read to its end for its hash, not kept: it is read again into the zip
            clips[clip] = measure_clip(path)
        except Unreadable as exc:
            raise PackError(f"cannot read {path}: {exc.reason}") from None
        # Decoded as the patient's import will (the library read only its header): a clip
        # cut short or too loud is said here, not after the pack was sent.
        _check_clip(entry, clip, path, clips[clip].member)
    try:  # another script's clip of the same path, not the same bytes: kept apart
        files[name], names = place_clips(
            entry, text, {clip: packed.member.sha256 for clip, packed in clips.items()},
            _digests(files, placed), owners)
    except ClipClash as exc:
        raise PackError(str(exc)) from None
    placed.update((names[clip], packed) for clip, packed in clips.items())
    return {"id": script.id, "version": script.version, "source": "included",
            "file": name, "clips": list(names.values())}


def _check_clip(entry: ScriptEntry, clip: str, path: Path, member: Member) -> None:
    """``decoded_seconds``, its refusal in words for the therapist building the pack: the
    session and step whose clip it is, and that the recording (not the pack: "export it
    again" read as either) is what to make again, before the pack is exported again."""
    from painease.audio.clips import ClipError, ClipTooLoud
    from painease.audio.clips import decoded_seconds as decode  # late: needs libsndfile
    from painease.packs.members import Changed

    try:
        member.read_through(lambda handle: decode(handle, f"audio/{clip}"))
    except Changed as exc:  # gone or changed since it was read a moment ago
        raise PackError(f"{exc}, so the pack was not written; build it again") from None
    except ClipError as exc:
        step = next(n for n, s in enumerate(entry.script.steps, start=1) if s.clip == clip)
        again = f"or record step {step} again in the Scripts tab; then export the pack again"
        if isinstance(exc, ClipTooLoud):
            fix = ("in your sound editor, lower the recording's level until it peaks below "
                   f"0 dBFS (normalise it to -1 dBFS) and export it again over {path}, {again}")
        else:
            fix = f"export the recording again from your sound editor over {path}, {again}"
        kind = "clip too loud" if isinstance(exc, ClipTooLoud) else "undecodable clip"
        raise PackError(f"{kind} in the session “{entry.script.title}” (step {step}): "
                        f"{exc.problem}; {fix}") from None


def _refuse_unmatched_words(entries: Sequence[ScriptEntry]) -> None:
    """``PackError`` naming every step of an included script whose clip was recorded or
    rendered for words since edited: the patient would hear one thing and read another."""
    from painease.audio.clip_words import unmatched_steps

    said = []
    for entry in entries:
        steps = [] if entry.origin == "bundled" else unmatched_steps(
            entry.script, audio_dir_for(entry.path))
        if steps:
            named = f"step{'s' if len(steps) > 1 else ''} {joined([str(n) for n in steps])}"
            its = "their" if len(steps) > 1 else "its"
            said.append(f"in the session “{entry.script.title}”, the recording of {named} "
                        f"was made for earlier words, so the voice no longer matches the "
                        f"captions; record {named} again in the Scripts tab, or change {its} "
                        "words back to those recorded, then export the pack again")
    if said:
        raise PackError("; ".join(said))


def _included_clips(entry: ScriptEntry) -> list[str]:
    return list(dict.fromkeys(s.clip for s in entry.script.steps if s.clip))


def _sizes_on_disk(entries: Sequence[ScriptEntry]) -> dict[str, int]:
    """The size of each file the included scripts bring, named as in the pack (a file that
    cannot be read is left out: reading it for the pack says why)."""
    sizes: dict[str, int] = {}
    read_from: dict[str, Path] = {}
    for entry in entries:
        if entry.origin == "bundled":
            continue
        named = {f"scripts/{entry.script.id}.toml": entry.path}
        for clip in _included_clips(entry):
            path, name = audio_dir_for(entry.path) / clip, f"audio/{clip}"
            if read_from.setdefault(name, path) != path:  # another folder's: counted too
                name = f"audio/{entry.script.id}/{clip}"
            named[name] = path
        for name, path in named.items():
            with contextlib.suppress(OSError):
                sizes[name] = path.stat().st_size
    return sizes


def _refuse_too_large_in_all(sizes: Mapping[str, int]) -> None:
    """``PackError`` when the pack's files add up to more than a patient's import takes
    (``safezip.MAX_TOTAL_BYTES``), naming the largest, with what to do."""
    from painease.packs import safezip

    total, limit = sum(sizes.values()), safezip.MAX_TOTAL_BYTES
    if total <= limit:
        return
    largest = sorted(sizes, key=lambda name: (-sizes[name], name))[:3]
    listed = ", ".join(f"{name} {sizes[name] / (1 << 20):.0f} MiB" for name in largest)
    raise PackError(f"the set's files add up to {-(-total // (1 << 20))} MiB, more than the "
                    f"{limit >> 20} MiB a pack may carry in all, so it could not be imported; "
                    "export its clips in a compressed format (Ogg Opus or Vorbis, or FLAC), "
                    f"or use fewer or shorter clips (the largest: {listed})")


def _refuse_too_big(path: Path) -> None:
    """``PackError`` for a clip larger than a pack may carry, said as ``painease check``
    warns of it, with what to do (``_part`` would say only that it is too large)."""
    from painease.audio.clips import pack_size_problem  # late: needs numpy and libsndfile

    try:
        size = path.stat().st_size
    except OSError:  # _part says why
        return
    problem = pack_size_problem(path, size)
    if problem is not None:
        raise PackError(problem)


def _part(path: Path, limit: int, holds: str) -> bytes:
    """A script's file or clip, read for the pack; ``PackError`` says why it cannot be."""
    try:
        return read_whole(path, limit, holds)
    except Unreadable as exc:
        raise PackError(f"cannot read {path}: {exc.reason}") from None


# What a patient can do about a clip that arrived unusable: they cannot export it again.
ASK_FOR_A_NEW_PACK = "ask your therapist to send you a new pack"


def decoded_seconds(name: str, member: Member) -> float:
    """Decode a received clip to its end, read from the pack; its length in seconds
    (``clips.decoded_seconds``), as checking a pack (``painease.packs.verify``) needs. A clip
    that cannot be used is a ``PackError`` with advice for the patient who was sent it
    (``ASK_FOR_A_NEW_PACK``); building a pack says it its own way (``_check_clip``)."""
    from painease.audio.clips import ClipError, ClipTooLoud
    from painease.audio.clips import decoded_seconds as decode  # late: needs libsndfile

    try:  # a read that failed is ``Changed`` (``Member.read_through``), not the clip's fault
        return member.read_through(lambda handle: decode(handle, name))
    except ClipError as exc:
        kind = "clip too loud" if isinstance(exc, ClipTooLoud) else "undecodable clip"
        raise PackError(f"{kind}: {exc.problem}; {ASK_FOR_A_NEW_PACK}") from None


def sha256_hex(data: bytes) -> str:
    """The hash a manifest lists for each file (and ``content_digest`` is made of)."""
    return hashlib.sha256(data).hexdigest()

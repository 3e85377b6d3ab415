"""Hostile or damaged packs: unsafe zip entries, broken signatures and hashes, size limits.

Every rejected pack must leave the patient's data dir byte for byte as it was.
"""

from __future__ import annotations

import stat
import zipfile

import pytest
from nacl.signing import SigningKey

from painease.packs import safezip
from painease.packs.identity import Identity
from painease.packs.install import import_pack
from painease.packs.pack import MANIFEST, PackError
from painease.storage.programs import ProgramStore
from tests.packs.conftest import make_program, rewrite, snapshot


def _raw_zip(path, entries, compression=zipfile.ZIP_DEFLATED):
    with zipfile.ZipFile(path, "w", compression) as archive:
        for info, data in entries:
            archive.writestr(info, data)
    return path


def _unix_entry(name, mode):
    """A zip entry made on Unix with file type and permissions ``mode`` (stat's S_IF…)."""
    info = zipfile.ZipInfo(name)
    info.create_system = 3
    info.external_attr = mode << 16
    return info


def _hostile(kind, tmp_path, pack, therapist):
    path = tmp_path / f"{kind}.painease"
    if kind == "absolute":
        return _raw_zip(path, [("/etc/evil", b"x")])
    if kind == "dotdot":
        return _raw_zip(path, [("scripts/../../evil", b"x")])
    if kind == "symlink":
        link = _unix_entry("scripts/link.toml", stat.S_IFLNK | 0o777)
        return _raw_zip(path, [(link, b"/etc/passwd")])
    if kind == "device":
        return _raw_zip(path, [(_unix_entry("audio/dev", stat.S_IFCHR | 0o600), b"")])
    if kind == "entries":
        return _raw_zip(path, [(f"f{i}", b"") for i in range(safezip.MAX_ENTRIES + 1)])
    if kind == "bomb":
        return _raw_zip(path, [("audio/bomb.wav", bytes(20 * 1024 * 1024))])
    if kind == "duplicate":
        return _raw_zip(path, [("a.txt", b"1"), ("A.TXT", b"2")])
    if kind == "not-a-zip":
        path.write_bytes(b"this is not a zip file at all")
        return path
    if kind == "hash":
        def swap_clip(files, manifest):
            files["audio/calm-corner/hello.wav"] = files["audio/calm-corner/hello.wav"][:-2]
        return rewrite(pack, path, swap_clip, signer=therapist, rehash=False)
    if kind == "signature":
        return rewrite(pack, path, lambda f, m: None, signer=None)  # manifest bytes changed
    if kind == "tampered":
        def retitle(files, manifest):
            manifest["title"] = "Something else"
        return rewrite(pack, path, retitle, signer=therapist)
    if kind == "foreign-signer":
        other = Identity(SigningKey.generate())
        return rewrite(pack, path, lambda f, m: None, signer=other)
    if kind == "script":
        def break_script(files, manifest):
            files["scripts/calm-corner.toml"] = files["scripts/calm-corner.toml"].replace(
                b'kind = "relaxation"', b'kind = "magic"')
        return rewrite(pack, path, break_script, signer=therapist)
    if kind == "clip":
        def garble_clip(files, manifest):
            files["audio/calm-corner/hello.wav"] = b"RIFF" + bytes(200)
        return rewrite(pack, path, garble_clip, signer=therapist)
    if kind in ("unlisted", "unused"):
        def add_file(files, manifest):
            files["scripts/extra.toml"] = b"x"
        return rewrite(pack, path, add_file, signer=therapist, rehash=kind == "unused")
    if kind == "nested":
        with zipfile.ZipFile(pack) as good:
            files = {n: good.read(n) for n in good.namelist()}
        files[MANIFEST] = b"[" * 100_000 + b"]" * 100_000
        files["manifest.sig"] = therapist.sign(files[MANIFEST]).hex().encode()
        return _raw_zip(path, list(files.items()), zipfile.ZIP_STORED)  # not a "bomb"
    if kind == "length":
        def bad_length(files, manifest):
            manifest["set"]["items"][0]["minutes"] = 7
        return rewrite(pack, path, bad_length, signer=therapist)
    raise AssertionError(kind)


HOSTILE = {
    "absolute": "unsafe pack: the entry '/etc/evil' has an absolute path",
    "dotdot": "unsafe pack: the entry 'scripts/../../evil' points outside the pack ('..')",
    "symlink": "unsafe pack: the entry 'scripts/link.toml' is a symbolic link",
    "device": "unsafe pack: the entry 'audio/dev' is a device or special file",
    "entries": f"unsafe pack: it holds {safezip.MAX_ENTRIES + 1:,} entries; the limit is",
    "bomb": "unsafe pack: the entry 'audio/bomb.wav' expands",
    "duplicate": "unsafe pack: the entry 'A.TXT' appears twice",
    # Not hostile, only no pack: said plainly (test_wrong_file.py), and refused all the same.
    "not-a-zip": "this pack cannot be read: it may be incomplete or damaged",
    "hash": "hash mismatch: audio/calm-corner/hello.wav is not the file that was signed",
    "signature": "bad signature: the manifest was not signed by the key in the pack",
    "tampered": "tampered manifest: title does not match the set",
    "foreign-signer": "bad signature: the manifest was not signed by the key in the pack",
    "script": "invalid script: scripts/calm-corner.toml:4: kind",
    "clip": "undecodable clip: the clip audio/calm-corner/hello.wav cannot be decoded",
    "unlisted": "the pack holds a file its manifest does not list: scripts/extra.toml",
    "unused": "the pack holds a file no script uses: scripts/extra.toml",
    "length": "item 1: calm-corner can be played at 1, 2 minutes, not 7",
    "nested": "tampered manifest: nested too deeply",
}


@pytest.mark.parametrize("kind", sorted(HOSTILE))
def test_hostile_packs_are_refused_with_a_reason_and_leave_no_trace(
        kind, make_pack, store, homes, therapist, tmp_path):
    good = make_pack(make_program())
    bad = _hostile(kind, tmp_path, good, therapist)
    before = snapshot(homes.patient)
    with pytest.raises(PackError) as info:
        import_pack(bad, store)
    assert str(info.value).startswith(HOSTILE[kind]), str(info.value)
    # With the patient's next step: once "bad signature: …", "hash mismatch: …" and
    # "unsafe pack: …" gave none (only a damaged zip asked for the pack again).
    assert str(info.value).endswith(("; ask your therapist to send it again",
                                     "; ask your therapist to send you a new pack")), \
        str(info.value)
    assert "\n" not in str(info.value)
    assert snapshot(homes.patient) == before
    assert ProgramStore(store).current() is None


def test_a_directory_that_lies_about_sizes_is_refused(tmp_path):
    """Headers claiming 1,000 bytes for a 2 MiB file cannot smuggle it past the limits."""
    path = tmp_path / "lying.painease"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("big.bin", bytes(2 * 1024 * 1024))
    data = bytearray(path.read_bytes())
    local, central = data.find(b"PK\x03\x04"), data.find(b"PK\x01\x02")
    data[local + 22:local + 26] = (1000).to_bytes(4, "little")  # uncompressed size
    data[central + 24:central + 28] = (1000).to_bytes(4, "little")
    path.write_bytes(bytes(data))
    with pytest.raises(safezip.UnsafeZipError,
                       match=r"not a readable zip file \(Bad CRC-32 for file 'big.bin'\)"):
        safezip.read_zip(path)


def test_a_broken_deflate_stream_is_refused_as_damaged(tmp_path):
    """A flipped byte inside compressed data can fail in zlib itself rather than in the
    CRC check (it happened to a one-byte-damaged pack in the app): still one plain line."""
    path = tmp_path / "broken.painease"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("a.txt", "calm words " * 200)
    data = bytearray(path.read_bytes())
    local = data.find(b"PK\x03\x04")
    name_length = int.from_bytes(data[local + 26:local + 28], "little")
    extra_length = int.from_bytes(data[local + 28:local + 30], "little")
    data[local + 30 + name_length + extra_length] = 0xFF  # block type 3: reserved, invalid
    path.write_bytes(bytes(data))
    with pytest.raises(safezip.UnsafeZipError,
                       match=r"^the zip file is damaged \(Error -3 while decompressing"):
        safezip.read_zip(path)


@pytest.mark.parametrize(("limit", "value", "message"), [
    ("MAX_FILE_BYTES", 1024 * 1024, "'a.bin' is 2,097,152 bytes; the limit is 1,048,576"),
    ("MAX_TOTAL_BYTES", 3 * 1024 * 1024, "its files add up to more than 3,145,728 bytes"),
])
def test_size_limits(tmp_path, monkeypatch, limit, value, message):
    # Limits lowered for the test so the files stay small; the checks are the real ones.
    path = _raw_zip(tmp_path / "big.painease", [("a.bin", bytes(2 * 1024 * 1024)),
                                                ("b.bin", bytes(2 * 1024 * 1024))])
    monkeypatch.setattr(safezip, "MAX_RATIO", 10**6)
    monkeypatch.setattr(safezip, limit, value)
    with pytest.raises(safezip.UnsafeZipError, match=message):
        safezip.read_zip(path)

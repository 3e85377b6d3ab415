"""A therapist's and a patient's data dir, real keys, a real custom script with a clip;
and for results files, a patient with sessions done and helpers to export and import them."""

from __future__ import annotations

import json
import sqlite3
import zipfile
import zlib
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from nacl.public import SealedBox

from painease.domain.programs import Program, Schedule
from painease.packs.identity import Identity, box_public_key, load_or_create_identity
from painease.packs.install import import_pack
from painease.packs.pack import MANIFEST, SIGNATURE, build_pack, sha256_hex
from painease.packs.results_export import export_results
from painease.storage import SessionStore
from tests.packs import homes as shared
from tests.packs.homes import CUSTOM, Homes, write_custom_script  # noqa: F401 - others import them here
from tests.pinned import therapists

# The two homes and the therapist, fixtures shared with GUI tests (tests/packs/homes.py).
homes = shared.homes
therapist = shared.therapist


def make_program(version: int = 1, program_id: str | None = None,
                 therapist: str = "Dr. Ana Moreno") -> Program:
    program = Program.create("Two weeks", therapist, [
        ("calm-corner", 2, Schedule(times_per_week=2, weeks=2), "Settle in first."),
        ("paced-breathing", 5, Schedule(dates=(date(2026, 11, 4),)), None),
    ])
    if program_id is None:
        return Program(program.id, version, program.title, therapist, program.items)
    return Program(program_id, version, program.title, therapist, program.items)


@pytest.fixture
def store(homes):
    """The patient's store, with the patient's home in use."""
    homes.use(homes.patient)
    with SessionStore(homes.patient / "painease.sqlite3") as s:
        yield s


@pytest.fixture
def make_pack(homes, therapist, tmp_path) -> Callable[..., Path]:
    def make(program: Program, name: str = "set.painease",
             identity: Identity | None = None) -> Path:
        homes.use(homes.therapist)
        out = build_pack(program, identity or therapist, tmp_path / "out" / name)
        homes.use(homes.patient)
        return out

    return make


def rewrite(pack: Path, out: Path, change: Callable[[dict, dict], None],
            signer: Identity | None = None, rehash: bool = True) -> Path:
    """Copy a pack with ``change(files, manifest)`` applied, re-hashed and re-signed."""
    with zipfile.ZipFile(pack) as archive:
        files = {name: archive.read(name) for name in archive.namelist()}
    manifest = json.loads(files[MANIFEST])
    change(files, manifest)
    if rehash:
        manifest["files"] = {n: sha256_hex(d) for n, d in files.items()
                             if n not in (MANIFEST, SIGNATURE)}
    files[MANIFEST] = json.dumps(manifest).encode()
    if signer is not None:
        files[SIGNATURE] = signer.sign(files[MANIFEST]).hex().encode()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return out


def snapshot(home: Path) -> dict[str, bytes]:
    """Every file under ``home`` (names and bytes), to prove nothing was written."""
    if not home.exists():
        return {}
    return {str(p.relative_to(home)): (p.read_bytes() if p.is_file() else b"<dir>")
            for p in sorted(home.rglob("*"))
            if not p.name.endswith("-shm")}  # SQLite's shared-memory index changes on reads


# ---- results files: the patient sends, the therapist imports (test_results*.py) ----------


def _at(day: int, hour: int = 12) -> datetime:
    return datetime(2026, 11, day, hour, tzinfo=UTC)


@pytest.fixture
def patient(homes, make_pack):
    """The patient's store with the therapist's pack imported and four sessions done."""
    program = make_program()
    pack = make_pack(program)
    homes.use(homes.patient)
    store = SessionStore(homes.patient / "painease.sqlite3")
    import_pack(pack, store, today=date(2026, 11, 2))
    for day, item in ((2, 1), (5, 1), (9, None), (12, 2)):
        link = (program.id, item) if item else None
        sid = store.start_session("calm-corner", 1, 2, started_at=_at(day),
                                  program_item=link)
        store.save_rating(sid, "pre", 6, 7, note="tight back", rated_at=_at(day))
        store.add_live_samples(sid, [(0, 6.0), (30_000, 5.0), (60_000, 4.5)])
        store.end_session(sid, "completed", 120_000, ended_at=_at(day, 13))
        store.save_rating(sid, "post", 4, 3, rated_at=_at(day, 13))
    store.add_journal_entry("Felt safer today.", session_id=1, written_at=_at(2, 14))
    yield store
    store.close()


@pytest.fixture
def identity(homes):
    homes.use(homes.patient)
    return load_or_create_identity(name="Sam")


def _export(store, identity, tmp_path, since, until, name="r.painease-results", **kw):
    [(therapist_name, key)] = therapists(store)
    assert therapist_name == "Dr. Ana Moreno"
    return export_results(store, key, identity, tmp_path / name, since, until, **kw)


def _as_therapist(homes):
    homes.use(homes.therapist)
    return load_or_create_identity(), SessionStore(homes.therapist / "painease.sqlite3")


def _rows(path, sql):
    conn = sqlite3.connect(path)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def seal_results(payload: dict, patient: Identity, therapist: Identity, out: Path) -> Path:
    """``payload`` written to ``out`` as a results file is: compressed, signed by
    ``patient`` and sealed to ``therapist`` (for files a painease of another time wrote)."""
    compressed = zlib.compress(json.dumps(payload).encode())
    inner = bytes.fromhex(patient.public_key) + patient.signing_key.sign(compressed)
    header = {"format": "painease-results", "version": 1,
              "recipient_key_id": therapist.key_id}
    out.write_bytes(json.dumps(header).encode() + b"\n"
                    + bytes(SealedBox(box_public_key(therapist.public_key)).encrypt(inner)))
    return out

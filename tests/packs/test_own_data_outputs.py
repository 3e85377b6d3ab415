"""Every command that writes a file the user named refuses one that is, or leads to (by a
link, a linked folder or ``..``), painease's own data: the probe once turned a patient's
database into a results file, and a therapist's into a pack, with exit code 0.

Real commands (``painease.cli.main``, as the ``painease`` command runs them), real
databases and keys: each refusal is one line, exit code 1, and leaves the database and the
key byte for byte as they were; the same command with an ordinary name still writes.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from painease.cli import main
from painease.packs.identity import load_or_create_identity
from painease.storage import SessionStore
from tests.packs.conftest import snapshot
from tests.packs.test_cli_packs import SET_FILE


def run(capsys, home: Path, *args: str) -> tuple[int, str]:
    """``painease --data-dir home ARGS`` in this process: (exit code, stderr)."""
    code = main(["--data-dir", str(home), *args])
    return code, capsys.readouterr().err


def link(at: Path, to: Path) -> Path:
    at.parent.mkdir(parents=True, exist_ok=True)
    at.symlink_to(to)
    return at


@pytest.fixture
def patient_home(patient, identity, homes):
    """The patient's data dir, with a pack imported, four sessions and a key; the store
    is closed so only the command touches the files."""
    patient.close()
    return homes.patient


def test_results_export_never_writes_over_the_database_or_the_key(patient_home, capsys,
                                                                  tmp_path):
    home = patient_home
    before = snapshot(home)
    targets = {
        home / "painease.sqlite3": "that is painease's own database",
        home / "keys" / "identity.json": "that is in painease's own keys folder",
        home / "painease.sqlite3-wal": "that belongs to painease's own database",
        home / "keys" / ".." / "settings.json": "that is painease's own settings",
        link(tmp_path / "mine.painease-results", home / "painease.sqlite3"):
            f"that leads to {home / 'painease.sqlite3'}, which is painease's own database",
        link(tmp_path / "door", home) / "painease.sqlite3":
            f"that leads to {home / 'painease.sqlite3'}, which is painease's own database",
    }
    for out, reason in targets.items():
        code, err = run(capsys, home, "results", "export", "--from", "2026-11-01",
                        "--to", "2026-11-30", "-o", str(out))
        assert code == 1, (out, err)
        assert err.startswith(f"painease: cannot write {out}: {reason}"), err
        assert err.count("\n") == 1
        assert snapshot(home) == before  # the database and the key, byte for byte
    assert load_or_create_identity().name == "Sam"  # the key still reads
    with SessionStore(home / "painease.sqlite3") as store:
        assert len(store.sessions()) == 4

    out = tmp_path / "sent" / "r.painease-results"
    code, err = run(capsys, home, "results", "export", "--from", "2026-11-01", "--to",
                    "2026-11-30", "-o", str(out))
    assert code == 0, err
    assert out.read_bytes().startswith(b'{"format"')


def test_pack_build_never_writes_over_the_therapists_database(homes, therapist, capsys,
                                                              tmp_path):
    home = homes.use(homes.therapist)
    SessionStore(home / "painease.sqlite3").close()
    set_file = tmp_path / "set.toml"
    set_file.write_text(SET_FILE.format(version=1), encoding="utf-8")
    before = snapshot(home)
    for out in (home / "painease.sqlite3", home / "packs" / "x.painease",
                link(tmp_path / "two-weeks.painease", home / "painease.sqlite3")):
        code, err = run(capsys, home, "pack", "build", "-o", str(out), str(set_file))
        assert code == 1, (out, err)
        assert err.startswith(f"painease: cannot write {out}: that "), err
        assert "painease's own" in err and err.count("\n") == 1
        assert snapshot(home) == before
    out = tmp_path / "given" / "two-weeks.painease"
    code, err = run(capsys, home, "pack", "build", "-o", str(out), str(set_file))
    assert code == 0, err
    assert out.is_file()


def test_a_report_named_pdf_that_links_to_the_database_is_refused(patient_home, capsys,
                                                                 tmp_path):
    home = patient_home
    before = snapshot(home)
    for out in (link(tmp_path / "sam.pdf", home / "painease.sqlite3"),
                home / "keys" / "sam.pdf"):
        code, err = run(capsys, home, "report", "--pdf", str(out))
        assert code == 1, (out, err)
        assert err.startswith(f"painease: report failed: could not write {out}: that "), err
        assert "painease's own" in err and err.count("\n") == 1
        assert snapshot(home) == before
    out = tmp_path / "report.pdf"
    code, err = run(capsys, home, "report", "--pdf", str(out))
    assert code == 0, err
    assert out.read_bytes().startswith(b"%PDF")


def test_render_never_writes_into_the_data_folder(patient_home, capsys, tmp_path):
    home = patient_home
    before = snapshot(home)
    for out in (link(tmp_path / "calm.wav", home / "painease.sqlite3"),
                home / "audio" / "calm-corner" / "hello.wav"):
        code, err = run(capsys, home, "render", "calm-corner", "--minutes", "1",
                        "-o", str(out))
        assert code == 1, (out, err)
        assert err.startswith(f"painease: could not write {out}: that "), err
        assert "painease's own" in err and err.count("\n") == 1
        assert snapshot(home) == before
        assert not list(out.parent.glob(".*.partial"))


def test_csv_export_never_writes_into_the_data_folder(patient_home, capsys, tmp_path):
    home = patient_home
    before = snapshot(home)
    for folder in (home, home / "keys", home / "packs" / "csv",
                   link(tmp_path / "to-data", home), tmp_path / "to-data" / "audio"):
        code, err = run(capsys, home, "export", "--csv", str(folder))
        assert code == 1, (folder, err)
        assert err.startswith(f"painease: export failed: cannot write the export to "
                              f"{folder}: that "), err
        assert "painease's own" in err and err.count("\n") == 1
        assert snapshot(home) == before
    out = tmp_path / "csv"
    code, err = run(capsys, home, "export", "--csv", str(out))
    assert code == 0, err
    assert (out / "sessions.csv").read_text(encoding="utf-8-sig").count("\n") == 5


def test_a_link_left_where_an_export_writes_its_partial_file_is_not_written_through(
        patient_home, capsys, tmp_path):
    """Render writes a fixed-name temp file beside the target: a link standing there is
    replaced, never written through (it once truncated its target). The CSV export's
    temps are named as painease's own now (``files.temp_beside``): a link under the name
    it once used is not its file, and is left as it is, not written through either."""
    home = patient_home
    before = snapshot(home)
    out = tmp_path / "csv"
    link(out / ".sessions.csv.partial", home / "painease.sqlite3")
    code, err = run(capsys, home, "export", "--csv", str(out))
    assert code == 0, err
    assert snapshot(home) == before
    assert os.readlink(out / ".sessions.csv.partial") == str(home / "painease.sqlite3")
    wav = tmp_path / "calm.wav"
    link(tmp_path / ".calm.wav.partial", home / "painease.sqlite3")
    code, err = run(capsys, home, "render", "calm-corner", "--minutes", "1",
                    "--samplerate", "8000", "-o", str(wav))
    assert code == 0, err
    assert snapshot(home) == before
    assert wav.read_bytes().startswith(b"RIFF")

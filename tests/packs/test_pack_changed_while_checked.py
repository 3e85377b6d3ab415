"""A pack's clips are decoded from the pack file, read again, while it is checked; the file
(or an installed folder's clip) can change under that read. A decoder that meets the read
error swallows it (libsndfile's reads come back through Python, which cannot raise through
C) and takes the clip for damaged; a read error outside it escaped as a traceback. Either
way the import is not the pack's fault nor the clip's: it is said as a pack changed while
it was being checked (import it again), never as an undecodable clip (ask for a new pack).

Real packs, truncated in place (the same file the check has open) just before the first
clip is decoded; real installed folders whose clip goes or is cut short meanwhile."""

from __future__ import annotations

import zipfile

import numpy as np
import pytest
import soundfile

from painease.cli import main
from painease.packs import verify as verify_module
from painease.packs.adopt import adopt_orphans
from painease.packs.install import import_pack
from painease.packs.members import positioned
from painease.packs.pack import PackError, build_pack
from painease.storage import SessionStore
from tests.packs.conftest import make_program
from tests.packs.test_adopt import DAY, FIRST, move_database_away

CLIP = "audio/calm-corner/hello.wav"


def damage_before_first_decode(monkeypatch, damage) -> None:
    """``damage()`` runs once, just before the first clip is decoded."""
    decode, done = verify_module.decoded_seconds, []

    def damage_then_decode(name, member):
        if not done:
            done.append(name)
            damage()
        return decode(name, member)

    monkeypatch.setattr(verify_module, "decoded_seconds", damage_then_decode)


def truncate(path, size):
    def damage():
        with open(path, "r+b") as file:  # in place: the check reads this very file
            file.truncate(size)
    return damage


# 10 bytes: the clip's entry header is gone (zipfile raised BadZipFile, uncaught); 100
# bytes: its header is there, its data is not (EOFError, swallowed by the decoder: the
# patient was told the clip was undecodable and to ask for a new pack).
CUT = {"header": (10, r" \(Truncated file header\)"), "data": (100, "")}


@pytest.mark.parametrize("where", sorted(CUT))
def test_a_pack_cut_short_while_its_clips_are_decoded_is_said_as_changed(
        homes, store, make_pack, monkeypatch, where):
    path = make_pack(make_program())
    size, detail = CUT[where]
    damage_before_first_decode(monkeypatch, truncate(path, size))
    with pytest.raises(PackError, match=(
            rf"^the pack file changed while it was being checked \({CLIP} could not be read "
            rf"again{detail}\); import it again$")):
        import_pack(path, store)
    assert not (homes.patient / "packs").exists()
    assert list(store.database.conn.execute("SELECT id FROM programs")) == []


def test_the_cli_says_it_in_one_line_not_a_traceback(homes, make_pack, monkeypatch, capsys):
    path = make_pack(make_program())
    damage_before_first_decode(monkeypatch, truncate(path, 10))
    assert main(["pack", "import", str(path)]) == 1
    said = capsys.readouterr()
    assert said.err == (f"painease: {path}: the pack file changed while it was being "
                        f"checked ({CLIP} could not be read again (Truncated file header)); "
                        "import it again\n")
    assert said.out == ""


@pytest.mark.parametrize("how", ["removed", "cut-short"])
def test_a_folders_clip_changed_while_it_is_adopted_is_set_aside_as_changed(
        homes, make_pack, monkeypatch, how):
    db = homes.patient / "painease.sqlite3"
    with SessionStore(db) as store:
        assert import_pack(make_pack(make_program(program_id=FIRST)), store).status == "new"
    move_database_away(homes.patient)
    clip = homes.patient / "packs" / FIRST / CLIP
    damage_before_first_decode(monkeypatch, clip.unlink if how == "removed"
                               else truncate(clip, 100))
    with SessionStore(db) as store:
        # Before: removed, the OSError escaped (a traceback at start); cut short, the folder
        # was set aside as holding an undecodable clip.
        adopted = adopt_orphans(store, today=DAY)
    assert adopted.sets == []
    [(set_id, kept, why)] = adopted.set_aside
    assert set_id == FIRST and kept.name == f".not-adopted-{FIRST}"
    assert why == f"{clip} " + {"removed": "could not be read again (there is no such file)",
                                "cut-short": "changed while it was being read"}[how]


@pytest.mark.parametrize("how", ["removed", "cut-short"])
def test_a_clip_changed_while_the_pack_build_decodes_it_stops_the_build(
        homes, therapist, tmp_path, monkeypatch, how):
    from painease.audio import clips
    from painease.packs import pack_zip

    homes.use(homes.therapist)
    clip = homes.therapist / "audio" / "calm-corner" / "hello.wav"
    measure, decode = pack_zip.measure_clip, clips.decoded_seconds

    def measure_then_remove(path):  # gone before it is opened again to be decoded
        measured = measure(path)
        clip.unlink()
        return measured

    def cut_then_decode(source, name):  # cut short while it is decoded
        truncate(clip, 100)()
        return decode(source, name)

    if how == "removed":
        monkeypatch.setattr(pack_zip, "measure_clip", measure_then_remove)
    else:
        monkeypatch.setattr(clips, "decoded_seconds", cut_then_decode)
    out = tmp_path / "out" / "set.painease"
    with pytest.raises(PackError) as stopped:
        build_pack(make_program(), therapist, out)
    # Cut short, once "undecodable clip in the session “Calm corner” (step 1): … export the
    # recording again": the recording was fine, only changed while it was read. Removed,
    # "cannot read <path>: there is no such file", said now as any clip changed meanwhile.
    what = {"removed": "could not be read again (there is no such file)",
            "cut-short": "changed while it was being read"}[how]
    assert str(stopped.value) == (f"{clip.resolve()} {what}, so the pack was not written; "
                                  "build it again")
    assert not out.exists()


STORED_FRAMES = 32 * 2048 + 100


def pack_with_a_stored_clip(homes, make_pack):
    """A pack whose clip is stored as it is (a tone repeating every 100 frames) and whose
    audio ends in a short read (libsndfile reads 8 KiB at a time: 400 bytes last), and
    where to cut the pack file to cut that last read short."""
    tone = np.tile(0.1 * np.sin(np.arange(100) * 2 * np.pi / 100), STORED_FRAMES // 100 + 1)
    soundfile.write(homes.therapist / "audio" / "calm-corner" / "hello.wav",
                    tone[:STORED_FRAMES].astype("float32"), 22050)
    path = make_pack(make_program())
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo(CLIP)
    assert info.compress_type == zipfile.ZIP_STORED
    data_at = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    return path, data_at + info.compress_size - 200


def test_a_clip_cut_in_its_last_moments_still_decodes(homes, therapist, make_pack):
    """The next test's case: cut within the last read of its audio, the clip still
    decodes (the decoder takes the end for the clip's, some 5 ms short of its header,
    within what it lets pass); only the read that came back short says it changed."""
    from painease.audio.clips import decoded_seconds  # needs libsndfile

    path, cut = pack_with_a_stored_clip(homes, make_pack)
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo(CLIP)
        truncate(path, cut)()
        with positioned(archive.open(info), info.file_size, CLIP) as clip:
            assert decoded_seconds(clip, CLIP) < STORED_FRAMES / 22050
            assert clip.failed is not None


@pytest.mark.parametrize("how", ["verify", "import"])
def test_a_clip_cut_in_its_last_moments_while_decoded_is_said_as_changed(
        homes, therapist, store, make_pack, monkeypatch, capsys, how):
    """``pack verify`` does not pass it, and an import refuses it as changed while checked
    (not only later, once its bytes are read again to be installed)."""
    path, cut = pack_with_a_stored_clip(homes, make_pack)
    damage_before_first_decode(monkeypatch, truncate(path, cut))
    changed = (f"the pack file changed while it was being checked ({CLIP} could not be "
               "read again); import it again")
    if how == "verify":
        assert main(["pack", "verify", str(path)]) == 1
        assert capsys.readouterr().err == f"painease: {path}: {changed}\n"
    else:
        with pytest.raises(PackError) as refused:
            import_pack(path, store)
        assert str(refused.value) == changed
        assert not (homes.patient / "packs").exists()

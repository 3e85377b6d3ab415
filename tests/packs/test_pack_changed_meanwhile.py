"""Packs are read a piece at a time (``painease.packs.members``), so a file is read again
after it was checked: building reads each clip again into the zip, importing reads each
entry of the pack again into the folder it installs. A file changed in between is not
taken as the one checked: its hash is checked again as it is read, and nothing is written.

A real therapist's clip rewritten by libsndfile while the pack is built; a real pack file
damaged in place after it was verified, before it is installed."""

from __future__ import annotations

import zipfile

import numpy as np
import pytest
import soundfile

from painease.packs import pack as pack_module
from painease.packs.install import install_pack
from painease.packs.pack import PackError, build_pack
from painease.packs.verify import read_and_verify
from tests.packs.conftest import make_program


def test_a_clip_changed_while_the_pack_is_built_stops_the_build(homes, therapist, tmp_path,
                                                               monkeypatch):
    homes.use(homes.therapist)
    clip = homes.therapist / "audio" / "calm-corner" / "hello.wav"
    checked = pack_module._check_clip

    def check_then_change(entry, name, path, member):
        checked(entry, name, path, member)  # hashed and decoded: now re-recorded
        rate = 22050
        tone = 0.2 * np.sin(np.arange(2 * rate) * 2 * np.pi * 330 / rate)
        soundfile.write(clip, tone.astype("float32"), rate)

    monkeypatch.setattr(pack_module, "_check_clip", check_then_change)
    out = tmp_path / "out" / "set.painease"
    with pytest.raises(PackError) as stopped:
        build_pack(make_program(), therapist, out)
    assert str(stopped.value) == (f"{clip} changed while it was being read, so the pack was "
                                  "not written; build it again")
    assert not out.exists() and list(out.parent.iterdir()) == []


def test_a_pack_damaged_after_it_was_verified_is_not_installed(homes, store, make_pack):
    path = make_pack(make_program())
    verified = read_and_verify(path)
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo("audio/calm-corner/hello.wav")
        data_at = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    with open(path, "r+b") as file:  # in place: the file verified is the one open
        file.seek(data_at + info.compress_size // 2)
        byte = file.read(1)
        file.seek(-1, 1)
        file.write(bytes([byte[0] ^ 0xFF]))
    with pytest.raises(PackError, match=r"^the pack file changed while it was being imported "
                                        r"\(audio/calm-corner/hello\.wav .+\); nothing was "
                                        r"imported; import it again$"):
        install_pack(verified, store)
    packs = homes.patient / "packs"
    assert not packs.exists() or [p.name for p in packs.iterdir()
                                  if not p.name.startswith(".")] == []
    assert list(store.database.conn.execute("SELECT id FROM programs")) == []

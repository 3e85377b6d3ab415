"""A set's version is used up only when a pack of it is written (probe: an export refused
for a clip too loud had saved the set as version 1; the therapist took that session out,
exported again, and the first pack ever sent said "version 2"). Real widgets offscreen, a
real key, database, clip and pack files."""

from __future__ import annotations

import numpy as np
import soundfile

from painease.catalog import load_catalog
from painease.packs.identity import load_or_create_identity
from painease.packs.verify import read_and_verify
from painease.storage import SessionStore
from painease.storage.programs import ProgramStore
from painease.ui.therapist.set_builder import SetBuilder
from tests.packs.homes import write_custom_script
from tests.ui.test_set_builder import choose, click, fill_set


def with_calm_corner(qtbot, store: SessionStore, short_script: str) -> SetBuilder:
    """A set builder holding a set of ``short_script`` and the custom "Calm corner"."""
    builder = SetBuilder(load_catalog(), store)
    qtbot.addWidget(builder)
    fill_set(qtbot, builder, short_script)
    click(qtbot, builder.add_item)
    choose(builder.script, "calm-corner")
    return builder


def test_a_failed_first_export_does_not_use_up_version_1(qtbot, painease_home, short_script,
                                                         tmp_path):
    write_custom_script(painease_home)  # "Calm corner", with one clip
    rate = 22_050
    loud = 1.5 * np.sin(np.arange(2 * rate) * 2 * np.pi * 220 / rate)  # past full scale
    soundfile.write(painease_home / "audio" / "calm-corner" / "hello.wav",
                    loud.astype("float32"), rate, subtype="FLOAT")
    load_or_create_identity(name="Dr. Ana Moreno")
    with SessionStore.open_default() as store:
        builder = with_calm_corner(qtbot, store, short_script)
        out = tmp_path / "first.painease"
        assert builder.export_pack(out) is None
        assert "clip too loud" in builder.result.text()
        assert not out.exists()

        builder.item_list.setCurrentRow(2)  # the loud session is taken out
        click(qtbot, builder.remove_item)
        assert builder.export_pack(out) == out
        assert read_and_verify(out).program.version == 1
        assert "(version 1)" in builder.result.text()
        programs = ProgramStore(store)
        assert programs.program(builder.program_id).program.version == 1

        # Once a pack of version 1 is written, a change is the next version.
        builder.title.setText("First three weeks")
        assert builder.save().version == 2
        assert programs.program(builder.program_id).program.version == 2


def test_a_version_written_as_a_set_file_is_used_up(qtbot, painease_home, short_script,
                                                    tmp_path):
    # ``pack build`` may make a pack of the file anywhere: a change is the next version.
    with SessionStore.open_default() as store:
        builder = SetBuilder(load_catalog(), store)
        qtbot.addWidget(builder)
        fill_set(qtbot, builder, short_script)
        assert builder.save().version == 1
        builder.title.setText("First three weeks")
        assert builder.save().version == 1  # saved, never sent: still version 1
        assert builder.save_set_file(tmp_path / "set.toml") is not None
        builder.title.setText("First four weeks")
        assert builder.save().version == 2

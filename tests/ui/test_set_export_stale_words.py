"""Export pack in the set builder refuses a session whose clip was recorded for words since
edited (probe: the pack was written and the patient heard the old recording under the new
caption), saying which session and step and what to do. Real widgets offscreen, a real
key, database, clip and pack files."""

from __future__ import annotations

from painease.narration.clip_words import remember_words
from painease.packs.identity import load_or_create_identity
from painease.storage import SessionStore
from tests.packs.homes import write_custom_script
from tests.ui.test_set_version_unsent import with_calm_corner


def test_export_pack_refuses_a_clip_whose_words_were_changed(qtbot, painease_home,
                                                             short_script, tmp_path):
    write_custom_script(painease_home)  # "Calm corner": "Hello, and welcome." and a clip
    script = painease_home / "scripts" / "calm-corner.toml"
    remember_words(painease_home / "audio" / "calm-corner" / "hello.wav",
                   "Hello, and welcome.")
    script.write_text(script.read_text(encoding="utf-8").replace(
        "Hello, and welcome.", "Hello, and welcome back."), encoding="utf-8")
    load_or_create_identity(name="Dr. Ana Moreno")
    with SessionStore.open_default() as store:
        builder = with_calm_corner(qtbot, store, short_script)
        out = tmp_path / "set.painease"
        assert builder.export_pack(out) is None
        said = builder.result.text()
        assert said.startswith("The pack was not written: in the session “Calm corner”")
        assert "step 1" in said and "no longer matches the captions" in said
        assert not out.exists()

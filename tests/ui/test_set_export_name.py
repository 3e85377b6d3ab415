"""The Set builder's Export pack… and the name recorded with this install's key: a set
naming another therapist is refused, as ``painease pack build`` refuses it, and the key
keeps its name. Real widgets offscreen, a real key and database, real pack files."""

from __future__ import annotations

import pytest

from painease.catalog import load_catalog
from painease.packs.identity import load_or_create_identity
from painease.packs.verify import read_and_verify
from painease.storage import SessionStore
from painease.ui.therapist.set_builder import SetBuilder
from tests.ui.test_set_builder import fill_set


@pytest.fixture
def builder(qtbot, painease_home, short_script):
    load_or_create_identity(name="Dr. Ana Moreno")  # therapist init --name
    with SessionStore.open_default() as store:
        widget = SetBuilder(load_catalog(), store)
        qtbot.addWidget(widget)
        widget.show()
        qtbot.waitExposed(widget)
        yield widget


def test_a_set_naming_another_therapist_is_not_exported_and_the_key_keeps_its_name(
        qtbot, builder, short_script, tmp_path):
    """Once the export renamed the key to the set's therapist: a patient who had Ana's
    packs then saw her key under a second name, which ``pack build`` refuses."""
    fill_set(qtbot, builder, short_script)
    builder.therapist.setText("Dr. Someone Else")
    out = tmp_path / "other.painease"
    assert builder.export_pack(out) is None
    assert not out.exists()
    assert load_or_create_identity().name == "Dr. Ana Moreno"
    said = builder.result.text()
    assert said.startswith("The pack was not written: the set names the therapist "
                           "“Dr. Someone Else”, but your key is recorded for “Dr. Ana "
                           "Moreno”; patients would see this key under two names.")
    assert "write “Dr. Ana Moreno” in Your name" in said
    assert 'painease identity --name "…"' in said

    # The same name as a patient's app compares it (case, spacing) is the same name.
    builder.therapist.setText("dr.  ana moreno")
    assert builder.export_pack(out) == out
    assert read_and_verify(out).program.therapist_name == "dr.  ana moreno"
    assert load_or_create_identity().name == "Dr. Ana Moreno"


def test_a_key_without_a_name_takes_the_sets(qtbot, painease_home, short_script,
                                            tmp_path):
    with SessionStore.open_default() as store:
        builder = SetBuilder(load_catalog(), store)
        qtbot.addWidget(builder)
        fill_set(qtbot, builder, short_script)
        assert builder.export_pack(tmp_path / "first.painease") is not None
    assert load_or_create_identity().name == "Dr. Ana Moreno"

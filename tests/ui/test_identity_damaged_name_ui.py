"""The therapist's Set builder with a key file whose name is damaged (a lone surrogate:
``tests/packs/test_identity_damaged_name.py``). Real widgets, offscreen."""

from __future__ import annotations

from tests.packs.test_identity_damaged_name import REFUSED, damaged


def test_the_set_builder_says_the_key_cannot_be_used_and_why(qtbot, painease_home,
                                                             short_script):
    """The therapist's Set builder shows the key's name and fingerprint: with the name
    damaged it says why the key cannot be used, and shows no name."""
    from painease.catalog import load_catalog
    from painease.storage import SessionStore
    from painease.ui.therapist.set_builder import SetBuilder

    _, path = damaged(painease_home)
    with SessionStore.open_default() as store:
        builder = SetBuilder(load_catalog(), store)
        qtbot.addWidget(builder)
        assert builder.therapist.text() == ""
        assert builder.fingerprint.text() == (
            f"Your signing key cannot be used: {REFUSED.format(path=path)}.")

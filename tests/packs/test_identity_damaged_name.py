"""A key file whose name holds a lone surrogate ("\\ud800": JSON can say it, no painease
writes it): ``painease identity`` once died printing it (UnicodeEncodeError), and a pack
signed with it would carry it to patients. Now a clear refusal that says how to mend it
(the key is left as it is), and a new name mends it."""

from __future__ import annotations

import json

import pytest

from painease.packs.identity import IdentityError, load_or_create_identity
from tests.packs.test_identity import _cli


def damaged(home):
    made = load_or_create_identity(home / "keys", name="Dr. Ana Moreno")
    path = home / "keys" / "identity.json"
    record = json.loads(path.read_text())
    record["name"] = "\ud800"
    path.write_text(json.dumps(record))  # ensure_ascii: written as the escape "\ud800"
    return made, path


REFUSED = ("{path} cannot be used (the name in it is damaged: it is not valid text); it was "
           "left as it is. Give the name again: painease identity --name \"Your name\"")


def test_the_identity_command_says_the_name_is_damaged_and_a_new_name_mends_it(tmp_path):
    home = tmp_path / "home"
    made, path = damaged(home)
    before = path.read_bytes()
    done = _cli(home, "identity")
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert done.stderr == f"painease: {REFUSED.format(path=path)}\n"
    assert path.read_bytes() == before
    mended = _cli(home, "identity", "--name", "Dr. Ana Moreno")
    assert mended.returncode == 0, mended.stderr
    assert mended.stdout.splitlines()[0] == "name:        Dr. Ana Moreno"
    assert load_or_create_identity(home / "keys").public_key == made.public_key  # same key


def test_a_blank_name_given_says_the_stored_one_is_damaged(tmp_path):
    home = tmp_path / "home"
    damaged(home)
    with pytest.raises(IdentityError) as refused:
        load_or_create_identity(home / "keys", name="  ")
    assert str(refused.value) == ("the name given is blank; the name stored is damaged "
                                  "and is kept as it is")


def test_a_name_given_with_a_lone_surrogate_is_kept_without_it(tmp_path):
    # From a command line whose bytes are not UTF-8 (Python reads them as surrogates).
    keys = tmp_path / "keys"
    load_or_create_identity(keys, name="Ana \udcff")
    assert load_or_create_identity(keys).name == "Ana"


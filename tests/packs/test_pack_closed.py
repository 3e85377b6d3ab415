"""A checked pack keeps its file open (its files are read again from it when installed);
it is closed when the import is over, whichever way it ends: written, refused by the check
or by the install, a new key to ask about, stopped part way. Once it was closed only when
the last reference went, and an exception kept (as a caller keeps one to show) held the
file open. Real packs; the process's own open files, as /proc lists them."""

from __future__ import annotations

import contextlib
import io
import os
import sys
from pathlib import Path

import pytest
from nacl.signing import SigningKey

from painease.cli import main
from painease.packs import adopt
from painease.packs.identity import Identity
from painease.packs.install import import_pack
from painease.packs.pack import PackError
from painease.packs.verify import read_and_verify
from tests.packs.conftest import make_program, rewrite, write_custom_script


def open_to(path: Path) -> int:
    """How many of this process's open files are ``path``."""
    count = 0
    for fd in os.listdir("/proc/self/fd"):
        with contextlib.suppress(OSError):  # the listing's own, closed since
            count += os.readlink(f"/proc/self/fd/{fd}") == str(path.resolve())
    return count


def test_a_verified_pack_holds_its_file_open_until_it_is_closed(homes, make_pack):
    path = make_pack(make_program())
    with read_and_verify(path) as pack:
        assert open_to(path) == 1
        assert pack.files["manifest.json"].read()  # read again from the open file
    assert open_to(path) == 0
    pack.close()  # again: nothing to do
    assert open_to(path) == 0


def test_a_pack_refused_by_the_check_is_closed_though_its_error_is_kept(homes, make_pack,
                                                                       tmp_path):
    def tamper(files, manifest):
        manifest["pack_version"] = 9
    bad = rewrite(make_pack(make_program()), tmp_path / "bad.painease", tamper)  # not signed
    with pytest.raises(PackError, match="^bad signature") as info:
        read_and_verify(bad)
    assert info.value is not None  # kept, with its traceback
    assert open_to(bad) == 0


def refused_by_the_install(homes, store, make_pack, monkeypatch):
    write_custom_script(homes.patient)  # the patient's own script of the pack's script's id
    return make_pack(make_program()), PackError


def stopped_part_way(homes, store, make_pack, monkeypatch):
    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt
    monkeypatch.setattr(adopt, "install_pack", interrupted)
    return make_pack(make_program()), KeyboardInterrupt


@pytest.mark.parametrize("end", [refused_by_the_install, stopped_part_way])
def test_an_import_that_does_not_finish_closes_the_pack(homes, store, make_pack, monkeypatch,
                                                        end):
    path, raised = end(homes, store, make_pack, monkeypatch)
    with pytest.raises(raised) as info:
        import_pack(path, store)
    assert info.value is not None  # kept, with its traceback
    assert open_to(path) == 0


def test_an_import_that_ends_closes_the_pack(homes, store, make_pack):
    path = make_pack(make_program())
    assert import_pack(path, store).status == "new"
    assert open_to(path) == 0
    other = make_pack(make_program(2), "other.painease",
                      identity=Identity(SigningKey.generate(), "Dr. Ana Moreno"))
    result = import_pack(other, store)  # asked about before anything is written
    assert result.status == "key_changed"
    assert open_to(other) == 0


def test_the_cli_closes_the_pack(homes, make_pack, capsys):
    path = make_pack(make_program())
    assert main(["pack", "verify", str(path)]) == 0
    assert open_to(path) == 0
    assert main(["pack", "import", str(path)]) == 0
    assert open_to(path) == 0
    capsys.readouterr()


def test_pack_verify_closes_the_pack_before_it_says_what_it_holds(homes, make_pack,
                                                                   monkeypatch):
    """Checked, the pack is closed at once: what ``pack verify`` prints is what it held,
    and the file is not kept open meanwhile (nor until the last reference goes)."""
    path = make_pack(make_program())
    open_while_said = []

    class Said(io.StringIO):
        def write(self, text: str) -> int:
            open_while_said.append(open_to(path))
            return super().write(text)

    said = Said()
    monkeypatch.setattr(sys, "stdout", said)
    assert main(["pack", "verify", str(path)]) == 0
    assert ": ok: " in said.getvalue()
    assert open_while_said and set(open_while_said) == {0}

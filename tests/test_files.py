"""Files written whole or not at all (``painease.files``): through a link to the file it
points to, never over a link to nothing; small files read without being fooled."""

from __future__ import annotations

import os

import pytest

from painease.files import Unreadable, read_small, write_atomically


def test_a_link_stays_a_link_and_its_file_is_replaced_in_its_own_folder(tmp_path):
    """A pack or report written over a link once replaced the link with a plain file."""
    kept = tmp_path / "elsewhere" / "report.pdf"
    kept.parent.mkdir()
    kept.write_bytes(b"old")
    link = tmp_path / "out" / "report.pdf"
    link.parent.mkdir()
    link.symlink_to(kept)
    write_atomically(link, b"new")
    assert link.is_symlink() and os.readlink(link) == str(kept)
    assert kept.read_bytes() == b"new"
    assert [p.name for p in kept.parent.iterdir()] == ["report.pdf"]  # no temp file left
    assert [p.name for p in link.parent.iterdir()] == ["report.pdf"]


def test_a_link_to_nothing_is_neither_written_through_nor_replaced(tmp_path):
    """Its file may be on a drive that is only unplugged: writing through would fill the
    empty folder where that drive goes, and replacing the link would lose it."""
    drive = tmp_path / "drive"
    link = tmp_path / "sent-packs.json"
    link.symlink_to(drive / "sent-packs.json")
    with pytest.raises(Unreadable, match="which cannot be found"):
        write_atomically(link, b"{}")
    with pytest.raises(Unreadable, match=f"it is a link to {drive / 'sent-packs.json'}"):
        read_small(link, 100)
    assert link.is_symlink() and not drive.exists()
    assert read_small(tmp_path / "none.json", 100) is None  # no file at all

    loop = tmp_path / "loop"
    loop.symlink_to(loop)
    with pytest.raises(Unreadable):
        read_small(loop, 100)
    with pytest.raises(OSError):
        write_atomically(loop, b"{}")
    assert loop.is_symlink()


def test_a_damaged_file_is_set_aside_under_the_first_free_name_never_over_one(tmp_path):
    """Settings and the sent-packs record keep a damaged file the same way: name.damaged,
    then name.damaged-2…; a name already taken, even by a link to nothing, is passed by."""
    from painease.files import free_aside, set_aside

    path = tmp_path / "settings.json"
    path.write_text("first")
    assert free_aside(path) == tmp_path / "settings.json.damaged"
    assert set_aside(path) == tmp_path / "settings.json.damaged"
    assert not path.exists()
    (tmp_path / "settings.json.damaged-2").symlink_to(tmp_path / "gone")
    path.write_text("second")
    assert set_aside(path) == tmp_path / "settings.json.damaged-3"
    assert (tmp_path / "settings.json.damaged").read_text() == "first"
    assert (tmp_path / "settings.json.damaged-3").read_text() == "second"
    assert (tmp_path / "settings.json.damaged-2").is_symlink()


@pytest.mark.parametrize("kind, reason", [("pipe", "it is not a regular file"),
                                          ("folder", "it is a folder, not a file"),
                                          ("link to a pipe", "it is not a regular file")])
def test_what_is_not_a_regular_file_is_never_replaced(tmp_path, kind, reason):
    # A pack built with -o /dev/full once replaced the device with the pack.
    out = tmp_path / "out.painease"
    if kind == "folder":
        out.mkdir()
    else:
        os.mkfifo(tmp_path / "pipe")
        if kind == "pipe":
            (tmp_path / "pipe").rename(out)
        else:
            out.symlink_to(tmp_path / "pipe")
    before = sorted((p.name, p.is_symlink(), p.is_fifo(), p.is_dir()) for p in tmp_path.iterdir())
    with pytest.raises(OSError) as refused:
        write_atomically(out, b"pack")
    assert str(refused.value) == reason and refused.value.strerror == reason
    after = sorted((p.name, p.is_symlink(), p.is_fifo(), p.is_dir()) for p in tmp_path.iterdir())
    assert after == before  # nothing replaced, no temp file left


def test_a_small_file_that_must_be_there(tmp_path):
    from painease.files import read_whole

    path = tmp_path / "key.json"
    with pytest.raises(Unreadable, match="^there is no such file$"):
        read_whole(path, 10, "a key holds")
    path.write_bytes(b"x" * 11)
    with pytest.raises(Unreadable, match="^it is larger than 10 bytes, far more than a key "
                                         "holds$"):
        read_whole(path, 10, "a key holds")
    path.write_bytes(b"x" * 10)
    assert read_whole(path, 10, "a key holds") == b"x" * 10


def test_sizes_are_said_in_the_binary_units_they_are_counted_in():
    """The limits are counted in 1,024s (64 * 1024 * 1024 bytes) but were said as "64 MB",
    where docs/packs.md says 64 MiB: a megabyte is 1,000,000 bytes."""
    from painease.files import size_text

    assert size_text(64 << 10) == "64 KiB"
    assert size_text(64 << 20) == "64 MiB"
    assert size_text(2 << 30) == "2 GiB"
    assert size_text(1_500) == "1,500 bytes"
    assert size_text(64_000_000) == "62,500 KiB"

"""``read_small`` and ``read_whole`` read a file a 1 MiB piece at a time: with a limit
that is a whole number of pieces, a file one byte over it is "too large", never read
short to the limit and taken for the whole file (a damaged settings file, a key cut
off); a file exactly at the limit is read whole. A mutation probe stopped reading at the
limit (``got < limit``) and no test failed: the limits tested were not whole pieces.

Real files on disk."""

from __future__ import annotations

import pytest

from painease.files import Unreadable, read_small, read_whole

MIB = 1 << 20


@pytest.mark.parametrize("limit", [MIB, 2 * MIB])
def test_one_byte_over_a_limit_of_whole_pieces_is_too_large(tmp_path, limit):
    path = tmp_path / "big.json"
    path.write_bytes(b"x" * limit + b"y")
    assert read_small(path, limit) == b"x" * limit + b"y"  # limit + 1 bytes: more than it
    with pytest.raises(Unreadable) as refused:
        read_whole(path, limit, "a key file holds")
    assert refused.value.reason == (f"it is larger than {limit // MIB} MiB, far more than "
                                    "a key file holds")


@pytest.mark.parametrize("limit", [MIB, 2 * MIB])
def test_a_file_at_a_limit_of_whole_pieces_is_read_whole(tmp_path, limit):
    path = tmp_path / "full.json"
    data = bytes(range(256)) * (limit // 256)
    path.write_bytes(data)
    assert read_small(path, limit) == data
    assert read_whole(path, limit, "a key file holds") == data

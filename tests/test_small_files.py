"""Every small file painease reads whole, found as a pipe (a FIFO made with os.mkfifo) in
its place: refused at once, never waited on. (Settings, the record of packs sent and the
key file have tests of their own; this covers the rest.)

Each read runs in a thread; one that waits is freed after the time limit by opening the
pipe's other end, and the test fails."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from painease.narration import NarrationError


def _manifest(folder: Path):
    from painease.narration.manifest import load_manifest

    try:
        load_manifest(folder, "calm")
    except NarrationError as exc:
        return str(exc)
    return "read"


def _words(folder: Path):
    from painease.narration.clip_words import words_changed

    return words_changed(folder / "01.ogg", "Hello.")


def _signed_at(folder: Path):
    from painease.catalog import _signed_at

    return _signed_at(folder)


def _pack_manifest(folder: Path):
    from painease.packs.pack import read_manifest

    return read_manifest(folder)


def _pack_signer(folder: Path):
    from painease.packs.install import _pack_signer

    return _pack_signer(folder)


def _results_header(folder: Path):
    from painease.packs.results_file import is_results_file

    return is_results_file(folder / "r.painease-results")


def _lock_holder(folder: Path):
    from painease.storage.instance_lock import InstanceLock

    return InstanceLock(folder).holder_pid()


def _export_pending(folder: Path):
    from painease.storage.export_set import _finish_interrupted

    return _finish_interrupted(folder)


CASES = [
    ("manifest.json", _manifest, lambda folder: (
        f"cannot read {folder / 'manifest.json'} (it is not a regular file); delete it and "
        "render with --force")),
    ("clip-words.json", _words, lambda folder: None),
    ("manifest.json", _signed_at, lambda folder: ("", folder.name)),
    ("manifest.json", _pack_manifest, lambda folder: None),
    ("therapist.pub", _pack_signer, lambda folder: None),
    ("r.painease-results", _results_header, lambda folder: False),
    ("painease.lock", _lock_holder, lambda folder: None),
    (".painease-export.pending", _export_pending, lambda folder: None),
]


@pytest.mark.parametrize("name, read, expected", CASES,
                         ids=[read.__name__.strip("_") for _, read, _ in CASES])
def test_a_pipe_in_place_of_a_small_file_is_refused_not_waited_on(tmp_path, name, read,
                                                                  expected):
    pipe = tmp_path / name
    os.mkfifo(pipe)
    answer: list = []
    worker = threading.Thread(target=lambda: answer.append(read(tmp_path)), daemon=True)
    worker.start()
    worker.join(10)
    waited = worker.is_alive()
    if waited:  # free it: a writer that closes at once gives the reader an end of file
        os.close(os.open(pipe, os.O_WRONLY | os.O_NONBLOCK))
        worker.join(10)
    assert not waited, f"{read.__name__} waited on the pipe"
    assert answer == [expected(tmp_path)]

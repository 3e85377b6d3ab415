"""Offline render: the live mixer, driven as fast as the CPU allows, into an audio file.

The same ``LayerSource`` and ``Engine`` as a live session, fed directly instead of by the
reader thread, so what a test renders is what a patient hears.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import numpy as np
import soundfile

from painease.audio.engine import Engine, MixSettings
from painease.audio.feeds import DirectFeed
from painease.audio.layers import LayerSource
from painease.domain.timeline import Timeline
from painease.files import output_target

# Extension → (libsndfile container, subtype). Ogg is Vorbis: Opus only takes some rates.
FORMATS = {
    ".wav": ("WAV", "FLOAT"),
    ".flac": ("FLAC", "PCM_24"),
    ".ogg": ("OGG", "VORBIS"),
}
BLOCK_FRAMES = 16384  # large blocks: offline, per-call overhead dominates


class RenderError(Exception):
    """The render could not be written; the message says why."""


def render_session(timeline: Timeline, clip_root: Path, ambience: str | Path = "none",
                   settings: MixSettings | None = None) -> tuple[np.ndarray, list[str]]:
    """Render a whole session into memory: (frames, 2) float32, and any clip problems."""
    blocks = []
    problems = _render(timeline, clip_root, ambience, settings, blocks.append)
    return np.concatenate(blocks) if blocks else np.zeros((0, 2), np.float32), problems


def render_to_file(timeline: Timeline, clip_root: Path, out: Path,
                   ambience: str | Path = "none", settings: MixSettings | None = None) -> list[str]:
    """Write the session to ``out`` (WAV, FLAC or Ogg Vorbis by extension), streaming."""
    try:
        container, subtype = FORMATS[out.suffix.lower()]
    except KeyError:
        known = ", ".join(FORMATS)
        raise RenderError(f"cannot write {out.suffix or 'files without an extension'}; "
                          f"use one of {known}") from None
    try:
        # A link's file; never a device or pipe, nor painease's own data
        target = output_target(out)
    except OSError as exc:
        raise RenderError(f"could not write {out}: {_why(exc, out.parent)}") from None
    partial = target.with_name(f".{target.name}.partial")
    try:
        # Made here first, so a folder that is missing or read-only is said in the OS's
        # words: libsndfile would call any of them "System error" (see _why). Made new:
        # a link left under its name is removed, never written through.
        partial.unlink(missing_ok=True)
        os.close(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))
        with soundfile.SoundFile(partial, "w", samplerate=timeline.samplerate, channels=2,
                                 format=container, subtype=subtype) as sink:
            problems = _render(timeline, clip_root, ambience, settings, sink.write)
        partial.replace(target)
    except BaseException as exc:  # Ctrl-C (or SIGTERM made SystemExit) too: no leftover
        partial.unlink(missing_ok=True)
        if isinstance(exc, OSError | soundfile.LibsndfileError | RuntimeError):
            raise RenderError(f"could not write {out}: {_why(exc, out.parent)}") from None
        raise
    return problems


def _why(error: Exception, folder: Path) -> str:
    """The error in words. libsndfile says only "System error" when a write fails (it
    keeps no errno). The file could be made, so a full disk is by far the likeliest
    reason: that is named, with the space left."""
    if isinstance(error, OSError):
        return error.strerror or str(error)
    if isinstance(error, soundfile.LibsndfileError) and "System error" in str(error):
        try:
            free = f"; {shutil.disk_usage(folder).free / 1e6:.0f} MB free there"
        except OSError:
            free = ""
        return (f"a write to the disk failed part-way (is the disk full?){free}; "
                f"{folder} is as it was")
    return str(error)


def _render(timeline, clip_root, ambience, settings, write) -> list[str]:
    source = LayerSource(timeline, clip_root, ambience)
    engine = Engine(timeline, DirectFeed(source, chunk_frames=BLOCK_FRAMES), settings)
    engine.play()
    block = np.zeros((BLOCK_FRAMES, 2), dtype=np.float32)
    try:
        while not engine.finished:
            remaining = timeline.total_frames - engine.position
            view = block[: max(1, min(BLOCK_FRAMES, remaining))]
            engine.fill(view)
            write(view.copy())
    finally:
        source.close()
    return list(source.problems)

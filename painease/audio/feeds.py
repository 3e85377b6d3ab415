"""Feeds hand rendered layer chunks to the engine: ahead of time (live) or on demand (offline).

``ReaderFeed`` owns the reader thread: it decodes, resamples and renders layers a few
seconds ahead into a deque that the audio callback pops from. ``deque.append`` and
``popleft`` are atomic in CPython, so neither side ever waits on a lock. A seek bumps the
*epoch*; chunks of an older epoch are dropped by the engine.

``DirectFeed`` renders each chunk when asked, on the caller's thread, for offline renders
and tests: the same ``LayerSource`` and the same ``Engine``, so a render is what a live
session would play.
"""

from __future__ import annotations

import threading
import time
from collections import deque

from painease.audio.engine import Chunk
from painease.audio.layers import LayerSource

CHUNK_FRAMES = 2048


class DirectFeed:
    """Renders on demand. Single-threaded: use with ``Engine.fill`` on the same thread."""

    def __init__(self, source: LayerSource, chunk_frames: int = CHUNK_FRAMES):
        self.source = source
        self.chunk_frames = chunk_frames
        self._epoch = 0
        self._position = 0

    def request(self, epoch: int, position: int) -> None:
        self._epoch, self._position = epoch, position

    def pop(self) -> Chunk | None:
        total = self.source.timeline.total_frames
        if self._position >= total:
            return None
        frames = min(self.chunk_frames, total - self._position)
        chunk = Chunk(self._epoch, self._position, self.source.render(self._position, frames))
        self._position += frames
        return chunk


class ReaderFeed:
    """Keeps ``ahead_seconds`` of rendered layers ready, on its own thread.

    ``pop`` and ``request`` are called from the audio callback; ``start``/``close`` from
    the thread that owns the player.
    """

    def __init__(self, source: LayerSource, ahead_seconds: float = 3.0,
                 chunk_frames: int = CHUNK_FRAMES):
        self.source = source
        self.chunk_frames = chunk_frames
        self._ahead_chunks = max(2, int(ahead_seconds * source.rate / chunk_frames))
        self._queue: deque[Chunk] = deque()
        self._wanted = (0, 0)  # (epoch, position), replaced whole: an atomic assignment
        self._running = False
        self._wake = threading.Event()
        self._thread: threading.Thread | None = None

    # --- audio callback side ----------------------------------------------------------

    def pop(self) -> Chunk | None:
        try:
            chunk = self._queue.popleft()
        except IndexError:
            return None
        # No wake-up call to the reader here: Event.set takes a lock. The reader polls every
        # 10 ms, far more often than seconds of read-ahead could run out.
        return chunk

    def request(self, epoch: int, position: int) -> None:
        self._wanted = (epoch, position)

    # --- owner side -------------------------------------------------------------------

    def start(self) -> None:
        if self._thread is not None:
            return
        self._running = True
        self._thread = threading.Thread(target=self._run, name="painease-reader", daemon=True)
        self._thread.start()

    def close(self) -> None:
        self._running = False
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None
        self.source.close()

    def prime(self, timeout: float = 5.0) -> bool:
        """Wait (owner's thread) until the read-ahead is full; True if it filled in time.

        Rendering runs ~200x faster than real time, so 3 s of read-ahead takes ~15 ms:
        starting full costs little and means no early under-run on a slow machine.
        """
        left = self.source.timeline.total_frames - self._wanted[1]
        needed = min(self._ahead_chunks, -(-left // self.chunk_frames))
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if len(self._queue) >= needed:
                return True
            time.sleep(0.002)
        return False

    def _run(self) -> None:
        epoch, position = -1, 0
        total = self.source.timeline.total_frames
        while self._running:
            wanted = self._wanted
            if wanted[0] != epoch:
                epoch, position = wanted
                self._queue.clear()
            if len(self._queue) >= self._ahead_chunks or position >= total:
                self._wake.wait(0.01)
                continue
            frames = min(self.chunk_frames, total - position)
            data = self.source.render(position, frames)
            if self._wanted[0] == epoch:  # a seek may have arrived while rendering
                self._queue.append(Chunk(epoch, position, data))
                position += frames

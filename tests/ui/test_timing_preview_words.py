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

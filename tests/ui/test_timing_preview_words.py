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

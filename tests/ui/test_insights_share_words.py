"""The two pain shares ("Pain at least 30% lower after a session", "… halved …") on the
Insights page and in the PDF, said by the small-numbers rule every reading follows
(``painease.domain.readings``): over fewer than 3 sessions no percentage (2 of 2 was said
"(100%)"), over fewer than 5 "treat them lightly"; and, when sessions that started at pain
0 are left out, what the sessions they are over are (the page said "10 of 14 sessions
rated before and after" beside "Across 16 sessions"), with the "Not counted…" line in the
PDF too, not only in its definitions."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from painease import paths
from painease.storage import SessionStore
from tests.insights_history import add_session
from tests.ui.clinic import pdf_text
from tests.ui.insights_view import open_insights


def sessions(*pains: tuple[int, int]) -> None:
    """One session a day up to an hour ago, rated before and after (pain as given)."""
    now = datetime.now(UTC) - timedelta(hours=1)
    with SessionStore(paths.database_path()) as store:
        for day, (before, after) in enumerate(pains):
            add_session(store, now - timedelta(days=len(pains) - day), pre=(before, 5),
                        post=(after, 4))


def page_and_pdf(qtbot, window, tmp_path) -> tuple[list[str], str]:
    view = open_insights(qtbot, window)
    assert view.save_report(tmp_path / "r.pdf") is not None
    return view.yardsticks.text().splitlines(), " ".join(pdf_text(tmp_path / "r.pdf").split())


def test_two_sessions_are_counted_but_not_given_as_a_percentage(qtbot, make_window,
                                                                 tmp_path):
    sessions((6, 3), (6, 4))
    lines, pdf = page_and_pdf(qtbot, make_window(use_device=False), tmp_path)
    assert lines[:3] == [
        "Pain at least 30% lower after a session: 2 of 2 sessions rated before and after.",
        "Pain at least halved after a session: 1 of 2.",
        "Not enough sessions yet to give these two as percentages (2 counted so far; at "
        "least 3 are needed)."]
    assert "%)" not in "\n".join(lines)
    assert ("Pain at least 30% lower after a session 2 of 2 sessions rated before and after "
            "Pain at least halved after a session 1 of 2 Not enough sessions yet to give "
            "these two as percentages (2 counted so far; at least 3 are needed).") in pdf
    assert "(100%)" not in pdf and "(50%)" not in pdf


def test_a_few_sessions_give_percentages_to_treat_lightly(qtbot, make_window, tmp_path):
    sessions((6, 3), (10, 7), (10, 6), (6, 5))
    lines, pdf = page_and_pdf(qtbot, make_window(use_device=False), tmp_path)
    assert lines[:3] == [
        "Pain at least 30% lower after a session: 3 of 4 sessions rated before and after "
        "(75%).",
        "Pain at least halved after a session: 1 of 4 (25%).",
        "These two rest on only a few sessions, so treat them lightly."]
    assert ("Pain at least halved after a session 1 of 4 (25%) These two rest on only a few "
            "sessions, so treat them lightly.") in pdf


def test_five_sessions_need_no_caveat(qtbot, make_window, tmp_path):
    sessions((6, 3), (10, 7), (10, 6), (6, 5), (6, 5))
    lines, pdf = page_and_pdf(qtbot, make_window(use_device=False), tmp_path)
    assert lines[:2] == [
        "Pain at least 30% lower after a session: 3 of 5 sessions rated before and after "
        "(60%).",
        "Pain at least halved after a session: 1 of 5 (20%)."]
    assert "lightly" not in "\n".join(lines) and "treat them lightly" not in pdf


def test_shares_without_the_pain_0_sessions_say_what_they_are_over(qtbot, make_window,
                                                                    tmp_path):
    """16 sessions rated before and after, 2 of them from pain 0: the link reading says
    "Across 16 sessions", so the shares' 14 are named for what they are, and the PDF
    says which were not counted beside its numbers."""
    sessions(*([(6, 3)] * 10 + [(6, 5)] * 4 + [(0, 0), (0, 1)]))
    lines, pdf = page_and_pdf(qtbot, make_window(use_device=False), tmp_path)
    assert lines[:3] == [
        "Pain at least 30% lower after a session: 10 of the 14 sessions that started above "
        "pain 0 and were rated before and after (71%).",
        "Pain at least halved after a session: 10 of 14 (71%).",
        "Not counted in these two: 2 sessions that started at pain 0, with no pain to drop."]
    assert ("Pain at least 30% lower after a session 10 of the 14 sessions that started "
            "above pain 0 and were rated before and after (71%) Pain at least halved after a "
            "session 10 of 14 (71%) Not counted in these two: 2 sessions that started at "
            "pain 0, with no pain to drop.") in pdf

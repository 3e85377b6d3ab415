"""`painease report --pdf`: a real PDF, read back with poppler (pdftotext, pdfinfo, pdftoppm)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import pytest

from painease import paths
from painease.storage import SessionStore
from tests.insights_history import add_session, bulk_history
from tests.packs.test_results_zones import clock

REPO = Path(__file__).resolve().parent.parent
POPPLER = all(shutil.which(tool) for tool in ("pdftotext", "pdfinfo", "pdftoppm", "pdfimages"))
needs_poppler = pytest.mark.skipif(not POPPLER, reason="poppler-utils is not installed "
                                   "(packaging/debian-deps.sh installs it for make test)")


def painease(*args: str, home: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(REPO), PAINEASE_HOME=str(home))
    env.pop("QT_QPA_PLATFORM", None)  # the command picks offscreen by itself
    env.pop("DISPLAY", None)
    env.pop("WAYLAND_DISPLAY", None)
    return subprocess.run([sys.executable, "-m", "painease", *args], env=env,
                          capture_output=True, text=True, timeout=120)


def text_of(pdf: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout


def images_in(pdf: Path) -> int:
    listing = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True, text=True,
                             check=True).stdout.splitlines()
    return len(listing) - 2  # two header lines


def pages_of(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True,
                          check=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))


@needs_poppler
@pytest.mark.slow
def test_report_for_a_period_has_the_counts_yardsticks_charts_and_a_table(
        painease_home, tmp_path):
    start = datetime(2026, 3, 2, 9, tzinfo=UTC)
    with SessionStore(paths.database_path()) as store:
        for day in range(12):
            add_session(store, start + timedelta(days=day), pre=(6, 7),
                        post=(3 if day % 2 else 5, 2), outcome="completed" if day % 4 else
                        "stopped_early")
        add_session(store, start - timedelta(days=40))  # before the period: left out
    out = tmp_path / "report.pdf"
    done = painease("report", "--pdf", str(out), "--from", "2026-03-01", "--to", "2026-03-31",
                    home=painease_home)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""  # not even Qt's offscreen "propagateSizeHints" notes
    pages = pages_of(out)
    assert 1 <= pages <= 3
    assert done.stdout.strip() == f"{out}: {pages} page{'s' if pages > 1 else ''}, 12 sessions"
    text = " ".join(text_of(out).split())
    assert "Period: 1 Mar 2026 – 31 Mar 2026" in text
    assert "12 sessions in this period: 9 completed and 3 ended early." in text
    assert ("Pain at least 30% lower after a session 6 of 12 sessions rated before and after "
            "(50%)") in text
    assert "At least 30% lower: Pain at least 30% lower after a session than before" in text
    assert "not a medical device" in text
    assert "What the ratings show" in text and "Sessions, newest" in text  # "ﬁ": a ligature
    assert images_in(out) == 2  # the trend and the before/after charts
    assert ("Your sense of threat came down in 10 of your last 10 sessions rated before and "
            "after" in text)
    subprocess.run(["pdftoppm", "-r", "40", "-png", "-f", "1", "-l", "1", str(out),
                    str(tmp_path / "page")], check=True)
    from PySide6.QtGui import QImage

    image = QImage(str(next(tmp_path.glob("page*.png"))))
    assert image.width() > 200
    ink = sum(1 for x in range(0, image.width(), 3) for y in range(0, image.height(), 3)
              if image.pixelColor(x, y).lightness() < 200)
    assert ink > 500  # text and charts, not a blank page


@needs_poppler
def test_years_of_sessions_are_all_listed(qapp, painease_home, tmp_path):
    """Once only the newest 40, to stay within three pages: now every session of the
    period, however many pages that takes (the person chose the period)."""
    from painease.report import write_report

    count = bulk_history(paths.database_path(), days=900, every=1.0)
    with SessionStore(paths.database_path()) as store, store.database.write("skips"):
        # Every session skipped through: each row says how much played, its longest words.
        store.database.conn.execute("UPDATE sessions SET played_ms = elapsed_ms / 3")
    out = tmp_path / "long.pdf"
    with SessionStore(paths.database_path()) as store:
        report = write_report(store, out)
    assert report.sessions == report.listed == count
    assert report.pages == pages_of(out) > 3
    text = " ".join(text_of(out).split())
    assert "not listed" not in text
    assert f"page {report.pages} of {report.pages}" in text
    # (A cell's words wrap, and the text reads the row's other cells in between, so only
    # their start is looked for; the exact words are the next test's.)
    assert "ended early at" in text and "completed, listened to" in text


@needs_poppler
def test_the_table_says_how_much_played_as_the_apps_lists_do(qapp, painease_home, tmp_path):
    from painease.report import write_report

    start = datetime.now(UTC) - timedelta(days=2)
    # (outcome, where it ended, time played): skipped through to the end; stopped after
    # listening to it all; listened to the end.
    ends = (("completed", 600_000, 190_000), ("stopped_early", 542_000, 542_000),
            ("completed", 600_000, 600_000))
    with SessionStore(paths.database_path()) as store:
        for hours, (outcome, elapsed, played) in enumerate(ends):
            sid = store.start_session("calm-corner", 1, 10,
                                      started_at=start + timedelta(hours=hours))
            store.save_rating(sid, "pre", 5, 5)
            store.end_session(sid, outcome, elapsed, played_ms=played)
            store.save_rating(sid, "post", 3, 3)
        write_report(store, tmp_path / "played.pdf")
    rows = [" ".join(line.split()) for line in text_of(tmp_path / "played.pdf").splitlines()
            if "calm-corner" in line]
    assert [row.split("calm-corner ")[1].split(" 5→3")[0] for row in rows] == [
        "completed", "ended early at 9:02 of 10:00", "completed, listened to 3:10 of 10:00"]


@needs_poppler
def test_an_empty_store_gives_a_one_page_report_that_says_so(qapp, painease_home, tmp_path):
    from painease.report import write_report

    out = tmp_path / "empty.pdf"
    with SessionStore(paths.database_path()) as store:
        report = write_report(store, out)
    assert report.pages == pages_of(out) == 1
    assert "No sessions in this period." in text_of(out)


@needs_poppler
def test_sessions_that_started_at_pain_0_are_not_called_unrated(qapp, painease_home,
                                                                 tmp_path):
    from painease.report import write_report

    with SessionStore(paths.database_path()) as store:
        for hours in (30, 6):
            add_session(store, datetime.now(UTC) - timedelta(hours=hours), pre=(0, 4),
                        post=(0, 2))
        write_report(store, tmp_path / "zero.pdf")
    text = " ".join(text_of(tmp_path / "zero.pdf").split())
    assert "Sessions rated before and after 2, all starting at pain 0: no drop to measure" \
        in text
    assert "none in this period" not in text


@needs_poppler
def test_one_session_is_counted_as_one(qapp, painease_home, tmp_path):
    """"1 session", "1 day", and one session at pain 0 is not "1, all starting at…"."""
    from painease.report import write_report

    with SessionStore(paths.database_path()) as store:
        add_session(store, datetime.now(UTC) - timedelta(hours=6), pre=(0, 4), post=(0, 2))
        write_report(store, tmp_path / "one.pdf")
    text = " ".join(text_of(tmp_path / "one.pdf").split())
    assert "1 session in this period, completed." in text
    assert "Sessions rated before and after 1, starting at pain 0: no drop to measure" \
        in text
    assert "1 of 1 day with a pain rating" in text


@needs_poppler
def test_the_50_percent_row_counts_its_own_sessions(qapp, painease_home, tmp_path):
    """Pain 6 → 3 is halved, 6 → 4 only a third lower, 6 → 5 neither: the two rows differ."""
    from painease.report import write_report

    start = datetime.now(UTC) - timedelta(days=12)
    with SessionStore(paths.database_path()) as store:
        for day, after in enumerate((3, 3, 4, 4, 4, 5, 5, 5, 5, 5)):
            add_session(store, start + timedelta(days=day), pre=(6, 7), post=(after, 2))
        write_report(store, tmp_path / "shares.pdf")
    text = " ".join(text_of(tmp_path / "shares.pdf").split())
    assert ("Pain at least 30% lower after a session 5 of 10 sessions rated before and after "
            "(50%)") in text
    assert "Pain at least halved after a session 2 of 10 (20%)" in text


def limit_file_size(limit: int):
    """For a child: files may not grow past ``limit`` bytes; a write past it fails with
    EFBIG ("File too large"), as a full disk's fails with ENOSPC (SIGXFSZ ignored)."""
    import resource
    import signal

    def apply():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return apply


def test_a_report_that_cannot_be_written_whole_fails_and_keeps_the_earlier_one(
        painease_home, tmp_path):
    start = datetime(2026, 3, 2, 9, tzinfo=UTC)
    with SessionStore(paths.database_path()) as store:
        for day in range(30):
            add_session(store, start + timedelta(days=day), pre=(6, 7), post=(3, 2))
    (tmp_path / "reports").mkdir()
    out = tmp_path / "reports" / "report.pdf"
    out.write_bytes(b"%PDF-1.4 the earlier report")
    env = dict(os.environ, PYTHONPATH=str(REPO), PAINEASE_HOME=str(painease_home))
    done = subprocess.run([sys.executable, "-m", "painease", "report", "--pdf", str(out)],
                          env=env, capture_output=True, text=True, timeout=120,
                          preexec_fn=limit_file_size(64 * 1024))
    # Once: "report.pdf: 3 pages" and exit 0, over a PDF cut off at 64 KiB.
    assert done.returncode == 1, done.stdout
    assert done.stderr.splitlines()[-1] == (f"painease: report failed: could not write "
                                            f"{out}: File too large")
    assert out.read_bytes() == b"%PDF-1.4 the earlier report"
    assert [p.name for p in out.parent.iterdir()] == ["report.pdf"]  # no partial file


@pytest.mark.parametrize("args, message", [
    (["--from", "2026-02-30"], "painease: --from 2026-02-30: not a date; use YYYY-MM-DD"),
    (["--from", "2026-03-02", "--to", "2026-03-01"],
     "painease: report failed: --from 2026-03-02 is after --to 2026-03-01"),
])
def test_bad_dates_get_one_clear_line(painease_home, tmp_path, args, message):
    out = tmp_path / "r.pdf"
    done = painease("report", "--pdf", str(out), *args, home=painease_home)
    assert done.returncode == 1
    assert done.stderr.strip() == message
    assert not out.exists()


def test_a_from_day_after_today_is_refused_as_one_after_to_is(painease_home, tmp_path):
    # Once "Period: 10 Dec 2026 – 4 Dec 2026" and exit 0.
    out = tmp_path / "r.pdf"
    later = date.today() + timedelta(days=6)
    done = painease("report", "--pdf", str(out), "--from", later.isoformat(),
                    home=painease_home)
    assert done.returncode == 1
    assert done.stderr.strip() == (f"painease: report failed: --from {later} is after today "
                                   f"({date.today()})")
    assert not out.exists()


@pytest.mark.parametrize("args", [["--to", "9999-12-31"], ["--from", "0001-01-01"],
                                  ["--from", "9999-12-31"]])
def test_days_out_of_range_are_said_plainly(painease_home, tmp_path, monkeypatch, args):
    # Once an OverflowError traceback ("date value out of range"): --to 9999-12-31 counted
    # the day after it; --from 0001-01-01 in a zone east of UTC counted the moment before.
    monkeypatch.setenv("TZ", "Europe/Berlin")
    out = tmp_path / "r.pdf"
    done = painease("report", "--pdf", str(out), *args, home=painease_home)
    assert done.returncode == 1
    assert done.stderr == (f"painease: {args[0]} {args[1]} is out of range; give a day from "
                           f"1900-01-01 to 2999-12-31, or leave {args[0]} out\n")
    assert not out.exists()


def test_a_report_needs_a_pdf_name_and_an_existing_folder(painease_home, tmp_path):
    done = painease("report", "--pdf", str(tmp_path / "r.txt"), home=painease_home)
    assert done.returncode == 1 and "ending in .pdf" in done.stderr
    done = painease("report", "--pdf", str(tmp_path / "nope" / "r.pdf"), home=painease_home)
    assert done.returncode == 1 and "no such folder" in done.stderr


@needs_poppler
def test_without_to_the_report_counts_and_says_so_of_a_session_dated_later(
        painease_home, tmp_path):
    # "--to: last day to include (default: today…)". A session dated in the future (the
    # clock was ahead when it was saved) still happened: Insights counts it, so the report
    # does too, and says why its date is odd (painease.domain.wrong_clock). It was once
    # left out without a word: the report said 1 session where the app said 2.
    with SessionStore(paths.database_path()) as store:
        add_session(store, datetime.now(UTC) - timedelta(days=1))
        add_session(store, later := datetime.now(UTC) + timedelta(days=3))
    out = tmp_path / "r.pdf"
    done = painease("report", "--pdf", str(out), home=painease_home)
    assert done.returncode == 0, done.stderr
    first, note = done.stdout.strip().splitlines()
    assert first.endswith(", 2 sessions")
    assert note == ("1 session is dated in the future: please check your computer's "
                    "clock. It is counted here.")
    text = " ".join(text_of(out).split())
    assert "2 sessions in this period, all completed. 1 session is dated in the future" in text
    assert "(dated in the future)" in text
    # The period holds every session it counts: it ends at the later one's day, not today.
    day = later.astimezone().date()
    assert f"– {day.day} {day:%b %Y} 2 sessions" in text


def other_season_day(zone: str) -> date:
    """A past day in the half of the year whose clock offset differs from today's in
    ``zone`` (a summer day in winter, a winter day in summer), where a fixed offset goes
    wrong. Past: in January this year's 6 July was a day to come, and a report's sessions
    on it were said to be dated in the future."""
    from zoneinfo import ZoneInfo

    now = datetime.now(ZoneInfo(zone))
    if now.dst():
        return date(now.year, 1, 12)  # summer time is over by 12 January
    summer = date(now.year, 7, 6)
    return summer if summer < now.date() else date(now.year - 1, 7, 6)


@needs_poppler
def test_days_are_counted_with_the_zones_summer_and_winter_time(painease_home, tmp_path):
    # Once the zone was today's fixed offset: in winter, a summer session at 00:30 fell on
    # the day before, and --from/--to bounds were an hour off.
    from zoneinfo import ZoneInfo

    berlin = ZoneInfo("Europe/Berlin")
    day = other_season_day("Europe/Berlin")
    just_after = datetime.combine(day, time(0, 30), berlin)
    just_before = datetime.combine(day, time(23, 30), berlin)
    # Done on Berlin's clock (each session keeps its clock: done on another, it would be
    # counted there).
    with clock("Europe/Berlin"), SessionStore(paths.database_path()) as store:
        for when in (just_after - timedelta(hours=1), just_after, just_before,
                     just_before + timedelta(hours=1)):  # the middle two are on ``day``
            add_session(store, when.astimezone(UTC))
    out = tmp_path / "r.pdf"
    done = subprocess.run(
        [sys.executable, "-m", "painease", "report", "--pdf", str(out), "--from",
         day.isoformat(), "--to", day.isoformat()],
        env={**{k: v for k, v in os.environ.items() if k != "QT_QPA_PLATFORM"},
             "PYTHONPATH": str(REPO), "PAINEASE_HOME": str(painease_home),
             "TZ": "Europe/Berlin"}, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().endswith(", 2 sessions")
    text = text_of(out)
    assert f"{day.day} {day:%b %Y}, 00:30" in text and f"{day.day} {day:%b %Y}, 23:30" in text


def test_the_local_zone_keeps_its_summer_and_winter_offsets(monkeypatch):
    from painease.local_time import day_start, local_zone

    monkeypatch.setenv("TZ", "Europe/Berlin")
    zone = local_zone()
    assert datetime(2026, 7, 6, 12, tzinfo=UTC).astimezone(zone).utcoffset() == timedelta(hours=2)
    assert datetime(2026, 1, 6, 12, tzinfo=UTC).astimezone(zone).utcoffset() == timedelta(hours=1)
    assert day_start(date(2026, 7, 6), zone) == datetime(2026, 7, 5, 22, tzinfo=UTC)
    monkeypatch.setenv("TZ", "CET-1CEST,M3.5.0,M10.5.0/3")  # a rule, not a zone name: today's
    assert local_zone().utcoffset(None) is not None  # offset, as before, rather than a failure


@needs_poppler
def test_a_patients_report_with_no_end_ends_on_the_patients_today(qapp, painease_home,
                                                                   tmp_path):
    """Insights' periods run up to now: the report's period then ends on the patient's
    today, on the clock it counts the rest on, not on the reader's (25 hours apart here)."""
    from zoneinfo import ZoneInfo

    from painease.report import write_report

    theirs = ZoneInfo("Pacific/Pago_Pago")  # UTC−11
    with clock("Pacific/Kiritimati"), SessionStore(paths.database_path()) as store:  # UTC+14
        add_session(store, datetime.now(UTC) - timedelta(days=3))
        their_today = datetime.now(theirs).date()
        write_report(store, tmp_path / "theirs.pdf", tz=theirs, patient_name="Sam")
        days = {their_today, datetime.now(theirs).date()}  # midnight may pass meanwhile
    text = " ".join(text_of(tmp_path / "theirs.pdf").split())
    assert any(f"– {d.day} {d:%b %Y} 1 session in this period" in text for d in days), \
        text[:200]


@needs_poppler
def test_one_day_is_said_in_the_singular(qapp, painease_home, tmp_path):
    from painease.report import write_report

    with SessionStore(paths.database_path()) as store:
        add_session(store, datetime.now(UTC) - timedelta(hours=1), pre=(6, 7), post=(4, 3))
        write_report(store, tmp_path / "one.pdf")
    text = " ".join(text_of(tmp_path / "one.pdf").split())
    assert "0 of 1 day with a pain rating" in text
    assert "1 days" not in text

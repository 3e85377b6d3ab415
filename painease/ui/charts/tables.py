"""The Insights page's two cards of numbers below the charts: by kind of session, yardsticks.

``scripts_card(voice)`` builds "By kind of session" (a table: each script used in the
period, how many times it was done, how many of those were rated before and after (the
sessions its averages are over), the average change in pain and sense of threat, and a
reading under it); ``fill_scripts_table`` fills the table from ``InsightsData.scripts``.
``yardsticks_card()`` builds "Measures from pain research" (the clinical yardsticks'
counts and their definitions); ``yardstick_text`` says them from
``InsightsData.yardsticks``. Both are filled from the period's data alone, never from the
store; ``InsightsView`` places, shows and fills them.

Main thread only.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QLabel,
)

from painease.domain.summaries import (
    MEASURES_HEADING,
    ScriptRow,
    Yardsticks,
    no_shares_reason,
    share_notes,
    share_rows,
)
from painease.domain.vocabulary import (
    PAIN_NAME,
    THREAT_NAME,
    counted,
    signed_text,
)
from painease.domain.voice import Voice
from painease.ui.charts.scripts_table import ScriptsTable
from painease.ui.widgets import card, label

THREAT = THREAT_NAME.lower()
HEADERS = ["Session", "Done", "Rated before\nand after", PAIN_NAME, THREAT_NAME]


def change_text(value: float | None) -> str:
    """An average change as the table shows it, written as every change in the app is
    (``vocabulary.signed_text``, with a true minus sign): "−1.3", "+0.5", and "0.0" for no
    change (or one that rounds to none, never "−0.0" or "+0.0"); halves round away from
    zero; "–" when there is none."""
    if value is None:
        return "–"
    return signed_text(value).replace("-", "−")


def rated_text(row: ScriptRow) -> str:
    """How many sessions the row's averages are over (pain's and threat's, when they
    differ: results from files may have one scale without the other)."""
    if row.n_pain == row.n_fear:
        return str(row.n_pain)
    return f"{row.n_pain} (threat {row.n_fear})"


def scripts_card(voice: Voice) -> tuple[QFrame, ScriptsTable, QLabel]:
    """The "By kind of session" card, its table and its reading (empty until filled)."""
    box, inner = card()
    box.setObjectName("scripts-card")
    inner.addWidget(label("By kind of session", "heading"))
    inner.addWidget(label(f"Done: how many times {voice.who()} did it in this period. Pain "
                          f"and {THREAT}: the average change after a session (after − before, "
                          f"in points), over the sessions rated before and after only.",
                          "muted", name="scripts-hint"))
    table = ScriptsTable(HEADERS)
    table.setObjectName("by-script-table")
    table.setAccessibleName("Sessions by kind")
    table.setAccessibleDescription(f"For each session {voice.who()} used: how many times it "
                                   f"was done, how many of those were rated before and "
                                   f"after, and over those the average change in pain and "
                                   f"{THREAT}")
    table.setTabKeyNavigation(False)  # Tab leaves the table; the arrows move in it
    table.verticalHeader().hide()
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    inner.addWidget(table)
    reading = label("", name="scripts-reading")
    inner.addWidget(reading)
    return box, table, reading


def fill_scripts_table(table: ScriptsTable, scripts: Sequence[ScriptRow],
                       titles: Mapping[str, str]) -> None:
    """One row per script, named by its title; the table as tall as
    its first eight (``ScriptsTable.fit``)."""
    table.set_rows([(titles.get(script.script_id, script.script_id), str(script.sessions),
                     rated_text(script), change_text(script.mean_pain_change),
                     change_text(script.mean_fear_change)) for script in scripts])


def yardsticks_card() -> tuple[QFrame, QLabel, QLabel]:
    """The yardsticks' card ("Measures from pain research"), its counts label and its
    definitions label."""
    box, inner = card()
    box.setObjectName("yardsticks-card")
    # Headed in a patient's words ("Yardsticks" was a researcher's).
    inner.addWidget(label(MEASURES_HEADING, "heading"))
    counts = label("", name="yardsticks")
    definitions = label("", "muted", name="yardstick-definitions")
    inner.addWidget(counts)
    inner.addWidget(definitions)
    return box, counts, definitions


def yardstick_text(y: Yardsticks) -> tuple[str, str]:
    """The counts (one line each) and the definitions for ``InsightsData.yardsticks``."""
    lines = []
    rows = share_rows(y)
    if rows:
        lines += [f"{name}: {value}." for name, value in rows]
        lines += share_notes(y)
    else:
        lines.append(no_shares_reason(y))
    if y.n_days:
        lines.append(f"Days with pain at 0–1: {y.days_0_1} of "
                     f"{counted(y.n_days, 'day', 'days')} with a pain rating.")
    return "\n".join(lines), "\n".join(y.definitions.values())

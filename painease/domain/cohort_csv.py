"""Reading a cohort table: one long CSV (a row per patient and time point) into ``Measure``s.

Contract
--------
* ``read_cohort_csv(path)`` / ``parse_cohort(lines, source)`` return one
  ``painease.domain.cohort.Measure`` per patient for ``cohort_outcomes``. The header needs
  ``patient_id``, ``group``, ``timepoint`` and ``pain`` (any order and case, each once;
  ``fear`` optional); a timepoint is a whole number from 1 (1 = baseline) or ``baseline``/``post``,
  and the post value is the ``post`` row or else the highest numbered one. Scores are 0-10;
  a blank cell, ``NaN`` or ``NA`` is missing. The format is documented in docs/cohort.md.
* Every problem is a ``CohortInputError`` reading ``FILE:LINE: what is wrong``, for
  example a missing column, a cell that is not a number or is outside 0-10, a patient in
  two groups or with two rows for one time point, ``post`` mixed with numbers above 1, or
  a file that is not UTF-8 or cannot be read.

Pure: the standard library; the only I/O is reading the file it is handed.
"""

from __future__ import annotations

import csv
import io
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from painease.domain.cohort import Measure

REQUIRED_COLUMNS = ("patient_id", "group", "timepoint", "pain")
MISSING_TEXT = frozenset({"", "nan", "na"})
# About 25 bytes a row, two rows a patient or more: a million patients fit.
MAX_TABLE_BYTES = 64 * 1024 * 1024


class CohortInputError(ValueError):
    """The cohort table cannot be used; the message reads ``FILE:LINE: what is wrong``."""


@dataclass(frozen=True)
class CohortRow:
    line: int
    patient_id: str
    group: str
    timepoint: int | str  # an integer >= 1, or 'post'
    pain: float | None
    fear: float | None


def read_cohort_csv(path: Path) -> list[Measure]:
    """Read a long cohort table; every problem is a ``CohortInputError`` naming FILE:LINE."""
    from painease.files import Unreadable, read_whole

    path = Path(path)
    try:
        # A regular file of at most MAX_TABLE_BYTES: a pipe would be waited on for ever,
        # /dev/zero is one endless line.
        data = read_whole(path, MAX_TABLE_BYTES, "a table of a million patients' ratings")
    except Unreadable as exc:
        raise CohortInputError(f"{path}: cannot read: {exc.reason}") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise CohortInputError(f"{path}: not UTF-8 text; save the table as UTF-8 CSV") from None
    del data
    return parse_cohort(io.StringIO(text, newline=""), str(path))


def parse_cohort(lines: Iterable[str], source: str = "<table>") -> list[Measure]:
    rows = _rows(lines, source)
    return _measures(rows, source)


def _rows(lines: Iterable[str], source: str) -> list[CohortRow]:
    reader = csv.reader(lines)
    try:
        header = next(reader)
    except StopIteration:
        raise CohortInputError(f"{source}:1: the file is empty; expected a header row with "
                               f"{', '.join(REQUIRED_COLUMNS)}") from None
    except csv.Error as exc:
        raise CohortInputError(f"{source}:1: {exc}") from None
    names = [h.strip().lower() for h in header]
    missing = [c for c in REQUIRED_COLUMNS if c not in names]
    if missing:
        hint = " (the table must be comma-separated)" if len(header) == 1 and ";" in header[0] \
            else ""
        raise CohortInputError(f"{source}:1: missing column(s) {', '.join(missing)}; the header "
                               f"needs {', '.join(REQUIRED_COLUMNS)} (fear optional){hint}")
    for name in (*REQUIRED_COLUMNS, "fear"):
        places = [str(at + 1) for at, each in enumerate(names) if each == name]
        if len(places) > 1:  # reading one would quietly ignore the other's values
            raise CohortInputError(f"{source}:1: the column {name} is in the header "
                                   f"{len(places)} times (columns {', '.join(places)}); "
                                   "keep one, so it is clear which values to read")
    index = {name: names.index(name) for name in (*REQUIRED_COLUMNS, "fear") if name in names}
    rows = []
    try:
        for record in reader:
            line = reader.line_num
            if not any(cell.strip() for cell in record):
                continue  # a blank line
            if len(record) != len(header):
                raise CohortInputError(f"{source}:{line}: {len(record)} cells, but the header "
                                       f"has {len(header)}")
            rows.append(_row(record, index, line, source))
    except csv.Error as exc:
        raise CohortInputError(f"{source}:{reader.line_num}: {exc}") from None
    if not rows:
        raise CohortInputError(f"{source}:2: no data rows after the header")
    return rows


def _row(record: list[str], index: dict[str, int], line: int, source: str) -> CohortRow:
    def cell(name: str) -> str:
        return record[index[name]].strip()

    where = f"{source}:{line}"
    patient, group = cell("patient_id"), cell("group")
    if patient.lower() in MISSING_TEXT:
        raise CohortInputError(f"{where}: patient_id is empty")
    if group.lower() in MISSING_TEXT:
        raise CohortInputError(f"{where}: group is empty for patient {patient}")
    return CohortRow(line, patient, group, _timepoint(cell("timepoint"), where),
                     _score(cell("pain"), "pain", where),
                     _score(cell("fear"), "fear", where) if "fear" in index else None)


def _timepoint(text: str, where: str) -> int | str:
    lowered = text.lower()
    if lowered == "baseline":
        return 1
    if lowered == "post":
        return "post"
    if re.fullmatch(r"\d+(\.0*)?", text) and int(float(text)) >= 1:
        return int(float(text))
    raise CohortInputError(f"{where}: timepoint {text!r} is not a whole number from 1 "
                           f"(1 = baseline) or 'baseline'/'post'")


def _score(text: str, what: str, where: str) -> float | None:
    if text.lower() in MISSING_TEXT:
        return None
    try:
        value = float(text)
    except ValueError:
        raise CohortInputError(f"{where}: {what} {text!r} is not a number (leave the cell "
                               f"blank or write NaN when it is missing)") from None
    if not math.isfinite(value) or not 0.0 <= value <= 10.0:
        raise CohortInputError(f"{where}: {what} {text} is outside 0-10")
    return value


def _measures(rows: list[CohortRow], source: str) -> list[Measure]:
    numbered = {r.timepoint for r in rows if isinstance(r.timepoint, int)}
    uses_post_label = any(r.timepoint == "post" for r in rows)
    if uses_post_label and numbered - {1}:
        line = next(r.line for r in rows if r.timepoint == "post")
        raise CohortInputError(f"{source}:{line}: 'post' mixed with numbered timepoints above 1;"
                               f" use either baseline/post or numbers")
    post_point = "post" if uses_post_label else max(numbered)
    seen: dict[tuple[str, int | str], int] = {}
    groups: dict[str, tuple[str, int]] = {}
    values: dict[str, dict[int | str, CohortRow]] = {}
    for r in rows:
        key = (r.patient_id, r.timepoint)
        if key in seen:
            raise CohortInputError(f"{source}:{r.line}: patient {r.patient_id} already has a row "
                                   f"for timepoint {r.timepoint} (line {seen[key]})")
        seen[key] = r.line
        first_group = groups.setdefault(r.patient_id, (r.group, r.line))
        if first_group[0] != r.group:
            raise CohortInputError(f"{source}:{r.line}: patient {r.patient_id} is in group "
                                   f"{r.group!r} here but {first_group[0]!r} on line "
                                   f"{first_group[1]}")
        values.setdefault(r.patient_id, {})[r.timepoint] = r
    measures = []
    for patient, by_time in values.items():
        before = by_time.get(1)
        after = by_time.get(post_point) if post_point != 1 else None
        measures.append(Measure(
            patient, groups[patient][0],
            before.pain if before else None, after.pain if after else None,
            before.fear if before else None, after.fear if after else None,
        ))
    return measures

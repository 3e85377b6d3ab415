"""A script with thousands of unknown keys is said in about one pass over its text.

Each key's line was once found by running a regex over every line before it: 5,000
unknown keys ran it 12.5 million times, and 60,000 (a 650 KB file) kept the script list
busy for minutes. The work is counted here, not timed."""

from __future__ import annotations

import re
from types import SimpleNamespace

import pytest

from painease.domain import script_loader, script_locator
from painease.domain.script_loader import ScriptError, parse_script

from .test_script_format import GOOD


class _Counted:
    """A compiled regex that counts its runs in ``runs``."""

    def __init__(self, pattern: re.Pattern, runs: list):
        self._pattern, self._runs = pattern, runs

    def __getattr__(self, name):
        found = getattr(self._pattern, name)
        if not callable(found):
            return found

        def run(*args, **kwargs):
            self._runs.append(name)
            return found(*args, **kwargs)

        return run


@pytest.fixture
def regex_runs(monkeypatch) -> list:
    """Every run of a regex the loader, or the locator that finds its problems' lines,
    holds or compiles while the test runs."""
    runs: list = []
    counted_re = SimpleNamespace(**{name: getattr(re, name) for name in dir(re)
                                    if not name.startswith("__")})
    counted_re.compile = lambda *args: _Counted(re.compile(*args), runs)
    for module in (script_loader, script_locator):
        for name, value in vars(module).copy().items():
            if isinstance(value, re.Pattern):
                monkeypatch.setattr(module, name, _Counted(value, runs))
        monkeypatch.setattr(module, "re", counted_re)
    return runs


def refused_with_keys(key_line) -> tuple[list, int]:
    """A good script with 2,000 unknown keys (``key_line(i)`` each) before its first step:
    the problems the loader says, and how many lines the script has."""
    text = GOOD.replace("[[steps]]", "".join(key_line(i) for i in range(2_000)) +
                        "[[steps]]", 1)
    with pytest.raises(ScriptError) as caught:
        parse_script(text, "s.toml")
    return caught.value.problems, text.count("\n")


def test_thousands_of_unknown_keys_are_each_found_in_one_pass(regex_runs):
    problems, lines = refused_with_keys(lambda i: f"k{i} = 1\n")
    assert [p.line for p in problems[:3]] == [9, 10, 11]  # each on its own line
    assert problems[0].message.startswith("k0: unknown key; check the spelling")
    assert len(regex_runs) < 3 * lines, f"{len(regex_runs):,} regex runs for {lines:,} lines"


def test_keys_named_with_an_equals_sign_are_read_for_only_the_first_hundred(regex_runs):
    # A quoted name holding '=' is looked for line by line: the first hundred are found,
    # the rest are said at their table's start (here the file's), not looked for.
    said, lines = refused_with_keys(lambda i: f'"a={i}" = 1\n')
    problems = {p.message.split(":")[0]: p.line for p in said}
    assert (problems["a=0"], problems["a=99"], problems["a=1999"]) == (9, 108, 1)
    assert len(regex_runs) < 110 * lines, f"{len(regex_runs):,} regex runs for {lines:,} lines"

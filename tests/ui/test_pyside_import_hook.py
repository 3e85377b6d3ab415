"""``exempt_from_looks``: PySide6's import hook no longer looks at a package's modules.

Real PySide6 hook, real packages written to a folder: a module whose ``__getattr__`` notes
each time it is asked for ``__wrapped__`` (what the hook's look asks) shows whether it was
looked at."""

from __future__ import annotations

import importlib
import sys

import pytest
from PySide6 import QtCore  # noqa: F401 - the hook is there once PySide6 is

from painease.ui.pyside_import_hook import NOT_USING_PYSIDE, exempt_from_looks

ASKED = '''
import builtins

def __getattr__(name):
    if name == "__wrapped__":
        builtins.asked_for_wrapped.append(__name__)
    raise AttributeError(name)
'''


@pytest.fixture
def packages(tmp_path, monkeypatch):
    """Two packages alike, ``marked`` and ``unmarked``: each with a module, a subpackage
    with a module, and a stray file in ``__pycache__``; their modules note looks."""
    for top in ("marked", "unmarked"):
        for folder in (tmp_path / top, tmp_path / top / "sub"):
            folder.mkdir()
            (folder / "__init__.py").write_text(ASKED)
        (tmp_path / top / "some.py").write_text(ASKED)
        (tmp_path / top / "sub" / "deeper.py").write_text(ASKED)
        (tmp_path / top / "__pycache__").mkdir()
        (tmp_path / top / "__pycache__" / "stray.py").write_text("")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setattr("builtins.asked_for_wrapped", [], raising=False)
    record = sys.modules["shibokensupport.feature"].pyside_feature_dict
    yield record
    for names in (sys.modules, record):
        for name in [name for name in names if name.split(".")[0] in ("marked", "unmarked")]:
            del names[name]


def test_a_marked_package_is_never_looked_at_and_another_still_is(packages):
    import builtins

    assert exempt_from_looks("marked") == 4
    assert "marked" not in sys.modules  # found, not imported
    assert {name: packages[name] for name in packages if name.startswith("marked")} == {
        name: NOT_USING_PYSIDE
        for name in ("marked", "marked.some", "marked.sub", "marked.sub.deeper")}
    import marked.some  # noqa: F401 - each import statement returns a module to the hook
    import marked.sub.deeper  # noqa: F401
    from marked import some  # noqa: F401
    from marked.sub import deeper  # noqa: F401

    assert builtins.asked_for_wrapped == []  # none of them was looked at
    import unmarked.sub.deeper  # noqa: F401
    from unmarked.sub import deeper as other  # noqa: F401

    assert builtins.asked_for_wrapped == ["unmarked", "unmarked.sub"]
    assert importlib.import_module("marked.sub.deeper").__name__ == "marked.sub.deeper"


def test_what_the_hook_already_found_is_kept(packages):
    packages["marked.some"] = 0  # as if looked at: a PySide6 user
    assert exempt_from_looks("marked") == 3
    assert packages["marked.some"] == 0
    assert exempt_from_looks("marked") == 0  # twice is once


def test_nothing_is_marked_without_the_hook_s_record_or_the_package(packages, monkeypatch):
    assert exempt_from_looks("no_such_package_here") == 0
    monkeypatch.delitem(sys.modules, "shibokensupport.feature")
    assert exempt_from_looks("marked") == 0
    assert "marked" not in packages

"""Keeping PySide6's import hook from looking at pydantic (``exempt_from_looks``).

Once PySide6 is imported, every ``import`` statement goes through its hook
(``builtins.__import__`` is shiboken's ``__feature_import__``). The hook looks, once, at
each module an import statement returns, to see whether its source uses PySide6
(``shibokensupport.feature.feature_imported``: ``inspect.getsource``, whose
``inspect.unwrap`` asks the module for ``__wrapped__``), and writes down what it found in
``shibokensupport.feature.pyside_feature_dict`` (-1: not a PySide6 user, never looked at
again). While a thread is in a look, the hook is off for every thread (PySide6 puts
``builtins.__orig_import__`` in its place meanwhile): a module returned on another thread
then is not looked at, and is looked at the next time an import statement returns it,
wherever that is.

pydantic's modules answer an attribute they lack (their ``__getattr__``,
``pydantic._migration``) with ``from ._internal._validators import import_string``. The
hook normally looks at them before that module is imported; a look put off past that point
can come while it is still half made on the same thread (its own ``from pydantic.errors
import ...`` returns ``pydantic.errors``), and the import fails: "cannot import name
'import_string' from partially initialized module 'pydantic._internal._validators' (most
likely due to a circular import)". The start-up worker imports pydantic (the catalog)
while the GUI thread goes on importing what the window needs, and the GUI thread's looks
(Home's import of ``painease.domain.wrong_clock``, once the store is ready, fell inside the
worker's pydantic import in each start measured) put the worker's off: about one start in
a hundred said the sessions could not be loaded. Importing again does not help: the failed
look leaves ``pydantic.errors`` not looked at, and the next try fails the same way.

``exempt_from_looks("pydantic")`` writes down, before pydantic is imported, what the looks
would find (no pydantic module uses PySide6), so the hook never looks at them, on any thread
and at any time. It reads no module and imports none: the names come from the package's
folder. Without PySide6's hook (the command-line tools), or a PySide6 that keeps no such
record, it does nothing. Any thread.
"""

from __future__ import annotations

import os
import sys

NOT_USING_PYSIDE = -1  # the hook's own mark for "this module does not use PySide6"


def exempt_from_looks(package: str) -> int:
    """Mark every module of ``package`` (found, not imported) as not using PySide6 for
    PySide6's import hook; returns how many names were newly marked."""
    feature = sys.modules.get("shibokensupport.feature")
    looked = getattr(feature, "pyside_feature_dict", None)
    if not isinstance(looked, dict):
        return 0
    from importlib.util import find_spec

    try:
        spec = find_spec(package)
    except (ImportError, ValueError):
        return 0
    if spec is None:
        return 0
    marked = 0
    for name in module_names(package, spec.submodule_search_locations or []):
        if name not in looked:
            looked[name] = NOT_USING_PYSIDE
            marked += 1
    return marked


def module_names(package: str, folders) -> list[str]:
    """The dotted names of ``package`` and of the modules and packages in its folders."""
    names = [package]
    for folder in folders:
        for where, subfolders, files in os.walk(folder):
            subfolders[:] = [sub for sub in subfolders if sub != "__pycache__"]
            relative = os.path.relpath(where, folder)
            prefix = package if relative == "." else ".".join(
                [package, *relative.split(os.sep)])
            for file in files:
                stem, extension = os.path.splitext(file)
                if extension == ".py" and stem != "__init__":
                    names.append(f"{prefix}.{stem}")
                elif file == "__init__.py" and prefix != package:
                    names.append(prefix)
    return names

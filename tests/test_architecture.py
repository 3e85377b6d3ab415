"""The architecture holds: lower layers stay Qt-free, layers point down, nothing goes online.

See DESIGN.md's "Layers": only ``painease.ui`` may import PySide6/pyqtgraph, and the app
never opens a network connection. The import-linter contracts live in pyproject.toml.
"""

from __future__ import annotations

import ast
import importlib.util
import json
import shutil
import socket
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
PACKAGE_DIR = REPO / "painease"
QT_FREE_PACKAGES = ["painease.domain", "painease.storage", "painease.audio"]

# Imports that open (or exist to open) network connections. urllib.parse is allowed: it
# only splits strings (file URLs, query strings) and never touches the network.
NETWORK_MODULES = (
    "socket",
    "socketserver",
    "ssl",
    "urllib.request",
    "urllib.robotparser",
    "http.client",
    "http.server",
    "http.cookiejar",
    "requests",
    "httpx",
    "urllib3",
    "aiohttp",
    "websocket",
    "websockets",
    "ftplib",
    "smtplib",
    "poplib",
    "imaplib",
    "xmlrpc",
    "PySide6.QtNetwork",
    "PySide6.QtWebEngineCore",
    "PySide6.QtWebEngineWidgets",
)


@pytest.mark.slow
@pytest.mark.parametrize("package", QT_FREE_PACKAGES)
def test_lower_layers_import_without_qt(package):
    if importlib.util.find_spec(package) is None:
        pytest.skip(f"{package} does not exist yet")
    # A fresh interpreter, so nothing imported by pytest or pytest-qt can hide a leak.
    probe = textwrap.dedent(
        f"""
        import importlib, json, pkgutil, sys

        def qt_loaded():
            return sorted(
                m for m in sys.modules
                if m in ("PySide6", "pyqtgraph", "shiboken6")
                or m == "painease.ui" or m.startswith("painease.ui.")
            )

        def fail(name):
            raise SystemExit(f"cannot import {{name}}")

        culprits = {{}}
        def load(name):
            before = qt_loaded()
            importlib.import_module(name)
            after = qt_loaded()
            if after != before:
                culprits[name] = after

        load({package!r})
        root = sys.modules[{package!r}]
        names = [root.__name__]
        for info in pkgutil.walk_packages(root.__path__, root.__name__ + ".", onerror=fail):
            load(info.name)
            names.append(info.name)
        print(json.dumps({{"imported": names, "qt": qt_loaded(), "culprits": culprits}}))
        """
    )
    proc = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, f"importing {package} failed:\n{proc.stderr}"
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    assert result["imported"]
    assert result["qt"] == [], (
        f"{package} must not load Qt or painease.ui, but these imports did: {result['culprits']}"
    )


@pytest.mark.slow
def test_import_linter_contracts_hold():
    lint_imports = shutil.which("lint-imports", path=str(Path(sys.executable).parent))
    assert lint_imports, "lint-imports not found next to the interpreter; install '.[test]'"
    proc = subprocess.run(
        [lint_imports, "--no-cache"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, f"import-linter contracts broken:\n{proc.stdout}\n{proc.stderr}"


def _imported_modules(tree: ast.AST):
    """Yield (line, dotted name) for every absolute import, incl. import_module("x")."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.lineno, node.module
            for alias in node.names:
                yield node.lineno, f"{node.module}.{alias.name}"
        elif isinstance(node, ast.Call) and _is_dynamic_import(node):
            yield node.lineno, node.args[0].value


def _is_dynamic_import(call: ast.Call) -> bool:
    """``__import__("x")`` or ``importlib.import_module("x")`` with a literal name."""
    func = call.func
    name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
    return (
        name in ("__import__", "import_module")
        and bool(call.args)
        and isinstance(call.args[0], ast.Constant)
        and isinstance(call.args[0].value, str)
    )


def _is_network_module(name: str) -> bool:
    return any(name == bad or name.startswith(bad + ".") for bad in NETWORK_MODULES)


def test_no_module_imports_networking():
    sources = sorted(PACKAGE_DIR.rglob("*.py"))
    assert sources, f"no Python files under {PACKAGE_DIR}"
    offenders = []
    for path in sources:
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for line, name in _imported_modules(tree):
            if _is_network_module(name):
                offenders.append(f"{path.relative_to(REPO)}:{line}: imports {name}")
    assert not offenders, "painease is offline-only, but:\n" + "\n".join(offenders)


def test_network_module_check_catches_the_usual_spellings():
    code = textwrap.dedent(
        """
        import socket
        import urllib.request as r
        from http import client
        from requests import get
        import importlib; importlib.import_module("httpx")
        from urllib.parse import quote
        from http import HTTPStatus
        """
    )
    found = {name for _, name in _imported_modules(ast.parse(code)) if _is_network_module(name)}
    assert {"socket", "urllib.request", "http.client", "requests", "httpx"} <= found
    assert not any(name.startswith(("urllib.parse", "http.HTTPStatus")) for name in found)


# --- the network block in conftest.py ---------------------------------------------------


def test_network_is_blocked(network_attempts):
    for address in (("127.0.0.1", 9), ("::1", 9)):
        with pytest.raises(RuntimeError, match="offline"):
            socket.create_connection(address, timeout=1)
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        with pytest.raises(RuntimeError, match="offline"):
            sock.connect(("127.0.0.1", 9))
        with pytest.raises(RuntimeError, match="offline"):
            sock.connect_ex(("127.0.0.1", 9))
    with (
        socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock,
        pytest.raises(RuntimeError, match="offline"),
    ):
        sock.sendto(b"x", ("127.0.0.1", 9))
    with pytest.raises(RuntimeError, match="offline"):
        socket.getaddrinfo("localhost", 80)
    with pytest.raises(RuntimeError, match="offline"):
        socket.gethostbyname("localhost")
    assert len(network_attempts) == 7


def test_unix_sockets_still_work(tmp_path):
    path = str(tmp_path / "s")
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as server:
        server.bind(path)
        server.listen(1)
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as client:
            client.connect(path)
            conn, _ = server.accept()
            with conn:
                client.sendall(b"ok")
                assert conn.recv(2) == b"ok"


@pytest.mark.slow
def test_a_swallowed_network_attempt_still_fails_the_test(tmp_path):
    # Run a tiny suite with a copy of our conftest: code that catches the error must not
    # turn a network attempt into a pass.
    shutil.copy(Path(__file__).with_name("conftest.py"), tmp_path / "conftest.py")
    (tmp_path / "test_inner.py").write_text(
        textwrap.dedent(
            """
            import socket

            def test_swallows():
                try:
                    socket.create_connection(("127.0.0.1", 9), timeout=1)
                except Exception:
                    pass

            def test_offline_is_fine():
                assert True
            """
        )
    )
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(tmp_path)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert "1 failed, 1 passed" in proc.stdout, proc.stdout + proc.stderr
    assert "tried to use the network" in proc.stdout

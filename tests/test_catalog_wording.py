"""What the catalog says of odd data folders and odd script files (a bad-input probe):
a file where a folder should be, a clip path outside the right folder, a clip that may
not be read, old-Mac line endings, a format number past any size. Real files in the
test's data folder, the real command where permissions matter."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

from painease import paths
from painease.catalog import check_files, load_catalog
from painease.domain.script_loader import ScriptError, parse_script
from tests.test_catalog import SCRIPT, write_clip, write_script
from tests.test_cli import REPO, painease


@pytest.mark.parametrize(("name", "said"), [
    ("scripts", "is a file, not a folder, so your own scripts are left out; move or rename "
                "it, and keep your scripts in a folder named scripts in its place"),
    ("packs", "is a file, not a folder, so the imported sets' scripts are left out; move "
              "or rename it, then import the sets' pack files again"),
])
def test_a_file_where_a_scripts_folder_should_be_is_said(painease_home, name, said):
    painease_home.mkdir()
    (painease_home / name).write_text("not a folder", encoding="utf-8")
    catalog = load_catalog()
    assert [(p.file, p.line, p.message) for p in catalog.problems] == [
        (str(painease_home / name), 1, said)]
    assert "paced-breathing" in catalog.entries  # the bundled ones still play
    listed = painease("scripts", data_dir=painease_home)
    assert f"skipped: {painease_home / name}:1: {said}" in listed.stderr.splitlines()


def test_a_link_to_nothing_where_the_scripts_folder_should_be_is_said(painease_home):
    painease_home.mkdir()
    (painease_home / "scripts").symlink_to(painease_home / "gone")
    [problem] = load_catalog().problems
    assert problem.file == str(painease_home / "scripts")
    assert problem.message.startswith("is not a folder, so your own scripts are left out")


def test_a_clip_outside_its_folder_names_the_folder_the_script_reads_from(painease_home):
    path = write_script(paths.data_dir())
    path.write_text(path.read_text().replace('clip = "clipped/hello.wav"',
                                             'clip = "../elsewhere/hello.wav"'))
    [problem] = load_catalog().problems
    assert (problem.file, problem.line) == (str(path), 12)
    assert problem.message == (f"step 1, clip: clip must be a path inside "
                               f"{painease_home.resolve() / 'audio'}/, without '/' at the "
                               "start or '..'")
    assert "assets/audio" not in problem.message


def test_a_clip_path_in_text_alone_names_no_folder_it_cannot_know():
    text = SCRIPT.format(id="clipped", length=1, ext="wav").replace(
        'clip = "clipped/hello.wav"', 'clip = "/etc/hello.wav"')
    with pytest.raises(ScriptError) as refused:
        parse_script(text, "s.toml")
    assert str(refused.value) == ("s.toml:12: step 1, clip: clip must be a path inside the "
                                  "audio folder beside the scripts folder, without '/' at the "
                                  "start or '..'")


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
def test_a_clip_that_may_not_be_read_is_said_so_not_to_be_added(tmp_path):
    path = write_script(tmp_path)
    write_clip(tmp_path)
    clip = tmp_path / "audio" / "clipped" / "hello.wav"
    clip.chmod(0)
    prefix = []
    if os.geteuid() == 0:
        if shutil.which("setpriv") is None:
            pytest.skip("root reads any file, and setpriv (to drop that) is missing")
        prefix = ["setpriv", "--bounding-set=-all", "--inh-caps=-all"]
    env = dict(os.environ, PYTHONPATH=str(REPO), PAINEASE_HOME=str(tmp_path / "home"))
    try:
        done = subprocess.run([*prefix, sys.executable, "-m", "painease", "check", str(path)],
                              capture_output=True, text=True, env=env, timeout=120,
                              check=False)
    finally:
        clip.chmod(0o600)
    if done.stderr.startswith("setpriv:"):
        pytest.skip(f"cannot drop root's powers here: {done.stderr}")
    assert done.returncode == 1
    assert done.stdout.splitlines() == [
        f"{path}:12: step 1, clip: the clip file {clip} cannot be read (permission denied); "
        "allow reading it (chmod u+r, and its folder's u+rx), or remove the clip line"]


def test_old_mac_line_endings_are_read_as_line_ends(tmp_path):
    path = write_script(tmp_path)
    write_clip(tmp_path)
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r"))
    catalog = check_files([path])
    assert catalog.problems == []
    assert catalog.get("clipped").script.steps[0].clip == "clipped/hello.wav"
    # Problems are still pinned to their line.
    path.write_bytes(path.read_bytes().replace(b'title = "With clips"', b'title = ""'))
    [problem] = check_files([path]).problems
    assert (problem.line, problem.message.split(":")[0]) == (3, "title")


@pytest.mark.parametrize(("number", "shown"), [
    ("9999999999999999999999", "9999999999999999999999"),
    ("9" * 5000, "99999999999999999999… (5,000 digits)"),
])
def test_a_format_number_past_any_size_is_said_plainly(number, shown):
    text = SCRIPT.format(id="clipped", length=1, ext="wav").replace("format = 1",
                                                                   f"format = {number}")
    with pytest.raises(ScriptError) as refused:
        parse_script(text, "s.toml")
    [problem] = refused.value.problems
    assert problem.line == 1
    assert problem.message == (f"format: the file says format = {shown}, far too large a "
                               "number for a format version; this painease reads format 1, "
                               "so write format = 1")

"""Installing from a checkout: ``python3 tools/dev.py wheels``, then ``pip --find-links``.

Blocks is not on PyPI yet, so the README, the distributions' READMEs and the scaffolds'
READMEs tell a user to build every wheel into one folder and point pip at it. These tests
follow them in one throwaway venv: the command builds one wheel per distribution of the
repository; an app made by ``blocks new app`` installs its ``requirements.txt`` with the
line its README gives, and serves; a component made by ``blocks new component`` (of the
core installed from its wheel) builds its own wheel and installs from two folders with the
lines of its README; the README's lines install blocks-image and blocks-themes.

Every Blocks install adds ``--no-index`` to the documented line, so a Blocks distribution
can only come from the folders; their third-party dependencies (read from the wheels'
metadata) are installed from PyPI first.
"""

from __future__ import annotations

import email
import json
import os
import re
import shlex
import shutil
import socket
import subprocess
import sys
import tomllib
import urllib.request
import zipfile
from pathlib import Path

import pytest

from blocks.scaffold import create

ROOT = Path(__file__).resolve().parent.parent
PLACEHOLDER = "/path/to/blocks/dist"  # how the scaffolds' READMEs name the folder of wheels

pytestmark = pytest.mark.install


def wheel_prefix(name: str) -> str:
    return re.sub(r"[-_.]+", "_", name).lower()


def repository_distributions(plugins_only: bool = False) -> set[str]:
    """The names of the distributions in core/, packages/* and plugins/* (with
    ``plugins_only``, those that declare a Blocks plugin entry point: blocks-client,
    a program's library, has none)."""
    files = [ROOT / "core" / "pyproject.toml", *ROOT.glob("packages/*/pyproject.toml"),
             *ROOT.glob("plugins/*/pyproject.toml")]
    found = set()
    for path in files:
        project = tomllib.loads(path.read_text())["project"]
        if not plugins_only or "blocks" in project.get("entry-points", {}) or \
                project["name"] == "blocks-core":
            found.add(project["name"])
    return found


def metadata(wheel: Path) -> email.message.Message:
    with zipfile.ZipFile(wheel) as archive:
        [name] = [n for n in archive.namelist() if n.endswith(".dist-info/METADATA")]
        return email.message_from_bytes(archive.read(name))


def outer_env() -> dict[str, str]:
    """This process's environment without the test session's venv and Blocks settings."""
    env = {key: value for key, value in os.environ.items()
           if key not in ("VIRTUAL_ENV", "PYTHONPATH", "PYTHONHOME")
           and not key.startswith(("BLOCKS_", "NOX_"))}
    session_bin = str(Path(sys.executable).parent)
    env["PATH"] = os.pathsep.join(part for part in env.get("PATH", "").split(os.pathsep)
                                  if part != session_bin)
    return env


def readme_lines(readme: Path, prefix: str) -> list[str]:
    """The command lines of a README that start with ``prefix`` (indented or fenced)."""
    return [line.strip() for line in readme.read_text().splitlines()
            if line.strip().startswith(prefix)]


def pip_line(venv, line: str, wheels: Path, cwd: Path, *extra: str):
    """Run a README's ``pip ...`` line with this venv's pip, the folder of wheels in
    place of the README's placeholder, plus ``extra`` arguments."""
    args = shlex.split(line.replace(PLACEHOLDER, str(wheels)))  # "blocks-core[all]" quoted
    assert args[0] == "pip", line
    result = venv.command(venv.python, "-m", "pip", *args[1:], "--disable-pip-version-check",
                          *extra, cwd=cwd, timeout=900)
    assert result.returncode == 0, venv.describe(result)
    return result


# -- the command ----------------------------------------------------------------------------
@pytest.fixture(scope="module")
def build(tmp_path_factory):
    """``python3 tools/dev.py wheels -- dist``, run from a folder outside the checkout that
    already holds an old blocks-core wheel and someone else's wheel."""
    where = tmp_path_factory.mktemp("project")
    (where / "dist").mkdir()
    (where / "dist" / "blocks_core-0.0.1-py3-none-any.whl").write_bytes(b"an old build")
    (where / "dist" / "other-1.0-py3-none-any.whl").write_bytes(b"not ours")
    env = outer_env()
    python = shutil.which("python3", path=env["PATH"]) or sys.executable
    result = subprocess.run([python, str(ROOT / "tools" / "dev.py"), "wheels", "--", "dist"],
                            cwd=where, env=env, capture_output=True, text=True, timeout=900,
                            check=False)
    return result, where / "dist"


@pytest.fixture(scope="module")
def wheels(build) -> Path:
    result, folder = build
    assert result.returncode == 0, f"{result.stdout}\n{result.stderr}"
    return folder


def test_the_command_builds_one_wheel_per_distribution(build, wheels):
    result, _ = build
    built = sorted(path.name for path in wheels.glob("*.whl"))
    assert "blocks_core-0.0.1-py3-none-any.whl" not in built  # the old build is gone
    assert "other-1.0-py3-none-any.whl" in built  # what is not ours stays
    for name in repository_distributions():
        assert len([n for n in built if n.startswith(wheel_prefix(name) + "-")]) == 1, built
    assert f"install with: pip install --find-links {wheels}" in result.stderr


def test_the_core_wheel_ships_the_scaffolds(wheels):
    [core] = wheels.glob("blocks_core-*.whl")
    with zipfile.ZipFile(core) as archive:
        names = set(archive.namelist())
    assert "blocks/scaffolds/app/requirements.txt.tmpl" in names  # for `blocks new`
    assert "blocks/static/base.js" in names  # the browser runtime


def test_every_wheel_has_a_readme_that_works_as_a_pypi_page(wheels):
    for name in repository_distributions():
        [wheel] = wheels.glob(f"{wheel_prefix(name)}-*.whl")
        meta = metadata(wheel)
        assert meta["Description-Content-Type"] == "text/markdown", name
        page = meta.get_payload()
        assert page.startswith(f"# {name}\n"), name
        assert len(page) > 800, f"{name}: the README is too short to be a project page"
        assert "pip install" in page, name
        # PyPI shows the README alone: a relative link would lead nowhere.
        relative = re.findall(r"\]\((?!https?://|#)([^)]+)\)", page)
        assert not relative, f"{name} links to {relative}"


# -- installing from the folder -------------------------------------------------------------
@pytest.fixture(scope="module")
def venv(make_venv, wheels):
    """A fresh venv with the wheels' third-party dependencies (from PyPI) and no Blocks."""
    requirements = set()
    for wheel in wheels.glob("blocks*.whl"):
        for requirement in metadata(wheel).get_all("Requires-Dist") or []:
            if "extra ==" not in requirement and not requirement.startswith("blocks-"):
                requirements.add(requirement.split(";")[0].strip())
    venv = make_venv("from-wheels")
    venv.pip_install(*sorted(requirements))
    return venv


@pytest.fixture(scope="module")
def app(venv, wheels, tmp_path_factory) -> Path:
    """``blocks new app hello``, then its requirements installed as its README says."""
    folder = create("app", "hello", tmp_path_factory.mktemp("app")).path
    [line] = readme_lines(folder / "README.md", "pip install --find-links")
    assert line == f"pip install --find-links {PLACEHOLDER} -r requirements.txt"
    pip_line(venv, line, wheels, folder, "--no-index")
    return folder


def test_the_app_requirements_install_blocks_core_from_the_folder(venv, app):
    requirements = (app / "requirements.txt").read_text()
    assert f"pip install --find-links {PLACEHOLDER} -r requirements.txt" in requirements
    result = venv.python_code("import blocks, importlib.metadata as m; print(blocks.__file__); "
                              "print(m.version('blocks-core'))")
    assert result.returncode == 0, venv.describe(result)
    location, version = result.stdout.split()
    assert Path(location).is_relative_to(venv.path)  # installed, not the checkout's
    assert version == tomllib.loads((ROOT / "core/pyproject.toml").read_text())["project"][
        "version"]


def test_the_app_serves(venv, app, run_server):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = venv.env(BLOCKS_SERVER_NAME="127.0.0.1", BLOCKS_SERVER_PORT=str(port))
    url = f"http://127.0.0.1:{port}/"
    with run_server([venv.python, "app.py"], url, app, env):
        with urllib.request.urlopen(url, timeout=10) as response:
            assert b"<title>Hello</title>" in response.read()
        with urllib.request.urlopen(url + "config", timeout=10) as response:
            components = json.load(response)["components"]
    assert {"Name", "Greeting"} <= {entry["props"].get("label") for entry in components}


def new_component(venv, wheels, where: Path, name: str, *options: str) -> Path:
    """``blocks new component NAME [options]`` of the core installed from its wheel; the
    component's wheel built and installed with the lines of its README."""
    result = venv.command("blocks", "new", "component", name, *options, "--dir", where)
    assert result.returncode == 0, venv.describe(result)
    folder = where / f"blocks-{name}"
    readme = folder / "README.md"
    [build_line] = readme_lines(readme, "pip wheel")
    pip_line(venv, build_line, wheels, folder)
    [install_line] = readme_lines(readme, "pip install --find-links dist")
    assert PLACEHOLDER in install_line
    pip_line(venv, install_line, wheels, folder, "--no-index")
    return folder


@pytest.fixture(scope="module")
def component(venv, app, wheels, tmp_path_factory) -> Path:
    """A component made by ``blocks new component``, installed from its wheel."""
    return new_component(venv, wheels, tmp_path_factory.mktemp("component"), "star-rating")


def test_a_component_installs_from_its_wheel(venv, component):
    assert list((component / "dist").glob("blocks_star_rating-0.1.0-py3-none-any.whl"))
    result = venv.python_code("import blocks as gr; import blocks_star_rating as p; "
                              "print(gr.StarRating.name, p.__file__)")
    assert result.returncode == 0, venv.describe(result)
    name, location = result.stdout.split()
    assert name == "star_rating"
    assert Path(location).is_relative_to(venv.path)  # from the wheel, not the folder


@pytest.fixture(scope="module")
def html_component(venv, component, wheels, tmp_path_factory) -> Path:
    """``blocks new component stars --html``, installed from its wheel the same way."""
    folder = new_component(venv, wheels, tmp_path_factory.mktemp("html-component"), "stars",
                           "--html")
    assert list((folder / "dist").glob("blocks_stars-0.1.0-py3-none-any.whl"))
    return folder


BOTH_SCAFFOLDS_APP = """\
import blocks as gr

with gr.Blocks() as demo:
    words = gr.StarRating(label="Words")
    food = gr.Stars(label="Food", value=1)
    said = gr.Textbox(label="Said")
    gr.on([words.submit, food.change], lambda w, n: f"{w}: {n}", [words, food], said)

demo.launch()
"""


def test_both_component_scaffolds_work_from_their_wheels_in_chromium(
        venv, component, html_component, page, run_server, tmp_path):
    from playwright.sync_api import expect
    (tmp_path / "both.py").write_text(BOTH_SCAFFOLDS_APP)
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = venv.env(BLOCKS_SERVER_NAME="127.0.0.1", BLOCKS_SERVER_PORT=str(port))
    with run_server([venv.python, "both.py"], f"http://127.0.0.1:{port}/", tmp_path,
                    env) as url:
        page.goto(url)
        page.get_by_label("Words").fill("dinner")
        page.get_by_role("group", name="Food").get_by_role("button", name="4 of 5").click()
        expect(page.get_by_label("Said")).to_have_value("dinner: 4")
        page.get_by_label("Words").fill("lunch")
        page.get_by_label("Words").press("Enter")
        expect(page.get_by_label("Said")).to_have_value("lunch: 4")
    modules = venv.python_code("import blocks as gr; print(gr.Stars.__module__, "
                               "gr.StarRating.__module__)")
    assert modules.stdout.split() == ["blocks_stars.stars", "blocks_star_rating.star_rating"]


def test_the_readme_lines_install_the_other_distributions(venv, app, wheels):
    lines = readme_lines(ROOT / "README.md", "pip install --find-links dist ")
    names = {shlex.split(line, comments=True)[4] for line in lines}
    assert {"blocks-core", "blocks-image", "blocks-themes", "blocks-core[all]"} <= names
    for line in lines:  # run where the README runs them: beside dist/
        pip_line(venv, line.split("#")[0], wheels, wheels.parent, "--no-index")
    result = venv.command("blocks", "plugins")
    assert result.returncode == 0, venv.describe(result)
    for distribution in repository_distributions(plugins_only=True):  # each registers one
        assert f"({distribution} " in result.stdout, venv.describe(result)
    listed = venv.command("python", "-m", "pip", "list", "--format=freeze")
    for distribution in repository_distributions():  # and every one is installed
        assert f"{distribution}==" in listed.stdout, venv.describe(listed)
    result = venv.python_code("import blocks as gr; print(gr.Image.__module__); "
                              "print(type(gr.themes.Soft()).__module__)")
    assert result.returncode == 0, venv.describe(result)
    assert result.stdout.split() == ["blocks_image.image", "blocks_themes.themes"]


def test_the_scaffolds_say_how_to_install_without_pypi(tmp_path):
    for kind, name in (("component", "star-rating"), ("theme", "ocean-breeze")):
        created = create(kind, name, tmp_path)
        readme = (created.path / "README.md").read_text()
        assert "python3 tools/dev.py wheels" in readme, kind
        distribution = created.names.distribution
        assert (f"pip install --find-links dist --find-links {PLACEHOLDER} {distribution}"
                in readme), kind
        assert "pip wheel --no-deps --wheel-dir dist ." in readme, kind

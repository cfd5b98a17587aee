"""Plugins found through the ``blocks`` entry-point group, as a third party ships them.

A throwaway distribution (hatchling, one entry point, one hook) is built and
pip-installed next to a real install of blocks-core; scripts then run in that
venv the way a user's would.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

pytestmark = pytest.mark.install

HELLO_COMPONENT = """\
from blocks.components import Component


class Hello(Component):
    name = "hello"
"""

HELLO_PLUGIN = """\
import blocks


@blocks.hookimpl
def blocks_register_components():
    from blocks_hello.hello import Hello
    return [Hello]
"""

# A typo in a hook name must fail loudly, not be ignored.
BROKEN_PLUGIN = """\
import blocks


@blocks.hookimpl
def blocks_register_componentz():
    return []
"""


def write_distribution(folder: Path, dist: str, entry_point: str, modules: dict[str, str]) -> Path:
    """A minimal hatchling project: ``dist`` with package ``dist_`` and one plugin."""
    package = dist.replace("-", "_")
    (folder / package).mkdir(parents=True)
    (folder / "pyproject.toml").write_text(textwrap.dedent(f"""\
        [build-system]
        requires = ["hatchling"]
        build-backend = "hatchling.build"

        [project]
        name = "{dist}"
        version = "0.0.1"
        dependencies = ["blocks-core"]

        [project.entry-points.blocks]
        {entry_point} = "{package}.plugin"

        [tool.hatch.build.targets.wheel]
        packages = ["{package}"]
        """))
    (folder / package / "__init__.py").write_text("")
    for name, source in modules.items():
        (folder / package / f"{name}.py").write_text(source)
    return folder


@pytest.fixture(scope="module")
def hello_venv(core_venv, tmp_path_factory):
    """The core venv with blocks-hello installed (entry point ``hello``)."""
    source = write_distribution(tmp_path_factory.mktemp("blocks-hello"), "blocks-hello",
                                "hello", {"hello": HELLO_COMPONENT, "plugin": HELLO_PLUGIN})
    core_venv.pip_install(str(source))
    return core_venv


@pytest.fixture(scope="module")
def broken_path(core_venv, tmp_path_factory) -> str:
    """A folder holding blocks-broken, for ``PYTHONPATH`` (never installed into the venv)."""
    source = write_distribution(tmp_path_factory.mktemp("blocks-broken"), "blocks-broken",
                                "broken", {"plugin": BROKEN_PLUGIN})
    target = tmp_path_factory.mktemp("broken-site")
    core_venv.pip_install("--no-deps", "--target", str(target), str(source))
    return str(target)


HELLO_AGAIN_PLUGIN = """\
import blocks
from blocks.components import Component


class HelloAgain(Component):
    name = "hello"


@blocks.hookimpl
def blocks_register_components():
    return [HelloAgain]
"""


@pytest.fixture(scope="module")
def clash_path(core_venv, tmp_path_factory) -> str:
    """blocks-hello-again, which also registers a component named "hello" (on PYTHONPATH)."""
    source = write_distribution(tmp_path_factory.mktemp("blocks-hello-again"),
                                "blocks-hello-again", "hello_again",
                                {"plugin": HELLO_AGAIN_PLUGIN})
    target = tmp_path_factory.mktemp("clash-site")
    core_venv.pip_install("--no-deps", "--target", str(target), str(source))
    return str(target)


def python(venv, code: str, **env: str):
    """Run ``code`` in ``venv`` with a clean environment plus ``env``."""
    return venv.python_code(textwrap.dedent(code), env=venv.env(**env))


RESOLVE_HELLO = """\
import blocks as gr
from blocks.registry import catalog
print(gr.Hello.__module__, gr.Hello.name, catalog().components["hello"] is gr.Hello)
"""

HELLO_MISSING = """\
import blocks as gr
print(gr.Textbox.name)
try:
    gr.Hello
except AttributeError as error:
    print("AttributeError:", error)
else:
    print("resolved")
"""


def test_entry_point_plugin_provides_a_component(hello_venv):
    result = python(hello_venv, RESOLVE_HELLO)
    assert result.returncode == 0, hello_venv.describe(result)
    assert result.stdout.split() == ["blocks_hello.hello", "hello", "True"]


def test_empty_load_plugins_loads_no_entry_point_plugin(hello_venv):
    result = python(hello_venv, HELLO_MISSING, BLOCKS_LOAD_PLUGINS="")
    assert result.returncode == 0, hello_venv.describe(result)
    lines = result.stdout.splitlines()
    assert lines[0] == "textbox"  # the built-in plugin always loads
    assert lines[1].startswith("AttributeError:"), hello_venv.describe(result)
    assert "Hello" in lines[1]


@pytest.mark.parametrize("allowed", ["hello", "hello,another", "blocks-hello"])
def test_load_plugins_names_the_plugins_to_load(hello_venv, allowed):
    result = python(hello_venv, RESOLVE_HELLO, BLOCKS_LOAD_PLUGINS=allowed)
    assert result.returncode == 0, hello_venv.describe(result)
    assert result.stdout.split() == ["blocks_hello.hello", "hello", "True"]


def test_load_plugins_leaves_out_other_plugins(hello_venv):
    result = python(hello_venv, HELLO_MISSING, BLOCKS_LOAD_PLUGINS="another")
    assert result.returncode == 0, hello_venv.describe(result)
    assert result.stdout.splitlines()[1].startswith("AttributeError:")


def test_misspelled_hook_fails_loudly(hello_venv, broken_path):
    code = """\
    import blocks as gr
    from blocks.exceptions import PluginError
    try:
        gr.Textbox
    except PluginError as error:
        print("PluginError:", error)
    else:
        print("no error")
    """
    result = python(hello_venv, code, PYTHONPATH=broken_path)
    assert result.returncode == 0, hello_venv.describe(result)
    assert result.stdout.startswith("PluginError:"), hello_venv.describe(result)
    assert "blocks_register_componentz" in result.stdout


def test_load_plugins_can_leave_out_a_broken_plugin(hello_venv, broken_path):
    result = python(hello_venv, RESOLVE_HELLO, PYTHONPATH=broken_path,
                    BLOCKS_LOAD_PLUGINS="hello")
    assert result.returncode == 0, hello_venv.describe(result)
    assert result.stdout.split() == ["blocks_hello.hello", "hello", "True"]


def test_blocks_plugins_lists_the_plugin(hello_venv):
    result = hello_venv.command("blocks", "plugins")
    assert result.returncode == 0, hello_venv.describe(result)
    assert "hello" in result.stdout, hello_venv.describe(result)


def test_blocks_plugins_reports_two_plugins_with_one_name(hello_venv, clash_path):
    result = hello_venv.command("blocks", "plugins",
                                env=hello_venv.env(PYTHONPATH=clash_path))
    assert result.returncode == 1, hello_venv.describe(result)
    assert "Traceback" not in result.stderr, hello_venv.describe(result)
    assert "hello  (blocks-hello 0.0.1" in result.stdout
    assert "hello_again  (blocks-hello-again 0.0.1" in result.stdout
    assert ("Conflict: Two plugins register a component named 'hello': 'hello' (blocks-hello) "
            "and 'hello_again' (blocks-hello-again)") in result.stderr
    assert "pip uninstall blocks-hello-again" in result.stderr


def test_an_app_names_both_distributions_of_a_conflict(hello_venv, clash_path):
    code = """\
    import blocks as gr
    from blocks.exceptions import PluginError
    try:
        gr.Textbox
    except PluginError as error:
        print("PluginError:", error)
    """
    result = python(hello_venv, code, PYTHONPATH=clash_path)
    assert result.returncode == 0, hello_venv.describe(result)
    assert "(blocks-hello) and 'hello_again' (blocks-hello-again)" in result.stdout
    assert "BLOCKS_LOAD_PLUGINS" in result.stdout

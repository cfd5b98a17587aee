"""What a user gets from ``pip install blocks-core``, then ``pip install blocks-image``.

Real (non-editable) installs into a throwaway venv: the core alone has the
built-in components and names the package that provides a missing one;
installing blocks-image adds ``gr.Image`` with no other step.
"""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.install

MISSING_IMAGE = "Image is provided by blocks-image: pip install blocks-image"


def test_core_alone_provides_builtin_components(core_venv):
    result = core_venv.python_code(
        "import blocks as gr; print(gr.Textbox.__module__, gr.Textbox.name)")
    assert result.returncode == 0, core_venv.describe(result)
    assert result.stdout.split() == ["blocks.components.textbox", "textbox"]


def test_core_alone_names_the_package_of_a_missing_component(core_venv):
    result = core_venv.python_code("import blocks as gr; gr.Image")
    assert result.returncode != 0, core_venv.describe(result)
    assert MISSING_IMAGE in result.stderr, core_venv.describe(result)
    # and the error is an AttributeError, so hasattr() and getattr(gr, x, default) work
    result = core_venv.python_code(
        "import blocks as gr; print(hasattr(gr, 'Image'), getattr(gr, 'Image', 'none'))")
    assert result.stdout.split() == ["False", "none"], core_venv.describe(result)


@pytest.fixture(scope="module")
def image_venv(core_venv):
    """The core venv after ``pip install ./packages/blocks-image``."""
    core_venv.pip_install(str(ROOT / "packages" / "blocks-image"))
    return core_venv


def test_installing_blocks_image_adds_gr_image(image_venv):
    result = image_venv.python_code(
        "import blocks as gr; print(gr.Image.__module__); print(gr.Textbox.name)")
    assert result.returncode == 0, image_venv.describe(result)
    module, textbox = result.stdout.split()
    assert module.startswith("blocks_image")
    assert textbox == "textbox"


def test_blocks_plugins_lists_blocks_image(image_venv):
    result = image_venv.command("blocks", "plugins")
    assert result.returncode == 0, image_venv.describe(result)
    assert "blocks-image" in result.stdout, image_venv.describe(result)

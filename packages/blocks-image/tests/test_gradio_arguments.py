"""Every keyword argument of Gradio 6.31's image classes is accepted by blocks-image.

``data/gradio_arguments.json`` lists them (read from gradio 6.31.0's signatures):
each is implemented, or warned about (``GRADIO_ONLY``), never a ``TypeError``.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

import blocks as gr

GRADIO = json.loads((Path(__file__).parent / "data" / "gradio_arguments.json").read_text())


@pytest.mark.parametrize("name", sorted(GRADIO["classes"]))
def test_every_gradio_argument_is_accepted(name):
    cls = getattr(gr, name)
    table = cls.gradio_only()
    missing = [arg for arg in GRADIO["classes"][name]
               if arg not in cls._accepted and arg not in table]
    assert not missing, f"gr.{name} would raise TypeError for Gradio's {missing}"


@pytest.mark.parametrize("name", sorted(GRADIO["dataclasses"]))
def test_option_classes_have_gradios_fields(name):
    cls = getattr(gr, name)
    fields = [field.name for field in dataclasses.fields(cls)]
    assert fields == GRADIO["dataclasses"][name]

"""Every keyword argument of Gradio 6.31's Audio and Video is accepted by blocks-media.

``data/gradio_arguments.json`` lists them (read from gradio 6.31.0's signatures):
each is implemented, or warned about (``GRADIO_ONLY``), never a ``TypeError``. Their
events are listener methods, except Audio's ``stream`` (streaming is not built yet).
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

import blocks as gr

GRADIO = json.loads((Path(__file__).parent / "data" / "gradio_arguments.json").read_text())
NOT_BUILT = {"stream"}


@pytest.mark.parametrize("name", sorted(GRADIO["classes"]))
def test_every_gradio_argument_is_accepted(name):
    cls = getattr(gr, name)
    table = cls.gradio_only()
    missing = [arg for arg in GRADIO["classes"][name]
               if arg not in cls._accepted and arg not in table]
    assert not missing, f"gr.{name} would raise TypeError for Gradio's {missing}"


@pytest.mark.parametrize("name", sorted(GRADIO["events"]))
def test_gradio_events_are_listeners(name):
    ours = {spec.name for spec in getattr(gr, name).EVENTS}
    assert set(GRADIO["events"][name]) - NOT_BUILT <= ours


def test_waveform_options_have_gradios_fields():
    fields = [field.name for field in dataclasses.fields(gr.WaveformOptions)]
    assert fields == GRADIO["dataclasses"]["WaveformOptions"]

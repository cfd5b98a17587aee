"""Every keyword argument Gradio 6 accepts is accepted by Blocks: implemented, or warned about.

``data/gradio_arguments.json`` lists Gradio 6.31's keyword arguments per class
(and of ``launch()`` and ``queue()``). A Gradio script passing any of them
must not die of a ``TypeError`` on Blocks; removing an entry of a
``GRADIO_ONLY`` table without implementing the argument fails here.
"""

from __future__ import annotations

import inspect
import json
from pathlib import Path

import pytest

import blocks as gr
from blocks.arguments import LAUNCH_GRADIO_ONLY, LAUNCH_REFUSED
from blocks.server import launch as launch_module

GRADIO = json.loads((Path(__file__).parent / "data" / "gradio_arguments.json").read_text())
CLASSES = {name: names for name, names in GRADIO["classes"].items() if "." not in name}


def _takes_any_keyword(cls) -> bool:
    """Gradio's ``**props`` (gr.HTML): any other keyword becomes a prop, no TypeError."""
    import warnings
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            cls(render=False, a_prop_of_the_app=1)
        except TypeError:
            return False
    return True


@pytest.mark.parametrize("name", sorted(CLASSES))
def test_every_gradio_argument_of_the_class_is_accepted(name):
    cls = getattr(gr, name)
    table = cls.gradio_only()
    any_keyword = "**" in table or _takes_any_keyword(cls)
    missing = [arg for arg in CLASSES[name]
               if arg not in cls._accepted and arg not in table and not any_keyword]
    assert not missing, f"gr.{name} would raise TypeError for Gradio's {missing}"
    if "**" in CLASSES[name]:
        assert any_keyword, f"Gradio's gr.{name} takes any keyword"


def test_every_gradio_launch_argument_is_known():
    params = set(inspect.signature(launch_module.launch).parameters) - {"blocks", "kwargs"}
    known = params | set(launch_module._SETTING_NAMES) | set(LAUNCH_GRADIO_ONLY) | \
        set(LAUNCH_REFUSED)
    missing = [arg for arg in GRADIO["classes"]["Blocks.launch"] if arg not in known]
    assert not missing, f"launch() would raise TypeError for Gradio's {missing}"


def test_every_gradio_queue_argument_is_implemented():
    params = set(inspect.signature(gr.Blocks.queue).parameters)
    assert set(GRADIO["classes"]["Blocks.queue"]) <= params

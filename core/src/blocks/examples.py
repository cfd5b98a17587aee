"""``gr.Examples``: sample inputs to click, shown as a ``gr.Dataset``.

Clicking an example puts its values in the input components. With ``fn`` and
``outputs``, the outputs can be cached (``cache_examples=True``: computed when
the app is made; ``"lazy"``: the first time someone clicks the example); a
click then shows the cached outputs at once. The cache lives on disk
(:mod:`blocks.example_cache`), survives restarts, and is made again when the
function's code, the examples or the components change.
"""

from __future__ import annotations

import csv
import threading
from pathlib import Path
from typing import Any, Callable, ClassVar

from blocks import context, files
from blocks.arguments import check_gradio_only
from blocks.environment import env
from blocks.events import _as_list

__all__ = ["Examples"]

_TRUE = ("1", "true", "yes")


class Examples:
    """Examples for the inputs of an app, shown as a ``gr.Dataset`` under its label.

    Args:
        examples: one list of values per example (a value per input), a flat list when
            there is one input, or a folder: its files (one input), or its ``log.csv``.
        inputs: the components the examples fill.
        outputs: the components ``fn`` fills (needed to cache or run on click).
        fn: the function that makes the outputs from the inputs.
        cache_examples: ``True`` (computed when the app is made), ``"lazy"`` (on first
            click), or ``False``; by default ``BLOCKS_CACHE_EXAMPLES`` /
            ``GRADIO_CACHE_EXAMPLES`` (``"true"``), else ``False``.
        cache_mode: ``"eager"`` or ``"lazy"``, for ``cache_examples=True``.
        examples_per_page: how many examples a page of the Dataset shows.
        label: the title over the examples.
        run_on_click: without a cache, run ``fn`` after filling the inputs.
        preprocess, postprocess: as a listener's (used when caching).
        api_name, api_visibility, api_description: the event that loads an example.
        batch: ``fn`` takes and returns lists (as with ``batch=True`` listeners).
        example_labels: a label per example, shown instead of its values.
        visible, elem_id: as for components.
    """

    GRADIO_ONLY: ClassVar = {"preload": "examples are not loaded when the page opens",
                   "_api_mode": "", "_initiated_directly": "", "show_api": ""}

    def __init__(self, examples, inputs, outputs=None, fn: Callable | None = None,
                 cache_examples: bool | str | None = None, cache_mode: str | None = None,
                 examples_per_page: int = 10, label: str | None = "Examples",
                 elem_id: str | None = None, run_on_click: bool = False,
                 preprocess: bool = True, postprocess: bool = True,
                 api_visibility: str = "undocumented", api_name: str | bool = "load_example",
                 api_description: str | None = None, batch: bool = False, *,
                 example_labels: list[str] | None = None, visible: bool = True,
                 **gradio_only: Any):
        check_gradio_only("Examples", {k: v for k, v in gradio_only.items()
                                       if not (k == "preload" and v is False)},
                          self.GRADIO_ONLY)
        from blocks.components.dataset import Dataset
        self.all_inputs = _as_list(inputs)  # what fn takes
        self.outputs = _as_list(outputs)
        if not self.all_inputs:
            raise ValueError("gr.Examples needs the input components the examples fill.")
        self.all_examples = _normalise(examples, len(self.all_inputs))
        # as in Gradio, an input no example has a value for is neither shown nor filled
        self.columns = [column for column in range(len(self.all_inputs))
                        if any(row[column] is not None for row in self.all_examples)] \
            or list(range(len(self.all_inputs)))
        self.inputs = [self.all_inputs[column] for column in self.columns]
        self.examples = [[row[column] for column in self.columns]
                         for row in self.all_examples]
        self.fn, self.batch = fn, batch
        self.preprocess, self.postprocess = preprocess, postprocess
        self.cache_examples, self.cache_mode = _cache_choice(cache_examples, cache_mode)
        if self.cache_examples and (fn is None or not self.outputs):
            raise ValueError("Caching examples needs fn and outputs: gr.Examples(..., fn=f, "
                             "outputs=[...], cache_examples=True).")
        self.run_on_click = run_on_click and fn is not None and bool(self.outputs)
        self.dataset = Dataset(components=self.inputs, samples=self.examples, type="index",
                               label=label, samples_per_page=examples_per_page,
                               sample_labels=example_labels, elem_id=elem_id,
                               visible=visible)
        self._cache = None
        self._lock = threading.Lock()
        blocks = context.root_blocks.get()
        if blocks is not None:
            self._attach(blocks, api_name, api_visibility, api_description)

    # -- values -------------------------------------------------------------------------
    def input_wire(self, index: int) -> list:
        """The wire values of example ``index`` for its inputs (files as the Dataset keeps
        them: the server handed those out when it showed the Dataset)."""
        shown = self.dataset.samples[index]
        return [shown[col] if files.is_file_data(shown[col]) else
                (None if value is None else component.postprocess(value))
                for col, (component, value) in enumerate(zip(self.inputs,
                                                              self.examples[index]))]

    def all_input_wire(self, index: int) -> list:
        """The wire values of every input fn takes (None where examples have none)."""
        shown = dict(zip(self.columns, self.input_wire(index)))
        return [shown.get(column) for column in range(len(self.all_inputs))]

    @property
    def cache(self):
        if self._cache is None and self.cache_examples:
            from blocks.example_cache import ExampleCache
            self._cache = ExampleCache(self)
        return self._cache

    def cached_outputs(self, index: int) -> list[dict]:
        """The outputs' updates for example ``index``: from disk, or computed and stored."""
        return self.cache.outputs(index)

    # -- events ---------------------------------------------------------------------------
    def _attach(self, blocks, api_name, api_visibility, api_description) -> None:
        from blocks.updates import update
        cached = bool(self.cache_examples)
        targets = self.inputs + (self.outputs if cached else [])

        def load_example(index):
            values = [update(value=value) for value in self.input_wire(index)]
            if cached:
                values += [_as_update(item) for item in self.cached_outputs(index)]
            return values[0] if len(values) == 1 else values

        lazy = cached and self.cache_mode == "lazy"
        listener = self.dataset.click(
            load_example, [self.dataset], targets, postprocess=False, api_name=api_name,
            api_visibility=api_visibility, api_description=api_description,
            queue=lazy, show_progress="full" if lazy else "hidden")
        listener.dependency.shapes_interactivity = False  # inputs stay editable
        self.load_listener = listener
        if cached and self.cache_mode == "eager":
            blocks.startup_fns.append(self.cache_all)
        elif self.run_on_click:
            listener.then(self.fn, self.all_inputs, self.outputs, api_name=False,
                          batch=self.batch, preprocess=self.preprocess,
                          postprocess=self.postprocess)

    def cache_all(self) -> None:
        """Fill the cache of every example (``cache_examples=True``, when an app is made)."""
        for index in range(len(self.examples)):
            self.cached_outputs(index)


def _as_update(item: dict) -> dict:
    """A stored output update (``{"value", "props"}``) as ``gr.update(...)``."""
    from blocks.updates import update
    fields = dict(item.get("props") or {})
    if "value" in item:
        fields["value"] = item["value"]
    return update(**fields)


def _cache_choice(cache_examples, cache_mode) -> tuple[bool, str]:
    if cache_examples is None:
        setting = env("CACHE_EXAMPLES") or ""
        cache_examples = setting.lower() in _TRUE
    if cache_examples == "lazy":
        return True, "lazy"
    if cache_examples not in (True, False):
        raise ValueError("cache_examples must be True, False or 'lazy'.")
    mode = cache_mode or env("CACHE_MODE") or "eager"
    if mode not in ("eager", "lazy"):
        raise ValueError("cache_mode must be 'eager' or 'lazy'.")
    return bool(cache_examples), mode


def _normalise(examples, n_inputs: int) -> list[list]:
    """A list with one list of values per example."""
    if isinstance(examples, (str, Path)):
        return _from_folder(Path(examples), n_inputs)
    if not isinstance(examples, (list, tuple)):
        raise TypeError("examples must be a list (one entry per example) or a folder.")
    nested = bool(examples) and isinstance(examples[0], (list, tuple))
    if not nested and n_inputs != 1:
        raise ValueError(f"Give each example as a list of {n_inputs} values.")
    rows = [list(example) if nested else [example] for example in examples]
    for row in rows:  # as in Gradio, a list of lists is one list of values per example
        if len(row) > n_inputs:
            raise ValueError(f"An example has {len(row)} values for {n_inputs} input(s): "
                             f"{row!r}.")
        row.extend([None] * (n_inputs - len(row)))  # the last inputs may have none
    return rows


def _from_folder(folder: Path, n_inputs: int) -> list[list]:
    if not folder.is_dir():
        raise ValueError(f"examples: {folder} is not a folder.")
    log = folder / "log.csv"
    if log.exists():
        with open(log, newline="", encoding="utf-8") as file:
            rows = list(csv.reader(file))[1:]
        return [[str(folder / cell) if (folder / cell).is_file() else cell
                 for cell in row[:n_inputs]] for row in rows]
    if n_inputs != 1:
        raise ValueError(f"A folder of examples for {n_inputs} inputs needs a log.csv "
                         "naming each example's values.")
    return [[str(path)] for path in sorted(folder.iterdir())
            if path.is_file() and not path.name.startswith(".")]

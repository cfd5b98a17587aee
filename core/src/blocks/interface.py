"""``gr.Interface``: an app made from one function, its inputs and its outputs.

``gr.Interface(fn, inputs, outputs)`` lays out the inputs in a column with
Clear and Submit buttons, the outputs in a second column with Flag buttons,
then the examples and the article. It is a ``gr.Blocks``: ``.queue()``,
``.launch()``, ``demo(...)`` and ``.render()`` inside another app all work.
"""

from __future__ import annotations

import html
import inspect
from typing import Any, Callable, ClassVar

from blocks import context
from blocks.arguments import check_gradio_only
from blocks.blocks import Blocks
from blocks.environment import env
from blocks.events import _as_list, on
from blocks.left_out import refused_method

__all__ = ["Interface", "component_from_shortcut"]

FLAGGING_MODES = ("never", "auto", "manual")
_BLOCKS_OPTIONS = ("theme", "css", "css_paths", "js", "head", "head_paths", "fill_width",
                   "delete_cache", "analytics_enabled")
# Gradio's shortcuts that are a component with settings: name -> (class, keyword arguments)
TEMPLATES = {
    "files": ("File", {"file_count": "multiple"}),
    "microphone": ("Audio", {"sources": ["microphone"]}),
    "mic": ("Audio", {"sources": ["microphone"]}),
    # Blocks never converts videos (docs/decisions.md, "Sound goes through soundfile")
    "playablevideo": ("Video", {}),
    "numpy": ("Dataframe", {"type": "numpy"}),
    "matrix": ("Dataframe", {"type": "array"}),
    "list": ("Dataframe", {"type": "array", "col_count": 1}),
}


def component_from_shortcut(name: str):
    """A new component from a Gradio shortcut: ``"text"``, ``"textbox"``, ``"image"``...

    Class names and their aliases match without case or underscores. A
    component whose package is not installed raises an error naming it.
    """
    from blocks.registry import catalog, providers
    wanted = name.lower().replace("_", "").replace(" ", "")
    class_name, kwargs = TEMPLATES.get(wanted, (None, {}))
    registry = catalog()
    known = {alias.lower(): cls for alias, cls in registry._by_class_name.items()}
    known.update({cls.name: cls for cls in registry.components.values()
                  if cls.name not in known})
    cls = known.get((class_name or wanted).lower())
    if cls is not None:
        return cls(render=False, **kwargs)
    for entry in providers().values():
        for listed in (*entry.get("components", ()), *entry.get("planned", ())):
            if listed.lower() == (class_name or wanted).lower():
                raise registry.missing_component_error(listed)
    raise ValueError(f"No component is called {name!r}; give a component (gr.Textbox()) "
                     "or one of the names of the installed ones (blocks plugins lists them).")


def _components(given) -> list:
    from blocks.components.base import Component
    found = []
    for item in _as_list(given):
        component = component_from_shortcut(item) if isinstance(item, str) else item
        if not isinstance(component, Component):
            raise TypeError(f"Inputs and outputs are components or their names, not {item!r}.")
        _take_out(component)
        found.append(component)
    return found


def _take_out(component) -> None:
    """A component made inside an open ``gr.Blocks`` is placed where the Interface puts it,
    not where it was made (as in Gradio)."""
    if component._parent is None:
        return
    component.unrender()
    blocks = context.root_blocks.get()
    if blocks is not None and blocks.blocks.get(component._id) is component:
        del blocks.blocks[component._id]
    component._id = None


class Interface(Blocks):
    """An app around one function: its inputs, a Submit button, its outputs.

    Args:
        fn: the function; it takes one argument per input and returns one value per output.
        inputs: components or their names (``"text"``, ``"number"``, ``"image"``); one or a
            list; ``None`` or ``[]`` for a function without inputs.
        outputs: the same for what the function returns.
        examples: example inputs, shown under the app (see ``gr.Examples``).
        cache_examples, cache_mode, examples_per_page, example_labels: as ``gr.Examples``.
        live: run the function whenever an input changes (no Submit button).
        title, description, article: Markdown shown above (title, description) and
            below (article) the app; the title also names the browser tab.
        flagging_mode: ``"manual"`` (a Flag button), ``"auto"`` (every run is flagged)
            or ``"never"``; by default ``BLOCKS_FLAGGING_MODE`` / ``GRADIO_FLAGGING_MODE``,
            else ``"manual"``.
        flagging_options: one Flag button per option (``"Flag as <option>"``), or
            ``(label, value)`` pairs.
        flagging_dir: the folder of the flagged samples' CSV file.
        flagging_callback: where flags go (a ``gr.CSVLogger`` by default).
        batch, max_batch_size: ``fn`` takes lists of inputs and returns lists of outputs.
        api_name, api_description, api_visibility: the function's API endpoint
            (``/predict`` by default).
        additional_inputs: more inputs, in an accordion under the others.
        additional_inputs_accordion: the accordion's label, or a ``gr.Accordion``.
        submit_btn, stop_btn, clear_btn: the buttons' text, or buttons (``clear_btn=None``
            removes it); Stop shows while a generator function runs, and stops it.
        concurrency_limit, time_limit, stream_every, show_progress, validator: as a
            listener's.
        deep_link: add a ``gr.DeepLinkButton`` (``True`` or its text).
        theme, css, css_paths, js, head, head_paths, fill_width, delete_cache: as
            ``gr.Blocks``.
    """

    from_pipeline = refused_method("Interface.from_pipeline")  # blocks.left_out
    GRADIO_ONLY: ClassVar = {"allow_duplication": "a Hugging Face Spaces feature",
                   "_api_mode": "", "preload_example": "examples are not loaded when the page "
                                                       "opens", "thumbnail": "",
                   "allow_flagging": "use flagging_mode"}

    def __init__(self, fn: Callable, inputs=None, outputs=None, examples=None, *,
                 cache_examples: bool | str | None = None, cache_mode: str | None = None,
                 examples_per_page: int = 10, example_labels: list[str] | None = None,
                 live: bool = False, title: str | None = None, description: str | None = None,
                 article: str | None = None, flagging_mode: str | None = None,
                 flagging_options=None, flagging_dir: str = ".gradio/flagged",
                 flagging_callback=None, batch: bool = False, max_batch_size: int = 4,
                 api_visibility: str = "public", api_name: str | None = None,
                 api_description: str | None = None, concurrency_limit: Any = "default",
                 additional_inputs=None, additional_inputs_accordion=None,
                 submit_btn: Any = "Submit", stop_btn: Any = "Stop", clear_btn: Any = "Clear",
                 show_progress: str = "full", time_limit: float | None = 30,
                 stream_every: float = 0.5, deep_link: Any = None, validator=None,
                 **kwargs: Any):
        blocks_options = {key: kwargs.pop(key) for key in _BLOCKS_OPTIONS if key in kwargs}
        if kwargs.pop("show_api", True) is False:  # Gradio 5's name
            api_visibility = "undocumented"
        if kwargs.get("preload_example") is False:  # what Blocks does anyway
            kwargs.pop("preload_example")
        check_gradio_only("Interface", kwargs, self.GRADIO_ONLY)
        super().__init__(title=title or "Blocks", mode="interface", **blocks_options)
        if not callable(fn):
            raise TypeError("gr.Interface needs a function: gr.Interface(fn, inputs, outputs).")
        self.fn, self.live, self.batch = fn, live, batch
        self.title_text, self.description, self.article = title, description, article
        self.input_components = _components(inputs)
        self.additional_inputs = _components(additional_inputs)
        self.output_components = _components(outputs)
        if not self.input_components and not self.output_components:
            raise ValueError("gr.Interface needs inputs, outputs or both.")
        _share_state(self.input_components, self.output_components)
        self.interface_type = _interface_type(self.input_components, self.output_components)
        self.flagging_mode = _flagging_mode(flagging_mode)
        self.flagging_options = _flagging_options(flagging_options)
        self.flagging_dir = flagging_dir
        if flagging_callback is None:
            from blocks.flagging import CSVLogger
            flagging_callback = CSVLogger()
        self.flagging_callback = flagging_callback
        self._flag_ready = False
        self.api_name = "predict" if api_name is None else api_name  # False: no endpoint
        self._listener_options = {
            "api_name": self.api_name, "api_description": api_description,
            "api_visibility": api_visibility, "concurrency_limit": concurrency_limit,
            "batch": batch, "max_batch_size": max_batch_size, "show_progress": show_progress,
            "time_limit": time_limit, "stream_every": stream_every, "validator": validator}
        streams = inspect.isgeneratorfunction(fn) or inspect.isasyncgenfunction(fn)
        with self:
            self._build(submit_btn, stop_btn if streams else None, clear_btn,
                        additional_inputs_accordion, deep_link)
            if examples is not None:
                from blocks.examples import Examples
                self.examples_handler = Examples(
                    examples, self.input_components + self.additional_inputs,
                    self.output_components, fn=fn, cache_examples=cache_examples,
                    cache_mode=cache_mode, examples_per_page=examples_per_page,
                    example_labels=example_labels, batch=batch,
                    run_on_click=False)
            if article:
                from blocks.components.markdown import Markdown
                Markdown(article)
        if context.root_blocks.get() is not None:  # made inside another app: placed there
            self.render()

    # -- layout ---------------------------------------------------------------------------
    def _build(self, submit_btn, stop_btn, clear_btn, accordion, deep_link) -> None:
        from blocks.components.markdown import Markdown
        from blocks.layouts import Column, Row
        if self.title_text:
            Markdown(f"<h1>{html.escape(self.title_text)}</h1>")
        if self.description:
            Markdown(self.description)
        kind = self.interface_type
        if kind == "output_only" and submit_btn == "Submit":
            submit_btn = "Generate"
        buttons, flag_buttons = (None, None, None), []
        with Row(equal_height=False):
            if kind != "output_only":
                with Column(variant="panel"):
                    for component in self.input_components:
                        component.render()
                    self._render_additional(accordion)
                    buttons = self._buttons(submit_btn, stop_btn, clear_btn)
                    if kind != "standard":
                        flag_buttons = self._flag_buttons()
            if kind in ("standard", "output_only"):
                with Column(variant="panel"):
                    for component in self.output_components:
                        if component not in self.input_components:  # a shared gr.State
                            component.render()
                    if kind == "output_only":
                        buttons = self._buttons(submit_btn, stop_btn, clear_btn)
                    flag_buttons = self._flag_buttons()
            if deep_link:
                from blocks.components.deep_link_button import DeepLinkButton
                if isinstance(deep_link, DeepLinkButton):
                    deep_link.render()
                else:
                    DeepLinkButton(**({"value": deep_link} if isinstance(deep_link, str)
                                      else {}))
        self._connect(*buttons, flag_buttons)

    def _render_additional(self, accordion) -> None:
        if not self.additional_inputs:
            return
        from blocks.layouts import Accordion
        if not isinstance(accordion, Accordion):
            accordion = Accordion(accordion or "Additional Inputs", open=False, render=False)
        accordion.render()
        with accordion:
            for component in self.additional_inputs:
                component.render()

    def _buttons(self, submit_btn, stop_btn, clear_btn):
        """Clear, Stop and Submit, in a row; Stop only for a generator, and hidden until
        it runs; no Submit when live (unless the function takes no inputs)."""
        from blocks.components.button import Button
        from blocks.components.clear_button import ClearButton
        from blocks.layouts import Row

        def make(given, cls, **options):
            if given is None or given is False:
                return None
            if isinstance(given, Button):
                return given
            return cls(value=str(given), render=False, **options)

        clear = make(clear_btn, ClearButton)
        stop = make(stop_btn, Button, variant="stop", visible=False)
        submit = None if self.live else make(submit_btn, Button, variant="primary")
        with Row():
            for button in (clear, stop, submit):
                if button is not None:
                    button.render()
        return submit, stop, clear

    def _flag_buttons(self) -> list:
        if self.flagging_mode != "manual":
            return []
        from blocks.components.button import Button
        from blocks.layouts import Row
        with Row():
            return [Button(label) for label, _ in self.flagging_options]

    # -- events ---------------------------------------------------------------------------
    def _connect(self, submit, stop, clear, flag_buttons) -> None:
        inputs = self.input_components + self.additional_inputs
        outputs = self.output_components
        if self.live and inputs:
            triggers = [c.stream if getattr(c, "streaming", False) and
                        "stream" in c.event_names() else c.change
                        for c in inputs if "change" in c.event_names() or
                        "stream" in c.event_names()]
            predict = on(triggers, self.fn, inputs, outputs, trigger_mode="always_last",
                         **self._listener_options)
        elif self.live:  # no inputs: once, when the page opens
            predict = self.load(self.fn, None, outputs, **self._listener_options)
        else:
            triggers = ([submit.click] if submit is not None else []) + \
                [c.submit for c in self.input_components if "submit" in c.event_names()]
            predict = on(triggers, self.fn, inputs, outputs, **self._listener_options)
            if stop is not None and submit is not None:
                self._connect_stop(triggers, predict, submit, stop)
        if clear is not None:
            clear.add([*inputs, *[c for c in outputs if c not in inputs]])
        if self.flagging_mode == "auto":
            flag = self._flag_function("")
            listener = predict.success(flag, inputs + outputs, None, preprocess=False,
                                       api_name=False, show_progress="hidden")
            listener.dependency.shapes_interactivity = False
        for button, (_, value) in zip(flag_buttons, self.flagging_options):
            listener = button.click(self._flag_function(value), inputs + outputs, None,
                                    preprocess=False, api_name=False, show_progress="hidden")
            listener.dependency.shapes_interactivity = False

    def _connect_stop(self, triggers, predict, submit, stop) -> None:
        from blocks.updates import update
        swap = on(triggers, lambda: (update(visible=False), update(visible=True)), None,
                  [submit, stop], queue=False, api_name=False, show_progress="hidden")
        swap.dependency.shapes_interactivity = False
        back = predict.then(lambda: (update(visible=True), update(visible=False)), None,
                            [submit, stop], queue=False, api_name=False,
                            show_progress="hidden")
        back.dependency.shapes_interactivity = False
        stopping = stop.click(None, None, None, cancels=[predict], api_name=False,
                              queue=False)
        stopping.dependency.shapes_interactivity = False

    # -- flagging ---------------------------------------------------------------------------
    def _flag_function(self, option: str):
        from blocks.messages import Info
        from blocks.request import Request

        def flag(*values, request: Request = None):
            if not self._flag_ready:
                self.flagging_callback.setup(
                    self.input_components + self.additional_inputs + self.output_components,
                    self.flagging_dir)
                self._flag_ready = True
            username = getattr(request, "username", None)
            count = self.flagging_callback.flag(list(values), option, username)
            if self.flagging_mode == "manual":
                Info(f"Flagged: sample {count} saved.", duration=3, title="Flag")

        return flag

    def __repr__(self):
        return (f"<gr.Interface {getattr(self.fn, '__name__', 'fn')}: "
                f"{len(self.input_components)} input(s) -> "
                f"{len(self.output_components)} output(s)>")


def _interface_type(inputs, outputs) -> str:
    if not outputs:
        return "input_only"
    if not inputs:
        return "output_only"
    if len(inputs) == len(outputs) and all(i is o for i, o in zip(inputs, outputs)):
        return "unified"
    return "standard"


def _share_state(inputs, outputs) -> None:
    """One ``gr.State`` among the inputs and one among the outputs are the same state."""
    from blocks.components.state import State
    ins = [i for i, c in enumerate(inputs) if type(c) is State]
    outs = [i for i, c in enumerate(outputs) if type(c) is State]
    if len(ins) == 1 and len(outs) == 1:
        outputs[outs[0]] = inputs[ins[0]]
    elif len(ins) > 1 or len(outs) > 1:
        raise ValueError("An Interface may have one gr.State input and one output; use "
                         "gr.Blocks for more.")


def _flagging_mode(mode) -> str:
    if mode is None:
        mode = env("FLAGGING_MODE") or "manual"
    if mode not in FLAGGING_MODES:
        raise ValueError(f"flagging_mode must be one of {', '.join(FLAGGING_MODES)}, "
                         f"not {mode!r}.")
    return mode


def _flagging_options(options) -> list[tuple[str, str]]:
    if options is None:
        return [("Flag", "")]
    if not isinstance(options, (list, tuple)):
        raise ValueError("flagging_options must be a list of strings or (label, value) "
                         "pairs.")
    if all(isinstance(option, str) for option in options):
        return [(f"Flag as {option}", option) for option in options]
    if all(isinstance(option, tuple) and len(option) == 2 for option in options):
        return [(str(label), str(value)) for label, value in options]
    raise ValueError("flagging_options must be a list of strings or (label, value) pairs.")


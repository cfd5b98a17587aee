"""``gr.Blocks``: the root of an app's tree, its dependencies and its launch."""

from __future__ import annotations

import types
from typing import Any, Callable, ClassVar

from blocks import context
from blocks.arguments import check_gradio_only
from blocks.events import (
    DECORATOR,
    SHOW_PROGRESS,
    TRIGGER_MODES,
    Dependency,
    EventSpec,
    Listener,
    _as_list,
)
from blocks.left_out import refused_method
from blocks.paths import existing_files
from blocks.queue_settings import check_queue_settings
from blocks.streaming import check_stream_options
from blocks.tree import Block, BlockContext, raise_duplicate

__all__ = ["Blocks"]

# Jobs that may wait in an app's queue when Blocks.queue(max_size=...) is not given: each
# holds its inputs, so an unbounded line is memory a crowd of pages can fill.
DEFAULT_MAX_SIZE = 10_000

_LISTENER_OPTIONS = {
    "api_name", "api_description", "api_visibility", "queue", "concurrency_limit",
    "concurrency_id", "trigger_mode", "show_progress", "show_progress_on",
    "scroll_to_output", "preprocess", "postprocess", "batch", "max_batch_size",
    "cancels", "js", "key", "validator", "every", "time_limit", "stream_every",
    "show_api", "like_user_message",
}


class Blocks(BlockContext):
    """An app: open it with ``with gr.Blocks() as demo:`` and ``demo.launch()``.

    Args:
        theme: a theme, or the name of an installed one (``"soft"``).
        analytics_enabled: accepted for Gradio scripts; Blocks never sends telemetry.
        mode: a name for the kind of app (kept, not used).
        title: the title of the browser tab.
        fill_height: stretch the app to the height of the window.
        fill_width: use the whole width of the window instead of a centred column.
        delete_cache: ``(frequency, age)`` in seconds: every ``frequency``, delete
            the files this app made that are older than ``age``.
        css: CSS added to every page.
        css_paths: files of CSS added to every page.
        js: a JavaScript function run when a page loads.
        head: HTML added to the ``<head>`` of every page.
        head_paths: files of HTML added to the ``<head>`` of every page.
    """

    name = "blocks"
    EVENTS = (EventSpec("load", "Run when a page of the app loads."),)
    GRADIO_ONLY: ClassVar = dict.fromkeys(("elem_id", "elem_classes", "visible", "render", "key",
                                 "preserved_by_key"), "an app's root takes no layout options")
    # Gradio methods Blocks leaves out: each names what to do instead (blocks.left_out)
    integrate = refused_method("Blocks.integrate")
    from_config = refused_method("Blocks.from_config")
    transpile_to_js = refused_method("Blocks.transpile_to_js")

    def __init__(self, theme=None, analytics_enabled: bool | None = None,
                 mode: str = "blocks", title: str = "Blocks", fill_height: bool = False,
                 fill_width: bool = False, delete_cache: tuple[int, int] | None = None,
                 css: str | None = None, css_paths=None, js: str | None = None,
                 head: str | None = None, head_paths=None, **gradio_only):
        check_gradio_only("Blocks", gradio_only, type(self).gradio_only())
        self.css_paths = existing_files(css_paths, "css_paths")
        self.head_paths = existing_files(head_paths, "head_paths")
        self.blocks: dict[int, Block] = {}
        self.dependencies: list[Dependency] = []
        self.queue_settings: dict = {"default_concurrency_limit": 1,
                                     "max_size": DEFAULT_MAX_SIZE,
                                     "status_update_rate": "auto", "api_open": True}
        self._next_id = 0
        self._root_tokens: list = []
        self._api_names: set[str] = set()
        self.server = None
        self.unload_fns: list[Callable] = []
        self.startup_fns: list[Callable] = []  # run when an app is made (examples' cache)
        super().__init__(render=False)
        self.adopt(self)

    # -- building ------------------------------------------------------------------
    def adopt(self, block: Block) -> None:
        if block._id is None or self.blocks.get(block._id) is not block:
            block._id = self._next_id
            self._next_id += 1
            self.blocks[block._id] = block

    def __enter__(self):
        self._root_tokens.append(context.root_blocks.set(self))
        return super().__enter__()

    def __exit__(self, *exc):
        super().__exit__(*exc)
        context.root_blocks.reset(self._root_tokens.pop())
        if exc[0] is None:
            self._attach_load_functions()
            for block in list(self.blocks.values()):  # gr.DeepLinkButton covers the app
                built = getattr(block, "app_built", None)
                if built is not None:
                    built(self)
        return False

    def _attach_load_functions(self):
        """Components built with a function as value recompute on load."""
        from blocks.components.base import Component
        for block in list(self.blocks.values()):
            if isinstance(block, Component) and block.load_fn is not None \
                    and not getattr(block, "_load_attached", False):
                block._load_attached = True
                inputs = _as_list(block.load_inputs)
                targets = [(self, "load")]
                targets += [(inp, "change") for inp in inputs if "change" in inp.event_names()]
                self.add_dependency(targets=targets, fn=block.load_fn, inputs=inputs,
                                    outputs=[block], api_name=None, queue=False,
                                    show_progress="hidden", trigger_mode="always_last",
                                    api_visibility="undocumented", every=block.every)

    def add_dependency(self, *, targets, fn: Callable | None, inputs, outputs,
                       **options) -> Dependency:
        dep = self.build_dependency(len(self.dependencies), self, targets=targets, fn=fn,
                                    inputs=inputs, outputs=outputs, **options)
        self.dependencies.append(dep)
        return dep

    def knows(self, block: Block) -> bool:
        return block._id is not None and self.blocks.get(block._id) is block

    def build_dependency(self, dep_id: int, scope, *, targets, fn: Callable | None, inputs,
                         outputs, **options) -> Dependency:
        """Check a listener's arguments and make its dependency.

        ``scope`` adopts components that are not placed yet (this Blocks, or the
        scope of a render run, whose components belong to one session).
        """
        unknown = set(options) - _LISTENER_OPTIONS
        if unknown:
            raise TypeError(f"Unknown listener argument(s): {', '.join(sorted(unknown))}")
        inputs_as_dict = isinstance(inputs, set)
        input_list = _as_list(inputs)
        output_list = _as_list(outputs)
        for block in (*input_list, *output_list):
            if not isinstance(block, Block):
                raise TypeError(f"Inputs and outputs must be components, not {block!r}.")
            if not self.knows(block) and not scope.knows(block):
                scope.adopt(block)
        if options.get("trigger_mode", "once") not in TRIGGER_MODES:
            raise ValueError(f"trigger_mode must be one of {TRIGGER_MODES}.")
        if options.get("show_progress", "full") not in SHOW_PROGRESS:
            raise ValueError(f"show_progress must be one of {SHOW_PROGRESS}.")
        targets = list(targets)
        if "stream_every" in options or "time_limit" in options:
            check_stream_options(options)
        every = options.pop("every", None)
        if every is not None:
            targets.append((timer_for(scope, every), "tick"))
        js = options.get("js")
        client_fn = fn if js is True else None
        if js is True:
            options["js"] = None
        options["show_progress_on"] = _as_list(options.get("show_progress_on"))
        known = {k: v for k, v in options.items() if k in Dependency.__dataclass_fields__}
        extra = {k: v for k, v in options.items() if k not in known}
        cancels = [c.dependency.id if isinstance(c, Listener) else c
                   for c in _as_list(known.pop("cancels", None))]
        api_name = known.pop("api_name", _NOT_GIVEN)
        show_api = extra.pop("show_api", True)
        if "api_visibility" not in known:
            if fn is None or api_name is False:  # programs may not call it
                known["api_visibility"] = "private"
            elif show_api is False:  # callable, not listed
                known["api_visibility"] = "undocumented"
        elif known["api_visibility"] not in ("public", "private", "undocumented"):
            raise ValueError("api_visibility must be 'public', 'private' or 'undocumented', "
                             f"not {known['api_visibility']!r}.")
        dep = Dependency(id=dep_id, targets=targets, fn=fn,
                         inputs=input_list, outputs=output_list,
                         inputs_as_dict=inputs_as_dict, cancels=cancels, extra=extra, **known)
        dep.api_name = scope._api_name_for(fn, api_name)
        if client_fn is not None:
            dep.client_updates = client_side_updates(dep, client_fn)
        return dep

    def _api_name_for(self, fn, api_name):
        if api_name is False or (not isinstance(api_name, str) and fn is None):
            return None
        base = api_name if isinstance(api_name, str) else getattr(fn, "__name__", "fn")
        if base == "<lambda>":
            base = "lambda"
        name, n = base, 1
        while name in self._api_names:
            name, n = f"{base}_{n}", n + 1
        self._api_names.add(name)
        return name

    def _load_listener(self, fn: Callable | str | None = DECORATOR, inputs=None, outputs=None,
                       **options):
        """Run ``fn`` whenever a page of this app loads.

        Called on the class (``gr.Blocks.load(name=url)``, ``gr.Interface.load``), or
        with ``src=``/``name=``, it is :func:`blocks.load`: an app that calls another.
        """
        if fn == DECORATOR and ("src" in options or "name" in options):
            from blocks.loading import load as load_app
            return load_app(**options)
        def attach(func):
            dep = self.add_dependency(targets=[(self, "load")], fn=func, inputs=inputs,
                                      outputs=outputs, **options)
            return Listener(self, dep)

        if fn == DECORATOR:
            def decorator(func):
                attach(func)
                return func
            return decorator
        return attach(fn)

    # `demo.load` is this function bound: as a trigger (`triggers=[demo.load]`) it names the
    # event by its name
    _load_listener.__name__ = "load"

    def render(self):
        """Place this app's layout and listeners inside the Blocks being built.

        For apps built whole by a class (``gr.ChatInterface``, ``gr.Interface``):
        made outside ``with gr.Blocks()``, ``.render()`` puts them where it is
        called, in a column (``gr.TabbedInterface``, or ``io.render()`` inside a
        tab); made inside one, they render themselves there at once. Their
        components get ids of the outer app, their listeners join its listeners
        (``load`` listeners run on its page loads) and their API names are made
        unique among its own. This app is emptied: launch the one it was placed
        in. A Blocks renders into one app: rendering it there again does nothing.
        """
        outer = context.root_blocks.get()
        if outer is None or outer is self or context.current_layout.get() is None:
            return self
        placed = getattr(self, "_rendered_into", None)
        if placed is outer:  # placed there already (an Interface made inside, then rendered)
            return self
        if placed is not None:
            raise_duplicate(self)
        self._rendered_into = outer
        from blocks.layouts import Column
        column = Column()
        for block in list(self.blocks.values()):
            if block is not self:
                block._id = None
                outer.adopt(block)
        for child in list(self.children):
            column.add_child(child)
        new_ids = {dep.id: len(outer.dependencies) + index
                   for index, dep in enumerate(self.dependencies)}
        for dep in self.dependencies:
            dep.id = new_ids[dep.id]
            if dep.trigger_after is not None:
                dep.trigger_after = new_ids[dep.trigger_after]
            dep.cancels = [new_ids.get(cancelled, cancelled) for cancelled in dep.cancels]
            dep.targets = [(outer if block is self else block, event)
                           for block, event in dep.targets]
            if dep.api_name is not None:
                dep.api_name = outer._api_name_for(dep.fn, dep.api_name)
            outer.dependencies.append(dep)
        outer.unload_fns.extend(self.unload_fns)
        outer.startup_fns.extend(self.startup_fns)
        self.children, self.dependencies, self.blocks = [], [], {self._id: self}
        self.unload_fns, self.startup_fns = [], []
        return self

    class _Load:
        """``load`` on an app is its load event; on the class, :func:`blocks.load`."""

        def __get__(self, obj, cls=None):
            if obj is None:
                from blocks.loading import load as load_app
                return load_app
            return types.MethodType(Blocks._load_listener, obj)

    load = _Load()

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        made = cls.__dict__.get("load")  # the event machinery's listener for EVENTS' "load"
        if getattr(made, "__qualname__", "").startswith("make_listener."):
            cls.load = Blocks.__dict__["load"]  # gr.Interface.load(src=...) works too

    def unload(self, fn: Callable) -> None:
        """Run ``fn()`` when a page's session ends (tab closed or reloaded)."""
        self.unload_fns.append(fn)

    # -- queue and serving -------------------------------------------------------
    def queue(self, status_update_rate="auto", api_open: bool | None = None,
              max_size: Any = "not_set", *,
              default_concurrency_limit: Any = "not_set") -> Blocks:
        """Set how the shared queue treats this app's events (see ``docs/queue.md``).

        ``max_size``: how many jobs may wait in all (10,000 unless given; ``None``:
        no limit); more are refused with a clear message.
        ``default_concurrency_limit``: the limit of listeners left at
        ``concurrency_limit="default"`` (1; ``None``: no limit).
        ``status_update_rate``: ``"auto"`` tells waiting pages their place as the
        line moves, a number of seconds tells them that often. ``api_open`` is kept
        for compatibility: every event goes through the queue.
        """
        check_queue_settings(status_update_rate, max_size, default_concurrency_limit)
        self.queue_settings["status_update_rate"] = status_update_rate
        if api_open is not None:
            self.queue_settings["api_open"] = api_open
        if max_size != "not_set":
            self.queue_settings["max_size"] = max_size
        if default_concurrency_limit != "not_set":
            self.queue_settings["default_concurrency_limit"] = default_concurrency_limit
        return self

    def launch(self, **kwargs):
        """Serve the app (see :func:`blocks.server.launch.launch` for arguments)."""
        from blocks.server.launch import launch
        return launch(self, **kwargs)

    def close(self, verbose: bool = True) -> None:
        """Stop the server started by :meth:`launch` and end every job."""
        if self.server is not None:
            self.server.stop()
            self.server = None

    def create_app(self, **settings):
        """Build the Flask app that serves this Blocks (for WSGI servers)."""
        from blocks.server.app import create_app
        return create_app(self, **settings)

    # -- using the app as a function -----------------------------------------------
    def _find_dependency(self, api_name=None, fn_index=None) -> Dependency:
        if fn_index is not None:
            return self.dependencies[fn_index]
        candidates = [d for d in self.dependencies if d.fn is not None]
        if api_name is not None:
            name = api_name.lstrip("/")
            for dep in candidates:
                if dep.api_name == name:
                    return dep
            raise ValueError(f"No event has api_name {api_name!r}.")
        if not candidates:
            raise ValueError("This app has no event to call.")
        return candidates[0]

    def __call__(self, *inputs, api_name: str | None = None, fn_index: int | None = None):
        """Run one event's function with Python values: ``demo("Ann")``."""
        from blocks.processing import call_dependency
        dep = self._find_dependency(api_name, fn_index)
        result = call_dependency(self, dep, list(inputs))
        return result[0] if len(result) == 1 else tuple(result)

    # -- config ------------------------------------------------------------------------
    def interactive_ids(self) -> tuple[set[int], set[int]]:
        inputs, outputs = set(), set()
        for dep in self.dependencies:
            if not dep.shapes_interactivity:
                continue
            inputs.update(b._id for b in dep.inputs)
            outputs.update(b._id for b in dep.outputs)
        return inputs, outputs

    def config(self, **options) -> dict:
        """The browser's config (options: ``page``, ``translate``; see blocks.config)."""
        from blocks.config import build_config
        return build_config(self, **options)

    def route(self, name: str, path: str | None = None, show_in_navbar: bool = True):
        """A page of its own: ``with demo.route("Settings"):`` serves at ``/settings``."""
        from blocks.multipage import route
        return route(self, name, path, show_in_navbar)


_NOT_GIVEN = object()


def timer_for(scope, every):
    """The timer that drives an ``every=`` listener (a hidden gr.Timer in ``scope``)."""
    from blocks.components.timer import Timer
    if isinstance(every, Timer):
        if every._id is None:
            scope.adopt(every)
            scope.add_child(every)
        return every
    timer = Timer(float(every), render=False)
    scope.adopt(timer)
    scope.add_child(timer)
    return timer


def client_side_updates(dep, fn) -> list:
    """Run a ``js=True`` function once to get the prop updates the browser applies.

    Such functions take no inputs and only change props, so their result is
    known when the app is built; the browser applies it at once and still
    sends the event to the server.
    """
    from blocks.processing import postprocess_outputs
    if dep.inputs:
        raise ValueError("A js=True function cannot take inputs.")
    updates = postprocess_outputs(dep, fn())
    if any("value" in update for update in updates):
        raise ValueError("A js=True function can only change props, not values; return "
                         "components or gr.update(...) without a value.")
    return updates


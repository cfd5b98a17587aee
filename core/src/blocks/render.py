"""``@gr.render``: parts of the page built per session by a Python function.

At build time the decorator leaves a :class:`Render` placeholder in the tree
and a dependency that runs the function (on ``demo.load`` and on ``.change``
of its inputs, unless ``triggers`` are given). Each run happens in a worker
thread for one session: components and listeners created by the function go
into a :class:`RenderScope` instead of the app, get ids of their own, and are
sent to that page as a ``render`` update that replaces the previous run's.

Keys: a component with ``key=`` keeps its id across runs, so the page reuses
its element and keeps the props listed in ``preserved_by_key`` (``value`` by
default); a listener with ``key=`` keeps its id, so a result that arrives
after a re-render still finds its way.
"""

from __future__ import annotations

import itertools
import threading
from typing import Callable

from blocks import context
from blocks.events import _open_blocks, change_targets, trigger_targets
from blocks.tree import Block, BlockContext

__all__ = ["render", "Render", "RenderScope", "SessionRenders"]

_dynamic_ids = itertools.count(1 << 30)  # ids of render-made blocks and listeners
_id_lock = threading.Lock()


def _next_id() -> int:
    with _id_lock:
        return next(_dynamic_ids)


class Render(BlockContext):
    """Where a render function's components appear (a layout of its own)."""

    name = "render"
    JS_MODULE = "components/render.js"


class RenderScope:
    """What a render run's components and listeners attach to (instead of the app)."""

    def __init__(self, blocks, placeholder: Render, record: RunRecord):
        self.app = blocks
        self.placeholder = placeholder
        self.record = record
        self.container = BlockContext(render=False)
        self.container._id = placeholder._id
        self.blocks: dict[int, Block] = {}
        self.dependencies: list = []
        self.keyed: dict = {}
        self._api_names: set[str] = set()

    # the Blocks interface the tree and listeners use
    def knows(self, block: Block) -> bool:
        return block._id is not None and self.blocks.get(block._id) is block

    def adopt(self, block: Block) -> None:
        if self.knows(block):
            return
        key = getattr(block, "key", None)
        identity = (block.name, _hashable(key)) if key is not None else None
        if identity is not None and identity in self.keyed:
            raise ValueError(f"Two components in one render share the key {key!r}.")
        reused = self.record.keys.get(identity) if identity is not None else None
        block._id = reused if reused is not None else _next_id()
        if identity is not None:
            self.keyed[identity] = block._id
        self.blocks[block._id] = block

    def add_child(self, block: Block) -> None:
        self.container.add_child(block)

    def add_dependency(self, *, targets, fn, inputs, outputs, **options):
        key = options.get("key")
        reused = self.record.listener_keys.get(_hashable(key)) if key is not None else None
        dep = self.app.build_dependency(reused if reused is not None else _next_id(), self,
                                        targets=targets, fn=fn, inputs=inputs,
                                        outputs=outputs, **options)
        self.dependencies.append(dep)
        return dep

    def _api_name_for(self, fn, api_name):
        return None  # listeners made by a render are not API endpoints

    def load(self, *args, **kwargs):
        raise TypeError("demo.load cannot be called inside a render function.")


def _hashable(key):
    return tuple(key) if isinstance(key, list) else key


class RunRecord:
    """What one render placeholder showed last in one session."""

    def __init__(self):
        self.keys: dict = {}            # (type, key) -> id
        self.listener_keys: dict = {}   # key -> dependency id
        self.dependency_ids: list[int] = []
        self.block_ids: list[int] = []
        self.sent: dict = {}  # id (or ("dep", id)) -> config last sent: send only changes


class SessionRenders:
    """What the renders of one session made: listeners, components, last runs.

    It belongs to the session's record (``blocks.session.SessionRecord``), so
    it survives reconnects and goes when the session ends.
    """

    def __init__(self):
        self.dependencies: dict[int, object] = {}
        self.blocks: dict[int, Block] = {}
        self.records: dict[int, RunRecord] = {}
        self.lock = threading.Lock()

    def record(self, placeholder_id: int) -> RunRecord:
        with self.lock:
            return self.records.setdefault(placeholder_id, RunRecord())

    def replace(self, placeholder_id: int, scope: RenderScope) -> None:
        with self.lock:
            record = self.records.setdefault(placeholder_id, RunRecord())
            for dep_id in record.dependency_ids:
                self.dependencies.pop(dep_id, None)
            for block_id in record.block_ids:
                self.blocks.pop(block_id, None)
            for dep in scope.dependencies:
                self.dependencies[dep.id] = dep
            self.blocks.update(scope.blocks)
            record.dependency_ids = [dep.id for dep in scope.dependencies]
            record.block_ids = list(scope.blocks)
            record.keys = dict(scope.keyed)
            record.listener_keys = {_hashable(dep.key): dep.id for dep in scope.dependencies
                                    if dep.key is not None}


def run_render(dep, renders: SessionRenders, args: list, kwargs: dict) -> dict:
    """Run a render function for one session; return the page's render update."""
    from blocks.config import component_config
    placeholder = dep.render
    scope = RenderScope(dep.render_app, placeholder, renders.record(placeholder._id))
    root_token = context.root_blocks.set(scope)
    layout_token = context.current_layout.set(scope.container)
    try:
        dep.fn(*args, **kwargs)
    finally:
        context.current_layout.reset(layout_token)
        context.root_blocks.reset(root_token)
    app_inputs, app_outputs = dep.render_app.interactive_ids()
    inputs = set(app_inputs) | {b._id for d in scope.dependencies for b in d.inputs}
    outputs = set(app_outputs) | {b._id for d in scope.dependencies for b in d.outputs}
    record = renders.record(placeholder._id)
    components = []
    sent = {}
    for block in scope.blocks.values():
        config = component_config(block, inputs=inputs, outputs=outputs)
        config["preserved"] = list(getattr(block, "preserved_by_key", ["value"]))
        sent[block._id] = config
        if block.key is not None and record.sent.get(block._id) == config:
            components.append({"id": block._id, "same": True})  # nothing new to send
        else:
            components.append(config)
    dependencies = []
    for dep in scope.dependencies:
        config = dep.config()
        sent[("dep", dep.id)] = config
        if dep.key is not None and record.sent.get(("dep", dep.id)) == config:
            dependencies.append({"id": dep.id, "same": True})
        else:
            dependencies.append(config)
    renders.replace(placeholder._id, scope)
    record.sent = sent
    return {"id": placeholder._id, "layout": scope.container.layout(),
            "components": components, "dependencies": dependencies}


def render(inputs=None, triggers=None, *, queue: bool = True,
           trigger_mode: str = "always_last", concurrency_limit=None,
           concurrency_id: str | None = None, show_progress: str = "hidden") -> Callable:
    """Build part of the page from a function, again whenever its inputs change."""

    def decorator(fn):
        blocks = _open_blocks()
        if isinstance(blocks, RenderScope):
            raise TypeError("@gr.render cannot be nested inside another render function.")
        placeholder = Render()
        if triggers is None:
            targets = [(blocks, "load")] + change_targets(inputs)
        else:
            targets = trigger_targets(triggers)
        dep = blocks.add_dependency(targets=targets, fn=fn, inputs=inputs, outputs=[],
                                    queue=queue, trigger_mode=trigger_mode,
                                    concurrency_limit=concurrency_limit,
                                    concurrency_id=concurrency_id, show_progress=show_progress,
                                    api_name=False)
        dep.render = placeholder
        dep.render_app = blocks
        return fn

    return decorator

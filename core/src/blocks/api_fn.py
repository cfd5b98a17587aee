"""``gr.api(fn)``: an endpoint without a page, for programs and MCP clients.

The function has no components: its parameters and return value are
described by its type hints (``blocks.api_info``), its values go to it and
come back as they are (JSON), with no preprocessing. It runs in the queue
like any listener, is listed by ``/info`` and the OpenAPI document, called by
``POST /call/<api_name>`` and Gradio's clients, and is a tool of the MCP
server. Nothing on the page triggers it.
"""

from __future__ import annotations

from collections.abc import Callable

__all__ = ["api", "is_api_fn", "API_FN"]

API_FN = "api_fn"  # the key in Dependency.extra that marks one


def api(fn: Callable, api_name: str | None = None, api_description: str | None = None,
        queue: bool = True, batch: bool = False, max_batch_size: int = 4,
        concurrency_limit="default", concurrency_id: str | None = None,
        api_visibility: str = "public", time_limit: float | None = None,
        stream_every: float = 0.5, show_api: bool = True):
    """Make ``fn`` an endpoint of the open ``gr.Blocks`` that has no UI.

    Its ``api_name`` is ``api_name`` or the function's name. Type-hint every
    parameter and the return value: the hints are the endpoint's schema
    (values that do not fit their hint's JSON type are refused). Returns the
    listener, as an event listener does.
    """
    from blocks.events import Listener, _open_blocks
    blocks = _open_blocks()
    options = {"api_description": api_description, "queue": queue, "batch": batch,
               "max_batch_size": max_batch_size, "concurrency_limit": concurrency_limit,
               "concurrency_id": concurrency_id, "time_limit": time_limit,
               "stream_every": stream_every, "preprocess": False, "postprocess": False}
    if api_visibility != "public":
        options["api_visibility"] = api_visibility
    if not show_api:
        options["show_api"] = False
    if api_name is not None:
        options["api_name"] = api_name
    dep = blocks.add_dependency(targets=[], fn=fn, inputs=None, outputs=None, **options)
    dep.extra[API_FN] = True
    return Listener(blocks, dep)


def is_api_fn(dep) -> bool:
    """Whether a dependency was made by :func:`api` (its values are the function's own)."""
    return bool(dep.extra.get(API_FN))

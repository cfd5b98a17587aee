"""``gr.mcp``: how a function shows itself to MCP (Model Context Protocol) clients.

With the blocks-mcp plugin installed and ``launch(mcp_server=True)``, every
public endpoint of an app is an MCP tool. These decorators change that for
one function (they only mark it; the function is unchanged, and an app
without the plugin runs as before):

- :func:`tool` names and describes a tool differently from the function;
- :func:`resource` makes the endpoint an MCP resource (a fixed URI, or a URI
  template whose ``{names}`` are the function's parameters) instead of a tool;
- :func:`prompt` makes it an MCP prompt (a message template) instead of a tool.

The function must still be an endpoint of the app (a listener or
``gr.api``): that is how it runs, in the app's queue. See ``docs/mcp.md``.
"""

from __future__ import annotations

import re
from collections.abc import Callable

__all__ = ["tool", "resource", "prompt", "MARK", "marks"]

MARK = "_blocks_mcp"  # the attribute the decorators set on the function
_TEMPLATE_NAME = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")


def _marker(**mark) -> Callable:
    def decorate(fn):
        setattr(fn, MARK, mark)
        return fn
    return decorate


def tool(name: str | None = None, description: str | None = None,
         structured_output: bool = False, _meta: dict | None = None) -> Callable:
    """Serve the function as an MCP tool named ``name``, described by ``description``.

    Both default to the endpoint's (its ``api_name``; ``api_description`` or the
    docstring). ``structured_output=True`` also declares the tool's output
    schema; ``_meta`` is sent as the tool's ``_meta`` field.
    """
    return _marker(kind="tool", name=name, description=description,
                   structured_output=bool(structured_output), meta=_meta)


def resource(uri_template: str, description: str | None = None,
             mime_type: str | None = None) -> Callable:
    """Serve the function as an MCP resource at ``uri_template`` (``"greeting://{name}"``).

    Each ``{name}`` in the template is a parameter of the function, filled from
    the URI a client reads. The function returns the resource's text, or, with
    a binary ``mime_type`` (``"image/png"``), its bytes as a base64 string.
    """
    if not isinstance(uri_template, str) or "://" not in uri_template:
        raise ValueError(f"gr.mcp.resource() needs a URI such as 'greeting://{{name}}', "
                         f"not {uri_template!r}.")
    return _marker(kind="resource", uri_template=uri_template, description=description,
                   mime_type=mime_type, names=_TEMPLATE_NAME.findall(uri_template))


def prompt(name: str | None = None, description: str | None = None) -> Callable:
    """Serve the function as an MCP prompt; its parameters are the prompt's arguments.

    The function returns the text of the prompt's message.
    """
    return _marker(kind="prompt", name=name, description=description)


def marks(fn) -> dict:
    """What the decorators say about ``fn`` (``{"kind": "tool"}`` when nothing)."""
    mark = getattr(fn, MARK, None)
    return dict(mark) if isinstance(mark, dict) else {"kind": "tool"}

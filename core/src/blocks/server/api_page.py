"""The "Use via API" page (``/?view=api``): the app's public endpoints, for people.

For each endpoint listed in ``/info``: its description, its parameters
(name, type, default, component), its return values, and a snippet per client
of :data:`blocks.api_snippets.CLIENTS` that calls it, with a copy button.
Plugins add sections after the built-in ones with the
``blocks_api_page_sections`` hook (a :class:`Section` each). The page is server
rendered (it reads without JavaScript); ``api_page.js`` makes the copy buttons
work. ``launch(show_api=False)`` takes it down (404), with the footer's link.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from flask import Response, abort, current_app, render_template_string

from blocks import api_info, api_snippets
from blocks.server.state import app_state
from blocks.server.urls import absolute_root, root_url

__all__ = ["Section", "render", "sections", "theme_script"]

_TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
_TEMPLATE = _TEMPLATES / "api_page.html"


def theme_script() -> str:
    """The inline script that applies the theme chosen in Settings before paint."""
    return (_TEMPLATES / "theme_preference.js").read_text(encoding="utf-8")


@dataclass(frozen=True)
class Section:
    """A part of the API page: ``<h2 id=id>title</h2>`` then ``html`` (trusted)."""

    id: str
    title: str
    html: str


def _json(value) -> str:
    return json.dumps(value, ensure_ascii=False)


def sections(state, url: str) -> list[Section]:
    """The sections plugins add, in plugin order; ids must be unique."""
    found: list[Section] = []
    for result in state.pm.hook.blocks_api_page_sections(
            blocks=state.blocks, settings=state.settings, url=url):
        found.extend(result or [])
    ids = [section.id for section in found]
    duplicates = sorted({i for i in ids if ids.count(i) > 1} | {"endpoints", "clients"} & set(ids))
    if duplicates:
        raise ValueError(f"API page sections with the same id: {', '.join(duplicates)}.")
    return found


def render(title: str, lang: str, mode: str | None = None) -> Response:
    state = app_state(current_app)
    if not state.settings.show_api:
        abort(404, description="This app's API page is off (launched with show_api=False).")
    url = absolute_root() + "/"
    listed = api_info.endpoints(state.blocks)
    html = render_template_string(
        _TEMPLATE.read_text(encoding="utf-8"), title=title, lang=lang, root=root_url(),
        url=url, endpoints=[(e, api_snippets.snippets(e, url)) for e in listed],
        clients=api_snippets.CLIENTS, sections=sections(state, url), json=_json,
        theme_script=theme_script())
    return Response(html, mimetype="text/html")

"""Multipage apps: ``with demo.route("Settings"):`` and ``gr.Navbar``.

A page is a :class:`Page` layout held by the app; what is created inside its
``with`` is shown at its own URL (``/settings``), the rest of the app at ``/``.
Events, state and the queue are shared by all pages. An app with pages shows a
navigation bar on each page: the page's own ``gr.Navbar`` if it has one,
otherwise a default one (visible, "Home" for the main page).
"""

from __future__ import annotations

import re
from typing import Any

from marshmallow import fields

from blocks import context
from blocks.components.base import Component
from blocks.events import CHANGE
from blocks.tree import Block, BlockContext

__all__ = ["Page", "Navbar", "route", "pages_config", "page_layout", "slug"]


def slug(text: str) -> str:
    """``"My Settings"`` -> ``"my-settings"``; ``"/docs/API"`` -> ``"docs/api"``."""
    parts = [re.sub(r"[^a-z0-9_.~-]+", "-", part.lower()).strip("-")
             for part in str(text).strip("/").split("/")]
    return "/".join(part for part in parts if part)


class Page(BlockContext):
    """One page of an app; made by ``Blocks.route``, not directly."""

    name = "page"
    SERVER_PARAMS = frozenset({"blocks", "title", "path", "show_in_navbar"})  # never sent

    def __init__(self, blocks, title: str, path: str | None = None,
                 show_in_navbar: bool = True):
        self.title = title
        self.path = slug(path if path is not None else title)
        self.show_in_navbar = show_in_navbar
        self._blocks = blocks
        self._root_tokens: list = []
        if not self.path:
            raise ValueError(f"The page {title!r} needs a path other than '/', which is the "
                             "main page.")
        for other in pages_of(blocks):
            if other.path == self.path:
                raise ValueError(f"Two pages have the path '/{self.path}'; give one of them "
                                 "another path: demo.route(name, path).")
        super().__init__(render=False)
        blocks.adopt(self)
        blocks.add_child(self)

    def __enter__(self):
        self._root_tokens.append(context.root_blocks.set(self._blocks))
        return super().__enter__()

    def __exit__(self, *exc):
        super().__exit__(*exc)
        context.root_blocks.reset(self._root_tokens.pop())
        if exc[0] is None:
            self._blocks._attach_load_functions()
        return False


def route(blocks, name: str, path: str | None = None, show_in_navbar: bool = True) -> Page:
    return Page(blocks, name, path, show_in_navbar)


class Navbar(Component):
    """The navigation bar of a page: ``gr.Navbar(visible, main_page_name, value)``.

    ``value`` adds links after the pages: ``[("About", "https://example.com")]``;
    a link starting with ``/`` is relative to the app. One per page; a
    function can return ``gr.Navbar(visible=False)`` to change it.

    Args:
        value: ``(label, url)`` links shown after the pages.
        main_page_name: the name of the main page's link (``False`` hides it).
        home_page_title: another name for ``main_page_name``.
    """

    name = "navbar"
    DEEP_LINK = False
    JS_MODULE = "components/navbar.js"
    EVENTS = (CHANGE,)
    SERVER_PARAMS = frozenset({"home_page_title"})

    def __init__(self, value: list[tuple[str, str]] | None = None, *, visible: bool = True,
                 main_page_name: str | bool = "Home", home_page_title: str | None = None,
                 elem_id=None, elem_classes=None, render: bool = True, key: Any = None):
        if home_page_title is not None:
            self.main_page_name = home_page_title
        super().__init__(value, visible=visible, elem_id=elem_id, elem_classes=elem_classes,
                         render=render, key=key)

    @classmethod
    def value_field(cls):
        return fields.List(fields.List(fields.Raw()), allow_none=True)

    def postprocess(self, value):
        if value is None:
            return None
        links = []
        for item in value:
            if not isinstance(item, (list, tuple)) or len(item) != 2:
                raise ValueError("Navbar links are (label, url) pairs.")
            links.append([str(item[0]), str(item[1])])
        return links

    def example_value(self):
        return [("Docs", "/docs")]

    def api_info(self):
        return {"type": {"type": "array", "items": {"type": "array"}},
                "description": "(label, url) links"}


def pages_of(blocks) -> list[Page]:
    return [child for child in blocks.children if isinstance(child, Page)]


def pages_config(blocks, translate=None) -> list[dict]:
    """The app's pages for the browser: the main one first (its name is the navbar's)."""
    result = [{"path": "", "name": None, "show_in_navbar": True}]
    for page in pages_of(blocks):
        title = translate(page.title) if translate else str(page.title)
        result.append({"path": page.path, "name": title,
                       "show_in_navbar": page.show_in_navbar})
    return result


def find_page(blocks, path: str) -> Page | None:
    wanted = slug(path)
    for page in pages_of(blocks):
        if page.path == wanted:
            return page
    return None


def page_layout(blocks, path: str = "") -> tuple[dict, list[Block]]:
    """The layout of one page, its navbar first, and blocks to add to the config.

    The second item holds the default navbar (id -1) of a page of a multipage
    app that has none of its own.
    """
    if path:
        page = find_page(blocks, path)
        if page is None:
            raise KeyError(path)
        children = page.children
    else:
        children = [child for child in blocks.children if not isinstance(child, Page)]
    nodes = [child.layout() if isinstance(child, BlockContext) else {"id": child._id}
             for child in children]
    navbar = _take_navbar(blocks, nodes)
    extra: list[Block] = []
    if navbar is None and pages_of(blocks):
        default = Navbar(render=False)
        default._id = -1
        extra.append(default)
        navbar = {"id": -1}
    if navbar is not None:
        nodes.insert(0, navbar)
    return {"id": blocks._id, "children": nodes}, extra


def _take_navbar(blocks, nodes: list[dict]) -> dict | None:
    """Remove the first navbar node from the tree ``nodes`` and return it."""
    for index, node in enumerate(nodes):
        if isinstance(blocks.blocks.get(node["id"]), Navbar):
            return nodes.pop(index)
        found = _take_navbar(blocks, node.get("children") or [])
        if found is not None:
            return found
    return None

"""Markdown rendering and HTML sanitising, shared by the text components."""

from __future__ import annotations

import functools


@functools.lru_cache(maxsize=1)
def _markdown():
    from markdown_it import MarkdownIt
    return MarkdownIt("commonmark", {"html": True, "linkify": False}).enable("table") \
        .enable("strikethrough")


def sanitize_html(html: str) -> str:
    """Keep formatting tags, drop scripts, event handlers and `javascript:` links."""
    import nh3
    attributes = {tag: set(attrs) for tag, attrs in nh3.ALLOWED_ATTRIBUTES.items()}
    for tag in ("span", "div", "p", "code", "pre", "td", "th", "img", "a", "h1", "h2",
                "h3", "h4", "h5", "h6"):
        attributes.setdefault(tag, set()).update({"class", "id", "style", "title"})
    return nh3.clean(html, attributes=attributes,
                     tags=set(nh3.ALLOWED_TAGS) | {"span", "div", "img", "input"},
                     link_rel="noopener noreferrer")


def render_markdown(text: str, *, sanitize: bool = True) -> str:
    html = _markdown().render(text)
    return sanitize_html(html) if sanitize else html

"""What the browser shows for a cell beyond its text: Markdown and HTML rendered and
sanitised on the server, images as URLs or files the server may serve.

Markdown and HTML cells of a table the page holds whole are rendered when they
scroll into view (the page posts their text to ``/dataframe/render``), so a
table of thousands of such cells costs nothing until it is read; the windows of
a large table come with theirs.

An image cell holds a URL (``http(s)://`` or ``data:image/``) or the path of an
image file (``.png``, ``.jpg``, ``.gif``, ``.webp``, ``.bmp``, ``.svg``) that the
app's file-access rule lets it hand out (``blocks.file_access``: the working
directory, the temporary folder and ``allowed_paths``, nothing hidden or
blocked). A cell's text may come from the user: any other text is shown as
text, never read from the disk.

Sent as ``metadata["html"]`` (``{column: [html or null per row]}``) and
``metadata["images"]`` (``{column: [url, FileData or null per row]}``) beside the
rows they belong to, for the columns whose ``datatype`` asks for them.
"""

from __future__ import annotations

import functools
import os

__all__ = ["DATATYPES", "EMPTY", "column_types", "render_html", "rich_metadata"]

DATATYPES = ("str", "number", "bool", "date", "markdown", "html", "image")
EMPTY = {"str": "", "number": None, "bool": False, "date": "", "markdown": "", "html": "",
         "image": ""}
_IMAGE_SCHEMES = ("http://", "https://", "data:image/")
_IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".webp", ".bmp", ".svg")


def column_types(datatype, count: int) -> list[str]:
    """The datatype of each of ``count`` columns (a single string applies to all)."""
    if isinstance(datatype, str):
        return [datatype] * count
    types = list(datatype or [])
    return [types[i] if i < len(types) else "str" for i in range(count)]


@functools.lru_cache(maxsize=2)
def _markdown(breaks: bool):
    from markdown_it import MarkdownIt
    return MarkdownIt("commonmark", {"html": True, "breaks": breaks}).enable("table") \
        .enable("strikethrough")


def _html(kind: str, value, breaks: bool) -> str | None:
    from blocks.sanitize import sanitize_html
    if value is None or value == "":
        return None
    text = str(value)
    if kind == "markdown":
        return sanitize_html(_markdown(breaks).render(text))
    return sanitize_html(text)


def render_html(kind: str, texts: list[str], *, line_breaks: bool = True) -> list[str | None]:
    """Sanitised HTML of markdown or html cells' texts."""
    return [_html(kind, text, line_breaks) for text in texts]


def _image(value):
    from blocks import files
    if value is None or value == "":
        return None
    if files.is_file_data(value):
        return value
    text = str(value)
    if text.startswith(_IMAGE_SCHEMES):
        return text
    if len(text) > 4096 or "\0" in text or \
            os.path.splitext(text)[1].lower() not in _IMAGE_SUFFIXES or not os.path.isfile(text):
        return None  # shown as text
    try:  # the app's file-access rule decides (blocks.file_access), as for any output
        return files.file_data(files.save_file(text))
    except (PermissionError, OSError, ValueError):
        return None


def rich_metadata(columns: list[list], types: list[str], *, line_breaks: bool = True,
                  html_cells: bool = True) -> dict:
    """``{"html": {...}, "images": {...}}`` for the JSON columns ``columns`` (one list per
    column) whose type is markdown, html or image; ``{}`` when there are none.
    ``html_cells=False`` leaves markdown and html cells to be rendered on demand."""
    html, images = {}, {}
    for index, kind in enumerate(types):
        if index >= len(columns):
            break
        if kind in ("markdown", "html") and html_cells:
            html[str(index)] = [_html(kind, value, line_breaks) for value in columns[index]]
        elif kind == "image":
            images[str(index)] = [_image(value) for value in columns[index]]
    found = {}
    if html:
        found["html"] = html
    if images:
        found["images"] = images
    return found

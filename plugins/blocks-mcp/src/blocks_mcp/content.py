"""Values between MCP and the app: file arguments in, results out as MCP content.

In: a file parameter takes a ``data:`` URL (saved as an upload, within
``max_file_size``), the URL of a file this app gave out (``.../file=<path>``,
as a previous tool result links it), or a FileData object; every path is
then checked like any API input. Other URLs are never fetched: the server
would request any address a caller names.

Out: text for strings, JSON text for other values, an image content for each
image the result holds (when at most ``MAX_INLINE`` bytes) and a resource
link (its URL) for every file; ``structuredContent`` is ``{"result": value}``.
"""

from __future__ import annotations

import base64
import binascii
import io
import json
import mimetypes
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

from werkzeug.datastructures import FileStorage

from blocks.files import FILE_TYPE, file_data, is_file_data, iter_file_data

__all__ = ["ArgumentError", "file_arguments", "result_content", "MAX_INLINE"]

MAX_INLINE = 4 * 1024 * 1024  # images larger than this are links only
_DATA_URL = re.compile(r"^data:([\w.+-]+/[\w.+-]+)?((?:;[\w-]+=[^;,]*)*)(;base64)?,(.*)$",
                       re.DOTALL)


class ArgumentError(ValueError):
    """A tool argument the server does not take (a tool error for the model to read)."""


def _from_data_url(files, text: str, name: str) -> dict:
    found = _DATA_URL.match(text)
    if found is None or not found.group(3):
        raise ArgumentError(f"{name}: a data: URL must be base64 "
                            "(data:<mime type>;base64,<content>).")
    mime = found.group(1) or "application/octet-stream"
    try:
        content = base64.b64decode(found.group(4), validate=True)
    except (binascii.Error, ValueError):
        raise ArgumentError(f"{name}: the data: URL is not valid base64.") from None
    extension = mimetypes.guess_extension(mime) or ""
    storage = FileStorage(stream=io.BytesIO(content), filename=f"{name}{extension}",
                          content_type=mime)
    try:
        return files.save_upload(storage)
    except ValueError as error:  # UploadRefused: larger than max_file_size
        raise ArgumentError(f"{name}: {error}") from None


def _from_text(files, text: str, name: str) -> dict:
    if text.startswith("data:"):
        return _from_data_url(files, text, name)
    path = urlsplit(text).path if "://" in text else text
    marker = path.find("/file=")
    if marker < 0:
        raise ArgumentError(f"{name}: give a data: URL or the URL of a file this app gave out "
                            "(the server does not fetch other addresses).")
    path = unquote(path[marker + len("/file="):])
    if not files.allowed(path):
        raise ArgumentError(f"{name}: {path!r} is not a file this app gave out.")
    return file_data(path)


def _one_file(files, value, name: str):
    if value is None or is_file_data(value):
        return value
    if isinstance(value, dict) and isinstance(value.get("path"), str):
        return {**value, "meta": {"_type": FILE_TYPE}}
    if isinstance(value, str):
        return _from_text(files, value, name)
    raise ArgumentError(f"{name}: a file is a data: URL or a URL of this app's files.")


def file_arguments(files, tool, arguments: dict) -> dict:
    """``arguments`` with each file parameter's value turned into a FileData."""
    converted = dict(arguments)
    for name, kind in tool.file_params.items():
        if name not in converted:
            continue
        value = converted[name]
        if kind == "files" and isinstance(value, list):
            converted[name] = [_one_file(files, item, name) for item in value]
        else:
            converted[name] = _one_file(files, value, name)
    return converted


def _image(data: dict) -> dict | None:
    mime = data.get("mime_type") or mimetypes.guess_type(str(data.get("path")))[0] or ""
    if not mime.startswith("image/"):
        return None
    try:
        path = Path(data["path"])
        if path.stat().st_size > MAX_INLINE:
            return None
        content = path.read_bytes()
    except OSError:
        return None
    return {"type": "image", "data": base64.b64encode(content).decode("ascii"), "mimeType": mime}


def _link(data: dict) -> dict:
    link = {"type": "resource_link", "uri": data.get("url") or "",
            "name": data.get("orig_name") or Path(str(data.get("path"))).name}
    if data.get("mime_type"):
        link["mimeType"] = data["mime_type"]
    if isinstance(data.get("size"), int):
        link["size"] = data["size"]
    return link


def _text(value) -> str:
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, default=str)


def result_content(values: list) -> dict:
    """A tool result (``content`` and ``structuredContent``) from an endpoint's return values."""
    content = []
    for value in values:
        if not is_file_data(value):
            content.append({"type": "text", "text": _text(value)})
        for data in iter_file_data(value):
            image = _image(data)
            if image is not None:
                content.append(image)
            content.append(_link(data))
    result = values[0] if len(values) == 1 else values
    return {"content": content, "structuredContent": {"result": result}, "isError": False}

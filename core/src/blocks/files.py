"""Files that cross the wire: the ``FileData`` value and where files live.

Components that show or take files (blocks-image and others) describe a file
as a ``FileData`` dict: ``{"path", "url", "orig_name", "mime_type", "size",
"meta": {"_type": "blocks.FileData"}}``. ``path`` is where the server keeps
it; ``url`` is filled in by the server when the file is sent to a page.

- A component's ``postprocess`` writes the files it produces with
  :func:`save_bytes` / :func:`save_file` (or returns a path that already
  exists) and returns :func:`file_data`.
- A path a function returns is accepted only under the file-access rule
  (:mod:`blocks.file_access`: allowed paths, static paths, the working and
  temp directories, never a dot-name, ``blocked_paths`` first). The server
  only ever serves files it handed out, uploads, ``allowed_paths`` and static
  paths (``blocks.server.files``). A page can send back only paths the server
  gave it: an input naming any other path is refused.
"""

from __future__ import annotations

import hashlib
import mimetypes
import os
import tempfile
from pathlib import Path
from urllib.parse import urlparse

from marshmallow import Schema, ValidationError, fields

from blocks.environment import env

__all__ = ["FileDataSchema", "file_data", "file_data_schema", "is_file_data", "save_bytes",
           "save_file", "temp_dir", "iter_file_data", "is_url", "remote", "is_remote",
           "is_file_wire", "check_file_wire"]

FILE_TYPE = "blocks.FileData"


class FileDataSchema(Schema):
    path = fields.String(required=True)
    url = fields.String(allow_none=True)
    orig_name = fields.String(allow_none=True)
    mime_type = fields.String(allow_none=True)
    size = fields.Integer(allow_none=True)
    meta = fields.Dict(allow_none=True)


def temp_dir() -> Path:
    """Where components write files they create (``BLOCKS_TEMP_DIR``, ``GRADIO_TEMP_DIR``
    or the system's)."""
    folder = Path(env("TEMP_DIR") or Path(tempfile.gettempdir()) / "blocks")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def save_bytes(data: bytes, suffix: str = "", *, folder: Path | None = None) -> Path:
    """Write ``data`` under a name derived from its content; return the path."""
    digest = hashlib.sha256(data).hexdigest()[:32]
    target_dir = (folder or temp_dir()) / digest
    target_dir.mkdir(parents=True, exist_ok=True)
    target = target_dir / f"file{suffix}"
    if not target.exists():
        tmp = target.with_name(target.name + ".part")
        tmp.write_bytes(data)
        os.replace(tmp, target)
    return target


def save_file(path: str | os.PathLike, *, folder: Path | None = None) -> Path:
    """Copy an existing file into the temp folder, keeping its name.

    While a job runs (a function returned ``path``), the path must pass the
    app's file rule first (:mod:`blocks.file_access`): otherwise
    :class:`~blocks.file_access.FileAccessError` says why, and nothing is read.
    A path that is not a regular file raises ``FileNotFoundError``.
    """
    from blocks.file_access import active_rule, check_name
    rule = active_rule()
    source = rule.check_returned(path) if rule is not None else Path(check_name(path))
    if not source.is_file():
        raise FileNotFoundError(f"No file at {os.fspath(path)!r}.")
    data = source.read_bytes()
    digest = hashlib.sha256(data).hexdigest()[:32]
    target_dir = (folder or temp_dir()) / digest
    target_dir.mkdir(parents=True, exist_ok=True)
    target = target_dir / Path(path).name
    if not target.exists():
        target.write_bytes(data)
    return target


def file_data(path: str | os.PathLike, *, orig_name: str | None = None,
              mime_type: str | None = None) -> dict:
    path = Path(path)
    return {
        "path": str(path),
        "url": None,
        "orig_name": orig_name or path.name,
        "mime_type": mime_type or mimetypes.guess_type(path.name)[0],
        "size": path.stat().st_size if path.exists() else None,
        "meta": {"_type": FILE_TYPE},
    }


def file_data_schema(title: str = "FileData") -> dict:
    """The JSON schema of one FileData on the wire (a file the server keeps, or a URL)."""
    return {
        "type": "object",
        "title": title,
        "properties": {
            "path": {"type": ["string", "null"],
                     "description": "where the server keeps the file (null: a remote URL)"},
            "url": {"type": ["string", "null"]},
            "orig_name": {"type": ["string", "null"]},
            "mime_type": {"type": ["string", "null"]},
            "size": {"type": ["integer", "null"]},
            "meta": {"type": "object", "properties": {"_type": {"const": FILE_TYPE}}},
        },
        "required": ["path", "meta"],
    }


def is_file_data(value) -> bool:
    return isinstance(value, dict) and isinstance(value.get("path"), str) and \
        isinstance(value.get("meta"), dict) and value["meta"].get("_type") == FILE_TYPE


def is_url(text) -> bool:
    """Whether ``text`` is an absolute http(s) URL."""
    if not isinstance(text, str):
        return False
    parsed = urlparse(text)
    return parsed.scheme in ("http", "https") and bool(parsed.netloc)


def remote(url: str, *, mime_type: str | None = None) -> dict:
    """The wire value of a *remote file*: the page loads it from ``url`` itself and the
    server never downloads it (``path`` is null)."""
    name = Path(urlparse(url).path).name or None
    return {"path": None, "url": url, "orig_name": name,
            "mime_type": mime_type or mimetypes.guess_type(name or "")[0], "size": None,
            "meta": {"_type": FILE_TYPE}}


def is_remote(value) -> bool:
    """Whether a wire value is a remote file: no ``path``, an http(s) ``url``."""
    return isinstance(value, dict) and value.get("path") is None and \
        is_url(value.get("url")) and isinstance(value.get("meta"), dict) and \
        value["meta"].get("_type") == FILE_TYPE


def is_file_wire(value) -> bool:
    """Whether a wire value is one file: a FileData the server keeps or a remote file."""
    return is_file_data(value) or is_remote(value)


def check_file_wire(value, what: str = "a file") -> None:
    """Raise marshmallow's ``ValidationError`` unless ``value`` is one file on the wire
    (:func:`is_file_wire`); ``what`` names it in the message (``"an image"``)."""
    if not is_file_wire(value):
        raise ValidationError(
            f"Expected {what}: a FileData object with a 'path' (upload the file first) or "
            f"an http(s) 'url', and meta {{'_type': '{FILE_TYPE}'}}.")


def iter_file_data(value) -> list[dict]:
    """Every FileData dict inside a (nested) wire value, in order.

    Walked with a list instead of nested generators: every output of every
    event passes here, and most hold no file at all.
    """
    found = []
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            if is_file_data(item):
                found.append(item)
            elif item:
                stack.extend(reversed(item.values()))
        elif isinstance(item, (list, tuple)) and item:
            stack.extend(reversed(item))
    return found

"""``gr.File`` and ``gr.Files``: take files from the user, or offer files to download.

On the wire a file is a ``FileData`` dict (:mod:`blocks.files`); with
``file_count="multiple"`` or ``"directory"`` the value is a list of them. A
function receives each file as its path (``type="filepath"``, a ``str``
whose ``.name`` is the path too, as in Gradio) or its bytes
(``type="binary"``), and may return paths, ``FileData`` dicts or http(s)
URLs. A returned path must pass the file-access rule
(:mod:`blocks.file_access`).
"""

from __future__ import annotations

import mimetypes
import os
from pathlib import Path
from typing import Any, ClassVar, Sequence
from urllib.parse import urlparse

from marshmallow import ValidationError, fields

from blocks import files
from blocks.components.base import Component
from blocks.events import CHANGE, CLEAR, DELETE, DOWNLOAD, SELECT, UPLOAD

__all__ = ["File", "Files", "NamedString", "check_file_types", "file_schema", "file_value",
           "read_files"]

FILE_COUNTS = ("single", "multiple", "directory")
TYPES = ("filepath", "binary")


class NamedString(str):
    """A file's path as a ``str`` whose ``.name`` is the path too (Gradio scripts read
    ``file.name``, the attribute of the tempfile objects older Gradio passed)."""

    name: str

    def __new__(cls, path: str):
        self = super().__new__(cls, path)
        self.name = path
        return self


def _check_wire(value) -> None:
    items = value if isinstance(value, list) else [value]
    for item in items:
        if not isinstance(item, dict) or not isinstance(item.get("meta"), dict) or \
                item["meta"].get("_type") != files.FILE_TYPE:
            raise ValidationError(f"A file is a FileData object with meta {{'_type': "
                                  f"'{files.FILE_TYPE}'}}.")
        path, url = item.get("path"), item.get("url")
        if not isinstance(path, str) and not (isinstance(url, str) and files.is_url(url)):
            raise ValidationError("A file needs a 'path' (upload it with POST /upload "
                                  "first) or an http(s) 'url'.")


def check_count(owner: str, file_count: str) -> str:
    if file_count not in FILE_COUNTS:
        raise ValueError(f"{owner} file_count must be 'single', 'multiple' or 'directory'.")
    return file_count


def check_type(owner: str, type: str) -> str:
    if type not in TYPES:
        raise ValueError(f"{owner} type must be 'filepath' or 'binary'.")
    return type


def check_file_types(file_types) -> list[str] | None:
    if file_types is None:
        return None
    if isinstance(file_types, str):
        file_types = [file_types]
    if not all(isinstance(kind, str) for kind in file_types):
        raise TypeError("file_types is a list of extensions ('.pdf') and MIME groups "
                        "('image', 'text', ...).")
    return list(file_types)


def type_allowed(name: str, mime_type: str | None, file_types: Sequence[str]) -> bool:
    """Gradio's rule: ``"file"`` takes anything, ``".ext"`` the name's ending (``.nii.gz``
    too), any other word the MIME group (``"image"`` takes ``image/*``)."""
    mime = mime_type or mimetypes.guess_type(name)[0] or ""
    for kind in file_types:
        if kind == "file":
            return True
        if kind.startswith("."):
            if name.lower().endswith(kind.lower()):
                return True
        elif mime.startswith(f"{kind}/") or mime == kind:
            return True
    return False


def file_value(value: Any) -> dict | None:
    """One returned file (a path, a ``FileData`` dict, an http(s) URL) as its wire value."""
    if value is None:
        return None
    if isinstance(value, dict):
        if files.is_file_data(value) or value.get("url"):
            base = files.file_data(value["path"]) if value.get("path") else {}
            return {**base, **value, "meta": {"_type": files.FILE_TYPE}}
        raise ValueError("A file is a path, a URL or a FileData dict.")
    if isinstance(value, (str, os.PathLike)):
        text = os.fspath(value)
        if files.is_url(text):
            name = Path(urlparse(text).path).name or "download"
            return {"path": None, "url": text, "orig_name": name,
                    "mime_type": mimetypes.guess_type(name)[0], "size": None,
                    "meta": {"_type": files.FILE_TYPE}}
        from blocks.file_access import active_rule, check_name
        rule = active_rule()
        path = rule.check_returned(text) if rule is not None else Path(check_name(text))
        if not path.is_file():
            raise FileNotFoundError(f"No file at {text!r}.")
        return files.file_data(path, orig_name=Path(text).name)
    raise TypeError(f"A file is a path, a URL or a FileData dict, not {type(value).__name__}.")


def read_files(payload, type: str, many: bool):
    """The wire value as the function's argument: paths (``NamedString``) or bytes."""
    if payload is None:
        return None
    items = payload if isinstance(payload, list) else [payload]
    out = []
    for item in items:
        where = item.get("path") or item.get("url")
        if type == "binary" and item.get("path"):
            out.append(Path(item["path"]).read_bytes())
        else:
            out.append(NamedString(where))
    return out if many else (out[0] if out else None)


def validate_files(component, value) -> None:
    items = value if isinstance(value, list) else [value]
    many = component.file_count != "single"
    if not many and isinstance(value, list):
        raise ValueError("This input takes one file.")
    if component.file_types:
        for item in items:
            name = item.get("orig_name") or Path(item.get("path") or item.get("url") or "").name
            if not type_allowed(name, item.get("mime_type"), component.file_types):
                raise ValueError(f"{name} is not an accepted file type "
                                 f"({', '.join(component.file_types)}).")


FILE_DOC = ("a file (FileData); upload it with POST /upload first, or give an http(s) 'url' "
            "with a null 'path'")


def file_schema() -> dict:
    """The JSON schema of one file on the wire."""
    nullable = {"type": ["string", "null"]}
    return {
        "type": "object", "title": "FileData",
        "properties": {
            "path": {"type": ["string", "null"],
                     "description": "where the server keeps the file (null: a remote URL)"},
            "url": nullable, "orig_name": nullable, "mime_type": nullable,
            "size": {"type": ["integer", "null"]},
            "meta": {"type": "object", "properties": {"_type": {"const": files.FILE_TYPE}}},
        },
        "required": ["meta"],
    }


def example_file() -> dict:
    return files.file_data(files.save_bytes(b"Hello from Blocks.\n", ".txt"),
                           mime_type="text/plain")


class File(Component):
    """Files: uploaded by the user (input, by click or drop) or returned by a function
    (output, as links to download).

    Args:
        value: the file(s) shown first: a path, a URL, or a list of them.
        file_count: ``"single"``, ``"multiple"`` or ``"directory"`` (every file of a folder
            the user picks); with more than one file the value is a list.
        file_types: what the user may pick: extensions (``".pdf"``), MIME groups
            (``"image"``, ``"video"``, ``"audio"``, ``"text"``) or ``"file"`` (anything).
            The server refuses other files too.
        type: what the function receives: ``"filepath"`` (a ``str``) or ``"binary"``
            (``bytes``).
        height: the height of the file list (pixels, or any CSS length); it scrolls.
    """

    name = "file"
    JS_MODULE = "components/file.js"
    EVENTS = (CHANGE, SELECT, CLEAR, UPLOAD, DELETE, DOWNLOAD)
    SERVER_PARAMS = frozenset({"type"})
    DEEP_LINK = False  # uploads belong to the session that made them
    GRADIO_ONLY: ClassVar = {**Component.GRADIO_ONLY,
                             "allow_reordering": "files keep the order they came in"}

    def __init__(self, value: Any = None, *, file_count: str = "single",
                 file_types: Sequence[str] | None = None, type: str = "filepath",
                 height: int | str | None = None, **kwargs):
        self.file_count = check_count("File", file_count)
        self.file_types = check_file_types(file_types)
        self.type = check_type("File", type)
        super().__init__(value, **kwargs)

    @classmethod
    def value_field(cls) -> fields.Field:
        return fields.Raw(allow_none=True, validate=_check_wire)

    def validate(self, value) -> None:
        validate_files(self, value)

    def preprocess(self, payload):
        """Each file as its path or its bytes (``type``); a list unless ``file_count``
        is ``"single"``."""
        return read_files(payload, self.type, self.file_count != "single")

    def postprocess(self, value: Any):
        """Paths, URLs or FileData dicts (one, or a list) as FileData dicts."""
        if value is None:
            return None
        if isinstance(value, (list, tuple)):
            return [file_value(item) for item in value]
        return file_value(value)

    def example_value(self):
        example = example_file()
        return example if self.file_count == "single" else [example]

    def api_info(self) -> dict:
        if self.file_count == "single":
            return {"type": file_schema(), "description": FILE_DOC}
        return {"type": {"type": "array", "title": "list of FileData", "items": file_schema()},
                "description": "a list of files (FileData); upload them with POST /upload "
                               "first"}


class Files(File):
    """``gr.File`` taking several files (``file_count="multiple"`` by default).

    Args:
        file_count: ``"multiple"`` or ``"directory"``.
    """

    name = "files"

    def __init__(self, value: Any = None, *, file_count: str = "multiple", **kwargs):
        super().__init__(value, file_count=file_count, **kwargs)

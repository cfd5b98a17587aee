"""Uploads and file downloads, with the file access rules.

Served: files the app sent to a page (outputs and config values), uploads,
and files under ``allowed_paths``. Refused, in this order: anything under
``blocked_paths``, dotfiles and dot-folders, and any other path, including
ones reached through ``..`` or symlinks that lead elsewhere.
"""

from __future__ import annotations

import os
import secrets
import shutil
import time
from pathlib import Path
from urllib.parse import quote

from flask import Blueprint, current_app, jsonify, request, send_file

from blocks.files import file_data, iter_file_data, temp_dir
from blocks.server.state import app_state

__all__ = ["FileRegistry", "blueprint", "save_uploads", "serve_file"]

blueprint = Blueprint("blocks_files", __name__)


class FileRegistry:
    """The files one app may serve, and its share of the file cache.

    ``delete_cache=(frequency, age)``: every ``frequency`` seconds the app's
    cached files (uploads, and files it sent that live in the Blocks temp
    folder) older than ``age`` seconds are deleted; closing the app deletes
    all of them.
    """

    def __init__(self, settings, delete_cache=None):
        self.settings = settings
        self.upload_dir = temp_dir() / "uploads" / secrets.token_hex(8)
        self.upload_dir.mkdir(parents=True, exist_ok=True)
        self.known: set[Path] = set()
        self.delete_cache = tuple(delete_cache) if delete_cache else None
        self.last_sweep = time.time()

    def _cached_files(self):
        cache = self._resolve(temp_dir())
        for path in list(self.known):
            if cache in path.parents:
                yield path
        yield from (p for p in self.upload_dir.rglob("*") if p.is_file())

    def _delete(self, path: Path) -> None:
        self.known.discard(self._resolve(path))
        try:
            path.unlink()
            path.parent.rmdir()  # each cached file has a folder of its own
        except OSError:
            pass

    def sweep(self, now: float | None = None) -> list[Path]:
        """Delete cached files older than ``age``, at most every ``frequency`` seconds."""
        if self.delete_cache is None:
            return []
        frequency, age = self.delete_cache
        now = time.time() if now is None else now
        if now - self.last_sweep < frequency:
            return []
        self.last_sweep = now
        removed = []
        for path in set(self._cached_files()):
            try:
                if now - path.stat().st_mtime > age:
                    self._delete(path)
                    removed.append(path)
            except FileNotFoundError:
                self.known.discard(path)
        return removed

    def clear(self) -> None:
        """Delete the app's whole cache (when it closes, with ``delete_cache`` set)."""
        if self.delete_cache is None:
            return
        for path in set(self._cached_files()):
            self._delete(path)
        shutil.rmtree(self.upload_dir, ignore_errors=True)

    @staticmethod
    def _resolve(path) -> Path:
        return Path(os.path.realpath(path))

    def _blocked(self, path: Path) -> bool:
        if any(part.startswith(".") for part in path.parts[1:]):
            return True
        return any(path == b or b in path.parents for b in self.settings.blocked_paths)

    def allowed(self, path) -> bool:
        resolved = self._resolve(path)
        if self._blocked(resolved):
            return False
        if resolved in self.known:
            return True
        roots = [self._resolve(self.upload_dir), *map(self._resolve,
                                                      self.settings.allowed_paths)]
        return any(resolved == root or root in resolved.parents for root in roots)

    def expose(self, value, root: str) -> None:
        """Register every FileData in an outgoing value and give it a URL."""
        for data in iter_file_data(value):
            resolved = self._resolve(data["path"])
            if self._blocked(resolved):
                raise PermissionError(f"{data['path']} is in a blocked path.")
            self.known.add(resolved)
            data["url"] = f"{root}/file={quote(str(resolved))}"

    def check_inputs(self, value) -> str | None:
        """The first FileData path in an incoming value the page may not use."""
        for data in iter_file_data(value):
            if not self.allowed(data["path"]):
                return data["path"]
        return None

    def save_upload(self, storage) -> dict:
        name = os.path.basename(storage.filename or "upload") or "upload"
        if name.startswith("."):
            name = "_" + name
        folder = self.upload_dir / secrets.token_hex(16)
        folder.mkdir(parents=True)
        target = folder / name
        storage.save(target)
        limit = self.settings.max_file_size
        if limit is not None and target.stat().st_size > limit:
            target.unlink()
            folder.rmdir()
            raise ValueError(f"{name} is larger than the maximum file size.")
        return file_data(target, orig_name=name, mime_type=storage.mimetype or None)


def _state():
    return app_state(current_app)


def save_uploads(state):
    """Save the request's multipart ``files``: ``(FileData list, None)`` or ``(None, error)``."""
    files = request.files.getlist("files")
    if not files:
        return None, (jsonify(error="Send the files as multipart form field 'files'.",
                              status=400), 400)
    saved = []
    try:
        for storage in files:
            saved.append(state.files.save_upload(storage))
    except ValueError as error:
        return None, (jsonify(error=str(error), status=413), 413)
    return saved, None


@blueprint.post("/upload")
def upload():
    saved, refused = save_uploads(_state())
    if refused is not None:
        return refused
    return jsonify(saved)


@blueprint.get("/file=<path:filename>")
@blueprint.get("/file=/<path:filename>")
def serve_file(filename):
    state = _state()
    path = filename if filename.startswith("/") else "/" + filename
    if not state.files.allowed(path) or not os.path.isfile(path):
        return jsonify(error="File not found, or not allowed."), 404
    return send_file(path, conditional=True)

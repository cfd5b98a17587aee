"""Uploads and file downloads, with the file access rules.

Served: files the app sent to a page (outputs and config values), uploads,
and files under ``allowed_paths`` and static paths. Refused, in this order:
anything under ``blocked_paths``, dot-names below the folder that would allow
a file, and any other path, including ones reached through ``..`` or symlinks
that lead elsewhere. What a function may return is the rule of
:mod:`blocks.file_access`.

Every file goes out with ``nosniff`` and a sandboxing Content-Security-Policy;
only types a browser shows without running script are inline, the rest
(HTML, SVG, XML, JavaScript, unknown) are downloads, unless the file is under
``inline_paths``, which the app trusts (then it is inline, its scripts run in
a sandbox with an origin of its own).
"""

from __future__ import annotations

import mimetypes
import os
import secrets
import shutil
import time
from pathlib import Path
from urllib.parse import quote

from flask import Blueprint, current_app, jsonify, request, send_file
from werkzeug.exceptions import RequestEntityTooLarge

from blocks.file_access import NAME_MAX, FileAccessError, FileRule, real_path, within
from blocks.files import file_data, iter_file_data, temp_dir
from blocks.server.multipart import MultipartError, Part, boundary_of, read_multipart
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
        self.rule = FileRule(settings.allowed_paths, settings.blocked_paths)
        self.upload_dir = temp_dir() / "uploads" / secrets.token_hex(8)
        self.upload_dir.mkdir(parents=True, exist_ok=True)
        self.known: set[Path] = set()
        self.rule.handed_out = self.known  # a function may return a file the app gave out
        self.delete_cache = tuple(delete_cache) if delete_cache else None
        self.last_sweep = time.time()
        # the session store: one shared by processes shares the files given out too
        self.store = None

    def _cached_files(self):
        cache = self._resolve(temp_dir())
        examples = cache / "examples"  # gr.Examples' cache outlives the app (example_cache)
        for path in list(self.known):
            if cache in path.parents and examples not in path.parents:
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

    def _refuse_blocked(self, path) -> Path:
        real = real_path(path)
        if self.rule.blocked(real):
            raise FileAccessError(f"Cannot serve {os.fspath(path)!r}: it is in blocked_paths.")
        return real

    def allowed(self, path) -> bool:
        """Whether ``GET /file=`` may serve ``path`` (or a page may send it as an input)."""
        try:
            real = real_path(path)
        except FileAccessError:
            return False
        if self.rule.blocked(real):
            return False
        if real in self.known:
            return True
        roots = [self._resolve(self.upload_dir), *self.rule.served_roots()]
        if any(_clean_below(real, root) for root in roots):
            return True
        # given out by another process serving this app (a shared store), or not at all
        return self.store is not None and self.store.has_file(str(real))

    def expose(self, value, root: str, *, returned: bool = False) -> None:
        """Register every FileData in an outgoing value and give it a URL.

        ``returned``: the value comes from a function (an output), so each
        path must pass the file-access rule or already be one the app handed
        out; otherwise (config values the developer set) only ``blocked_paths``
        is checked. Raises :class:`FileAccessError` naming the path. A store
        shared by processes learns the new ones, so that every process serves them.
        """
        new = []
        for data in iter_file_data(value):
            real = self.rule.check_returned(data["path"]) if returned else \
                self._refuse_blocked(data["path"])
            if real not in self.known:
                self.known.add(real)
                new.append(str(real))
            data["url"] = f"{root}/file={quote(str(real))}"
        if new and self.store is not None:
            self.store.add_files(new)

    def check_inputs(self, value) -> str | None:
        """The first FileData path in an incoming value the page may not use."""
        for data in iter_file_data(value):
            if not self.allowed(data["path"]):
                return data["path"]
        return None

    def inline(self, real: Path, mimetype: str) -> str | None:
        """How a file is shown: ``"inline"``, ``"trusted"`` (an ``inline_paths`` file) or None."""
        if any(within(real, Path(os.path.realpath(root))) is not None
               for root in self.settings.inline_paths):
            return "trusted"
        if mimetype in INLINE_TYPES or mimetype.startswith(("audio/", "video/")):
            return "inline"
        return None

    def save_upload(self, storage) -> dict:
        """Save a werkzeug ``FileStorage`` (a file part another route parsed) as an upload."""
        target, handle = self.open_upload(storage.filename)
        with handle:
            storage.save(handle)
        return self.finish_upload(target, handle.size, storage.mimetype or None)

    def open_upload(self, filename: str | None) -> tuple[Path, UploadFile]:
        """A new upload's path (in a folder of its own) and the file to write it into."""
        name = upload_name(filename)
        folder = self.upload_dir / secrets.token_hex(16)
        folder.mkdir(parents=True)
        target = folder / name
        return target, UploadFile(target, self.settings.max_file_size)

    def finish_upload(self, target: Path, size: int, mime_type: str | None) -> dict:
        """The FileData of a written upload, or ``UploadRefused`` (and no file) when it is
        larger than ``max_file_size``."""
        limit = self.settings.max_file_size
        if limit is not None and size > limit:
            self.drop_upload(target)
            raise UploadRefused(413, f"{target.name} is larger than the maximum file size "
                                     f"({limit:,} bytes, max_file_size).")
        if self.store is not None:
            self.store.add_files([str(self._resolve(target))])
        return file_data(target, orig_name=target.name, mime_type=mime_type)

    @staticmethod
    def drop_upload(target: Path) -> None:
        target.unlink(missing_ok=True)
        try:
            target.parent.rmdir()
        except OSError:
            pass


class UploadFile:
    """The file an upload is written into: bytes past ``limit`` (``max_file_size``) are
    counted, not written, so an oversized upload never fills the disk."""

    def __init__(self, path: Path, limit: int | None):
        self.file = open(path, "wb")  # noqa: SIM115  (closed by the caller, on error too)
        self.limit = limit
        self.size = 0

    def write(self, data) -> int:
        count = len(data)
        if self.limit is None or self.size + count <= self.limit:
            self.file.write(data)
        self.size += count
        return count

    def close(self) -> None:
        self.file.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()


class UploadRefused(ValueError):
    """An upload the server does not take: ``status`` and a message for the page."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status


def _clean_below(real: Path, root: Path) -> bool:
    """``real`` is ``root`` or below it, and no name below ``root`` starts with a dot."""
    names = within(real, root)
    return names is not None and not any(name.startswith(".") for name in names)


def upload_name(filename: str | None) -> str:
    """A safe file name for an upload: the last path part, without control characters,
    at most 255 bytes (the stem is shortened, the suffix kept), never a dotfile."""
    name = os.path.basename((filename or "").replace("\\", "/")) or "upload"
    if any(ord(char) < 32 or char == "\x7f" for char in name):
        raise UploadRefused(400, "File names may not contain NUL bytes or control "
                                 "characters.")
    if len(name.encode("utf-8", "surrogatepass")) > NAME_MAX:
        stem, suffix = os.path.splitext(name)
        suffix = suffix if len(suffix.encode("utf-8", "surrogatepass")) <= 32 else ""
        budget = NAME_MAX - len(suffix.encode("utf-8", "surrogatepass"))
        stem = stem.encode("utf-8", "surrogatepass")[:budget].decode("utf-8", "ignore")
        name = stem + suffix
    if name.startswith("."):
        name = "_" + name[1:]
    return name


def _state():
    return app_state(current_app)


def _refused(status: int, message: str):
    return None, (jsonify(error=message, status=status), status)


def save_uploads(state):
    """Save the request's multipart ``files``: ``(FileData list, None)`` or ``(None, error)``.

    The body is read as it arrives and each file written straight to its place
    (:mod:`blocks.server.multipart`); a refused or broken upload leaves no file."""
    settings = state.settings
    too_large = (f"This upload is larger than {settings.max_upload_size:,} bytes in total "
                 "(max_upload_size).")
    boundary = boundary_of(request.content_type)
    if boundary is None:
        return _refused(400, "Send the files as multipart form field 'files'.")
    parts: list[Part] = []
    problems: list[UploadRefused] = []
    wanted = 0

    def open_part(part: Part):
        nonlocal wanted
        if part.name != "files" or problems:
            return None
        wanted += 1
        if wanted > settings.max_upload_files:
            problems.append(UploadRefused(413, "This upload has more than "
                                               f"{settings.max_upload_files} files "
                                               "(max_upload_files)."))
            return None
        try:
            part.path, handle = state.files.open_upload(part.filename)
        except UploadRefused as error:
            problems.append(error)
            return None
        return handle

    try:
        read_multipart(request.stream, boundary, open_part, parts)
    except RequestEntityTooLarge:
        problems.insert(0, UploadRefused(413, too_large))
    except MultipartError as error:
        problems.insert(0, UploadRefused(400, f"This upload is not valid multipart data: "
                                              f"{error}"))
    except BaseException:  # the client went away, the server stops: no file is left behind
        for part in parts:
            if part.path is not None:
                state.files.drop_upload(part.path)
        raise
    finally:
        for part in parts:
            if part.target is not None:
                part.target.close()
    saved = [part for part in parts if part.target is not None]
    try:
        if problems:
            raise problems[0]
        if not saved:
            raise UploadRefused(400, "Send the files as multipart form field 'files'.")
        return [state.files.finish_upload(part.path, part.size, part.content_type)
                for part in saved], None
    except UploadRefused as error:
        for part in saved:
            state.files.drop_upload(part.path)
        return _refused(error.status, str(error))


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
    if not state.files.allowed(path):
        return jsonify(error="File not found, or not allowed.", status=404), 404
    real = real_path(path)
    if not real.is_file():
        return jsonify(error="File not found, or not allowed.", status=404), 404
    return file_response(state, real)


# Types a browser shows without running script: served inline. Everything else (HTML,
# SVG, XML, XHTML, JavaScript, unknown types) is a download.
INLINE_TYPES = frozenset({
    "image/png", "image/jpeg", "image/gif", "image/webp", "image/avif", "image/bmp",
    "image/x-icon", "image/vnd.microsoft.icon", "text/plain", "text/csv",
    "text/vtt",  # subtitles: Firefox reads a <track> only when served as WebVTT
    "application/json"})
# Downloads keep their type when it is an image type the page may show in an <img>
# (where SVG never runs script); other active or unknown types go out as bytes, which
# nosniff forbids a page to run as a script or a style sheet.
KEEP_TYPE = frozenset({"image/svg+xml"})
FILE_CSP = ("default-src 'none'; img-src 'self' data:; media-src 'self'; "
            "style-src 'unsafe-inline'; sandbox")
TRUSTED_CSP = "sandbox allow-scripts allow-forms allow-popups allow-modals allow-downloads"


def file_response(state, real: Path):
    """A file of ``/file=``: nosniff, a sandbox, and active types as downloads."""
    mimetype = mimetypes.guess_type(real.name)[0] or "application/octet-stream"
    how = state.files.inline(real, mimetype)
    if how is None and mimetype not in KEEP_TYPE:
        mimetype = "application/octet-stream"
    response = send_file(real, mimetype=mimetype, conditional=True,
                         as_attachment=how is None, download_name=real.name)
    policy = TRUSTED_CSP if how == "trusted" else FILE_CSP
    response.headers["Content-Security-Policy"] = \
        f"{policy}; frame-ancestors {state.settings.frame_ancestors}"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response

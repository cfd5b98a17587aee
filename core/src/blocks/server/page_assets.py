"""What a page downloads besides itself: static modules and stylesheets.

- **Versioned URLs.** The page names static files under ``/assets/v-<version>/``,
  where ``<version>`` changes whenever a file of any package's ``static`` folder
  changes (it hashes their names, sizes and modification times). Such a
  response may be kept for a year (``immutable``): a new version is a new URL.
  Modules import each other with relative paths, which keep the prefix, so one
  page never loads a module twice under two names. The plain
  ``/assets/<package>/<file>`` answers as before, revalidated (``no-cache`` and
  an ``ETag``), for pages and programs that name it.
- **Preloading.** :meth:`PageAssets.needs` follows the static ``import``s of the
  modules of a page's components and the stylesheets they load
  (``stylesheet(new URL("./x.css", import.meta.url))``), so that the page shell
  can name them all at once (``<link rel="modulepreload">``, ``<link
  rel="stylesheet">``) instead of the browser finding them one import after
  another. Dynamic ``import()``s stay lazy: what a page may never need is not
  preloaded.
- **Stylesheets in the page.** The core's stylesheet and those of the page's
  components are written into the shell (``<style data-href>``, which
  ``stylesheet()`` of ``base.js`` recognises), so that the first paint waits for
  no request; one that refers to other files (``url()``, ``@import``), whose
  relative addresses would change meaning there, or is larger than
  ``INLINE_LIMIT``, is linked instead.
- **One bundle.** The modules a page loads at once go to the browser as one
  module, with an import map for the rest of the page (``blocks.server.bundle``):
  ``/assets/v-<version>/page-bundle/<key>.js``, and each module's facade under
  ``page-bundle/<key>/<package>/<file>``.
- **Compression.** Text files are sent gzipped to browsers that accept it,
  compressed once and kept in memory (files up to ``CACHE_LIMIT``).
"""

from __future__ import annotations

import gzip
import hashlib
import mimetypes
import os
import posixpath
import re
import threading
import time
from pathlib import Path

from flask import Response, request, send_file
from werkzeug.security import safe_join

from blocks.server.bundle import BUNDLE_FOLDER, Bundle, make_bundle

__all__ = ["BUNDLE_FOLDER", "PageAssets", "RUNTIME_MODULES", "VERSION_PREFIX", "compressed"]

# What every page loads: the runtime (the modules it imports are found by following
# its imports) and the core's stylesheet.
RUNTIME_MODULES = ("blocks/runtime.js",)
RUNTIME_STYLESHEETS = ("blocks/blocks.css",)
INLINE_LIMIT = 64 * 1024  # a larger stylesheet is linked, not written into the page
VERSION_PREFIX = "v-"  # no package is named so: a package name is a Python identifier
CACHE_LIMIT = 8 * 1024 * 1024  # larger files are read from disk each time, not compressed
MIN_COMPRESSED = 1024  # smaller answers are sent as they are
FOREVER = "public, max-age=31536000, immutable"
_VERSION_TTL = 1.0  # seconds a computed version is reused before the files are looked at again
_COMPRESSIBLE = ("text/", "application/javascript", "application/json", "image/svg+xml")
# static imports: `import x from "./a.js"`, `export { y } from "../b.js"`, `import "./c.js"`
_IMPORT = re.compile(r"""\b(?:import|export)\b[^;'"`()]*?\bfrom\s*(["'])(\.{1,2}/[^"'\s]+)\1"""
                     r"""|\bimport\s*(["'])(\.{1,2}/[^"'\s]+)\3""")
_STYLESHEET = re.compile(r"""\bstylesheet\(\s*new\s+URL\(\s*(["'])(\.{1,2}/[^"'\s]+)\1\s*,"""
                         r"""\s*import\.meta\.url\s*\)""")


def _accepts_gzip() -> bool:
    return request.accept_encodings["gzip"] > 0


def compressed(response: Response, body: bytes) -> Response:
    """``response`` with ``body``, gzipped when the browser accepts it and it pays."""
    response.vary.add("Accept-Encoding")
    if len(body) >= MIN_COMPRESSED and _accepts_gzip():
        small = gzip.compress(body, compresslevel=6, mtime=0)
        if len(small) < len(body):
            response.set_data(small)
            response.headers["Content-Encoding"] = "gzip"
            return response
    response.set_data(body)
    return response


class _File:
    """One static file as read: its body, gzipped body, ETag and type."""

    def __init__(self, path: Path, stat: os.stat_result):
        self.key = (stat.st_mtime_ns, stat.st_size)
        self.body = path.read_bytes()
        self.etag = hashlib.sha256(self.body).hexdigest()[:20]
        mimetype = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        if path.suffix in (".js", ".mjs"):
            mimetype = "text/javascript"
        self.mimetype = mimetype
        self.gzipped = None
        if mimetype.startswith(_COMPRESSIBLE) and len(self.body) >= MIN_COMPRESSED:
            level = 9 if len(self.body) < 256 * 1024 else 6  # a large library: quicker
            small = gzip.compress(self.body, compresslevel=level, mtime=0)
            self.gzipped = small if len(small) < len(self.body) else None


class PageAssets:
    """The static folders of one app's packages, as pages use them."""

    def __init__(self, static_dirs: dict[str, Path]):
        self.dirs = dict(static_dirs)
        self._lock = threading.Lock()
        self._files: dict[str, _File] = {}
        self._graph: dict[str, tuple[tuple, list[str], list[str]]] = {}
        self._version = ("", 0.0)
        self._pages: dict = {}  # what needs() and inline_text() found, for the current version
        self._bundles: dict[str, Bundle] = {}  # key -> a bundle made for the current version
        self.every_bundle_made = ""  # the version for which every page's bundle was made
        self.theme_css: str | None = None  # the theme's stylesheet, made once (see pages.py)

    # -- the version in the URLs ------------------------------------------------------------
    def version(self) -> str:
        """A short hash of every static file's name, size and modification time."""
        value, when = self._version
        now = time.monotonic()
        if value and now - when < _VERSION_TTL:
            return value
        digest = hashlib.sha256()
        for package in sorted(self.dirs):
            for folder, dirs, files in os.walk(self.dirs[package]):
                dirs.sort()
                for name in sorted(files):
                    try:
                        stat = os.stat(os.path.join(folder, name))
                    except OSError:
                        continue
                    digest.update(f"{package}/{folder}/{name}:{stat.st_size}:"
                                  f"{stat.st_mtime_ns};".encode())
        value = VERSION_PREFIX + digest.hexdigest()[:12]
        if value != self._version[0]:
            self._pages, self._bundles = {}, {}
        self._version = (value, now)
        return value

    def _remembered(self, key, make):
        """``make()``, remembered until a static file changes (pages ask the same again)."""
        key = (self.version(), *key)
        if key not in self._pages:
            self._pages[key] = make()
        return self._pages[key]

    # -- what a page needs --------------------------------------------------------------------
    def locate(self, asset: str) -> Path | None:
        """The file of ``package/path``, or ``None`` outside the package's static folder."""
        package, _, rest = asset.partition("/")
        folder = self.dirs.get(package)
        if folder is None or not rest:
            return None
        joined = safe_join(str(folder), rest)
        if joined is None or not os.path.isfile(joined):
            return None
        return Path(joined)

    def _scan(self, asset: str) -> tuple[list[str], list[str]]:
        """The modules ``asset`` imports statically and the stylesheets it loads."""
        path = self.locate(asset)
        if path is None:
            return [], []
        stat = path.stat()
        key = (stat.st_mtime_ns, stat.st_size)
        known = self._graph.get(asset)
        if known is not None and known[0] == key:
            return known[1], known[2]
        text = path.read_text(encoding="utf-8", errors="replace")
        here = posixpath.dirname(asset)
        imports = [posixpath.normpath(posixpath.join(here, match.group(2) or match.group(4)))
                   for match in _IMPORT.finditer(text)]
        sheets = [posixpath.normpath(posixpath.join(here, match.group(2)))
                  for match in _STYLESHEET.finditer(text)]
        found = ([name for name in imports if self.locate(name)],
                 [name for name in sheets if self.locate(name)])
        self._graph[asset] = (key, *found)
        return found

    def needs(self, modules) -> tuple[list[str], list[str]]:
        """``(modules, stylesheets)`` that the runtime and ``modules`` load, in load order."""
        modules = tuple(module for module in modules if module)
        return self._remembered(("needs", modules), lambda: self._follow(modules))

    def _follow(self, modules) -> tuple[list[str], list[str]]:
        seen: dict[str, None] = {}
        sheets = dict.fromkeys(sheet for sheet in RUNTIME_STYLESHEETS if self.locate(sheet))
        todo = list(RUNTIME_MODULES) + list(modules)
        while todo:
            asset = todo.pop(0)
            if asset in seen or self.locate(asset) is None:
                continue
            seen[asset] = None
            imports, styles = self._scan(asset)
            todo.extend(imports)
            sheets.update(dict.fromkeys(styles))
        return list(seen), list(sheets)

    def bundle(self, modules) -> Bundle | None:
        """The page bundle of ``modules`` (what :meth:`needs` found), or ``None``."""
        modules = tuple(modules)
        version = self.version()
        found = self._remembered(("bundle", modules),
                                 lambda: make_bundle(version, list(modules), self._module_text))
        if found is not None:
            self._bundles[found.key] = found
        return found

    def known_bundle(self, key: str) -> Bundle | None:
        """A bundle this process made for the current version, by its key."""
        self.version()
        return self._bundles.get(key)

    def _module_text(self, asset: str) -> str | None:
        path = self.locate(asset)
        if path is None or path.stat().st_size > CACHE_LIMIT:
            return None
        try:
            return path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return None

    def bundle_response(self, bundle: Bundle, module: str, version: str | None) -> Response:
        """The bundle itself (``module`` empty), or the facade of one of its modules."""
        if module:
            text = bundle.facade(module)
            if text is None:
                return Response("Not found", status=404)
            response = Response(text, mimetype="text/javascript")
        else:
            response = Response(mimetype="text/javascript")
            response.vary.add("Accept-Encoding")
            if bundle.gzipped is None:
                bundle.gzipped = gzip.compress(bundle.text.encode("utf-8"), compresslevel=9,
                                               mtime=0)
            if _accepts_gzip():
                response.set_data(bundle.gzipped)
                response.headers["Content-Encoding"] = "gzip"
            else:
                response.set_data(bundle.text.encode("utf-8"))
        response.headers["Cache-Control"] = FOREVER if version == self.version() else "no-cache"
        return response

    def inline_text(self, asset: str) -> str | None:
        """The text of stylesheet ``asset`` to write into a page, or ``None`` to link it."""
        return self._remembered(("inline", asset), lambda: self._inline_text(asset))

    def _inline_text(self, asset: str) -> str | None:
        path = self.locate(asset)
        if path is None or path.stat().st_size > INLINE_LIMIT:
            return None
        text = path.read_text(encoding="utf-8", errors="replace")
        if "url(" in text or "@import" in text:
            return None
        return text.replace("</", "<\\/")  # nothing in it may end the <style> element

    # -- serving ------------------------------------------------------------------------------
    def response(self, package: str, filename: str, version: str | None = None) -> Response:
        """A static file: kept for a year under the current version, else revalidated."""
        path = self.locate(f"{package}/{filename}")
        if path is None:
            return Response("Not found", status=404)
        stat = path.stat()
        forever = version == self.version()
        if stat.st_size > CACHE_LIMIT:
            response = send_file(path, max_age=0, conditional=True)
            response.headers["Cache-Control"] = FOREVER if forever else "no-cache"
            return response
        file = self._files.get(str(path))
        if file is None or file.key != (stat.st_mtime_ns, stat.st_size):
            file = _File(path, stat)
            with self._lock:
                self._files[str(path)] = file
        response = Response(mimetype=file.mimetype)
        response.set_etag(file.etag)
        response.headers["Cache-Control"] = FOREVER if forever else "no-cache"
        response.vary.add("Accept-Encoding")
        if request.if_none_match.contains(file.etag):
            response.status_code = 304
            return response
        if file.gzipped is not None and _accepts_gzip():
            response.set_data(file.gzipped)
            response.headers["Content-Encoding"] = "gzip"
        else:
            response.set_data(file.body)
        return response

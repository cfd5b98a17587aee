"""Reload mode: ``blocks run app.py`` serves a script and rebuilds it when it changes.

One process, one server. The script runs once as ``__main__`` (its
``demo.launch()`` only records its settings, as under a WSGI server) and its
Blocks is served behind :class:`ReloadingApp`, a WSGI app that forwards every
request to the current Flask app. A watcher in the main thread polls the files
(:class:`Watcher`); when one changes, the modules imported from the watched
folders are forgotten, the script runs again in a fresh namespace with
``gr.NO_RELOAD`` false, a new Flask app is built for the new Blocks and swapped
in, and the old one is closed. A script that fails (a syntax error, an
exception, no Blocks) is reported in the terminal and on open pages, and the
last good app keeps serving.

Open pages learn of a rebuild through a Server-Sent Events stream,
``GET <root>/dev/reload?generation=<token>`` (see docs/protocol.md), that each
app of this mode serves (:class:`ReloadPlugin`).
"""

from __future__ import annotations

import argparse
import html
import os
import sys
import time
import traceback
import types
import warnings
from pathlib import Path

import gevent
from flask import Blueprint, request

from blocks import context
from blocks.exceptions import BlocksWarning
from blocks.hookspecs import hookimpl
from blocks.server.launch import Server, address, local_url
from blocks.server.sse import HEARTBEAT_INTERVAL, named_event, stream_response
from blocks.server.urls import root_url
from blocks.wsgi import find_blocks

__all__ = ["ReloadingApp", "ReloadPlugin", "Reloader", "Watcher", "run_command"]

POLL_INTERVAL = 0.5  # seconds between two looks at the watched files
STREAM_POLL = 0.2  # seconds between two looks at the generation, per open page
MAX_FILES = 10_000  # watched files per folder walk; more are left out, with a warning
WATCHED_SUFFIXES = (".py", ".css")
# folders never walked: virtual environments, caches, version control, packages
SKIPPED_DIRS = {"__pycache__", "node_modules", "site-packages", "dist-packages", "build",
                "dist"}


def _installed_roots() -> list[Path]:
    """Folders of installed code: modules from there are never forgotten or watched."""
    roots = {Path(p).resolve() for p in (sys.prefix, sys.base_prefix, sys.exec_prefix)}
    import blocks
    roots.add(Path(blocks.__file__).resolve().parent)
    return sorted(roots)


def _inside(path: Path, folders) -> bool:
    return any(path == folder or folder in path.parents for folder in folders)


class Watcher:
    """Polls the modification time and size of the files under some folders.

    Polling needs no dependency, works on every system and file system (network
    mounts and containers included, where change notifications are unreliable)
    and sees editors that save by renaming a new file over the old one. Its cost
    is one ``stat`` per watched file per look, twice a second by default.
    """

    def __init__(self, folders, files=()):
        self.folders = [Path(folder).resolve() for folder in folders]
        self.files = [Path(file).resolve() for file in files]
        self.skipped = _installed_roots()
        self.warned = False
        self.state = self.snapshot()

    def _walk(self, folder: Path):
        count = 0
        for root, dirs, names in os.walk(folder):
            here = Path(root)
            dirs[:] = [d for d in dirs if not d.startswith(".") and d not in SKIPPED_DIRS
                       and not (here / d / "pyvenv.cfg").exists()
                       and not _inside(here / d, self.skipped)]
            for name in names:
                if name.endswith(WATCHED_SUFFIXES):
                    count += 1
                    if count > MAX_FILES:
                        if not self.warned:
                            self.warned = True
                            print(f"blocks run: more than {MAX_FILES} files under {folder}; "
                                  "the rest are not watched (pass a smaller --watch-dirs).",
                                  file=sys.stderr)
                        return
                    yield here / name

    def snapshot(self) -> dict:
        state = {}
        paths = list(self.files)
        for folder in self.folders:
            paths.extend(self._walk(folder))
        for path in paths:
            try:
                stat = path.stat()
            except OSError:
                continue  # deleted since: its absence is the change
            state[path] = (stat.st_mtime_ns, stat.st_size)
        return state

    def changed(self) -> list[Path]:
        """The files added, removed or modified since the last call."""
        new = self.snapshot()
        old, self.state = self.state, new
        return sorted(p for p in old.keys() | new.keys() if old.get(p) != new.get(p))

    def settle(self, pause: float = 0.1, tries: int = 10) -> None:
        """Wait until the files stop changing (an editor saving in several writes)."""
        for _ in range(tries):
            time.sleep(pause)
            if not self.changed():
                return


def _short_error(error: BaseException) -> str:
    """The exception as the page shows it: its type and message, and the file and line
    of a syntax error. The terminal gets the whole traceback."""
    return "".join(traceback.format_exception_only(type(error), error)).strip()[:4000]


class Reloader:
    """Runs the script, builds its app, and rebuilds both when a watched file changes."""

    def __init__(self, script: Path, *, demo_name: str = "", encoding: str = "utf-8",
                 watch_dirs=(), argv=()):
        self.script = script.resolve()
        self.demo_name = demo_name
        self.encoding = encoding
        self.folders = [self.script.parent, *(Path(d).resolve() for d in watch_dirs)]
        self.argv = [str(script), *argv]
        self.boot = f"{os.getpid():x}{time.time_ns() % 10**9:x}"
        self.number = 0
        self.error: str | None = None  # why the last rebuild failed; None once one works
        self.blocks = None
        self.settings: dict = {}
        self.host = "127.0.0.1"
        self.server: Server | None = None
        self.app: ReloadingApp | None = None

    @property
    def token(self) -> str:
        """Names the app being served: a page built by another one reloads."""
        return f"{self.boot}-{self.number}"

    # -- running the script ------------------------------------------------------
    def _forget_modules(self) -> None:
        """Drop the modules imported from the watched folders, so that the next run of
        the script imports them afresh."""
        skipped = _installed_roots()
        for name, module in list(sys.modules.items()):
            file = getattr(module, "__file__", None)
            if not file or name == "__main__" or name == "blocks" or \
                    name.startswith("blocks."):
                continue
            path = Path(file).resolve()
            if _inside(path, self.folders) and not _inside(path, skipped):
                del sys.modules[name]

    def execute(self, first: bool):
        """Run the script as ``__main__`` in a fresh namespace; return its Blocks and the
        settings its ``launch()`` asked for."""
        import blocks
        source = self.script.read_text(encoding=self.encoding)
        code = compile(source, str(self.script), "exec")
        module = types.ModuleType("__main__")
        module.__file__ = str(self.script)
        previous = sys.modules.get("__main__")
        sys.modules["__main__"] = module  # pickling and dataclasses find the script's names
        sys.argv = list(self.argv)
        blocks.NO_RELOAD = first
        token = context.loading_for_wsgi.set(True)
        try:
            exec(code, module.__dict__)  # noqa: S102 - the app's own script, as `python app.py`
            found = find_blocks(module.__dict__, self.demo_name, str(self.script))
        except BaseException:
            if previous is not None:
                sys.modules["__main__"] = previous
            raise
        finally:
            context.loading_for_wsgi.reset(token)
        return found, dict(getattr(found, "launch_settings", {}))

    def build(self, blocks, settings, number: int):
        """The Flask app of ``blocks``, whose pages know they were built by ``number``."""
        settings = dict(settings, server_name=self.host)
        plugins = [*(settings.pop("plugins", None) or []),
                   ReloadPlugin(self, f"{self.boot}-{number}")]
        return blocks.create_app(plugins=plugins, **settings)

    # -- serving -----------------------------------------------------------------
    def start(self) -> str:
        """First run and build (errors propagate), then serve; return the local URL."""
        self.blocks, self.settings = self.execute(first=True)
        self.host, port = address(*getattr(self.blocks, "launch_address", (None, None)))
        app = self.build(self.blocks, self.settings, self.number)
        self.app = ReloadingApp(app)
        self.server = Server(self.app, self.host, port).start()
        root = app.extensions["blocks"].settings.root_path
        return local_url(self.host, self.server.port, root)

    def rebuild(self) -> bool:
        """Run the script again; on success serve its new app and tell the pages."""
        self._forget_modules()
        try:
            blocks, settings = self.execute(first=False)
            app = self.build(blocks, settings, self.number + 1)
        except BaseException as error:
            if isinstance(error, KeyboardInterrupt):
                raise
            if isinstance(error, SystemExit) and error.code in (0, None):
                error = RuntimeError("the script called sys.exit()")
            self.error = _short_error(error)
            print("\nblocks run: the script failed; still serving the last version that "
                  "worked.", file=sys.stderr)
            traceback.print_exception(type(error), error, error.__traceback__)
            return False
        old = self.app.swap(app)
        self.blocks, self.settings, self.error = blocks, settings, None
        self.number += 1
        # pages reload at once; the old app's jobs and sessions end a moment later
        self.server.retire(old.extensions["blocks"], delay=1.0)
        print(f"blocks run: reloaded ({self.script.name}).", flush=True)
        return True

    def watch(self, interval: float = POLL_INTERVAL) -> None:
        """Poll until interrupted, rebuilding on every change."""
        watcher = Watcher(self.folders, [self.script])
        while True:
            time.sleep(interval)
            changed = watcher.changed()
            if changed:
                watcher.settle()
                print(f"blocks run: {', '.join(p.name for p in changed[:5])} changed; "
                      "reloading.", flush=True)
                self.rebuild()

    def stop(self) -> None:
        if self.server is not None:
            self.server.stop()


class ReloadingApp:
    """The WSGI app the server runs: forwards each request to the current Flask app."""

    def __init__(self, app):
        self.app = app

    @property
    def extensions(self):  # what Server reads: the current app's state and settings
        return self.app.extensions

    def swap(self, app):
        """Serve ``app`` from the next request on; return the one it replaces."""
        old, self.app = self.app, app
        return old

    def __call__(self, environ, start_response):
        return self.app(environ, start_response)


class ReloadPlugin:
    """Adds the reload stream and the page script to one app built by :class:`Reloader`."""

    def __init__(self, reloader: Reloader, token: str):
        self.reloader = reloader
        self.token = token
        self.__name__ = "blocks.reload"

    @hookimpl
    def blocks_extra_head(self, settings):
        url = f"{root_url()}/dev/reload?generation={self.token}"
        return (f'<meta name="blocks-reload" content="{html.escape(url)}">\n'
                f'<script type="module" src="{html.escape(root_url())}'
                '/assets/blocks/reload.js"></script>')

    @hookimpl
    def blocks_register_routes(self, app, settings):
        blueprint = Blueprint("blocks_reload", __name__)
        blueprint.add_url_rule("/dev/reload", "stream", self.stream)
        return [blueprint]

    def stream(self):
        """Events for one page: ``reload`` once the app it was built by is replaced,
        ``build_error`` while the latest edit fails (``message``: ``null`` once fixed)."""
        seen = request.args.get("generation", "")[:100]
        return stream_response(self._events(seen))

    def _events(self, seen: str):
        reloader = self.reloader
        yield b": blocks reload stream\n\n"
        shown, beat = None, time.monotonic()
        while True:
            if reloader.token != seen:
                yield named_event("reload", {"generation": reloader.token})
                return
            if reloader.error != shown:
                shown = reloader.error
                yield named_event("build_error", {"message": shown})
            if time.monotonic() - beat > HEARTBEAT_INTERVAL:
                beat = time.monotonic()
                yield b": keep-alive\n\n"
            gevent.sleep(STREAM_POLL)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="blocks run",
        description="Serve a script in reload mode: when it or a module it imports from "
                    "its folder changes, the app is rebuilt and open pages reload. Arguments "
                    "after the script that are not listed here go to the script (sys.argv).")
    parser.add_argument("script", help="the app's script, e.g. app.py")
    parser.add_argument("--demo-name", default="",
                        help="the script's variable that holds the app (default: 'demo', "
                             "else the first gr.Blocks it defines)")
    parser.add_argument("--watch-dirs", action="append", default=[], metavar="DIR",
                        help="another folder to watch (repeat it, or separate with commas)")
    parser.add_argument("--encoding", default="utf-8", help="the script's text encoding")
    parser.add_argument("--watch-library", action="store_true",
                        help="not supported: restart to pick up changes to Blocks itself")
    parser.add_argument("--interval", type=float, default=POLL_INTERVAL,
                        help=f"seconds between two looks at the files ({POLL_INTERVAL})")
    return parser


def run_command(args: list[str]) -> int:
    """``blocks run app.py``: serve ``app.py`` in reload mode (Gradio: ``gradio app.py``)."""
    options, rest = _parser().parse_known_args(args)
    script = Path(options.script)
    if not script.is_file():
        print(f"blocks run: no file {options.script!r}.", file=sys.stderr)
        return 2
    if options.watch_library:
        warnings.warn("--watch-library: blocks run reloads the app's own modules only; "
                      "restart it to pick up changes to Blocks.", BlocksWarning, stacklevel=1)
    if options.interval <= 0:
        print("blocks run: --interval must be a positive number of seconds.", file=sys.stderr)
        return 2
    watch_dirs = [d for group in options.watch_dirs for d in group.split(",") if d]
    for folder in watch_dirs:
        if not Path(folder).is_dir():
            print(f"blocks run: --watch-dirs {folder!r} is not a folder.", file=sys.stderr)
            return 2
    sys.path.insert(0, str(script.resolve().parent))  # like `python app.py`
    reloader = Reloader(script, demo_name=options.demo_name, encoding=options.encoding,
                        watch_dirs=watch_dirs, argv=rest)
    try:
        url = reloader.start()
    except Exception:
        traceback.print_exc()
        print("blocks run: the script failed before serving anything.", file=sys.stderr)
        return 1
    folders = ", ".join(f"'{folder}'" for folder in reloader.folders)
    print(f"Watching: {folders}\n\n* Running on local URL:  {url}  (reload mode)",
          flush=True)
    try:
        reloader.watch(options.interval)
    except KeyboardInterrupt:
        print("Keyboard interruption; closing the server.", flush=True)
    finally:
        reloader.stop()
    return 0

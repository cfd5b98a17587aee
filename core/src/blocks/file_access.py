"""Which files an app may hand out: the rule of Gradio's file-access guide.

A path a function returns (as a component value or a ``FileData``) is
accepted only if, once every symlink and ``..`` is resolved, it lies

- in one of ``allowed_paths`` (``launch(allowed_paths=[...])``),
- in a static path (:func:`set_static_paths`),
- in the temp directory (``tempfile.gettempdir()`` and ``BLOCKS_TEMP_DIR``), or
- in the current working directory (unless that is the filesystem root),

and no name below the folder that admits it starts with ``.`` (``.git``,
``.env``, ``.ssh``...). ``blocked_paths`` always wins. Both sides are compared
as real paths: a blocked or allowed folder given through a symlink means the
folder it points to. Anything else is refused with :class:`FileAccessError`,
whose message names the path and the setting that would allow it.

Files the developer names before the app runs (default values, examples) are
not checked against this rule, only against ``blocked_paths``, as in Gradio.

Pure: no server imports. The queue makes a rule active while a job's
function runs and its results are postprocessed (:func:`checking`), so that
:func:`blocks.files.save_file` refuses a path before copying it.
"""

from __future__ import annotations

import contextlib
import contextvars
import os
import tempfile
from pathlib import Path

from blocks.environment import env

__all__ = ["FileAccessError", "FileRule", "active_rule", "checking", "real_path",
           "set_static_paths", "static_paths", "within"]

# Longest file name (one component) and whole path most filesystems accept, in bytes.
NAME_MAX = 255
PATH_MAX = 4096

_static: list[Path] = []
_active: contextvars.ContextVar = contextvars.ContextVar("blocks_file_rule", default=None)


class FileAccessError(PermissionError):
    """A path the app may not hand out; the message says why and what would allow it."""


def set_static_paths(paths) -> None:
    """Serve the files under ``paths`` directly from disk (Gradio's ``gr.set_static_paths``).

    Static files are not copied into the cache; they are served at
    ``/file=<absolute path>`` to every visitor. Applies to every app of this
    process, until it is called again (as in Gradio).
    """
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    _static[:] = [Path(os.path.abspath(os.fspath(path))) for path in paths or []]


def static_paths() -> list[Path]:
    return list(_static)


def check_name(path) -> str:
    """``path`` as a string, refused if it holds a NUL byte or a name too long for a disk."""
    text = os.fspath(path)
    if isinstance(text, bytes):
        text = os.fsdecode(text)
    if "\x00" in text:
        raise FileAccessError(f"The path {text[:200]!r} contains a NUL byte.")
    encoded = text.encode("utf-8", "surrogateescape")
    if len(encoded) > PATH_MAX or any(len(part) > NAME_MAX for part in encoded.split(b"/")):
        raise FileAccessError(f"The path {text[:80]!r}... is longer than a file system "
                              "allows.")
    return text


def real_path(path) -> Path:
    """The path with every symlink and ``..`` resolved (refusing NUL bytes and huge names)."""
    return Path(os.path.realpath(check_name(path)))


def within(path: Path, root: Path) -> tuple[str, ...] | None:
    """The names of ``path`` below ``root`` (``()`` for ``root`` itself), or ``None``."""
    if path == root:
        return ()
    if root in path.parents:
        return path.relative_to(root).parts
    return None


def _temp_roots() -> list[Path]:
    roots = [Path(tempfile.gettempdir())]
    if env("TEMP_DIR"):
        roots.append(Path(env("TEMP_DIR")))
    return roots


class FileRule:
    """``allowed_paths`` and ``blocked_paths`` of one app, and the rule built on them."""

    def __init__(self, allowed_paths=(), blocked_paths=()):
        self.allowed_paths = [Path(os.path.abspath(p)) for p in allowed_paths or []]
        self.blocked_paths = [Path(os.path.abspath(p)) for p in blocked_paths or []]
        self.handed_out: set[Path] = set()  # real paths the app already gave a page

    # Settings are resolved at each check: a symlink made after start still counts.
    def blocked(self, real: Path) -> bool:
        return any(within(real, Path(os.path.realpath(b))) is not None
                   for b in self.blocked_paths)

    def served_roots(self) -> list[Path]:
        """Folders whose files may be fetched by URL: allowed and static paths."""
        return [Path(os.path.realpath(p)) for p in [*self.allowed_paths, *static_paths()]]

    def returned_roots(self) -> list[Path]:
        """Folders a function's returned paths may come from."""
        roots = self.served_roots() + [Path(os.path.realpath(p)) for p in _temp_roots()]
        cwd = Path(os.path.realpath(os.getcwd()))
        if cwd != Path(cwd.anchor):  # an app started from / does not open the whole disk
            roots.append(cwd)
        return roots

    def check_returned(self, path) -> Path:
        """The real path of ``path`` if a function may hand it out.

        Otherwise :class:`FileAccessError`, naming the path and the setting.
        """
        real = real_path(path)
        shown = os.fspath(path)
        if self.blocked(real):
            raise FileAccessError(
                f"Cannot serve {shown!r}: it is in blocked_paths, which always win. Remove "
                "its folder from launch(blocked_paths=[...]) to serve it.")
        if real in self.handed_out:
            return real
        dotted = False
        for root in self.returned_roots():
            names = within(real, root)
            if names is None:
                continue
            if not any(name.startswith(".") for name in names):
                return real
            dotted = True
        if dotted:
            raise FileAccessError(
                f"Cannot serve {shown!r}: a name in its path starts with '.' (.env, .git, "
                "...); such files are served only from a folder that is itself in "
                "allowed_paths. Add its folder to launch(allowed_paths=[...]) to serve it.")
        raise FileAccessError(
            f"Cannot serve {shown!r}: it is not in allowed_paths, a static path, the working "
            "directory or the temp directory. Add its folder to launch(allowed_paths=[...]) "
            "to serve it.")


def active_rule() -> FileRule | None:
    """The rule of the job running in this thread (``None`` outside a job)."""
    return _active.get()


@contextlib.contextmanager
def checking(rule: FileRule | None):
    """Make ``rule`` the active one while a job's function runs and its results are made."""
    token = _active.set(rule)
    try:
        yield
    finally:
        _active.reset(token)

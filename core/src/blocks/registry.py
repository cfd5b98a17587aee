"""What the plugins provide: components, themes and auth backends by name.

A :class:`Registry` is built from one plugin manager. ``create_app`` builds
its own; ``gr.Textbox`` and friends resolve through :func:`catalog`, a
registry built once per process from the installed plugins (it only maps
names to classes and holds no app state).
"""

from __future__ import annotations

import functools
import json
import sys
from dataclasses import dataclass
from pathlib import Path

from blocks.exceptions import ComponentNotInstalledError, PluginError
from blocks.plugins import make_plugin_manager
from blocks.themes.base import Theme

__all__ = ["Registry", "catalog", "providers", "provider_of", "Conflict"]

_KINDS = {
    "components": "blocks_register_components",
    "exports": "blocks_register_exports",
    "themes": "blocks_register_themes",
    "auth_backends": "blocks_register_auth_backends",
    "state_backends": "blocks_register_state_backends",
    "queue_backends": "blocks_register_queue_backends",
    "login_stores": "blocks_register_login_stores",
}


@functools.lru_cache(maxsize=1)
def providers() -> dict[str, dict[str, list[str]]]:
    """``providers.json``: distribution -> ``version``, ``components`` / ``themes`` / ``planned``.

    blocks-core's build makes the file from the ``[tool.blocks]`` table of each
    distribution of the repository (``core/hatch_build.py``); a source tree that
    was never installed has none, and then no hint is given.
    """
    path = Path(__file__).with_name("providers.json")
    if not path.is_file():
        return {}
    return json.loads(path.read_text(encoding="utf-8"))["distributions"]


def provider_of(name: str, kind: str = "components") -> tuple[str, bool] | None:
    """``(distribution, planned)`` for a component class name or theme name, if known."""
    for dist, entry in providers().items():
        if name in entry.get(kind, ()):
            return dist, False
        if kind == "components" and name in entry.get("planned", ()):
            return dist, True
    return None


@dataclass
class Conflict:
    """Two plugins register the same name: each is ``(plugin, distribution)``."""

    kind: str
    name: str
    first: tuple[str, str | None]
    second: tuple[str, str | None]

    def message(self) -> str:
        def who(plugin):
            name, dist = plugin
            return f"{name!r} ({dist or 'not from an installed distribution'})"

        other_dist = self.second[1]
        remedy = (f"uninstall one of them (pip uninstall {other_dist}), or"
                  if other_dist else "remove one of them, or")
        return (f"Two plugins register a {self.kind[:-1].replace('_', ' ')} named "
                f"{self.name!r}: {who(self.first)} and {who(self.second)}. To fix it, "
                f"{remedy} load only the one you want with BLOCKS_LOAD_PLUGINS (see "
                "'blocks plugins').")


def _each_plugin(pm, hook_name: str):
    """``(plugin name, result)`` of every implementation of ``hook_name``, built-in first.

    Each implementation is called through the plugin manager (a hook caller
    without the other plugins), so hook monitoring, ``BLOCKS_TRACE_PLUGINS``,
    sees every call and which plugin answered.
    """
    hook = getattr(pm.hook, hook_name)
    impls = hook.get_hookimpls()
    plugins = [impl.plugin for impl in impls]
    for impl in impls:
        caller = pm.subset_hook_caller(hook_name, [p for p in plugins if p is not impl.plugin])
        results = caller()
        yield impl.plugin_name, (results[0] if results else None)


class Registry:
    """What the plugins of one plugin manager provide.

    Two plugins registering one name is a :class:`PluginError` naming both
    distributions; with ``strict=False`` (``blocks plugins``) the first one
    is kept and each clash is recorded in ``conflicts`` instead.
    """

    def __init__(self, pm, *, strict: bool = True):
        self.pm = pm
        self.provided: dict[str, dict[str, list]] = {}  # plugin -> kind -> classes
        self.conflicts: list[Conflict] = []
        self.components: dict[str, type] = {}
        self.exports: dict[str, object] = {}  # other gr.<Name> objects, by __name__
        self.themes: dict[str, type] = {}
        self.auth_backends: dict[str, type] = {}
        self.state_backends: dict[str, type] = {}
        self.queue_backends: dict[str, type] = {}
        self.login_stores: dict[str, type] = {}
        info = getattr(pm, "blocks_info", {})
        owners_of_exports: dict[str, str] = {}
        for kind, hook_name in _KINDS.items():
            table = getattr(self, kind)
            owners: dict[str, str] = owners_of_exports if kind == "exports" else {}
            for plugin, classes in _each_plugin(pm, hook_name):
                classes = list(classes or [])
                self.provided.setdefault(plugin, {})[kind] = classes
                for cls in classes:
                    name = getattr(cls, "__name__" if kind == "exports" else "name", None)
                    if not name:
                        raise PluginError(f"{cls!r} from plugin {plugin!r} has no name.")
                    if name in table and table[name] is not cls:
                        conflict = Conflict(kind, name, _origin(info, owners[name]),
                                            _origin(info, plugin))
                        if strict:
                            raise PluginError(conflict.message())
                        self.conflicts.append(conflict)
                        continue
                    table[name] = cls
                    owners[name] = plugin
        # a class's own ALIASES only: gr.TextArea (a Textbox) is not gr.Text
        self._by_class_name = {alias: cls for cls in self.components.values()
                               for alias in (cls.__name__, *cls.__dict__.get("ALIASES", ()))}
        for name in [name for name in self.exports if name in self._by_class_name]:
            # an export may not hide a component: gr.<Name> must mean one thing
            raise PluginError(f"{name!r} is both a component and an export of plugin "
                              f"{owners_of_exports.get(name)!r}; rename one of them.")
        self._by_class_name.update(self.exports)
        self._themes_by_class_name = {cls.__name__: cls for cls in self.themes.values()}
        self._static_dirs = _static_dirs((*self.components.values(), *self.themes.values()))

    # -- lookups -----------------------------------------------------------------
    def component_by_class_name(self, name: str):
        """The component class (or exported object, such as ``ChatMessage``) named ``name``."""
        return self._by_class_name.get(name)

    def theme_by_class_name(self, name: str):
        return self._themes_by_class_name.get(name)

    def missing_component_error(self, name: str) -> AttributeError:
        found = provider_of(name)
        if found is None:
            return AttributeError(f"module 'blocks' has no attribute {name!r}")
        dist, planned = found
        if planned:
            return ComponentNotInstalledError(f"{name} is not available yet: it is planned "
                                              f"for {dist}.")
        return ComponentNotInstalledError(f"{name} is provided by {dist}: pip install {dist}")

    def resolve_theme(self, theme):
        """A theme instance from ``None``, a name, a class or an instance."""
        if theme is None:
            return self.themes["default"]()
        if isinstance(theme, Theme):
            return theme
        if isinstance(theme, type) and issubclass(theme, Theme):
            return theme()
        if isinstance(theme, str):
            cls = self.themes.get(theme.lower())
            if cls is None:
                hint = ""
                found = provider_of(theme.lower(), "themes")
                if found is not None:
                    hint = f" {theme!r} comes with {found[0]}: pip install {found[0]}."
                raise ValueError(f"No theme named {theme!r}; installed: "
                                 f"{', '.join(sorted(self.themes))}.{hint}")
            return cls()
        raise TypeError(f"theme must be a name or a Theme, not {theme!r}")

    def static_dirs(self) -> dict[str, Path]:
        """Package name -> its ``static`` folder, for every registered class.

        Found once, when the registry is built (``create_app`` builds one per
        app), so serving a module never searches the file system for folders.
        """
        return self._static_dirs


def _origin(info: dict, plugin: str) -> tuple[str, str | None]:
    found = info.get(plugin)
    return plugin, (found.distribution if found is not None else None)


def _static_dirs(classes) -> dict[str, Path]:
    dirs = {}
    for cls in classes:
        package = cls.__module__.split(".")[0]
        module = sys.modules.get(package)
        if module is not None and getattr(module, "__file__", None):
            folder = Path(module.__file__).parent / "static"
            if folder.is_dir():
                dirs[package] = folder
    return dirs


@functools.lru_cache(maxsize=1)
def catalog() -> Registry:
    """The registry of installed plugins, used to resolve ``gr.<Name>``."""
    return Registry(make_plugin_manager())

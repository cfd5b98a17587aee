"""What the plugins provide: components, themes and auth backends by name.

A :class:`Registry` is built from one plugin manager. ``create_app`` builds
its own; ``gr.Textbox`` and friends resolve through :func:`catalog`, a
registry built once per process from the installed plugins (it only maps
names to classes and holds no app state).
"""

from __future__ import annotations

import functools
import sys
from pathlib import Path

from blocks.exceptions import ComponentNotInstalledError, PluginError
from blocks.plugins import make_plugin_manager
from blocks.themes.base import Theme

__all__ = ["Registry", "catalog", "KNOWN_PROVIDERS"]

# Components that live in separately installed distributions.
KNOWN_PROVIDERS = {
    "Image": "blocks-image", "Gallery": "blocks-image", "ImageEditor": "blocks-image",
    "AnnotatedImage": "blocks-image", "ImageSlider": "blocks-image",
    "Audio": "blocks-media", "Video": "blocks-media", "Model3D": "blocks-media",
    "Plot": "blocks-plots", "LinePlot": "blocks-plots", "ScatterPlot": "blocks-plots",
    "BarPlot": "blocks-plots", "Dataframe": "blocks-dataframe", "DataFrame": "blocks-dataframe",
    "Chatbot": "blocks-chat", "ChatInterface": "blocks-chat", "MultimodalTextbox": "blocks-chat",
}

# Themes that live in the blocks-themes distribution.
KNOWN_THEMES = {"soft", "glass", "monochrome", "ocean", "citrus"}

_KINDS = {
    "components": "blocks_register_components",
    "themes": "blocks_register_themes",
    "auth_backends": "blocks_register_auth_backends",
    "state_backends": "blocks_register_state_backends",
}


class Registry:
    def __init__(self, pm):
        self.pm = pm
        self.provided: dict[str, dict[str, list]] = {}  # plugin -> kind -> classes
        self.components: dict[str, type] = {}
        self.themes: dict[str, type] = {}
        self.auth_backends: dict[str, type] = {}
        self.state_backends: dict[str, type] = {}
        for kind, hook_name in _KINDS.items():
            table = getattr(self, kind)
            owners: dict[str, str] = {}
            for impl, classes in _call_each(pm, hook_name):
                self.provided.setdefault(impl.plugin_name, {})[kind] = list(classes)
                for cls in classes:
                    name = getattr(cls, "name", None)
                    if not name:
                        raise PluginError(f"{cls!r} from plugin {impl.plugin_name!r} has no name.")
                    if name in table and table[name] is not cls:
                        raise PluginError(
                            f"Two plugins register a {kind[:-1].replace('_', ' ')} named "
                            f"{name!r}: {owners[name]!r} and {impl.plugin_name!r}.")
                    table[name] = cls
                    owners[name] = impl.plugin_name
        self._by_class_name = {cls.__name__: cls for cls in self.components.values()}
        self._themes_by_class_name = {cls.__name__: cls for cls in self.themes.values()}

    # -- lookups -----------------------------------------------------------------
    def component_by_class_name(self, name: str):
        return self._by_class_name.get(name)

    def theme_by_class_name(self, name: str):
        return self._themes_by_class_name.get(name)

    def missing_component_error(self, name: str) -> AttributeError:
        dist = KNOWN_PROVIDERS.get(name)
        if dist is not None:
            return ComponentNotInstalledError(
                f"{name} is provided by {dist}: pip install {dist}")
        return AttributeError(f"module 'blocks' has no attribute {name!r}")

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
                if theme.lower() in KNOWN_THEMES:
                    hint = f" {theme!r} comes with blocks-themes: pip install blocks-themes."
                raise ValueError(f"No theme named {theme!r}; installed: "
                                 f"{', '.join(sorted(self.themes))}.{hint}")
            return cls()
        raise TypeError(f"theme must be a name or a Theme, not {theme!r}")

    def static_dirs(self) -> dict[str, Path]:
        """Package name -> its ``static`` folder, for every registered class."""
        dirs = {}
        for cls in (*self.components.values(), *self.themes.values()):
            package = cls.__module__.split(".")[0]
            module = sys.modules.get(package)
            if module is not None and getattr(module, "__file__", None):
                folder = Path(module.__file__).parent / "static"
                if folder.is_dir():
                    dirs[package] = folder
        return dirs


def _call_each(pm, hook_name: str):
    """``(implementation, its list)`` for each plugin, built-in first.

    Each implementation is called through the plugin manager (so that
    ``BLOCKS_TRACE_PLUGINS`` logs it), one plugin at a time, to know who
    provided what.
    """
    impls = getattr(pm.hook, hook_name).get_hookimpls()
    for impl in reversed(impls):
        others = [other.plugin for other in impls if other.plugin is not impl.plugin]
        results = pm.subset_hook_caller(hook_name, remove_plugins=others)()
        yield impl, (results[0] if results else None) or []


@functools.lru_cache(maxsize=1)
def catalog() -> Registry:
    """The registry of installed plugins, used to resolve ``gr.<Name>``."""
    return Registry(make_plugin_manager())

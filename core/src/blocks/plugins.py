"""Finding plugins: the built-in one, entry points, and explicit ones.

Each app (``create_app``) builds its own plugin manager with
:func:`make_plugin_manager`; nothing here is shared between apps.

Environment variables:

- ``BLOCKS_LOAD_PLUGINS=a,b``: load only these entry-point plugins (by entry
  point name or distribution name); an empty value loads none. The built-in
  plugin always loads.
- ``BLOCKS_TRACE_PLUGINS=1``: log every hook call at DEBUG level on the
  ``blocks.plugins`` logger (and to stderr when logging is not configured).
"""

from __future__ import annotations

import logging
import os
import sys
from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, entry_points, version

import pluggy

import blocks.builtin_plugin as builtin_plugin
from blocks import hookspecs
from blocks.exceptions import PluginError

__all__ = ["ENTRY_POINT_GROUP", "make_plugin_manager", "PluginInfo"]

ENTRY_POINT_GROUP = "blocks"
BUILTIN_NAME = "blocks.builtin"
logger = logging.getLogger("blocks.plugins")


@dataclass
class PluginInfo:
    """Where a loaded plugin came from."""

    name: str
    module: str
    distribution: str | None = None
    version: str | None = None
    extra: dict = field(default_factory=dict)


def allowed_plugins(env=None) -> set[str] | None:
    value = (env if env is not None else os.environ).get("BLOCKS_LOAD_PLUGINS")
    if value is None:
        return None
    return {part.strip() for part in value.split(",") if part.strip()}


def make_plugin_manager(plugins=(), *, entry_point_plugins: bool = True, env=None,
                        core=()) -> pluggy.PluginManager:
    """A plugin manager with the built-in plugin, entry points, then ``plugins``.

    ``core``: more plugin modules of blocks-core, registered right after the
    built-in one under their module names (the command line registers its own
    commands so: the built-in plugin cannot import the layers above it).
    """
    env = env if env is not None else os.environ
    pm = pluggy.PluginManager(hookspecs.PROJECT)
    pm.add_hookspecs(hookspecs)
    pm.blocks_info = {}  # plugin name -> PluginInfo
    for name, module in [(BUILTIN_NAME, builtin_plugin),
                         *((_module_name(module), module) for module in core)]:
        pm.register(module, name=name)
        pm.blocks_info[name] = PluginInfo(name, _module_name(module), "blocks-core",
                                          _version("blocks-core"))
    if entry_point_plugins:
        _load_entry_points(pm, allowed_plugins(env))
    for plugin in plugins:
        name = pm.register(plugin)
        pm.blocks_info[name] = PluginInfo(name, getattr(plugin, "__name__", repr(plugin)))
    try:
        pm.check_pending()
    except pluggy.PluginValidationError as error:
        raise PluginError(f"A plugin implements a hook that does not exist: {error}. "
                          "Hook names start with 'blocks_'; see blocks.hookspecs.") from error
    if env.get("BLOCKS_TRACE_PLUGINS", "").lower() in ("1", "true", "yes"):
        _enable_tracing(pm)
    return pm


def _module_name(module) -> str:
    """``blocks.cli``, also when it runs as ``python -m blocks.cli`` (``__main__``)."""
    spec = getattr(module, "__spec__", None)
    return spec.name if spec is not None else module.__name__


def _version(dist: str) -> str | None:
    try:
        return version(dist)
    except PackageNotFoundError:
        return None


def _load_entry_points(pm: pluggy.PluginManager, allowed: set[str] | None) -> None:
    for ep in sorted(entry_points(group=ENTRY_POINT_GROUP), key=lambda e: e.name):
        dist = getattr(ep, "dist", None)
        dist_name = dist.metadata["Name"] if dist is not None else None
        if allowed is not None and ep.name not in allowed and dist_name not in allowed:
            continue
        if ep.name in pm.blocks_info:
            if pm.blocks_info[ep.name].module == ep.value:
                continue  # the same entry point seen twice on sys.path
            raise PluginError(f"Two plugins use the entry point name {ep.name!r}: "
                              f"{pm.blocks_info[ep.name].module} "
                              f"({pm.blocks_info[ep.name].distribution}) and {ep.value} "
                              f"({dist_name}). Rename one of them.")
        try:
            plugin = ep.load()
        except Exception as error:  # a broken plugin must say who it is
            raise PluginError(f"Plugin {ep.name!r} ({ep.value}) from "
                              f"{dist_name or 'an unknown distribution'} failed to load: "
                              f"{error}") from error
        try:
            pm.register(plugin, name=ep.name)
        except ValueError as error:
            raise PluginError(f"Plugin {ep.name!r} could not be registered: {error}") from error
        except pluggy.PluginValidationError as error:
            raise PluginError(f"Plugin {ep.name!r} is invalid: {error}") from error
        pm.blocks_info[ep.name] = PluginInfo(ep.name, ep.value, dist_name,
                                             dist.version if dist is not None else None)


def _enable_tracing(pm: pluggy.PluginManager) -> None:
    if not logging.getLogger().handlers and not logger.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("blocks.plugins: %(message)s"))
        logger.addHandler(handler)
        logger.setLevel(logging.DEBUG)

    def before(hook_name, hook_impls, kwargs):
        logger.debug("call %s(%s) -> %s", hook_name, ", ".join(kwargs),
                     ", ".join(impl.plugin_name for impl in hook_impls))

    def after(outcome, hook_name, hook_impls, kwargs):
        logger.debug("done %s", hook_name)

    pm.add_hookcall_monitoring(before, after)

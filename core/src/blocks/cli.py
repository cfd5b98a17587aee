"""The ``blocks`` command line: ``blocks plugins``, ``blocks new``, ``blocks run`` and
plugins' commands.

The top layer of blocks-core: nothing else imports it. It is a plugin too: it
registers its own commands through ``blocks_register_commands``, in the
plugin manager it builds (:func:`command_registry`), like any other plugin.
"""

from __future__ import annotations

import json
import sys

from blocks.exceptions import PluginError
from blocks.hookspecs import hookimpl
from blocks.plugins import make_plugin_manager
from blocks.registry import Registry
from blocks.scaffold import new_command

__all__ = ["blocks_register_commands", "command_plugins", "command_registry", "main",
           "plugins_command", "run_command"]


@hookimpl
def blocks_register_commands():
    return [("plugins", "List installed plugins and what each provides.", plugins_command),
            ("new", "Create a component, theme or app from a scaffold.", new_command),
            ("run", "Serve a script in reload mode: edits rebuild the app (gradio app.py).",
             run_command)]


def run_command(args: list[str]) -> int:
    """``blocks run app.py``: see ``blocks.server.reload``."""
    from blocks.server.reload import run_command as run
    return run(args)


def command_plugins():
    """The plugin manager of the installed plugins, with this module among the core's."""
    return make_plugin_manager(core=[sys.modules[__name__]])


def command_registry(*, strict: bool = True) -> Registry:
    """What the installed plugins provide (``strict=False``: clashes recorded, not raised)."""
    return Registry(command_plugins(), strict=strict)


def _describe(registry) -> list[dict]:
    rows = []
    for name, info in registry.pm.blocks_info.items():
        provided = registry.provided.get(name, {})
        rows.append({
            "name": name,
            "module": info.module,
            "distribution": info.distribution,
            "version": info.version,
            "components": [cls.__name__ for cls in provided.get("components", [])],
            "exports": [obj.__name__ for obj in provided.get("exports", [])],
            "themes": [cls.name for cls in provided.get("themes", [])],
            "auth_backends": [cls.name for cls in provided.get("auth_backends", [])],
            "state_backends": [cls.name for cls in provided.get("state_backends", [])],
            "queue_backends": [cls.name for cls in provided.get("queue_backends", [])],
            "hooks": sorted(impl.name for impl in _hooks_of(registry.pm, name)),
        })
    return rows


def _hooks_of(pm, name):
    plugin = pm.get_plugin(name)
    yield from pm.get_hookcallers(plugin) or []


def plugins_command(args: list[str]) -> int:
    """List installed plugins and what each provides (``--json`` for machines).

    Two plugins that register one name do not stop the listing: each clash is
    reported after it, with the distributions and what to do, and the exit
    status is 1.
    """
    registry = command_registry(strict=False)
    rows = _describe(registry)
    conflicts = [conflict.message() for conflict in registry.conflicts]
    if "--json" in args:
        print(json.dumps(rows, indent=2))
    for row in rows if "--json" not in args else ():
        origin = row["distribution"] or "explicit"
        version = f" {row['version']}" if row["version"] else ""
        print(f"{row['name']}  ({origin}{version}, {row['module']})")
        for kind in ("components", "exports", "themes", "auth_backends", "state_backends",
                     "queue_backends"):
            if row[kind]:
                print(f"  {kind.replace('_', ' ')}: {', '.join(row[kind])}")
        print(f"  hooks: {', '.join(row['hooks'])}")
    for message in conflicts:
        print(f"\nConflict: {message}", file=sys.stderr)
    return 1 if conflicts else 0


def _commands():
    commands = {}
    for group in command_plugins().hook.blocks_register_commands():
        for name, help_text, function in group or []:
            commands[name] = (help_text, function)
    return commands


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        commands = _commands()
    except PluginError as error:  # a broken plugin: say which, not a traceback
        print(f"blocks: {error}", file=sys.stderr)
        return 1
    if not argv or argv[0] in ("-h", "--help", "help"):
        print("usage: blocks <command> [args]\n\ncommands:")
        for name, (help_text, _) in sorted(commands.items()):
            print(f"  {name:<12} {help_text}")
        return 0
    name, rest = argv[0], argv[1:]
    if name not in commands:
        print(f"blocks: unknown command {name!r}; try 'blocks --help'.", file=sys.stderr)
        return 2
    return int(commands[name][1](rest) or 0)


if __name__ == "__main__":
    raise SystemExit(main())

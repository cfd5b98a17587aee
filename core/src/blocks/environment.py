"""Settings read from environment variables: ``BLOCKS_<NAME>``, else ``GRADIO_<NAME>``.

A Gradio deployment configured through ``GRADIO_SERVER_PORT``, ``GRADIO_ROOT_PATH``,
``GRADIO_ALLOWED_PATHS``... keeps working; when both names are set, the ``BLOCKS_``
one wins. Arguments given in code win over both. See ``docs/deployment.md``
("Environment variables").
"""

from __future__ import annotations

import os
import warnings
from collections.abc import Mapping

from blocks.arguments import _SSR
from blocks.exceptions import BlocksWarning

__all__ = ["env", "settings_from_environment", "SETTINGS"]

# <NAME> -> (setting, kind); list values are comma-separated, as Gradio reads them.
SETTINGS: dict[str, tuple[str, str]] = {
    "ROOT_PATH": ("root_path", "str"),
    "ALLOWED_PATHS": ("allowed_paths", "list"),
    "BLOCKED_PATHS": ("blocked_paths", "list"),
    "MAX_FILE_SIZE": ("max_file_size", "str"),
}

# Variables of Gradio's that Blocks reads but has nothing to do for.
_NOTHING_TO_DO = {
    "ANALYTICS_ENABLED": None,  # Blocks never sends telemetry
    "SSR_MODE": _SSR,
}


def env(name: str, environ: Mapping[str, str] | None = None) -> str | None:
    """The value of ``BLOCKS_<name>``, else of ``GRADIO_<name>``; ``None`` if neither is
    set (an empty value counts as unset)."""
    environ = os.environ if environ is None else environ
    for prefix in ("BLOCKS_", "GRADIO_"):
        value = environ.get(prefix + name)
        if value:
            return value
    return None


def settings_from_environment(environ: Mapping[str, str] | None = None) -> dict:
    """App settings given by environment variables (only those that are set)."""
    found = {}
    for name, (setting, kind) in SETTINGS.items():
        value = env(name, environ)
        if value is None:
            continue
        found[setting] = [part.strip() for part in value.split(",") if part.strip()] \
            if kind == "list" else value
    for name, why in _NOTHING_TO_DO.items():
        value = env(name, environ)
        if why and value and value.strip().lower() not in ("0", "false", "no"):
            warnings.warn(f"{name} is set in the environment: {why}; it has no effect.",
                          BlocksWarning, stacklevel=3)
    return found

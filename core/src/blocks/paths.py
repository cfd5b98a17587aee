"""Files an app names by path (``css_paths``, ``head_paths``), checked when given."""

from __future__ import annotations

__all__ = ["existing_files"]


def existing_files(paths, what: str) -> list:
    """``css_paths`` / ``head_paths``: one path or a list, each an existing file."""
    from pathlib import Path  # not at the top: `import blocks` does without pathlib
    if paths is None:
        paths = []
    elif isinstance(paths, (str, Path)) or not isinstance(paths, (list, tuple, set)):
        paths = [paths]
    files = [Path(path) for path in paths]
    for path in files:
        if not path.is_file():
            raise FileNotFoundError(f"{what}: no file at {path}")
    return files

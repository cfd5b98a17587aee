"""Build hook of blocks-core: ship the scaffolds of ``blocks new`` in the wheel.

The scaffolds live in the repository's ``templates/`` folder, next to
``core/``. A wheel gets them as ``blocks/scaffolds/``; an sdist carries them
as ``templates/`` so that a wheel built from the sdist gets them too. An
editable install needs no copy: ``blocks.scaffold`` reads ``templates/`` of
the checkout.
"""

from __future__ import annotations

from pathlib import Path

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


class ScaffoldsBuildHook(BuildHookInterface):
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict) -> None:
        if self.target_name == "wheel" and version == "editable":
            return
        root = Path(self.root)
        # An unpacked sdist has its own copy; a checkout has the repository's.
        for source in (root / "templates", root.parent / "templates"):
            if (source / "component").is_dir():
                break
        else:
            raise FileNotFoundError(
                f"The scaffolds (templates/) are missing: looked in {root} and {root.parent}.")
        target = "blocks/scaffolds" if self.target_name == "wheel" else "templates"
        build_data["force_include"][str(source)] = target

"""Themes for Blocks: ``gr.themes.Soft()`` or ``gr.Blocks(theme="soft")``.

Installing this distribution registers its themes through the ``blocks``
entry point group; scripts never import this package themselves.
"""

from blocks_themes.themes import Citrus, Glass, Monochrome, Ocean, Soft

__all__ = ["Soft", "Glass", "Monochrome", "Ocean", "Citrus"]

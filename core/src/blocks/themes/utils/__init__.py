"""Gradio's ``gradio.themes.utils`` path: ``from blocks.themes.utils import colors, fonts,
sizes`` gives Blocks' own modules (the same objects as ``blocks.themes.colors``...)."""

import sys

from blocks.themes import colors, fonts, sizes

__all__ = ["colors", "fonts", "sizes"]

for _name, _module in (("colors", colors), ("fonts", fonts), ("sizes", sizes)):
    sys.modules[f"{__name__}.{_name}"] = _module  # `import blocks.themes.utils.colors`

"""The hook that registers this distribution's themes (cheap to import)."""

import blocks


@blocks.hookimpl
def blocks_register_themes():
    from blocks_themes.themes import Citrus, Glass, Monochrome, Ocean, Soft
    return [Soft, Glass, Monochrome, Ocean, Citrus]

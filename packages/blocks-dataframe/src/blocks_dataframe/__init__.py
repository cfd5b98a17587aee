"""Tables for Blocks: ``gr.Dataframe`` (also spelled ``gr.DataFrame``).

Installing this distribution makes ``gr.Dataframe`` available to ``import
blocks as gr`` through the ``blocks`` entry point (see
:mod:`blocks_dataframe.plugin`). Importing this package loads neither pandas
nor numpy: they are imported when a table is converted.
"""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["DataFrame", "Dataframe"]


def __getattr__(name: str):
    if name in __all__:
        from blocks_dataframe.dataframe import Dataframe
        return Dataframe
    raise AttributeError(f"module 'blocks_dataframe' has no attribute {name!r}")

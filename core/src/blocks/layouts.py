"""Rows and columns: the layouts of the walking skeleton."""

from __future__ import annotations

from typing import ClassVar

from blocks.tree import BlockContext

__all__ = ["Row", "Column"]


class Row(BlockContext):
    """Children side by side; they wrap when narrower than their ``min_width``."""

    name = "row"
    JS_MODULE = "components/layouts.js"
    PROPS: ClassVar = BlockContext.PROPS + ("variant", "equal_height", "scale",
                                            "height", "min_height", "max_height")

    def __init__(self, *, variant: str = "default", visible: bool = True,
                 elem_id=None, elem_classes=None, scale: int | None = None,
                 render: bool = True, height=None, max_height=None, min_height=None,
                 equal_height: bool = False, key=None, **_ignored):
        self.variant = variant
        self.equal_height = equal_height
        self.scale = scale
        self.height = height
        self.min_height = min_height
        self.max_height = max_height
        super().__init__(visible=visible, elem_id=elem_id, elem_classes=elem_classes,
                         render=render, key=key)


class Column(BlockContext):
    """Children stacked top to bottom; ``scale`` sets the share of a row's width."""

    name = "column"
    JS_MODULE = "components/layouts.js"
    PROPS: ClassVar = BlockContext.PROPS + ("scale", "min_width", "variant")

    def __init__(self, *, scale: int = 1, min_width: int = 320, variant: str = "default",
                 visible: bool = True, elem_id=None, elem_classes=None,
                 render: bool = True, key=None, **_ignored):
        self.scale = scale
        self.min_width = min_width
        self.variant = variant
        super().__init__(visible=visible, elem_id=elem_id, elem_classes=elem_classes,
                         render=render, key=key)

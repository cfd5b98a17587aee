"""Layouts: blocks that arrange the blocks created inside their ``with``.

``Row``, ``Column`` and ``Group`` place children; ``Tabs``/``Tab``,
``Accordion``, ``Sidebar`` and ``Walkthrough``/``Step`` show some of them at
a time. Every layout takes ``visible``, ``elem_id``, ``elem_classes``,
``render`` and ``key``; a function can return one (``gr.Column(visible=False)``,
``gr.Tabs(selected="b")``) to change it.
"""

from __future__ import annotations

from typing import Any, ClassVar

from blocks import context
from blocks.arguments import check_gradio_only
from blocks.events import CHANGE, SELECT, EventSpec
from blocks.tree import BlockContext

__all__ = ["Row", "Column", "Group", "Tabs", "Tab", "TabItem", "Accordion", "Sidebar",
           "Walkthrough", "Step", "WalkthroughStep"]

_JS = "components/layouts.js"
EXPAND = EventSpec("expand", "Triggered when the user opens it.")
COLLAPSE = EventSpec("collapse", "Triggered when the user closes it.")


class Layout(BlockContext):
    """The common arguments of layouts.

    Args:
        visible: ``False`` hides it and what it holds.
        elem_id: the HTML id of its element, for CSS and JavaScript.
        elem_classes: extra HTML classes of its element.
        render: ``False`` creates it outside the layout; place it later with ``.render()``.
        key: its identity across runs of a ``@gr.render`` function.
    """

    JS_MODULE = _JS
    GRADIO_ONLY: ClassVar = {"preserved_by_key": "layouts keep no props across re-renders"}

    def __init__(self, *, visible: bool = True, elem_id: str | None = None,
                 elem_classes=None, render: bool = True, key: Any = None, **gradio_only):
        check_gradio_only(type(self).__name__, gradio_only, type(self).gradio_only())
        super().__init__(visible=visible, elem_id=elem_id, elem_classes=elem_classes,
                         render=render, key=key)


class Row(Layout):
    """Children side by side; they share the width by ``scale`` and wrap when
    narrower than their ``min_width``. ``height`` takes pixels or any CSS length.

    Args:
        variant: ``"default"``, ``"panel"`` (a framed box) or ``"compact"`` (no gaps).
        equal_height: give every child the height of the tallest.
        scale: its share of the height in a ``fill_height`` app.
        height: its height; it scrolls beyond.
        max_height: its greatest height; it scrolls beyond.
        min_height: its least height.
    """

    name = "row"
    GRADIO_ONLY: ClassVar = {"show_progress": "layouts show no progress of their own"}

    def __init__(self, *, variant: str = "default", equal_height: bool = False,
                 scale: int | None = None, height=None, max_height=None, min_height=None,
                 **kwargs):
        _check_variant(variant)
        super().__init__(**kwargs)


class Column(Layout):
    """Children stacked top to bottom; in a Row, ``scale`` sets its share of
    the width and ``min_width`` (pixels) the width below which the Row wraps.

    Args:
        scale: its share of the width in a Row.
        min_width: the width in pixels below which the Row wraps it.
        variant: ``"default"``, ``"panel"`` (a framed box) or ``"compact"`` (no gaps).
    """

    name = "column"
    GRADIO_ONLY: ClassVar = {"show_progress": "layouts show no progress of their own"}

    def __init__(self, *, scale: int = 1, min_width: int = 320, variant: str = "default",
                 **kwargs):
        _check_variant(variant)
        super().__init__(**kwargs)


class Group(Layout):
    """Children in one box, without gaps between them."""

    name = "group"


class Tabs(Layout):
    """Tabs: one ``Tab`` shown at a time. ``selected`` is a Tab's ``id`` (or its
    index when tabs have no id); return ``gr.Tabs(selected=...)`` to switch.

    Args:
        selected: the ``id`` (or index) of the tab shown.
    """

    name = "tabs"
    JS_MODULE = "components/tabs.js"
    EVENTS = (CHANGE, SELECT)
    GRADIO_ONLY: ClassVar = {"overflow_behavior": "tabs that do not fit wrap to another line"}

    def __init__(self, *, selected: int | str | None = None, **kwargs):
        self._implicit = False  # made by Tab()s created outside any Tabs
        super().__init__(**kwargs)


class _Panel(Layout):
    """A tab or a step: a labelled panel of a group layout.

    Created outside its group, consecutive panels share an implicit one.

    Args:
        label: its title.
        visible: ``False`` hides it.
        interactive: ``False`` greys it out: it cannot be selected.
        id: its name for ``selected=`` of its group (its index when not given).
        scale: its share of the height in a ``fill_height`` app.
    """

    GROUP: ClassVar[type] = Tabs
    JS_MODULE = "components/tabs.js"
    EVENTS = (SELECT,)

    def __init__(self, label: str | None = None, visible: bool = True, interactive: bool = True,
                 *, id: int | str | None = None, scale: int | None = None, **kwargs):
        super().__init__(visible=visible, **kwargs)

    def render(self):
        blocks = context.root_blocks.get()
        layout = context.current_layout.get()
        if blocks is None or layout is None or isinstance(layout, self.GROUP):
            return super().render()
        last = layout.children[-1] if layout.children else None
        if type(last) is self.GROUP and last._implicit:
            group = last
        else:
            group = self.GROUP(render=False)
            group._implicit = True
            blocks.adopt(group)
            layout.add_child(group)
        token = context.current_layout.set(group)
        try:
            return super().render()
        finally:
            context.current_layout.reset(token)


class Tab(_Panel):
    """One tab: ``with gr.Tab("Label"):``. ``id`` names it for ``Tabs(selected=)``."""

    name = "tab"
    GRADIO_ONLY: ClassVar = {"alignment": "tabs keep their natural alignment",
                   "height": "a tab takes the height of its content",
                   "max_height": "a tab takes the height of its content",
                   "render_children": "a tab's content is always rendered"}


TabItem = Tab


class Accordion(Layout):
    """A labelled section the user opens and closes (``open`` sets its state).

    Args:
        label: the title of the section, on its toggle button.
        open: whether it is open.
    """

    name = "accordion"
    EVENTS = (EXPAND, COLLAPSE)
    GRADIO_ONLY: ClassVar = {"height": "an accordion takes the height of its content",
                   "max_height": "an accordion takes the height of its content"}

    def __init__(self, label: str | None = None, open: bool = True, **kwargs):
        super().__init__(**kwargs)


class Sidebar(Layout):
    """A panel along the left (or right) edge of the page that opens and closes.

    ``width`` takes pixels or any CSS length. On narrow screens it starts
    closed and opens over the page.

    Args:
        label: the name of its toggle button.
        open: whether it is open.
        position: ``"left"`` or ``"right"``.
        width: its width (pixels, or any CSS length).
    """

    name = "sidebar"
    JS_MODULE = "components/sidebar.js"
    EVENTS = (EXPAND, COLLAPSE)

    def __init__(self, label: str | None = None, open: bool = True, *,
                 position: str = "left", width: int | str = 320, **kwargs):
        if position not in ("left", "right"):
            raise ValueError("Sidebar position must be 'left' or 'right'.")
        super().__init__(**kwargs)


class Walkthrough(Tabs):
    """Steps shown one at a time; the app moves on by returning
    ``gr.Walkthrough(selected=<step id>)``. The user may go back to a step
    already visited."""

    name = "walkthrough"


class Step(_Panel):
    """One step of a Walkthrough: ``with gr.Step("Upload", id=0):``."""

    name = "step"
    GROUP = Walkthrough


WalkthroughStep = Step


def _check_variant(variant: str) -> None:
    if variant not in ("default", "panel", "compact"):
        raise ValueError("variant must be 'default', 'panel' or 'compact'.")

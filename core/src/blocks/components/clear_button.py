"""``gr.ClearButton``: a button that empties the components it is given."""

from __future__ import annotations

import copy
import json

from blocks.components.button import Button
from blocks.tree import Block

__all__ = ["ClearButton"]


class ClearButton(Button):
    """A button that empties ``components`` when clicked, in the page, without a trip
    to the server (a ``gr.State`` among them goes back to its first value on the
    server). ``.add(components)`` adds more. Each gets what Gradio's Clear gives it
    (``Component.cleared_value()``): most are emptied, a Slider goes to its minimum, a
    Checkbox is unticked, a CheckboxGroup has nothing ticked, a Label is emptied.

    Args:
        components: the components to empty: one, or a list.
        value: the text on the button.
        api_name: the API name of the event that resets ``gr.State`` components.
        api_visibility: whether that event is ``"public"``, ``"undocumented"`` or ``"private"``.
    """

    name = "clearbutton"
    JS_MODULE = "components/clear_button.js"
    SERVER_PARAMS = frozenset({"components", "api_name", "api_visibility"})

    def __init__(self, components=None, *, value: str = "Clear", variant: str = "secondary",
                 api_name: str | None = None, api_visibility: str = "undocumented", **kwargs):
        self.api_name = api_name
        self.api_visibility = api_visibility
        super().__init__(value, variant=variant, **kwargs)
        from blocks import context
        if context.root_blocks.get() is not None:
            self.add(components)

    def add(self, components) -> ClearButton:
        """Empty ``components`` (one or a list) too when the button is clicked."""
        if components is None:
            return self
        listed = [components] if isinstance(components, Block) else list(components)
        shown = [c for c in listed if not getattr(c, "SERVER_SIDE", False)]
        kept = [c for c in listed if getattr(c, "SERVER_SIDE", False)]
        if shown:  # the page empties them itself (a Slider to its minimum, ...)
            cleared = [component.cleared_value() for component in shown]
            empty = json.dumps(cleared[0] if len(shown) == 1 else cleared)
            listener = self.click(None, [], shown, js=f"() => {empty}",
                                  api_visibility="private", queue=False,
                                  show_progress="hidden")
            listener.dependency.shapes_interactivity = False  # emptied, still editable
        if kept:  # State values live on the server: back to their first value there
            firsts = [component.initial_value() for component in kept]

            def reset():
                values = copy.deepcopy(firsts)
                return values[0] if len(values) == 1 else tuple(values)

            listener = self.click(reset, None, kept, api_name=self.api_name or False,
                                  api_visibility=self.api_visibility, show_progress="hidden")
            listener.dependency.shapes_interactivity = False
        return self

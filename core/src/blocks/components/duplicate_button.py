"""``gr.DuplicateButton``: Gradio's "Duplicate Space" button."""

from __future__ import annotations

import os
import re

from blocks.components.button import Button

__all__ = ["DuplicateButton"]


class DuplicateButton(Button):
    """A button that opens Hugging Face's page for duplicating the Space the app runs on.

    A Space is recognised by the ``SPACE_ID`` variable Hugging Face sets (``owner/name``).
    Anywhere else, which is where Blocks apps usually run, the button is shown and a click
    does nothing, as in Gradio; listeners added with ``.click`` still run.

    Args:
        value: the text on the button.
        variant: ``"primary"``, ``"secondary"``, ``"stop"`` or ``"huggingface"``.
        size: ``"sm"``, ``"md"`` or ``"lg"``.
        link: a URL to open instead (by default the Space's duplication page, on a Space).
    """

    name = "duplicatebutton"
    JS_MODULE = "components/duplicate_button.js"

    def __init__(self, value: str = "Duplicate Space", *, variant: str = "huggingface",
                 size: str = "sm", link: str | None = None, **kwargs):
        space = os.environ.get("SPACE_ID", "")
        if link is None and re.fullmatch(r"[\w.-]+/[\w.-]+", space):
            link = f"https://huggingface.co/spaces/{space}?duplicate=true"
        super().__init__(value, variant=variant, size=size, link=link, **kwargs)

"""Errors a Blocks app raises, and the one a user function raises on purpose."""

from __future__ import annotations

__all__ = ["Error", "DuplicateBlockError", "PluginError", "ComponentNotInstalledError",
           "NotInBlocksError", "BlocksWarning"]


class Error(Exception):
    """Raise inside an event function to show ``message`` to the user.

    Unlike any other exception, its message reaches the page even when the
    app was launched without ``show_error=True``.
    """

    def __init__(self, message: str = "Error raised.", duration: float | None = 10,
                 visible: bool = True, title: str = "Error", print_exception: bool = True):
        super().__init__(message)
        self.message = message
        self.duration = duration
        self.visible = visible
        self.title = title
        self.print_exception = print_exception


class DuplicateBlockError(ValueError):
    """A component was placed in the tree twice."""


class PluginError(RuntimeError):
    """A plugin could not be loaded, or two plugins claim the same name."""


class ComponentNotInstalledError(AttributeError):
    """``gr.<Name>`` names a component whose package is not installed."""


class NotInBlocksError(AttributeError):
    """A Gradio name Blocks leaves out (``gr.load``, ``demo.integrate``...): the message
    names the feature and what to use instead (``blocks.left_out``)."""


class BlocksWarning(UserWarning):
    """A Gradio argument that Blocks accepts but does not implement (it has no effect).

    Each such argument is named once per process. Turn them into errors with
    ``python -W error::blocks.BlocksWarning`` (or ``warnings.simplefilter``).
    """

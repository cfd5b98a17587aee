"""The components built into blocks-core, and the component base class."""

from blocks.components.base import Component

__all__ = ["Component"]

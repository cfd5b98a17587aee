"""The components built into blocks-core, and the component base classes."""

from blocks.components.base import Component, FormComponent

__all__ = ["Component", "FormComponent"]

"""``gr.TabbedInterface``: several apps, one tab each."""

from __future__ import annotations

from typing import Any, ClassVar

from blocks.arguments import check_gradio_only
from blocks.blocks import Blocks

__all__ = ["TabbedInterface"]

_BLOCKS_OPTIONS = ("theme", "css", "css_paths", "js", "head", "head_paths", "fill_height",
                   "fill_width", "delete_cache", "analytics_enabled")


class TabbedInterface(Blocks):
    """Show ``interface_list`` (``gr.Interface``, ``gr.ChatInterface`` or ``gr.Blocks``
    apps) in tabs of one app; each keeps its events and API endpoints.

    Args:
        interface_list: the apps, in tab order (each is moved into this app).
        tab_names: the tabs' labels (by default ``Tab 1``, ``Tab 2``...).
        title: the title of the browser tab, also shown above the tabs.
        theme, css, css_paths, js, head, head_paths, fill_height, fill_width,
            delete_cache: as ``gr.Blocks``.
    """

    GRADIO_ONLY: ClassVar = {"analytics_enabled": "Blocks never sends telemetry"}

    def __init__(self, interface_list: list, tab_names: list[str] | None = None,
                 title: str | None = None, **kwargs: Any):
        blocks_options = {key: kwargs.pop(key) for key in _BLOCKS_OPTIONS if key in kwargs}
        check_gradio_only("TabbedInterface", kwargs, {})
        super().__init__(title=title or "Blocks", **blocks_options)
        apps = list(interface_list)
        if tab_names is None:
            tab_names = [f"Tab {index + 1}" for index in range(len(apps))]
        if len(tab_names) != len(apps):
            raise ValueError(f"tab_names has {len(tab_names)} names for {len(apps)} apps.")
        from blocks.components.markdown import Markdown
        from blocks.layouts import Tab, Tabs
        with self:
            if title:
                Markdown(f"<h1>{_escape(title)}</h1>")
            with Tabs():
                for app, name in zip(apps, tab_names):
                    if not isinstance(app, Blocks):
                        raise TypeError(f"TabbedInterface takes apps (gr.Interface, gr.Blocks),"
                                        f" not {app!r}.")
                    with Tab(label=name):
                        app.render()


def _escape(text: str) -> str:
    import html
    return html.escape(text)

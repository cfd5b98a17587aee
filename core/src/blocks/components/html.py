from __future__ import annotations

import json
import sys
import types
from typing import Any, ClassVar

from blocks.components.base import Component
from blocks.components.html_model import model_api_info, model_dump, model_field
from blocks.events import (
    BLUR,
    CHANGE,
    CLEAR,
    CLICK,
    DECORATOR,
    FOCUS,
    INPUT,
    KEY_UP,
    RELEASE,
    SELECT,
    SUBMIT,
    UPLOAD,
    EventSpec,
    make_listener,
)
from blocks.tree import BlockContext

__all__ = ["HTML", "TextDisplay"]


class TextDisplay(Component):
    """Shared by components that show a block of text: size, frame and padding.

    Args:
        value: the text shown.
        height: its height (pixels, or any CSS length); it scrolls beyond.
        min_height: its least height (pixels, or any CSS length).
        max_height: its greatest height (pixels, or any CSS length); it scrolls beyond.
        container: frame it like a form component.
        padding: space around the text.
        show_label: show its label above it.
    """

    GRADIO_ONLY: ClassVar = {"autoscroll": "the content does not follow what is added to it"}

    def __init__(self, value: str | None = None, *, height=None, min_height=None,
                 max_height=None, container: bool = False, padding: bool = True,
                 show_label: bool = False, **kwargs):
        super().__init__(value, show_label=show_label, **kwargs)


DEFAULT_JS = "element.addEventListener('click', function() { trigger('click') });"

# Events a template's JavaScript fires with trigger(name, data); any other name works too
# (`component.keypress(...)`, `component.event("keypress", ...)`).
DOUBLE_CLICK = EventSpec("double_click", "Triggered when the component is double-clicked "
                         "(the template's script calls trigger('double_click')).")
HTML_EVENTS = (CHANGE, INPUT, CLICK, DOUBLE_CLICK, SUBMIT, SELECT, FOCUS, BLUR, KEY_UP,
               RELEASE, UPLOAD, CLEAR)

# modules whose getattr(block, name, None) probes an attribute (see HTML.__getattr__)
_PROBING = ("blocks", "marshmallow", "flask", "werkzeug", "jinja2", "copy", "inspect",
            "pickle", "pydantic", "typing", "dataclasses", "json", "pluggy", "_pytest")
_JSON_TYPES = (str, int, float, bool, type(None), list, dict, tuple)


def _check_json(owner: str, name: str, value: Any) -> None:
    try:
        json.dumps(value, allow_nan=False)
    except (TypeError, ValueError) as error:
        raise TypeError(f"{owner}({name}=...) is a prop of its template and goes to the "
                        f"browser as JSON, but {type(value).__name__} values cannot: {error}. "
                        "Pass a str, number, bool, None, list or dict.") from None


class HTML(TextDisplay, BlockContext):
    """HTML made from a template, with its own CSS and JavaScript: a component kit.

    ``gr.HTML("<b>markup</b>")`` shows the app author's markup as it is given. With
    ``html_template``, the value (any JSON value) and every prop fill a JavaScript
    template literal (``${value}``, ``${label}``, ``${items.map(i => `<li>${i}</li>`).join('')}``),
    shown again whenever the value or a prop changes; values are HTML-escaped there
    unless the template writes ``${raw(value)}``. Any other keyword argument is a prop
    of the template, changed later with ``gr.update(name=...)``. ``with gr.HTML(...):``
    holds components, placed where the template writes ``@children``. See docs/html.md.

    Args:
        value: the value; with the default template, the HTML shown.
        html_template: the HTML, as a JavaScript template literal over ``value`` and the props.
        css_template: CSS for this component only, a template like ``html_template``;
            declarations outside a rule style the component's own element.
        js_on_load: JavaScript run once per element, with ``element``, ``props``
            (assigning ``props.value`` or any prop updates it), ``trigger(name, data)``,
            ``upload(file)`` and ``watch(names, callback)``.
        apply_default_css: give the content the app's default text styles.
        head: HTML added once to the page's ``<head>`` (scripts run in document order).
        autoscroll: keep the content scrolled to its end as it grows.
    """

    name = "html"
    JS_MODULE = "components/html.js"
    EVENTS = HTML_EVENTS
    DEEP_LINK = False  # shown as given: a link must not bring markup
    GRADIO_ONLY: ClassVar = {"server_functions": "JavaScript cannot call Python functions of "
                             "the component directly; use trigger() and an event listener"}
    data_model: ClassVar[Any] = None
    """A marshmallow ``Schema`` (or field), or a Pydantic model: the value's type on the
    wire. Values that do not fit are refused before any function runs, and the API page
    and MCP describe it (docs/html.md)."""

    def __init__(self, value: Any = None, *, html_template: str = "${value}",
                 css_template: str = "", js_on_load: str | None = DEFAULT_JS,
                 apply_default_css: bool = True, head: str | None = None,
                 autoscroll: bool = False, **kwargs):
        known = set(TextDisplay._accepted) | set(type(self).gradio_only())
        custom = {name: kwargs.pop(name) for name in list(kwargs) if name not in known}
        owner = type(self).__name__
        for name, prop in custom.items():
            _check_json(owner, name, prop)
        self.props = custom
        self._declared_events = {}
        super().__init__(value, **kwargs)

    # -- the value -------------------------------------------------------------
    @classmethod
    def value_field(cls):
        return model_field(cls.data_model)

    def postprocess(self, value):
        if value is None:
            return None
        value = model_dump(value)
        if isinstance(value, _JSON_TYPES):
            return list(value) if isinstance(value, tuple) else value
        return str(value)

    def example_value(self):
        if self.value is not None:
            return self.value
        return None if type(self).data_model is not None else "<p>Hello</p>"

    def api_info(self):
        if type(self).data_model is not None:
            return model_api_info(type(self).data_model, type(self).__name__)
        return {"type": {}, "description": f"the value of a {type(self).__name__}: any JSON "
                "value (the HTML shown, with the default template)"}

    # -- the props: declared ones and the template's own ------------------------
    def get_props(self) -> dict:
        return {**self.props, **super().get_props()}

    def given_props(self) -> dict:
        return {**self.props, **super().given_props()}

    # -- events of any name ------------------------------------------------------
    def event(self, name=None, fn=DECORATOR, inputs=None, outputs=None, **kwargs):
        """Listen to an event the template's JavaScript fires with ``trigger(name, data)``.

        ``component.event("keypress", fn, inputs, outputs)`` (or
        ``component.keypress(fn, ...)``) runs ``fn`` when the script calls
        ``trigger('keypress', {...})``; the data reaches ``gr.EventData``
        attributes (``evt.key``). ``component.event("keypress")`` alone is the
        listener; ``component.event(fn=...)`` listens to an event named ``event``.
        """
        if name is None or callable(name):
            if callable(name):
                fn, inputs, outputs = name, fn if fn is not DECORATOR else inputs, \
                    inputs if fn is not DECORATOR else outputs
            return self._listener("event")(fn, inputs, outputs, **kwargs)
        listener = self._listener(str(name))
        if fn is DECORATOR and inputs is None and outputs is None and not kwargs:
            return listener
        return listener(fn, inputs, outputs, **kwargs)

    def _listener(self, name: str):
        if not name.isidentifier():
            raise ValueError(f"An event name is a Python identifier, not {name!r}.")
        listeners = self.__dict__.setdefault("_declared_events", {})
        if name not in listeners:
            method = getattr(type(self), name, None)
            if isinstance(method, types.FunctionType) and name in self.event_names():
                listeners[name] = types.MethodType(method, self)
            else:
                listeners[name] = types.MethodType(make_listener(EventSpec(name)), self)
        return listeners[name]

    def __getattr__(self, name: str):
        # only for names that are no attribute, asked by the app's code:
        # `keyboard.keypress(fn, ...)`. Blocks and the libraries it uses probe
        # attributes with getattr(block, name, None): they get no listener.
        caller = sys._getframe(1).f_globals.get("__name__", "")
        if name.startswith("_") or not name.isidentifier() or \
                caller.split(".")[0].startswith(_PROBING):
            raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")
        return self._listener(name)

"""The config the browser loads: layout, components with props, dependencies.

Produced through marshmallow schemas, so its shape is checked and documented
in one place (see ``docs/protocol.md``).
"""

from __future__ import annotations

import functools

from marshmallow import Schema, fields

from blocks.components.base import Component, is_api_component
from blocks.i18n import translate_block, translate_value
from blocks.multipage import Page, find_page, page_layout, pages_config
from blocks.version import __version__

__all__ = ["build_config", "component_config", "module_url", "ConfigSchema"]


class ComponentConfigSchema(Schema):
    id = fields.Integer(required=True)
    type = fields.String(required=True)
    module = fields.String(allow_none=True)
    props = fields.Dict(keys=fields.String(), required=True)
    events = fields.List(fields.String())
    skip_api = fields.Boolean()


class LayoutSchema(Schema):
    id = fields.Integer(required=True)
    children = fields.List(fields.Nested(lambda: LayoutSchema()))


class DependencyConfigSchema(Schema):
    id = fields.Integer(required=True)
    targets = fields.List(fields.Tuple((fields.Integer(), fields.String())))
    inputs = fields.List(fields.Integer())
    outputs = fields.List(fields.Integer())
    has_fn = fields.Boolean()
    backend_fn = fields.Boolean()
    api_name = fields.String(allow_none=True)
    queue = fields.Boolean()
    trigger_mode = fields.String()
    show_progress = fields.String()
    scroll_to_output = fields.Boolean()
    js = fields.String(allow_none=True)
    trigger_after = fields.Integer(allow_none=True)
    trigger_only_on_success = fields.Boolean()
    trigger_only_on_failure = fields.Boolean()
    cancels = fields.List(fields.Integer())
    show_progress_on = fields.List(fields.Integer())
    client_updates = fields.List(fields.Dict(), allow_none=True)
    api_visibility = fields.String()
    render = fields.Integer(allow_none=True)


class ConfigSchema(Schema):
    version = fields.String()
    title = fields.String()
    fill_height = fields.Boolean()
    fill_width = fields.Boolean()
    css = fields.String(allow_none=True)
    js = fields.String(allow_none=True)
    components = fields.List(fields.Nested(ComponentConfigSchema))
    layout = fields.Nested(LayoutSchema)
    pages = fields.List(fields.Dict())
    page = fields.String()
    page_id = fields.Integer(allow_none=True)  # the page's block, whose load event it fires
    dependencies = fields.List(fields.Nested(DependencyConfigSchema))


def module_url(cls) -> str | None:
    """``"blocks/components/textbox.js"``: package name + path inside ``static``.

    The package is the one of the class that sets ``JS_MODULE``: a subclass made
    in an app (``class StarRating(gr.HTML)``) uses its parent's module.
    """
    if not cls.JS_MODULE:
        return None
    owner = next((base for base in cls.__mro__ if "JS_MODULE" in base.__dict__), cls)
    return f"{owner.__module__.split('.')[0]}/{cls.JS_MODULE}"


def component_config(block, *, inputs=frozenset(), outputs=frozenset()) -> dict:
    props = block.get_props()
    if isinstance(block, Component):
        field = type(block).value_field()
        props["value"] = field.serialize("value", props) if props.get("value") is not None \
            else None
        if block.interactive is None:
            props["interactive"] = block._id in inputs or (
                block._id not in outputs and type(block).EDITABLE_WHEN_UNUSED)
    return {"id": block._id, "type": block.name, "module": module_url(type(block)),
            "props": props, "events": block.event_names(),
            "skip_api": not is_api_component(block)}


def build_config(blocks, *, page: str = "", translate=None) -> dict:
    """The config of one page (``""`` is the main one); ``translate`` maps i18n keys."""
    inputs, outputs = blocks.interactive_ids()
    layout, extra = page_layout(blocks, page)
    shown = [block for block in blocks.blocks.values()
             if block is not blocks and not isinstance(block, Page)] + extra
    if translate is not None:
        shown = [translate_block(block, translate) for block in shown]
    components = [component_config(block, inputs=inputs, outputs=outputs) for block in shown]
    title = translate_value(blocks.title, translate) if translate else blocks.title
    data = {
        "version": __version__,
        "title": str(title),
        "fill_height": blocks.fill_height,
        "fill_width": blocks.fill_width,
        "css": blocks.css,
        "js": blocks.js,
        "components": components,
        "layout": layout,
        "pages": pages_config(blocks, translate),
        "page": page,
        "page_id": find_page(blocks, page)._id if page else None,
        "dependencies": [dep.config() for dep in blocks.dependencies],
    }
    return _schema().dump(data)


@functools.cache
def _schema() -> ConfigSchema:
    """One schema for every config (making one builds its nested schemas: it costs more
    than the dump)."""
    return ConfigSchema()

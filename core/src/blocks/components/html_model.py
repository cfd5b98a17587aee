"""The value type of a ``gr.HTML`` subclass: its ``data_model``.

A component kit made with ``gr.HTML`` says what its value is with a class
attribute ``data_model``, for the server to check what arrives and for the API
page and MCP to describe it:

- a marshmallow ``Schema`` (class or instance): the value is an object with its fields;
- a marshmallow field (``fields.List(fields.String())``): any value that field takes;
- a Pydantic model (``BaseModel`` or ``RootModel``), when Pydantic is installed: Blocks
  uses it through ``model_validate`` / ``model_dump`` / ``model_json_schema`` and never
  imports Pydantic itself.

The function of an event receives the checked value as plain JSON data (a dict, a
list, ...); a function may return a model instance, sent as its JSON.
"""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, ValidationError, fields

from blocks.components.base import json_schema

__all__ = ["model_api_info", "model_dump", "model_field", "schema_of"]


def _is_pydantic(model) -> bool:
    return isinstance(model, type) and hasattr(model, "model_validate") and \
        hasattr(model, "model_json_schema")


class _PydanticValue(fields.Field):
    """A wire value checked by a Pydantic model; loads as the model's JSON data."""

    def __init__(self, model, **kwargs):
        super().__init__(**kwargs)
        self.model = model

    def _deserialize(self, value, attr, data, **kwargs):
        try:
            loaded = self.model.model_validate(value)
        except ValueError as error:  # pydantic's ValidationError is a ValueError
            errors = getattr(error, "errors", None)
            details = "; ".join(f"{'.'.join(map(str, item.get('loc', ()))) or 'value'}: "
                                f"{item.get('msg')}" for item in errors()) if errors else \
                str(error)
            raise ValidationError(details) from None
        return loaded.model_dump(mode="json")

    def _serialize(self, value, attr, obj, **kwargs):
        return model_dump(value)


def model_field(model) -> fields.Field:
    """The marshmallow field that checks values of ``data_model`` (any JSON without one)."""
    if model is None:
        return fields.Raw(allow_none=True)
    if isinstance(model, fields.Field):
        return model
    if isinstance(model, type) and issubclass(model, Schema):
        return fields.Nested(model(), allow_none=True)
    if isinstance(model, Schema):
        return fields.Nested(model, allow_none=True)
    if _is_pydantic(model):
        return _PydanticValue(model, allow_none=True)
    raise TypeError(f"data_model must be a marshmallow Schema or field, or a Pydantic model, "
                    f"not {model!r}.")


def model_dump(value) -> Any:
    """A Pydantic model instance as JSON data; anything else as it is."""
    dump = getattr(value, "model_dump", None)
    if dump is not None and callable(dump) and hasattr(type(value), "model_validate"):
        return dump(mode="json")
    return value


def schema_of(model) -> dict:
    """The JSON schema of values of ``data_model``."""
    if _is_pydantic(model):
        return model.model_json_schema()
    if isinstance(model, type) and issubclass(model, Schema):
        model = model()
    if isinstance(model, Schema):
        return _object_schema(model)
    if isinstance(model, fields.Nested):
        return _object_schema(model.schema)
    return json_schema(model)


def _object_schema(schema: Schema) -> dict:
    properties, required = {}, []
    for name, field in schema.fields.items():
        key = field.data_key or name
        properties[key] = _object_schema(field.schema) if isinstance(field, fields.Nested) \
            else json_schema(field)
        if field.required:
            required.append(key)
    result = {"type": "object", "properties": properties}
    if required:
        result["required"] = required
    title = type(schema).__name__
    if title != "Schema":
        result["title"] = title
    return result


def model_api_info(model, owner: str) -> dict:
    """``api_info()`` of a component with this ``data_model``."""
    return {"type": schema_of(model), "description": f"the value of a {owner}"}

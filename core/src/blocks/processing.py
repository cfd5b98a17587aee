"""Running one dependency: check and preprocess inputs, call, postprocess.

Pure Python: the queue decides where each step runs (worker threads), this
module decides what each step does. Sync and async functions, generators
and async generators all go through :class:`Execution`.
"""

from __future__ import annotations

import asyncio
import inspect
import traceback
from typing import Any

from marshmallow import ValidationError

from blocks.events import EventData
from blocks.exceptions import Error
from blocks.tree import Block
from blocks.updates import is_skip, is_update

__all__ = ["Execution", "InputError", "OutputError", "call_dependency", "error_payload"]


class InputError(ValueError):
    """The inputs sent for an event do not fit its components."""


class OutputError(ValueError):
    """A function returned something that does not fit its outputs."""


class _Done:
    pass


DONE = _Done()


def _load_wire(component, wire):
    field = type(component).value_field()
    try:
        return field.deserialize(wire) if wire is not None else None
    except ValidationError as error:
        label = getattr(component, "label", None) or type(component).__name__
        raise InputError(f"Invalid value for {label!r}: {' '.join(map(str, error.messages))}") \
            from error


def validate_inputs(dep, wire_values: list) -> list:
    """Check the wire values against each input's schema (cheap, on arrival)."""
    if not isinstance(wire_values, list) or len(wire_values) != len(dep.inputs):
        got = len(wire_values) if isinstance(wire_values, list) else "no list of"
        raise InputError(f"This event takes {len(dep.inputs)} input value(s), got {got}.")
    return [_load_wire(component, wire) if hasattr(type(component), "value_field") else wire
            for component, wire in zip(dep.inputs, wire_values)]


def preprocess_inputs(dep, values: list) -> list:
    """Turn checked wire values into the function's arguments (in a worker)."""
    if not dep.preprocess:
        return list(values)
    args = []
    for component, value in zip(dep.inputs, values):
        if hasattr(component, "preprocess"):
            try:
                value = component.preprocess(value)
            except (ValueError, TypeError) as error:
                raise InputError(str(error)) from error
        args.append(value)
    return args


def _injected(fn, event_data: EventData | None) -> dict:
    """Keyword arguments filled in by type hint (gr.EventData and subclasses)."""
    try:
        params = inspect.signature(fn).parameters
    except (TypeError, ValueError):
        return {}
    extra = {}
    for name, param in params.items():
        hint = param.annotation
        if isinstance(hint, type) and issubclass(hint, EventData):
            extra[name] = event_data
    return extra


def postprocess_one(component, value, *, postprocess: bool = True) -> dict:
    """One output's update: ``{}`` keeps it, ``{"value": ...}``, ``{"props": ...}``."""
    if isinstance(value, Block):
        props = value.given_props()
        update = {}
        if "value" in props:
            update["value"] = component.postprocess(props.pop("value")) if postprocess \
                else props.pop("value")
        if props:
            update["props"] = props
        return update
    if is_update(value):
        if is_skip(value):
            return {}
        props = {k: v for k, v in value.items() if k != "__type__"}
        update = {}
        if "value" in props:
            raw = props.pop("value")
            update["value"] = component.postprocess(raw) if postprocess and raw is not None \
                else raw
        if props:
            update["props"] = props
        return update
    if postprocess and hasattr(component, "postprocess"):
        return {"value": None if value is None else component.postprocess(value)}
    return {"value": value}


def postprocess_outputs(dep, result) -> list[dict]:
    outputs = dep.outputs
    if not outputs:
        return []
    if isinstance(result, dict) and not is_update(result) and result and \
            all(isinstance(key, Block) for key in result):
        updates = [{} for _ in outputs]
        for key, value in result.items():
            if key not in outputs:
                raise OutputError(f"The function returned a value for {key!r}, "
                                  "which is not one of its outputs.")
            updates[outputs.index(key)] = postprocess_one(key, value,
                                                          postprocess=dep.postprocess)
        return updates
    if is_skip(result) and len(outputs) > 1:
        return [{} for _ in outputs]
    if len(outputs) == 1:
        values = [result]
    else:
        if not isinstance(result, (tuple, list)) or len(result) != len(outputs):
            got = len(result) if isinstance(result, (tuple, list)) else 1
            raise OutputError(f"The function returned {got} value(s) but this event has "
                              f"{len(outputs)} outputs; return a tuple of {len(outputs)} "
                              "values (or a dict keyed by component).")
        values = list(result)
    return [postprocess_one(component, value, postprocess=dep.postprocess)
            for component, value in zip(outputs, values)]


class Execution:
    """One call of a dependency's function, stepped by the queue.

    ``start()`` calls the function; ``step()`` returns the next list of
    output updates, or ``DONE``. A plain function gives one step; a
    generator gives one per yield.
    """

    def __init__(self, dep, wire_inputs: list, *, event_data: EventData | None = None):
        self.dep = dep
        self.values = validate_inputs(dep, wire_inputs)
        self.event_data = event_data
        self._result: Any = None
        self._iterator = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._returned = False

    @property
    def streams(self) -> bool:
        return self._iterator is not None

    def start(self) -> None:
        fn = self.dep.fn
        kwargs = _injected(fn, self.event_data)
        args = preprocess_inputs(self.dep, self.values)
        if self.dep.inputs_as_dict:
            args = [dict(zip(self.dep.inputs, args))]
        result = fn(*args, **kwargs)
        if inspect.iscoroutine(result):
            result = asyncio.run(result)
        if inspect.isgenerator(result) or inspect.isasyncgen(result):
            self._iterator = result
            if inspect.isasyncgen(result):
                self._loop = asyncio.new_event_loop()
        else:
            self._result = result

    def step(self):
        if self._iterator is None:
            if self._returned:
                return DONE
            self._returned = True
            return postprocess_outputs(self.dep, self._result)
        try:
            if self._loop is not None:
                item = self._loop.run_until_complete(self._iterator.__anext__())
            else:
                item = next(self._iterator)
        except (StopIteration, StopAsyncIteration):
            self.close()
            return DONE
        return postprocess_outputs(self.dep, item)

    def close(self) -> None:
        """Stop a generator early (cancellation) and release its loop."""
        if self._iterator is not None:
            try:
                if self._loop is not None:
                    self._loop.run_until_complete(self._iterator.aclose())
                else:
                    self._iterator.close()
            except Exception:
                pass
        if self._loop is not None:
            self._loop.close()
            self._loop = None


def error_payload(error: BaseException, *, show_error: bool) -> dict:
    """What the page is told about an exception."""
    if isinstance(error, Error):
        return {"message": error.message, "title": error.title, "duration": error.duration,
                "visible": error.visible}
    if isinstance(error, (InputError, OutputError)):
        return {"message": str(error), "title": "Error"}
    if show_error:
        return {"message": f"{type(error).__name__}: {error}", "title": "Error",
                "traceback": "".join(traceback.format_exception(error))}
    return {"message": "An error occurred while running this event; the server log has "
                       "the details (launch with show_error=True to see them here).",
            "title": "Error"}


def call_dependency(blocks, dep, inputs: list) -> list:
    """Run a dependency with Python values, as ``demo(...)`` does."""
    fn = dep.fn
    result = fn(*inputs)
    if inspect.iscoroutine(result):
        result = asyncio.run(result)
    if inspect.isgenerator(result):
        last = None
        for last in result:
            pass
        result = last
    if len(dep.outputs) <= 1:
        return [result]
    return list(result)

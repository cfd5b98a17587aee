"""Running one dependency: check and preprocess inputs, call, postprocess.

Pure Python: the queue decides where each step runs (worker threads), this
module decides what each step does. Sync and async functions, generators
and async generators all go through :class:`Execution`.
"""

from __future__ import annotations

import asyncio
import inspect
import traceback
import weakref
from typing import Any

from marshmallow import ValidationError

from blocks import context
from blocks.api_fn import is_api_fn
from blocks.context import serving_page
from blocks.diff import diff, worth_sending
from blocks.events import EventData
from blocks.exceptions import Error
from blocks.file_access import FileAccessError, checking
from blocks.messages import notifying
from blocks.oauth import profile_of, token_of
from blocks.params import _hints, _without_none, special_params
from blocks.progress import Progress, tracking_tqdm
from blocks.render import run_render
from blocks.streaming import Chunk, ChunkError, load_chunk, stream_sources
from blocks.tree import Block
from blocks.updates import is_skip, is_update, is_validation

__all__ = ["Execution", "InputError", "OutputError", "OutputStream", "ValidationFailed",
           "call_dependency", "call_without_inputs", "error_payload", "stream_edits"]


class InputError(ValueError):
    """The inputs sent for an event do not fit its components."""


class OutputError(ValueError):
    """A function returned something that does not fit its outputs."""


class ValidationFailed(Error):
    """A listener's validator refused its inputs; ``messages`` per input."""

    def __init__(self, messages: list):
        self.messages = messages
        text = "; ".join(m["message"] for m in messages if m and m.get("message"))
        super().__init__(text or "The inputs are not valid.", title="Invalid input")


def run_validator(dep, args: list, kwargs: dict) -> None:
    """Call the validator; raise :class:`ValidationFailed` if any input is refused."""
    result = dep.validator(*args, **kwargs)
    results = list(result) if isinstance(result, (list, tuple)) else [result]
    messages, failed = [], False
    for index, item in enumerate(results):
        if not is_validation(item):
            raise TypeError("A validator must return gr.validate(...) for each input.")
        ok = bool(item["is_valid"])
        failed |= not ok
        target = dep.inputs[index]._id if index < len(dep.inputs) else None
        messages.append(None if ok else {"id": target, "message": item.get("message") or ""})
    if failed:
        raise ValidationFailed(messages)


class _Done:
    pass


DONE = _Done()


_FIELDS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # class -> its value_field


def _value_field(cls):
    """``cls.value_field()``, made once per class: making a field costs more than using it."""
    field = _FIELDS.get(cls)
    if field is None:
        field = _FIELDS[cls] = cls.value_field()
    return field


def _load_wire(component, wire):
    field = _value_field(type(component))
    try:
        return field.deserialize(wire) if wire is not None else None
    except ValidationError as error:
        label = getattr(component, "label", None) or type(component).__name__
        raise InputError(f"Invalid value for {label!r}: {' '.join(map(str, error.messages))}") \
            from error


def validate_inputs(dep, wire_values: list, *, stream: bool = False) -> list:
    """Check the wire values against each input's schema and constraints (on arrival).

    A value of the wrong type is an :class:`InputError`; values outside their
    component's constraints (``validate``) are a :class:`ValidationFailed`
    with a message for each input refused, shown on that input. With
    ``stream`` (a chunk of a streaming source), the sources' values are
    chunks, decoded into :class:`blocks.streaming.Chunk` objects.
    """
    if is_api_fn(dep):  # gr.api: checked against its type hints
        from blocks.api_info import ApiInputError, endpoint_for, expand_inputs
        try:
            return expand_inputs(endpoint_for(dep), wire_values)
        except ApiInputError as error:
            raise InputError(str(error)) from None
    if not isinstance(wire_values, list) or len(wire_values) != len(dep.inputs):
        got = len(wire_values) if isinstance(wire_values, list) else "no list of"
        raise InputError(f"This event takes {len(dep.inputs)} input value(s), got {got}.")
    sources = stream_sources(dep) if stream else ()
    values = [None if _server_side(component) else
              _load_chunk(component, wire) if index in sources else
              _load_wire(component, wire) if hasattr(type(component), "value_field") else wire
              for index, (component, wire) in enumerate(zip(dep.inputs, wire_values))]
    check_constraints(dep.inputs, values)
    return values


def _load_chunk(component, wire) -> Chunk:
    try:
        return load_chunk(component, wire)
    except ChunkError as error:
        raise InputError(str(error)) from None


def check_constraints(components, values: list) -> None:
    """Run each component's ``validate``; raise :class:`ValidationFailed` if any refuses."""
    messages, failed = [], False
    for component, value in zip(components, values):
        message = None
        validate = getattr(component, "validate", None)
        if value is not None and validate is not None and not _server_side(component) \
                and not isinstance(value, Chunk):
            try:
                validate(value)
            except (ValueError, TypeError) as error:
                message = {"id": component._id, "message": str(error)}
                failed = True
        messages.append(message)
    if failed:
        raise ValidationFailed(messages)


def _server_side(component) -> bool:
    return getattr(component, "SERVER_SIDE", False)


def uses_state(components) -> bool:
    """Whether any of ``components`` keeps its value on the server (``gr.State``)."""
    return any(_server_side(component) for component in components)


def preprocess_inputs(dep, values: list) -> list:
    """Turn checked wire values into the function's arguments (in a worker)."""
    if not dep.preprocess:
        return list(values)
    args = []
    for component, value in zip(dep.inputs, values):
        if isinstance(value, Chunk):
            try:
                value = component.preprocess_chunk(value)
            except (ValueError, TypeError, OSError) as error:
                raise InputError(f"A chunk of the stream could not be read: {error}") \
                    from error
        elif hasattr(component, "preprocess"):
            try:
                value = component.preprocess(value)
            except (ValueError, TypeError) as error:
                raise InputError(str(error)) from error
        args.append(value)
    return args


def _injection_plan(fn) -> tuple:
    """``(name, kind, detail)`` of each parameter Blocks fills in (see :func:`_injected`).

    Reading a signature and its type hints costs more than a fast function's
    whole call, so the plan is made once per function (kept while it lives).
    """
    try:
        return _PLANS[fn]
    except (KeyError, TypeError):
        pass
    hints = _hints(fn)
    plan = []
    for name, kind in special_params(fn).items():
        detail = None
        if kind == "event_data":
            detail = _without_none(hints.get(name))
            if not isinstance(detail, type):
                detail = EventData
        elif kind == "progress":
            detail = inspect.signature(fn).parameters[name].default
        plan.append((name, kind, detail))
    plan = tuple(plan)
    try:
        _PLANS[fn] = plan
    except TypeError:  # not weakly referable: made again next time
        pass
    return plan


_PLANS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _injected(fn, event_data: EventData | None, request, notify) -> dict:
    """Keyword arguments filled in by type hint or default value."""
    extra = {}
    for name, kind, detail in _injection_plan(fn):
        if kind == "event_data":
            if event_data is None:
                extra[name] = None
            else:
                extra[name] = event_data if type(event_data) is detail else \
                    detail(event_data.target, event_data._data)
        elif kind == "request":
            extra[name] = request
        elif kind == "oauth_profile":
            extra[name] = profile_of(request)
        elif kind == "oauth_token":
            extra[name] = token_of(request)
        else:
            extra[name] = detail._bind(notify)
    return extra


def _update_props(component, props: dict) -> dict:
    convert = getattr(component, "update_props", None)
    return convert(props) if convert is not None else props


def _convert(component, value, memo: dict | None):
    """``component.postprocess(value)``; in a stream, the stream's variant with its memo."""
    if memo is not None and hasattr(component, "postprocess_stream"):
        return component.postprocess_stream(value, memo)
    return component.postprocess(value)


_POSITIONAL = (inspect.Parameter.POSITIONAL_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD)


def place_arguments(fn, args: list, extra: dict) -> tuple[list, dict]:
    """The call of ``fn`` with input values ``args`` and the filled-in ``extra`` ones.

    The inputs go to the parameters that are not filled in, in order, wherever
    those stand: ``def retry(data: gr.RetryData, history)`` gets the history
    as its second argument, as in Gradio.
    """
    if not extra:
        return args, {}
    try:
        params = list(inspect.signature(fn).parameters.values())
    except (TypeError, ValueError):
        return args, extra
    if not any(p.name in extra and p.kind in _POSITIONAL for p in params):
        return args, extra  # every filled-in parameter comes after the inputs
    placed, keywords, given = [], dict(extra), iter(args)
    for param in params:
        if param.kind is inspect.Parameter.VAR_POSITIONAL:
            break
        if param.kind not in _POSITIONAL:
            continue
        if param.name in keywords:
            placed.append(keywords.pop(param.name))
            continue
        try:
            placed.append(next(given))
        except StopIteration:
            break
    return placed + list(given), keywords


def postprocess_one(component, value, *, postprocess: bool = True,
                    memo: dict | None = None) -> dict:
    """One output's update: ``{}`` keeps it, ``{"value": ...}``, ``{"props": ...}``.

    ``memo`` is given for the values of a streaming job (one dict per output
    and job): see :meth:`blocks.components.Component.postprocess_stream`.
    """
    if isinstance(value, Block):
        props = value.given_props()
        update = {}
        if "value" in props:
            update["value"] = _convert(component, props.pop("value"), memo) if postprocess \
                else props.pop("value")
        if props:
            update["props"] = _update_props(component, props)
        return update
    if is_update(value):
        if is_skip(value):
            return {}
        props = {k: v for k, v in value.items() if k != "__type__"}
        update = {}
        if "value" in props:
            raw = props.pop("value")
            update["value"] = _convert(component, raw, memo) if postprocess and raw is not None \
                else raw
        if props:
            update["props"] = _update_props(component, props)
        return update
    if postprocess and hasattr(component, "postprocess"):
        return {"value": None if value is None else _convert(component, value, memo)}
    return {"value": value}


def postprocess_outputs(dep, result, streams: list[OutputStream] | None = None) -> list[dict]:
    if is_api_fn(dep):  # gr.api: the function's value, as it is
        return [{"value": result}]
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
            index = outputs.index(key)
            updates[index] = postprocess_one(key, value, postprocess=dep.postprocess,
                                             memo=streams[index].memo if streams else None)
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
    if streams is None:
        return [postprocess_one(component, value, postprocess=dep.postprocess)
                for component, value in zip(outputs, values)]
    return [postprocess_one(component, value, postprocess=dep.postprocess, memo=stream.memo)
            for component, value, stream in zip(outputs, values, streams)]


_UNSENT = object()


class OutputStream:
    """What one streaming job sent to one of its outputs, so that it sends only changes.

    ``sent`` is the last wire value the page received from this job; ``memo``
    is the component's memo for :meth:`Component.postprocess_stream`.
    """

    __slots__ = ("memo", "sent")

    def __init__(self):
        self.sent: Any = _UNSENT
        self.memo: dict = {}


def stream_edits(dep, streams: list[OutputStream], updates: list[dict]) -> list[dict]:
    """Replace each value a stream sent before by the edits from the last one (in place).

    An update ``{"value": v}`` becomes ``{"edits": [...]}`` when this job already
    sent a value to that output and the edits are smaller than ``v`` (a long text
    or history that grows; not a short value, nor a new value altogether). State
    outputs and renders keep their updates.
    """
    for index, (component, update) in enumerate(zip(dep.outputs, updates)):
        if "value" not in update or _server_side(component):
            continue
        stream = streams[index]
        new = update["value"]
        old = stream.sent
        stream.sent = new
        if old is _UNSENT or old is None or new is None:
            continue
        edits = component.diff(old, new) if hasattr(component, "diff") else diff(old, new)
        if edits is None or not worth_sending(edits, new):
            continue  # a short value, or a new value altogether: sent whole
        del update["value"]
        update["edits"] = edits
    return updates


def finish_streams(dep, streams: list[OutputStream]) -> list[dict] | None:
    """The updates a generator's outputs send after its last yield (``None``: nothing).

    Each output that received values may send one more: its
    :meth:`~blocks.components.Component.finish_stream` (the whole of a streamed sound).
    """
    updates, any_value = [], False
    for component, stream in zip(dep.outputs, streams):
        finish = getattr(component, "finish_stream", None)
        value = finish(stream.memo) if finish is not None and stream.memo else None
        updates.append({} if value is None else {"value": value})
        any_value = any_value or value is not None
    return updates if any_value else None


_EXHAUSTED = object()  # Execution._iterator once a generator has ended


class Execution:
    """One call of a dependency's function, stepped by the queue.

    ``start()`` calls the function; ``step()`` returns the next list of
    output updates, or ``DONE``. A plain function gives one step; a
    generator gives one per yield.
    """

    def __init__(self, dep, wire_inputs: list, *, event_data: EventData | None = None,
                 request=None, notify=None, session=None, file_rule=None,
                 stream: bool = False):
        self.dep = dep
        self.file_rule = file_rule  # blocks.file_access.FileRule of the app, checked on outputs
        self.session = session
        self.stream = stream  # a stream job: the function runs once per chunk (rearm)
        with self.serving():
            self.values = validate_inputs(dep, wire_inputs, stream=stream)
        self.event_data = event_data
        self.request = request
        self.notify = notify
        self._result: Any = None
        self._iterator = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._returned = False
        self._render = None
        self._streams: list[OutputStream] | None = None
        self._tqdm = None  # the gr.Progress(track_tqdm=True) the function asked for

    def serving(self) -> serving_page:
        """The page this job serves, for components that keep parts of values for it."""
        page = getattr(self.session, "page", False)
        return serving_page(self.session.hash if page else None)

    @property
    def streams(self) -> bool:
        return self._iterator is not None

    def check_chunk(self, wire_inputs: list) -> list:
        """Check the input values of a stream's next chunk (on the loop, as it arrives)."""
        with self.serving():
            return validate_inputs(self.dep, wire_inputs, stream=True)

    def rearm(self, values: list) -> None:
        """Make ready to call the function again, on a stream's next (checked) chunk."""
        self.close()
        self.values = values
        self._result, self._iterator, self._returned = None, None, False
        self._render, self._streams = None, None

    # -- session state: read before the call, written after each step --------------------
    def load_state(self, state) -> None:
        """Put the session's State values in place of their inputs."""
        self.state = state
        for index, component in enumerate(self.dep.inputs):
            if _server_side(component):
                self.values[index] = state.get(component) if state is not None else \
                    component.initial_value()

    def commit_state(self, updates: list) -> list:
        """Store State outputs; the page only learns whether each one changed."""
        state = getattr(self, "state", None)
        result = list(updates)
        for index, component in enumerate(self.dep.outputs):
            update = result[index]
            if _server_side(component) and update:
                changed = False
                if "value" in update and state is not None:
                    changed = state.put(component, update["value"])
                result[index] = {"changed": True} if changed else {}
        return result

    def start(self, *, step: bool = False):
        """Call the function; with ``step``, also take the first :meth:`step` and return it
        (in the same contexts: a fast function's whole run enters them once)."""
        token = context.current_request.set(self.request)
        try:
            with notifying(self.notify), checking(self.file_rule), self.serving():
                self._start()
                if step:
                    with tracking_tqdm(self._tqdm):
                        return self._step()
        finally:
            context.current_request.reset(token)
        return None

    def _call(self, fn, args, kwargs):
        # a Progress may be placed among the positional arguments (place_arguments)
        self._tqdm = next((value for value in (*args, *kwargs.values())
                           if isinstance(value, Progress) and value.track_tqdm), None)
        with tracking_tqdm(self._tqdm):
            return fn(*args, **kwargs)

    def _arguments(self, fn) -> tuple[list, dict]:
        args = preprocess_inputs(self.dep, self.values)
        if self.dep.inputs_as_dict:
            args = [dict(zip(self.dep.inputs, args))]
        return place_arguments(fn, args, _injected(fn, self.event_data, self.request,
                                                   self.notify))

    def _start(self) -> None:
        if self.dep.validator is not None:
            run_validator(self.dep, *self._arguments(self.dep.validator))
        fn = self.dep.fn
        args, kwargs = self._arguments(fn)
        if self.dep.render is not None:
            renders = getattr(self.session, "renders", None)
            if renders is None:
                raise RuntimeError("A render function needs a session to render for.")
            self._render = run_render(self.dep, renders, args, kwargs)
            return
        result = self._call(fn, args, kwargs)
        if inspect.iscoroutine(result):
            with tracking_tqdm(self._tqdm):
                result = asyncio.run(result)
        if inspect.isgenerator(result) or inspect.isasyncgen(result):
            self._iterator = result
            self._streams = [OutputStream() for _ in self.dep.outputs]
            if inspect.isasyncgen(result):
                self._loop = asyncio.new_event_loop()
        else:
            self._result = result

    def step(self):
        token = context.current_request.set(self.request)
        try:
            with notifying(self.notify), checking(self.file_rule), self.serving(), \
                    tracking_tqdm(self._tqdm):
                return self._step()
        finally:
            context.current_request.reset(token)

    def _step(self):
        if self._iterator is _EXHAUSTED:
            return DONE
        if self._iterator is None:
            if self._returned:
                return DONE
            self._returned = True
            if self._render is not None:
                return [{"render": self._render}]
            return postprocess_outputs(self.dep, self._result)
        try:
            if self._loop is not None:
                item = self._loop.run_until_complete(self._iterator.__anext__())
            else:
                item = next(self._iterator)
        except (StopIteration, StopAsyncIteration):
            self.close()
            self._iterator = _EXHAUSTED
            final = finish_streams(self.dep, self._streams)  # sent whole: a new value
            return DONE if final is None else final
        updates = postprocess_outputs(self.dep, item, self._streams)
        return stream_edits(self.dep, self._streams, updates)

    def close(self) -> None:
        """Stop a generator early (cancellation) and release its loop."""
        if self._iterator is not None and self._iterator is not _EXHAUSTED:
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


def run_batch(dep, executions: list[Execution]) -> list[list[dict]]:
    """Call a ``batch=True`` function once for several jobs; split its results.

    The function receives one list per input and returns one list per output.
    """
    def arguments(execution):
        with execution.serving():
            return preprocess_inputs(dep, execution.values)

    columns = [list(column) for column in zip(*(arguments(e) for e in executions))] \
        or [[] for _ in dep.inputs]
    with notifying(executions[0].notify), checking(executions[0].file_rule):
        result = dep.fn(*columns)
        if inspect.iscoroutine(result):
            result = asyncio.run(result)
        if not isinstance(result, (list, tuple)) or len(result) != len(dep.outputs):
            raise OutputError(f"A batch function must return {len(dep.outputs)} list(s), one "
                              "per output.")
        per_job = []
        for index, execution in enumerate(executions):
            values = [column[index] for column in result]
            with execution.serving():
                per_job.append([postprocess_one(component, value, postprocess=dep.postprocess)
                                for component, value in zip(dep.outputs, values)])
    return per_job


def error_payload(error: BaseException, *, show_error: bool) -> dict:
    """What the page is told about an exception."""
    if isinstance(error, Error):
        payload = {"message": error.message, "title": error.title,
                   "duration": error.duration, "visible": error.visible}
        if isinstance(error, ValidationFailed):
            payload["validation"] = error.messages
        return payload
    if isinstance(error, (InputError, OutputError, FileAccessError)):
        return {"message": str(error), "title": "Error"}
    if show_error:
        return {"message": f"{type(error).__name__}: {error}", "title": "Error",
                "traceback": "".join(traceback.format_exception(error))}
    return {"message": "An error occurred while running this event; the server log has "
                       "the details (launch with show_error=True to see them here).",
            "title": "Error"}


def call_without_inputs(fn, request=None):
    """Call a function that takes no inputs (``demo.unload``'s), with what it asks for.

    A ``gr.Request`` parameter gets ``request``; an ``EventData`` one ``None``.
    """
    return fn(**_injected(fn, None, request, None))


def call_dependency(blocks, dep, inputs: list) -> list:
    """Run a dependency with Python values, as ``demo(...)`` does (no request)."""
    fn = dep.fn
    result = fn(*inputs, **_injected(fn, None, None, None))
    if inspect.iscoroutine(result):
        result = asyncio.run(result)
    if inspect.isgenerator(result):
        last = None
        for last in result:  # noqa: B007 - keeps the last value
            pass
        result = last
    if len(dep.outputs) <= 1:
        return [result]
    return list(result)

"""The parameters of a user function that Blocks fills itself, not its inputs.

By type hint: ``gr.Request``, event data (``gr.SelectData``...), ``gr.OAuthProfile``,
``gr.OAuthToken``; by default value: ``gr.Progress()``. Used when calling a function
(:mod:`blocks.processing`) and when describing it (:mod:`blocks.api_info`).
"""

from __future__ import annotations

import inspect
import types
import typing

from blocks.events import EventData
from blocks.oauth import OAuthProfile, OAuthToken
from blocks.progress import Progress
from blocks.request import Request

__all__ = ["special_params"]


def _hints(fn) -> dict:
    try:
        return typing.get_type_hints(fn)
    except Exception:  # unresolvable string annotations: use what is there
        return getattr(fn, "__annotations__", {}) or {}


def _without_none(hint):
    """``X | None`` (``Optional[X]``) -> ``X``; other hints as they are."""
    args = typing.get_args(hint)
    if args and type(None) in args and typing.get_origin(hint) in (typing.Union,
                                                                    types.UnionType):
        rest = [arg for arg in args if arg is not type(None)]
        if len(rest) == 1:
            return rest[0]
    return hint


def special_params(fn) -> dict[str, str]:
    """Parameters filled in by Blocks, not by inputs: name -> kind."""
    try:
        params = inspect.signature(fn).parameters
    except (TypeError, ValueError):
        return {}
    hints = _hints(fn)
    found = {}
    for name, param in params.items():
        hint = _without_none(hints.get(name, param.annotation))
        if isinstance(hint, type) and issubclass(hint, OAuthProfile):
            found[name] = "oauth_profile"
        elif isinstance(hint, type) and issubclass(hint, OAuthToken):
            found[name] = "oauth_token"
        elif isinstance(hint, type) and issubclass(hint, EventData):
            found[name] = "event_data"
        elif isinstance(hint, type) and issubclass(hint, Request):
            found[name] = "request"
        elif isinstance(param.default, Progress):
            found[name] = "progress"
    return found

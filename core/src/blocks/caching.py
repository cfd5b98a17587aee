"""``@gr.cache`` and ``gr.Cache``: results of a function kept by the content of its inputs.

``@gr.cache`` wraps a function (plain, async, generator or async generator): a call
whose arguments have the same content as an earlier one returns the stored result
(a generator replays every value it yielded) instead of running again. Arguments are
compared by content: two numpy arrays with the same values, two Pillow images with
the same pixels, two DataFrames with the same cells are the same key. ``gr.Cache``
is the manual form: a default parameter value whose ``get``/``set`` a function calls
itself.

Both are bounded (``max_size`` entries, and ``max_memory`` bytes if given; the least
recently used entries go first) and thread-safe. ``per_session=True`` keeps each
page's entries apart, so one user's results never reach another. A hit still goes
through the queue like any event (it returns at once; Blocks' queue is cheap).
"""

from __future__ import annotations

import functools
import hashlib
import inspect
import pickle
import sys
import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from blocks import context

__all__ = ["Cache", "cache"]

_MISSING = object()


def _parse_memory(value) -> int | None:
    if value is None:
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    text = str(value).strip().lower().replace(" ", "")
    for unit, factor in (("gb", 1024 ** 3), ("mb", 1024 ** 2), ("kb", 1024), ("b", 1)):
        if text.endswith(unit):
            return int(float(text[: -len(unit)]) * factor)
    return int(text)


def _feed(digest, value, depth: int = 0) -> None:
    """Add the content of ``value`` to ``digest`` (type first, so 1 and "1" differ)."""
    if depth > 50:
        raise TypeError("arguments nest too deeply to be a cache key")
    kind = type(value)
    digest.update(f"{kind.__module__}.{kind.__qualname__}:".encode())
    if value is None or isinstance(value, (bool, int, float, complex)):
        digest.update(repr(value).encode())
    elif isinstance(value, str):
        digest.update(value.encode("utf-8", "surrogatepass"))
    elif isinstance(value, (bytes, bytearray, memoryview)):
        digest.update(bytes(value))
    elif isinstance(value, (list, tuple)):
        digest.update(str(len(value)).encode())
        for item in value:
            _feed(digest, item, depth + 1)
    elif isinstance(value, dict):
        digest.update(str(len(value)).encode())
        for item_key, item in value.items():
            _feed(digest, item_key, depth + 1)
            _feed(digest, item, depth + 1)
    elif isinstance(value, (set, frozenset)):
        for part in sorted(_fingerprint(item) for item in value):
            digest.update(part.encode())
    elif kind.__module__ == "numpy" and hasattr(value, "tobytes"):
        digest.update(f"{value.dtype}{value.shape}".encode())
        digest.update(value.tobytes() if value.dtype != object else pickle.dumps(value))
    elif kind.__module__.startswith("PIL.") and hasattr(value, "tobytes"):
        digest.update(f"{value.mode}{value.size}".encode())
        digest.update(value.tobytes())
    elif kind.__module__.startswith("pandas.") and hasattr(value, "to_dict"):
        import pandas  # present: the value is one of its objects

        digest.update(repr(list(getattr(value, "columns", [getattr(value, "name", None)])))
                      .encode())
        digest.update(pandas.util.hash_pandas_object(value, index=True).values.tobytes())
    else:
        digest.update(pickle.dumps(value, protocol=5))


def _fingerprint(value) -> str:
    digest = hashlib.blake2b(digest_size=20)
    _feed(digest, value)
    return digest.hexdigest()


def _size(value) -> int:
    """An estimate of the bytes ``value`` holds."""
    nbytes = getattr(value, "nbytes", None)
    if isinstance(nbytes, int):
        return nbytes
    if isinstance(value, (list, tuple)):
        return sys.getsizeof(value) + sum(_size(item) for item in value)
    if isinstance(value, dict):
        return sys.getsizeof(value) + sum(_size(k) + _size(v) for k, v in value.items())
    try:
        return len(pickle.dumps(value, protocol=5))
    except Exception:
        return sys.getsizeof(value)


class _Store:
    """A bounded LRU mapping, safe across threads."""

    def __init__(self, max_size: int, max_memory):
        if isinstance(max_size, bool) or not isinstance(max_size, int) or max_size < 0:
            raise ValueError(f"max_size must be a whole number, 0 (no limit) or more; "
                             f"not {max_size!r}.")
        self.max_size = max_size
        self.max_memory = _parse_memory(max_memory)
        self._entries: OrderedDict[tuple, tuple[Any, int]] = OrderedDict()
        self._memory = 0
        self._lock = threading.Lock()

    def get(self, key: tuple | None):
        if key is None:
            return _MISSING
        with self._lock:
            found = self._entries.get(key)
            if found is None:
                return _MISSING
            self._entries.move_to_end(key)
            return found[0]

    def put(self, key: tuple | None, value) -> None:
        if key is None:
            return
        size = _size(value) if self.max_memory is not None else 0
        if self.max_memory is not None and size > self.max_memory:
            return  # larger than the whole cache: not kept
        with self._lock:
            old = self._entries.pop(key, None)
            if old is not None:
                self._memory -= old[1]
            self._entries[key] = (value, size)
            self._memory += size
            while self._entries and (
                    (self.max_size and len(self._entries) > self.max_size)
                    or (self.max_memory is not None and self._memory > self.max_memory)):
                _, (_, dropped) = self._entries.popitem(last=False)
                self._memory -= dropped

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._memory = 0

    def __len__(self) -> int:
        return len(self._entries)


def _session_part(per_session: bool):
    if not per_session:
        return None
    request = context.current_request.get()
    return getattr(request, "session_hash", None)


class Cache:
    """A cache a function fills itself: ``def f(x, c=gr.Cache()): c.get(x) / c.set(x, ...)``.

    ``get(key)`` returns the dict stored under ``key`` (compared by content, like
    ``@gr.cache``'s arguments) or ``None``; ``set(key, **data)`` stores ``data``.
    With ``per_session=True`` each page has its own entries.
    """

    def __init__(self, max_size: int = 128, max_memory: str | int | None = None,
                 per_session: bool = False):
        self.per_session = per_session
        self._store = _Store(max_size, max_memory)

    def _key(self, key) -> tuple:
        return (_session_part(self.per_session), _fingerprint(key))

    def get(self, key) -> dict | None:
        found = self._store.get(self._key(key))
        return None if found is _MISSING else dict(found)

    def set(self, key, **data) -> None:
        self._store.put(self._key(key), data)

    def clear(self) -> None:
        self._store.clear()

    def __len__(self) -> int:
        return len(self._store)

    def __repr__(self) -> str:
        return f"Cache({len(self)} entries, per_session={self.per_session})"


def cache(fn: Callable | None = None, *, key: Callable | None = None, max_size: int = 128,
          max_memory: str | int | None = None, per_session: bool = False):
    """Keep ``fn``'s results by the content of its arguments (``@gr.cache`` or
    ``@gr.cache(max_size=..., per_session=..., key=lambda kw: kw["prompt"])``).

    ``key`` receives the call's arguments as a dict (parameter name -> value, defaults
    filled in) and returns what identifies the call. A function that raises stores
    nothing; a generator's values are stored once it finishes.
    """
    if fn is None:
        return functools.partial(cache, key=key, max_size=max_size, max_memory=max_memory,
                                 per_session=per_session)
    if not callable(fn):
        raise TypeError(f"gr.cache wraps a function, not {fn!r}.")
    store = _Store(max_size, max_memory)
    signature = inspect.signature(fn)

    def key_of(args, kwargs) -> tuple | None:
        """The call's key; ``None`` (not cached) when an argument has no content to
        compare (an open file, a lock...)."""
        bound = signature.bind(*args, **kwargs)
        bound.apply_defaults()
        # what Blocks injects (gr.Request, gr.Progress, event data, a gr.Cache) is no key
        arguments = {name: value for name, value in bound.arguments.items()
                     if not type(value).__module__.startswith("blocks.")}
        try:
            identity = key(arguments) if key is not None else arguments
            return (_session_part(per_session), _fingerprint(identity))
        except (TypeError, pickle.PicklingError, AttributeError, ValueError):
            return None

    if inspect.isasyncgenfunction(fn):
        @functools.wraps(fn)
        async def wrapper(*args, **kwargs):
            cache_key = key_of(args, kwargs)
            found = store.get(cache_key)
            if found is not _MISSING:
                for item in found:
                    yield item
                return
            items = []
            async for item in fn(*args, **kwargs):
                items.append(item)
                yield item
            store.put(cache_key, items)
    elif inspect.isgeneratorfunction(fn):
        @functools.wraps(fn)
        def wrapper(*args, **kwargs):
            cache_key = key_of(args, kwargs)
            found = store.get(cache_key)
            if found is not _MISSING:
                yield from found
                return
            items = []
            for item in fn(*args, **kwargs):
                items.append(item)
                yield item
            store.put(cache_key, items)
    elif inspect.iscoroutinefunction(fn):
        @functools.wraps(fn)
        async def wrapper(*args, **kwargs):
            cache_key = key_of(args, kwargs)
            found = store.get(cache_key)
            if found is not _MISSING:
                return found
            result = await fn(*args, **kwargs)
            store.put(cache_key, result)
            return result
    else:
        @functools.wraps(fn)
        def wrapper(*args, **kwargs):
            cache_key = key_of(args, kwargs)
            found = store.get(cache_key)
            if found is not _MISSING:
                return found
            result = fn(*args, **kwargs)
            store.put(cache_key, result)
            return result

    wrapper.cache_clear = store.clear
    wrapper.cache_len = store.__len__
    return wrapper

"""The outputs of cached examples, on disk under the app's cache.

One folder per set of examples: ``<cache>/examples/<key>/``, where ``<key>``
hashes the function's code (its source and bytecode, nested functions
included), the examples and the components. Changing any of them gives a new
folder, so a restarted app reuses what it computed before and never shows
outputs of an older function. Each example's output updates are a JSON file
(``<index>.json``); files they hold are copied into the folder, so cleaning
the app's other cached files loses nothing. ``<cache>`` is ``BLOCKS_TEMP_DIR``
(or the system's temporary folder)/``blocks``, which the file-access rule serves.
"""

from __future__ import annotations

import functools
import hashlib
import inspect
import json
import logging
import os
import shutil
from pathlib import Path

from blocks import files

__all__ = ["ExampleCache", "function_fingerprint"]

logger = logging.getLogger("blocks")


class ExampleCache:
    """The cached outputs of one ``gr.Examples``."""

    def __init__(self, examples):
        self.examples = examples
        self.folder = files.temp_dir() / "examples" / cache_key(examples)

    def path(self, index: int) -> Path:
        return self.folder / f"{index}.json"

    def outputs(self, index: int) -> list[dict]:
        """Example ``index``'s output updates, computed (once) if they are not stored."""
        stored = self._read(index)
        if stored is not None:
            return stored
        with self.examples._lock:  # two first clicks compute once
            stored = self._read(index)
            if stored is None:
                stored = self._store(index, compute(self.examples, index))
        return stored

    def _read(self, index: int) -> list[dict] | None:
        """The stored updates, if they and every file they name are there."""
        try:
            stored = json.loads(self.path(index).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if not all(Path(data["path"]).is_file() for data in files.iter_file_data(stored)):
            return None
        return stored

    def _store(self, index: int, updates: list[dict]) -> list[dict]:
        folder = self.folder / str(index)
        for data in files.iter_file_data(updates):  # a copy the cache owns
            source = Path(data["path"])
            folder.mkdir(parents=True, exist_ok=True)
            target = folder / (source.name or "file")
            if source.resolve() != target.resolve():
                shutil.copyfile(source, target)
            data["path"] = str(target)
            data.pop("url", None)
        self.folder.mkdir(parents=True, exist_ok=True)
        part = self.path(index).with_suffix(".part")
        part.write_text(json.dumps(updates), encoding="utf-8")
        os.replace(part, self.path(index))
        logger.info("Cached example %s of %s in %s", index,
                    getattr(self.examples.fn, "__name__", "fn"), self.folder)
        return updates


def compute(examples, index: int) -> list[dict]:
    """Run the function on example ``index`` as an event would (inputs checked and
    preprocessed, outputs postprocessed); a generator's last output is kept."""
    from blocks.events import Dependency
    from blocks.processing import DONE, Execution
    fn = examples.fn
    if examples.batch:
        def fn(*values, _fn=examples.fn):
            results = [column[0] for column in _fn(*[[value] for value in values])]
            return results[0] if len(results) == 1 else tuple(results)
    dep = Dependency(id=-1, targets=[], fn=fn, inputs=examples.all_inputs,
                     outputs=examples.outputs, preprocess=examples.preprocess,
                     postprocess=examples.postprocess)
    execution = Execution(dep, examples.all_input_wire(index))
    execution.start()
    last = [{} for _ in examples.outputs]
    while (updates := execution.step()) is not DONE:
        last = [update or previous for update, previous in zip(updates, last)]
    return last


def cache_key(examples) -> str:
    """What the cached outputs depend on, hashed."""
    parts = {
        "fn": function_fingerprint(examples.fn),
        "examples": examples.all_examples,
        "inputs": [_describe(component) for component in examples.all_inputs],
        "outputs": [_describe(component) for component in examples.outputs],
        "options": [examples.batch, examples.preprocess, examples.postprocess],
    }
    text = json.dumps(parts, default=repr, sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()[:24]


def _describe(component) -> list:
    props = {name: value for name, value in component.get_props().items()
             if name not in ("value", "elem_id", "elem_classes", "visible", "key")}
    return [type(component).__name__, json.dumps(props, default=repr, sort_keys=True)]


def function_fingerprint(fn) -> str:
    """A hash of what ``fn`` does: its name, source and bytecode (constants and nested
    functions included). Editing the function changes it; restarting does not."""
    digest = hashlib.sha256()
    seen: set[int] = set()

    def add_code(code) -> None:
        if id(code) in seen:
            return
        seen.add(id(code))
        digest.update(code.co_code)
        digest.update(repr(code.co_names).encode())
        for const in code.co_consts:
            if inspect.iscode(const):
                add_code(const)
            else:
                digest.update(repr(const).encode())

    def add(target) -> None:
        if isinstance(target, functools.partial):
            digest.update(repr((target.args, sorted(target.keywords.items()))).encode())
            add(target.func)
            return
        target = inspect.unwrap(target)
        code = getattr(target, "__code__", None)
        if code is None and not inspect.isroutine(target):
            call = type(target).__dict__.get("__call__")  # a callable object
            code = getattr(call, "__code__", None)
        digest.update(getattr(target, "__qualname__", type(target).__qualname__).encode())
        try:
            digest.update(inspect.getsource(target).encode())
        except (OSError, TypeError):
            pass
        if code is not None:
            add_code(code)

    add(fn)
    return digest.hexdigest()

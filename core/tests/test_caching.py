"""@gr.cache and gr.Cache: results kept by the content of the arguments."""

import asyncio
import threading

import numpy as np
import pytest
from PIL import Image

import blocks as gr
from blocks.processing import DONE, Execution
from blocks.request import Request


def test_a_repeated_call_returns_the_stored_result():
    calls = []

    @gr.cache
    def double(x):
        calls.append(x)
        return x * 2

    assert double(2) == 4 and double(2) == 4 and double(3) == 6
    assert calls == [2, 3]
    assert double.__name__ == "double" and double.cache_len() == 2


def test_arrays_and_images_are_compared_by_content():
    calls = []

    @gr.cache()
    def describe(value):
        calls.append(1)
        return len(calls)

    assert describe(np.zeros((2, 2))) == describe(np.zeros((2, 2))) == 1
    assert describe(np.ones((2, 2))) == 2
    assert describe(np.zeros((2, 2), dtype=np.int8)) == 3  # same bytes count, other dtype
    assert describe(Image.new("RGB", (3, 3), "red")) == describe(Image.new("RGB", (3, 3), "red"))
    assert describe(Image.new("RGB", (3, 3), "blue")) == 5
    assert describe(1) != describe("1")


def test_pandas_objects_are_compared_by_content():
    pd = pytest.importorskip("pandas")
    calls = []

    @gr.cache
    def describe(value):
        calls.append(1)
        return len(calls)

    frame = pd.DataFrame({"a": [1, 2]})
    assert describe(frame) == describe(frame.copy()) == 1
    assert describe(pd.DataFrame({"b": [1, 2]})) == 2  # another column name
    assert describe(pd.DataFrame({"a": [1, 3]})) == 3
    assert describe(frame["a"]) == describe(frame["a"].copy()) == 4


def test_generators_replay_every_value_and_async_forms_work():
    runs = []

    @gr.cache
    def count(n):
        runs.append(n)
        yield from range(n)

    assert list(count(3)) == [0, 1, 2] and list(count(3)) == [0, 1, 2] and runs == [3]

    @gr.cache
    async def shout(text):
        runs.append(text)
        return text.upper()

    @gr.cache
    async def letters(text):
        runs.append(text)
        for letter in text:
            yield letter

    async def collect():
        return [letter async for letter in letters("ab")]

    assert asyncio.run(shout("hi")) == "HI" == asyncio.run(shout("hi"))
    assert asyncio.run(collect()) == ["a", "b"] == asyncio.run(collect())
    assert runs == [3, "hi", "ab"]


def test_a_generator_stopped_early_or_a_raising_function_stores_nothing():
    runs = []

    @gr.cache
    def count(n):
        runs.append(n)
        yield from range(n)

    iterator = count(3)
    next(iterator)
    iterator.close()
    assert list(count(3)) == [0, 1, 2] and runs == [3, 3]

    @gr.cache
    def fails(x):
        runs.append("fails")
        raise ValueError(x)

    for _ in range(2):
        with pytest.raises(ValueError):
            fails(1)
    assert runs.count("fails") == 2


def test_key_max_size_and_max_memory():
    calls = []

    @gr.cache(key=lambda kw: kw["prompt"], max_size=2)
    def generate(prompt, temperature=0.5):
        calls.append((prompt, temperature))
        return prompt

    generate("a", 0.1), generate("a", 0.9)  # the key ignores the temperature
    assert calls == [("a", 0.1)]
    generate("b"), generate("c"), generate("a")  # "a" was the least recently used
    assert calls[-1] == ("a", 0.5) and generate.cache_len() == 2

    @gr.cache(max_memory="1kb", max_size=0)
    def block(n):
        calls.append(n)
        return np.zeros(n, dtype=np.uint8)

    block(600), block(600), block(600 + 1)
    assert calls[-3:] == [("a", 0.5), 600, 601]
    block(600)  # two arrays do not fit in 1 kB: the first was dropped
    assert calls[-1] == 600
    block(5000)
    block(5000)  # larger than the whole cache: never kept
    assert calls[-2:] == [5000, 5000]
    with pytest.raises(ValueError, match="max_size"):
        gr.cache(lambda x: x, max_size=-1)


def test_arguments_without_content_are_not_cached_but_still_answered():
    calls = []

    @gr.cache
    def uses(lock):
        calls.append(lock)
        return "ok"

    lock = threading.Lock()
    assert uses(lock) == "ok" and uses(lock) == "ok" and len(calls) == 2


def events_app(per_session):
    runs = []

    @gr.cache(per_session=per_session)
    def greet(name, request: gr.Request):
        runs.append((name, request.session_hash))
        return f"Hello {name} #{len(runs)}"

    store = gr.Cache(per_session=per_session)

    def remember(name, c=store):
        hit = c.get(name)
        if hit is not None:
            return hit["text"]
        c.set(name, text=f"{name} from {len(c)}")
        return c.get(name)["text"]

    with gr.Blocks():
        box, out = gr.Textbox(), gr.Textbox()
        greet_dep = box.submit(greet, box, out).dependency
        remember_dep = box.change(remember, box, out).dependency
    return runs, greet_dep, remember_dep


def call(dep, value, session):
    execution = Execution(dep, [value], request=Request(session_hash=session))
    execution.start()
    step = execution.step()
    assert execution.step() is DONE
    return step[0]["value"]


@pytest.mark.parametrize("per_session", [False, True])
def test_per_session_entries_stay_apart_in_events(per_session):
    runs, greet, remember = events_app(per_session)
    first = call(greet, "Ada", "s1")
    assert call(greet, "Ada", "s1") == first  # the request is no part of the key
    other = call(greet, "Ada", "s2")
    assert (other != first) is per_session
    assert len(runs) == (2 if per_session else 1)
    assert call(remember, "x", "s1") == "x from 0" == call(remember, "x", "s1")
    # another page: its own entry with per_session, the shared one without
    assert call(remember, "x", "s2") == ("x from 1" if per_session else "x from 0")
    assert call(remember, "y", "s2") == ("y from 2" if per_session else "y from 1")

"""Streaming edits (blocks.diff): what a generator's later outputs send instead of values."""

from __future__ import annotations

import copy
import json
import random

import pytest

from blocks.diff import WholeValues, apply_edits, as_gradio, diff, worth_sending
from blocks.files import FILE_TYPE
from blocks.processing import OutputStream, stream_edits


def roundtrip(old, new):
    edits = diff(old, new)
    wire = json.loads(json.dumps(edits))  # what travels
    assert apply_edits(copy.deepcopy(old), wire) == new
    return edits


def test_equal_values_give_no_edits_and_identical_parts_are_skipped():
    history = [{"role": "user", "content": "hi"}] * 3
    assert diff(history, list(history)) == []
    assert diff("abc", "abc") == []


def test_a_growing_text_is_an_append():
    assert roundtrip("Hello", "Hello, world") == [["append", [], ", world"]]


def test_a_new_message_at_the_end_is_one_append_of_the_list():
    old = [{"role": "user", "content": "hi"}]
    new = [*old, {"role": "assistant", "content": "yo"}]
    assert roundtrip(old, new) == [["append", [], [new[1]]]]


def test_the_last_message_growing_is_an_append_at_its_path():
    old = [{"role": "user", "content": [{"type": "text", "text": "Hel"}]}]
    new = [{"role": "user", "content": [{"type": "text", "text": "Hello"}]}]
    assert roundtrip(old, new) == [["append", [0, "content", 0, "text"], "lo"]]


def test_html_growing_inside_its_closing_tag_is_a_short_splice():
    old = "<p>" + "word " * 20 + "Hel</p>\n"
    new = "<p>" + "word " * 20 + "Hello</p>\n"
    edits = roundtrip(old, new)
    assert edits == [["splice", [], [5, "lo</p>\n"]]]


def test_splice_counts_utf16_code_units_like_javascript():
    old = "prefix that is long enough 🙂 é end"
    new = "prefix that is long enough 🙂 é and more"
    edits = roundtrip(old, new)
    op, _, (cut, text) = edits[0]
    assert op == "splice"
    kept = old.encode("utf-16-le")[: len(old.encode("utf-16-le")) - 2 * cut].decode("utf-16-le")
    assert kept + text == new
    tail = "🙂🙂 end"
    assert roundtrip("x" * 20 + tail, "x" * 20 + "🙂 more") == \
        [["splice", [], [len(tail.encode("utf-16-le")) // 2 - 2, " more"]]]


def test_short_strings_that_change_are_replaced():
    assert roundtrip("abc", "xyz") == [["replace", [], "xyz"]]


def test_removed_items_and_keys_and_new_keys():
    assert roundtrip([1, 2, 3], [1]) == [["delete", [1], None], ["delete", [1], None]]
    assert roundtrip({"a": 1, "b": 2}, {"a": 1, "c": 3}) == [["delete", ["b"], None],
                                                             ["add", ["c"], 3]]
    assert roundtrip([], [1, 2]) == [["add", [0], 1], ["add", [1], 2]]


def test_a_change_of_type_is_a_replace():
    assert roundtrip([1], {"a": 1}) == [["replace", [], {"a": 1}]]
    assert roundtrip({"a": "x"}, {"a": 5}) == [["replace", ["a"], 5]]


def test_a_file_is_replaced_whole_and_its_url_never_counts():
    old = {"path": "/tmp/a.png", "url": "/file=/tmp/a.png", "meta": {"_type": FILE_TYPE}}
    assert diff(old, {**old, "url": None}) == []
    new = {"path": "/tmp/b.png", "url": None, "meta": {"_type": FILE_TYPE}}
    assert diff([old], [new]) == [["replace", [0], new]]


@pytest.mark.parametrize("seed", range(40))
def test_random_json_values_round_trip(seed):
    rng = random.Random(seed)

    def value(depth=0):
        kind = rng.choice(["str", "int", "list", "dict", "none"] if depth < 3 else ["str", "int"])
        if kind == "str":
            return rng.choice(["", "a", "ab", "héllo 🙂" * rng.randint(1, 5), "x" * 40])
        if kind == "int":
            return rng.randint(0, 3)
        if kind == "none":
            return None
        if kind == "list":
            return [value(depth + 1) for _ in range(rng.randint(0, 4))]
        return {rng.choice("abcd"): value(depth + 1) for _ in range(rng.randint(0, 4))}

    for _ in range(20):
        roundtrip(value(), value())


def test_edits_that_do_not_fit_are_refused():
    with pytest.raises(ValueError, match="Cannot apply"):
        apply_edits([1], [["append", [5], "x"]])
    with pytest.raises(ValueError, match="unknown edit"):
        apply_edits("a", [["explode", [], None]])


def test_gradio_clients_get_splices_as_replaces():
    old = "<p>" + "word " * 20 + "Hel</p>"
    new = "<p>" + "word " * 20 + "Hello</p>"
    edits = diff({"html": old}, {"html": new})
    assert as_gradio(edits, {"html": new}) == [["replace", ["html"], new]]
    plain = [["append", [], "x"]]
    assert as_gradio(plain, "ax") is plain


def test_edits_are_sent_only_when_smaller_than_the_value():
    assert not worth_sending(diff("ab", "abc"), "abc")
    long = "word " * 100
    assert worth_sending(diff(long, long + "more"), long + "more")
    history = [{"role": "user", "content": "x" * 50}] * 500
    assert worth_sending(diff(history, [*history, {"role": "assistant", "content": "hi"}]),
                         history)


class _Dep:
    def __init__(self, *outputs):
        self.outputs = list(outputs)


class _Text:
    pass


def test_a_stream_sends_the_first_value_whole_then_edits():
    dep = _Dep(_Text())
    streams = [OutputStream()]
    first = "word " * 50
    assert stream_edits(dep, streams, [{"value": first}]) == [{"value": first}]
    assert stream_edits(dep, streams, [{"value": first + "next"}]) == \
        [{"edits": [["append", [], "next"]]}]
    assert stream_edits(dep, streams, [{"value": None}]) == [{"value": None}]
    assert stream_edits(dep, streams, [{"value": "new"}]) == [{"value": "new"}]
    assert stream_edits(dep, streams, [{}]) == [{}]


def test_whole_values_apply_a_streams_edits_without_touching_the_jobs_values():
    first = [{"role": "user", "content": "hi"}, {"role": "assistant", "content": "He"}]
    second = [first[0], {"role": "assistant", "content": "Hello"}]
    edits = diff(first, second)
    whole = WholeValues()
    assert whole([{"value": first}, {}]) == [{"value": first}, {}]
    got = whole([{"edits": edits, "props": {"visible": True}}, {}])
    assert got == [{"value": second, "props": {"visible": True}}, {}]
    assert first[1]["content"] == "He"  # the job's own value is left alone
    with pytest.raises(ValueError, match="no value before"):
        WholeValues()([{"edits": edits}])

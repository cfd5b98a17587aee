import json
import re
from pathlib import Path

import pytest

from blocks.protocol import (
    CLIENT_SCHEMAS,
    MAX_DEPTH,
    SERVER_SCHEMAS,
    ProtocolError,
    parse_client_message,
)

DOC = Path(__file__).resolve().parents[2] / "docs" / "protocol.md"


def test_a_valid_event():
    message = parse_client_message(json.dumps(
        {"type": "event", "id": "j1", "fn": 0, "data": ["x"], "trigger": {"id": 3,
                                                                        "event": "click"}}))
    assert message["fn"] == 0 and message["trigger"] == {"id": 3, "event": "click"}


@pytest.mark.parametrize("raw, fragment", [
    (b"\xff\xfe", "UTF-8"),
    ("not json", "not valid JSON"),
    ("[1, 2]", "JSON objects"),
    ('{"type": "launch"}', "Unknown message type"),
    ('{"type": "event", "id": "j", "fn": "zero", "data": []}', "fn"),
    ('{"type": "event", "id": "", "fn": 0, "data": []}', "id"),
    ('{"type": "event", "id": "j", "fn": 0}', "data"),
    ('{"type": "event", "id": "j", "fn": 0, "data": [], "extra": 1}', "extra"),
])
def test_bad_frames_are_named(raw, fragment):
    with pytest.raises(ProtocolError, match=fragment):
        parse_client_message(raw)


def test_every_message_type_is_documented():
    text = DOC.read_text()
    for kind in [*CLIENT_SCHEMAS, *SERVER_SCHEMAS]:
        assert re.search(rf"`{kind}`", text), f"{kind} is not in docs/protocol.md"


@pytest.mark.parametrize("depth, refused", [(MAX_DEPTH - 2, False), (MAX_DEPTH, True),
                                            (1000, True), (100_000, True)])
def test_frames_nested_too_deeply_are_refused_with_their_job(depth, refused):
    raw = '{"type": "event", "id": "deep", "fn": 0, "data": [%s]}' % ("[" * depth + "1" +
                                                                       "]" * depth)
    if not refused:
        assert parse_client_message(raw)["id"] == "deep"
        return
    with pytest.raises(ProtocolError, match="nests") as error:
        parse_client_message(raw)
    assert error.value.job == "deep" and error.value.errors == {
        "_frame": ["Nested too deeply."]}


def test_brackets_inside_strings_are_not_nesting():
    raw = json.dumps({"type": "event", "id": "s", "fn": 0, "data": ["[" * 5000]})
    assert parse_client_message(raw)["data"] == ["[" * 5000]


_VALUES = [None, True, False, "true", 0, 1, -1, 2.5, "", "x", "j" * 64, "j" * 65, [], [1, "a"], {},
           {"id": 3, "event": "click"}, {"id": 3}, {"id": "3", "event": "click"},
           {"id": 3, "event": "e" * 65}, {"id": 3, "event": "click", "more": 1},
           {"id": True, "event": "click"}]


def _frames():
    """Event frames around every rule of EventMessage: each key, missing or of each value."""
    base = {"type": "event", "id": "j1", "fn": 0, "data": ["x"]}
    yield dict(base)
    for key in ("id", "fn", "data", "trigger", "event_data", "stream", "extra"):
        yield {k: v for k, v in base.items() if k != key}
        for value in _VALUES:
            yield {**base, key: value}


@pytest.mark.parametrize("frame", list(_frames()), ids=lambda frame: json.dumps(frame)[:80])
def test_the_quick_check_of_events_agrees_with_the_schema(frame):
    """Common event frames skip marshmallow; whatever passes gives what the schema gives,
    and whatever the schema refuses is never let through."""
    from marshmallow import ValidationError

    from blocks.protocol import _loader, _plain_event
    quick = _plain_event(json.loads(json.dumps(frame)))
    try:
        expected = _loader("event").load(json.loads(json.dumps(frame)))
    except ValidationError:
        assert quick is None
        return
    if quick is not None:
        assert quick == expected


def test_common_event_frames_take_the_quick_check():
    from blocks.protocol import _plain_event
    for frame in ({"type": "event", "id": "j1", "fn": 2, "data": ["x", None, {"a": [1]}]},
                  {"type": "event", "id": "j1", "fn": 2, "data": [], "event_data": None,
                   "trigger": {"id": 4, "event": "click"}},
                  {"type": "event", "id": "j1", "fn": 2, "data": [], "trigger": None}):
        assert _plain_event(frame) is not None

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

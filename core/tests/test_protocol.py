import json
import re
from pathlib import Path

import pytest

from blocks.protocol import CLIENT_SCHEMAS, SERVER_SCHEMAS, ProtocolError, parse_client_message

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

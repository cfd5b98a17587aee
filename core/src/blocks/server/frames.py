"""RFC 6455 frames as bytes, for the websocket transport (``blocks.server.websocket``):
the frames the server writes, and the reading of the common frames a page sends (the
rest goes to wsproto)."""

from __future__ import annotations

__all__ = ["frame", "frame_at", "plain", "text", "unmasked"]


def frame(opcode: int, payload: bytes) -> bytes:
    """A server frame (final, unmasked) around ``payload``."""
    size = len(payload)
    if size < 126:
        head = bytes((0x80 | opcode, size))
    elif size < 65536:
        head = bytes((0x80 | opcode, 126)) + size.to_bytes(2, "big")
    else:
        head = bytes((0x80 | opcode, 127)) + size.to_bytes(8, "big")
    return head + payload


def frame_at(buffer: bytes, at: int, end: int) -> tuple[int, int] | None:
    """``(header size, payload size)`` of the frame at ``at``; None until its header is in."""
    if end - at < 2:
        return None
    size = buffer[at + 1] & 0x7F
    mask = 4 if buffer[at + 1] & 0x80 else 0
    if size < 126:
        head = 2 + mask
    elif size == 126:
        head = 4 + mask
        if end - at < head:
            return None
        size = int.from_bytes(buffer[at + 2:at + 4], "big")
    else:
        head = 10 + mask
        if end - at < head:
            return None
        size = int.from_bytes(buffer[at + 2:at + 10], "big")
    return (head, size) if end - at >= head else None


def plain(head: int, size: int) -> bool:
    """Whether a frame is masked and gives its size in the fewest bytes, as it must."""
    if head == 6:
        return True
    if head == 8:
        return size >= 126
    return head == 14 and size >= 65536


def unmasked(buffer: bytes, at: int, head: int, size: int) -> bytes:
    """The payload of a whole masked frame."""
    start = at + head
    key = buffer[start - 4:start]
    payload = int.from_bytes(buffer[start:start + size], "little")
    mask = int.from_bytes((key * (size // 4 + 1))[:size], "little")
    return (payload ^ mask).to_bytes(size, "little")


def text(data: bytes) -> str | None:
    """``data`` as text; None when it is not UTF-8 (wsproto then says so)."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None

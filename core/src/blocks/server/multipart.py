"""A streaming reader of ``multipart/form-data`` request bodies, for ``POST /upload``.

Each file part is written straight into the file its caller opens for it, in
chunks of ``CHUNK`` bytes as they arrive: the body is never whole in memory
and never copied through a temporary file; a chunk with no boundary in it is
written as read. Werkzeug's form parser (which the other routes keep) copies
every chunk through its buffer and spools each file to a temporary file that
the route then copied: per CPU second this reader parses and writes about twice
the bytes. 64 KiB chunks stay in the processor's cache (1 MiB ones were slower).

Parts that are not files (no ``filename``) are read and dropped. A part's
headers are at most ``MAX_HEADER`` bytes, the preamble at most
``MAX_PREAMBLE``; the caller caps the body's size (the request stream of
Flask stops at ``max_upload_size``) and the number of files.
"""

from __future__ import annotations

from typing import BinaryIO, Callable

from werkzeug.http import parse_options_header

__all__ = ["CHUNK", "MultipartError", "Part", "read_multipart", "boundary_of"]

CHUNK = 64 * 1024
MAX_HEADER = 16 * 1024
MAX_PREAMBLE = 64 * 1024


class MultipartError(ValueError):
    """A body that is not well-formed multipart data."""


class Part:
    """One file part: its form field ``name``, ``filename``, ``content_type`` and the
    ``target`` its caller opened for it (whatever ``open_part`` returned)."""

    __slots__ = ("content_type", "filename", "name", "path", "size", "target")

    def __init__(self, name: str, filename: str, content_type: str | None):
        self.name = name
        self.filename = filename
        self.content_type = content_type
        self.size = 0
        self.target = None
        self.path = None


def boundary_of(content_type: str | None) -> bytes | None:
    """The boundary of a ``multipart/form-data`` content type, or None for any other type."""
    mimetype, options = parse_options_header(content_type or "")
    boundary = options.get("boundary", "")
    if mimetype != "multipart/form-data" or not boundary or len(boundary) > 200:
        return None
    return boundary.encode("latin-1")


def _headers(block: bytes) -> dict[str, str]:
    found = {}
    for line in block.split(b"\r\n"):
        name, sep, value = line.partition(b":")
        if not sep:
            raise MultipartError("A part header has no ':'.")
        found[name.strip().decode("latin-1").lower()] = value.strip().decode("utf-8", "replace")
    return found


def _part(headers: dict[str, str]) -> Part | None:
    _, options = parse_options_header(headers.get("content-disposition", ""))
    filename = options.get("filename")
    if filename is None:
        return None
    return Part(options.get("name", ""), filename, headers.get("content-type") or None)


def read_multipart(stream: BinaryIO, boundary: bytes,
                   open_part: Callable[[Part], BinaryIO | None], parts: list[Part]) -> None:
    """Read the whole body from ``stream``; every file part goes to the binary file
    ``open_part(part)`` returns (``None`` drops the part's bytes) and is appended to
    ``parts``, with its ``size`` and ``target``. The caller closes the targets, on an
    error too (the parts opened so far are in ``parts`` then)."""
    delimiter = b"\r\n--" + boundary
    keep = len(delimiter) + 4          # what may hold the start of a split delimiter
    buffer = bytearray(b"\r\n")        # so that the first delimiter looks like the others
    state = "preamble"
    current: Part | None = None
    eof = False

    def fill() -> bool:
        chunk = stream.read(CHUNK)
        if not chunk:
            return False
        buffer.extend(chunk)
        return True

    def write(count: int) -> None:
        if current is not None:
            if current.target is not None:
                current.target.write(memoryview(buffer)[:count])
            current.size += count

    while True:
        if state == "body" and len(buffer) <= keep and not eof:
            # The common case inside a large file: write the chunk as read, without
            # copying it into the buffer, unless a delimiter may start in it.
            chunk = stream.read(CHUNK)
            if not chunk:
                eof = True
                continue
            if len(chunk) <= keep or delimiter in buffer + chunk[:len(delimiter)] or \
                    chunk.find(delimiter) >= 0:
                buffer.extend(chunk)
            else:
                write(len(buffer))
                if current is not None:
                    if current.target is not None:
                        current.target.write(memoryview(chunk)[:-keep])
                    current.size += len(chunk) - keep
                buffer[:] = chunk[-keep:]
            continue
        if state == "body":
            at = buffer.find(delimiter)
            if at < 0:
                flush = len(buffer) - keep
                if flush > 0:
                    write(flush)
                    del buffer[:flush]
                if eof:
                    raise MultipartError("The body ends inside a part.")
                eof = not fill()
                continue
            write(at)
            del buffer[:at + len(delimiter)]
            current = None
            state = "delimiter"
        elif state == "preamble":
            at = buffer.find(delimiter)
            if at < 0:
                if len(buffer) > MAX_PREAMBLE or eof:
                    raise MultipartError("No multipart boundary where the body starts.")
                eof = not fill()
                continue
            del buffer[:at + len(delimiter)]
            state = "delimiter"
        elif state == "delimiter":
            if len(buffer) < 2 and not eof:
                eof = not fill()
                continue
            if buffer.startswith(b"--"):
                return                     # the closing delimiter; the epilogue is ignored
            if not buffer.startswith(b"\r\n"):
                raise MultipartError("A multipart boundary is not followed by a line end.")
            del buffer[:2]
            state = "headers"
        else:  # headers
            if buffer.startswith(b"\r\n"):  # a part without headers: dropped
                del buffer[:2]
                state = "body"
                continue
            end = buffer.find(b"\r\n\r\n")
            if end < 0:
                if len(buffer) > MAX_HEADER or eof:
                    raise MultipartError("A part's headers are too long or cut short.")
                eof = not fill()
                continue
            if end > MAX_HEADER:
                raise MultipartError("A part's headers are too long.")
            current = _part(_headers(bytes(buffer[:end])))
            del buffer[:end + 4]
            if current is not None:
                parts.append(current)
                current.target = open_part(current)
            state = "body"

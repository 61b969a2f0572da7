"""What one page may send the class server, and what the server keeps for it.

The class server is open to anonymous visitors and runs on one thread: a message it cannot
parse cheaply, or a page that sends without end, holds every other page. So each kernel's
websocket is checked before jupyter_server parses it (glutelib/app/voila_server.py applies
these rules; this module holds them, free of tornado):

- only jupyter's v1 protocol (`v1.kernel.websocket.jupyter.org`, what every dashboard page
  asks for); the legacy one is refused at the handshake;
- a binary frame must hold the parts its first word claims, and its header must be short;
- at most MESSAGE_BYTES a message, at most WIDGET_OPENS widgets a page opens in its kernel;
- at most MESSAGES_PER_S messages a second on average, in bursts of at most BURST;
- at most PENDING_BYTES of the kernel's replies held for a page that does not read them, or
  that lost its connection.

A page past a ceiling has its connection closed with a plain reason and its kernel ended.
The numbers sit far above what a person's page sends (measured: README, For a class).
"""

from __future__ import annotations

import itertools
import json
import struct
from dataclasses import dataclass, field

V1 = "v1.kernel.websocket.jupyter.org"
MESSAGE_BYTES = 256 * 2**10  # one message from a page; a Next sends ~1 kB
HEADER_BYTES = 4 * 2**10  # a message header is ~200 bytes of JSON
WIDGET_OPENS = 4  # widgets a page may open in its kernel (ipywidgets' page opens one)
# A dashboard page sent 6 in its busiest second, 12 in a minute of dragging and stepping. A
# rate far above that would let a flood through a loaded server: the bucket counts messages
# as the server reads them, and one reading fewer than the rate a second refills as fast.
MESSAGES_PER_S = 20.0
BURST = 1000.0
PENDING_BYTES = 64 * 2**20  # what the server holds for a page: unread, or while it is away


class Breach(Exception):
    """A page went past a ceiling; the message is the plain reason its connection closes."""


def frame_parts(frame: bytes) -> list[bytes]:
    """A v1 frame's parts (channel, header, parent header, metadata, content, buffers...),
    checked to lie inside the frame before any is read.

    v1: a uint64 little-endian count of offsets, the offsets (the first where the channel
    starts, the last where the last part ends), then the parts."""
    (count,) = struct.unpack_from("<Q", frame) if len(frame) >= 8 else (0,)
    if not 6 <= count <= len(frame) // 8 - 1:
        raise Breach("a message whose first word claims more parts than it holds")
    offsets = struct.unpack_from(f"<{count}Q", frame, 8)
    if (offsets[0] != 8 * (count + 1) or offsets[-1] > len(frame)
            or any(b < a for a, b in itertools.pairwise(offsets))):  # fmt: skip
        raise Breach("a message whose parts overlap or lie outside it")
    return [frame[a:b] for a, b in itertools.pairwise(offsets)]


def frame_fits(frame: str | bytes, protocol: str | None) -> bool:
    """Whether a frame holds the parts its first word claims, in either of jupyter_server's
    protocols: v1 frames are binary (`frame_parts`); legacy binary frames count 4-byte
    big-endian offsets; legacy text frames are JSON, read as they are. (The class server
    takes v1 only; a student's server on the hub takes both.)"""
    if isinstance(frame, str):
        return protocol != V1
    if protocol == V1:
        try:
            frame_parts(frame)
        except Breach:
            return False
        return True
    count = int.from_bytes(frame[:4], "big", signed=True)
    return count >= 1 and 4 * (count + 1) <= len(frame)


def message_type(frame: bytes) -> str:
    """The `msg_type` of a v1 frame from a page (its header read, nothing else)."""
    header = frame_parts(frame)[1]
    if len(header) > HEADER_BYTES:
        raise Breach("a message header over 4 kB")
    try:
        kind = json.loads(header)["msg_type"]
    except (ValueError, KeyError, TypeError):
        raise Breach("a message whose header is not a Jupyter header") from None
    if not isinstance(kind, str):
        raise Breach("a message whose header is not a Jupyter header")
    return kind


@dataclass
class PageAllowance:
    """What one kernel's pages have left to send: a token bucket of messages (MESSAGES_PER_S,
    BURST) and a count of widgets opened. One per kernel, shared by its websockets, so
    reconnecting buys nothing."""

    rate: float = MESSAGES_PER_S
    burst: float = BURST
    widget_opens: int = WIDGET_OPENS
    tokens: float = field(default=BURST)
    last: float | None = None

    def take(self, frame: str | bytes, protocol: str | None, now: float) -> None:
        """Count one message received at `now` (s); raise Breach past a ceiling."""
        if protocol != V1:
            raise Breach("the kernel's websocket speaks jupyter's v1 protocol only")
        if not isinstance(frame, bytes):
            raise Breach("a text message: the v1 protocol sends binary messages")
        if len(frame) > MESSAGE_BYTES:
            raise Breach(f"a message over {MESSAGE_BYTES // 2**10} kB")
        kind = message_type(frame)
        if self.last is not None:
            self.tokens = min(self.burst, self.tokens + (now - self.last) * self.rate)
        self.last = now
        if self.tokens < 1:
            raise Breach(f"more than {self.rate:.0f} messages a second")
        self.tokens -= 1
        if kind == "comm_open":
            if self.widget_opens < 1:
                raise Breach(f"more than {WIDGET_OPENS} widgets opened by one page")
            self.widget_opens -= 1

"""What one page may send the class server (glutelib/app/ceilings.py), on frames made here."""

from __future__ import annotations

import struct

import pytest

from glutelib.app import ceilings
from glutelib.app.ceilings import V1, Breach, PageAllowance, frame_parts, message_type
from glutelib.testing.kernel_socket import encode_v1


def frame(msg_type: str = "comm_msg", content: dict | None = None) -> bytes:
    header = {"msg_id": "1", "msg_type": msg_type, "session": "s", "username": "page",
              "date": "", "version": "5.4"}  # fmt: skip
    return encode_v1("shell", {"header": header, "parent_header": {}, "metadata": {},
                               "content": content or {}})  # fmt: skip


def test_a_page_message_is_read_as_jupyter_server_reads_it():
    parts = frame_parts(frame("comm_open", {"comm_id": "x"}))
    assert parts[0] == b"shell" and b'"comm_open"' in parts[1] and parts[4] == b'{"comm_id": "x"}'
    assert message_type(frame("kernel_info_request")) == "kernel_info_request"


@pytest.mark.parametrize(
    "bad, said",
    [
        (b"", "claims more parts"),
        (struct.pack("<Q", 2**62) + bytes(64), "claims more parts"),  # 2**62 parts, 72 bytes
        (struct.pack("<7Q", 6, 56, 60, 58, 60, 60, 60), "overlap"),  # an offset goes back
        (struct.pack("<7Q", 6, 56, 60, 60, 60, 60, 999), "outside"),  # past the frame's end
        (struct.pack("<7Q", 6, 8, 60, 60, 60, 60, 60), "outside"),  # parts over the offsets
    ],
    ids=["empty", "huge-count", "backwards", "past-end", "over-offsets"],
)  # fmt: skip
def test_a_frame_that_lies_about_its_parts_is_a_breach(bad, said):
    with pytest.raises(Breach, match=said):
        frame_parts(bad)


def test_a_header_that_is_not_jupyters_is_a_breach():
    good = frame()
    parts = frame_parts(good)
    for header in (b"[1, 2]", b"{}", b"not json", b'{"msg_type": 7}', b"x" * 5000):
        offsets = [56]
        for part in (parts[0], header, *parts[2:]):
            offsets.append(offsets[-1] + len(part))
        bad = struct.pack("<7Q", 6, *offsets) + parts[0] + header + b"".join(parts[2:])
        with pytest.raises(Breach, match="header"):
            message_type(bad)


def test_the_allowance_holds_a_burst_then_refills_at_its_rate():
    allowance, now = PageAllowance(), 0.0
    for _ in range(int(ceilings.BURST)):
        allowance.take(frame(), V1, now)
    with pytest.raises(Breach, match="more than 20 messages a second"):
        allowance.take(frame(), V1, now)
    allowance = PageAllowance(tokens=0, last=0.0)
    for i in range(1, 1000):  # just under the rate goes on for ever
        allowance.take(frame(), V1, i / (0.99 * ceilings.MESSAGES_PER_S))


def test_a_page_opens_a_few_widgets_and_sends_small_messages_in_v1_only():
    allowance = PageAllowance()
    for _ in range(ceilings.WIDGET_OPENS):
        allowance.take(frame("comm_open"), V1, 0.0)
    with pytest.raises(Breach, match="more than 4 widgets"):
        allowance.take(frame("comm_open"), V1, 0.0)
    with pytest.raises(Breach, match="over 256 kB"):
        allowance.take(frame(content={"pad": "x" * ceilings.MESSAGE_BYTES}), V1, 0.0)
    with pytest.raises(Breach, match="v1 protocol only"):
        allowance.take(frame(), None, 0.0)
    with pytest.raises(Breach, match="text message"):
        allowance.take('{"channel": "shell"}', V1, 0.0)

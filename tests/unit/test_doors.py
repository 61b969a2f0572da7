"""Which requests the class server turns away (glutelib/app/doors.py), without a server."""

from __future__ import annotations

import pytest
from tornado.httputil import HTTPHeaders, HTTPServerRequest, RequestStartLine

from glutelib.app import doors, serve

NAMES = doors.machine_names(["class.school.example"])


def request(uri: str = "/", host: str = "127.0.0.1:8866") -> HTTPServerRequest:
    line = RequestStartLine("GET", uri, "HTTP/1.1")
    return HTTPServerRequest(start_line=line, headers=HTTPHeaders({"Host": host}))


@pytest.mark.parametrize(
    "host, allowed",
    [
        ("127.0.0.1:8866", True), ("[::1]:8866", True), ("10.0.0.7", True),
        ("localhost:8866", True), ("LOCALHOST.", True), ("class.school.example:80", True),
        ("evil.example:8866", False), ("evil.example", False), ("localhost.evil.example", False),
        ("class.school.example.evil.example", False), ("", False), ("[evil]:1", False),
    ],
)  # fmt: skip
def test_the_server_answers_to_addresses_and_its_names_only(host, allowed):
    assert doors.host_allowed(host, NAMES) is allowed


@pytest.mark.parametrize(
    "uri, kind",
    [
        ("/", None), ("/?mode=client&condition=pregnancy&step=2", None),
        ("/voila/static/voila.js", None), ("/logout", "not_found"), ("/login/", "not_found"),
        ("/voila/templates/../x", "not_found"), ("/voila/files/a%00.png", "not_found"),
        ("/voila/templates/%2e%2e/x", "not_found"), ("/?condition=" + "a" * 9000, "too_long"),
    ],
)  # fmt: skip
def test_odd_addresses_are_turned_away(uri, kind):
    assert doors.refusal(request(uri), NAMES) == kind
    assert doors.refusal(request(uri, host="evil.example"), NAMES) == "wrong_host"


def test_a_refusal_page_is_plain_and_escapes_what_it_fills_in():
    status, page = doors.server_page("wrong_host", names="<script>x</script>")
    assert status == 403 and "&lt;script&gt;" in page and "<script>" not in page
    status, page = doors.server_page("too_long", limit=8192)
    assert status == 414 and "at most 8192 characters" in page
    status, page = doors.server_page("full")
    assert status == 503 and "Try again" in page
    assert 'http-equiv="refresh"' not in page  # WCAG 2.2.1: it waits for the visitor


def test_the_dashboard_passes_the_class_names_to_its_server():
    args = serve.build_parser().parse_args(["--hostnames", "a.school.example, b.example"])
    assert args.hostnames == "a.school.example, b.example"
    command = serve.voila_command("0.0.0.0", 8866, hostnames=["a.school.example", "b.example"])
    assert "--GlutelibVoila.hostnames=a.school.example" in command
    assert "--GlutelibVoila.hostnames=b.example" in command
    assert "HOSTNAMES=" in serve.exposure_warning("0.0.0.0", 8866, 70)

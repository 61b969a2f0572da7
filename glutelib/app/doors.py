"""Which requests the class server turns away before Voila sees them, and what it says.

A class server faces anonymous visitors (README: For a class). Before any of Voila's own
handlers, one routing rule (`Door`) answers with a plain page:

- 403 to a `Host` the server does not answer to: a web page elsewhere could otherwise reach
  it through a name it controls (DNS rebinding). IP addresses always pass (rebinding needs a
  name); names are this machine's own and those the teacher lists (`HOSTNAMES=`).
- 414 to an address over MAX_ADDRESS_CHARS (the server reads headers up to MAX_HEADER_BYTES,
  so a long address gets this page rather than a dropped connection).
- 404 to paths with dot segments or control characters (Voila's file handlers answered them
  with 500 and a traceback), and to /login and /logout: the class server has no login.

The pages' words are data (glutelib/data/server_pages.yaml) in one Jinja2 template
(glutelib/templates.py).
"""

from __future__ import annotations

import functools
import ipaddress
import re
import socket
from urllib.parse import unquote

from tornado.httputil import HTTPServerRequest
from tornado.log import app_log
from tornado.routing import Matcher
from tornado.web import RequestHandler

from glutelib.datafiles import SERVER_PAGES, DataModel, data_path, read_data_file
from glutelib.templates import Markup, render

MAX_ADDRESS_CHARS = 8192  # the dashboard's longest address is under 300 characters
MAX_HEADER_BYTES = 256 * 2**10  # tornado's 64 kB default dropped a 100 kB address unanswered
NO_LOGIN = ("/login", "/logout")


class ServerPage(DataModel):
    status: int
    heading: str
    words: str
    teacher: str
    retry: bool = False  # a Try again button (the page never reloads by itself: WCAG 2.2.1)
    home: bool = False  # a button to the dashboard


class ServerPages(DataModel):
    schema_version: int
    pages: dict[str, ServerPage]


@functools.cache
def _pages() -> dict[str, ServerPage]:
    return read_data_file(data_path(SERVER_PAGES), ServerPages, "Server pages file").pages


def server_page(kind: str, base_url: str = "/", **fill: object) -> tuple[int, str]:
    """The status and HTML of a refusal page (`kind` a key of server_pages.yaml); `fill`
    values are escaped into the words' {fields}."""
    page = _pages()[kind]
    # The words are the project's own markup (<code>), trusted; Markup.format escapes what
    # fills them.
    return page.status, render(
        "app/static/server_page.html", heading=page.heading, retry=page.retry,
        home=page.home, base_url=base_url, words=Markup(page.words).format(**fill),
        teacher=Markup(page.teacher).format(**fill),
    )  # fmt: skip


def machine_names(extra: list[str] | tuple[str, ...] = ()) -> frozenset[str]:
    """The host names the server answers to: localhost, this machine's name and its fully
    qualified name, and `extra` (lower case, no trailing dot)."""
    names = {"localhost", socket.gethostname(), socket.getfqdn(), *extra}
    return frozenset(n.lower().rstrip(".") for n in names if n)


def host_allowed(host: str, names: frozenset[str]) -> bool:
    """Whether a `Host` header (`name`, `name:port`, `[v6]:port`) names this server."""
    name = re.fullmatch(r"(.*?)(:\d+)?", host).group(1)
    if name.startswith("[") and name.endswith("]"):
        name = name[1:-1]
    try:
        ipaddress.ip_address(name)
        return True
    except ValueError:
        return name.lower().rstrip(".") in names


def refusal(request: HTTPServerRequest, names: frozenset[str]) -> str | None:
    """The kind of page to answer `request` with instead of Voila, or None to let it in."""
    if not host_allowed(request.host, names):
        return "wrong_host"
    if len(request.uri) > MAX_ADDRESS_CHARS:
        return "too_long"
    path = unquote(request.path)
    if (any(ord(c) < 32 or ord(c) == 127 for c in path)
            or any(part in (".", "..") for part in path.split("/"))
            or path.rstrip("/") in NO_LOGIN):  # fmt: skip
        return "not_found"
    return None


class Door(Matcher):
    """A routing rule that matches the requests `refusal` turns away."""

    def __init__(self, names: frozenset[str]):
        self.names = names

    def match(self, request: HTTPServerRequest) -> dict | None:
        kind = refusal(request, self.names)
        return None if kind is None else {"path_args": [], "path_kwargs": {"kind": kind}}


class RefusalHandler(RequestHandler):
    """Answers every method with the refusal page `Door` chose."""

    def initialize(self, names: frozenset[str], base_url: str = "/") -> None:
        self.names, self.base_url = names, base_url

    def prepare(self) -> None:
        kind = self.path_kwargs["kind"]
        self.log_refusal(kind)
        status, page = server_page(kind, self.base_url, limit=MAX_ADDRESS_CHARS,
                                   names=", ".join(sorted(self.names)))  # fmt: skip
        self.set_status(status)
        self.set_header("Content-Type", "text/html; charset=utf-8")
        self.set_header("Cache-Control", "no-store")
        self.finish(page)

    def log_refusal(self, kind: str) -> None:
        request = self.request
        app_log.warning("Turned away (%s) from %s: Host %r, %d-character address", kind,
                        request.remote_ip, request.host[:100], len(request.uri))  # fmt: skip

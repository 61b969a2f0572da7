"""The dashboard server shows the dashboard and nothing else of Jupyter."""

from __future__ import annotations

import json
import socket
import urllib.error
import urllib.request
from urllib.parse import urlsplit

import pytest
from tornado.httpclient import HTTPClientError, HTTPRequest
from tornado.websocket import websocket_connect

from glutelib.app import serve
from glutelib.testing.kernel_socket import V1, KernelPage, run
from tests.browser.conftest import ROOT, open_dashboard

JUPYTER_ENDPOINTS = ["lab", "tree", "api/terminals", "api/contents", "api/contents/notebooks",
                     "api/kernels", "api/sessions", "notebooks/dashboard.ipynb",
                     "files/pyproject.toml", "voila/files/pyproject.toml",
                     "voila/files/meshes/manifest.json", "edit/README.md",
                     "voila/labextensions/../pyproject.toml",
                     "voila/labextensions/%2e%2e/%2e%2e/pyproject.toml"]  # fmt: skip


def status(url: str, method: str = "GET") -> tuple[int, str]:
    """Final status and body after redirects."""
    request = urllib.request.Request(url, method=method, data=b"{}" if method == "POST" else None)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8", "replace")


@pytest.mark.parametrize("path", JUPYTER_ENDPOINTS)
def test_jupyter_endpoints_are_not_reachable(voila_url, path):
    code, body = status(voila_url + path)
    assert code in (403, 404), (path, code)
    with pytest.raises(ValueError):
        json.loads(body)  # no JSON listing of files, kernels or terminals leaks out


def test_kernels_cannot_be_started_or_terminals_opened_through_the_api(voila_url):
    for path in ("api/kernels", "api/terminals"):
        code, _ = status(voila_url + path, method="POST")
        assert code in (403, 404, 405), (path, code)


def test_the_page_does_not_show_the_notebook_source(voila_url):
    code, body = status(voila_url)
    assert code == 200 and "application/vnd.jupyter.widget-view+json" in body  # the dashboard
    assert "from glutelib.app import show" not in body and "dashboard = show()" not in body


def test_the_dashboard_binds_loopback_unless_told():
    args = serve.build_parser().parse_args([])
    assert args.host == "127.0.0.1"
    assert "--Voila.ip=127.0.0.1" in serve.voila_command(args.host, args.port)
    assert serve.exposure_warning("127.0.0.1", 8866, 70) is None
    assert serve.exposure_warning("::1", 8866, 70) is None
    warning = serve.exposure_warning("0.0.0.0", 8866, 70)
    assert "anyone who can reach this machine on port 8866" in warning
    assert "no login" in warning and "at most 70" in warning and "deploy/jupyterhub" in warning


def test_the_server_publishes_plotly_code_and_only_that(voila_url, tmp_path):
    """Figures import plotly's bundle from the server (glutelib/app/figure_widget.py): it is served
    as JavaScript, under its version; the folder it sits in shows nothing else."""
    module = serve.kernel_env(tmp_path)["GLUTELIB_PLOTLY_MODULE"]
    assert (tmp_path / module).stat().st_size > 1_000_000
    request = urllib.request.Request(voila_url + "voila/labextensions/" + module)
    with urllib.request.urlopen(request, timeout=30) as response:
        assert "javascript" in response.headers["Content-Type"]
        assert b"export" in response.read()
    for path in ("glutelib/", "glutelib/../../README.md", "glutelib/nothing.js"):
        assert status(voila_url + "voila/labextensions/" + path)[0] in (403, 404), path


def test_the_page_asks_nothing_of_any_other_host(tablet_page, voila_url):
    """A clinic tablet may be offline, and a client's page should not tell anyone it was
    opened: every request the page makes goes to the dashboard's own server."""
    page = tablet_page
    asked: list[str] = []
    page.on("request", lambda r: asked.append(r.url))
    open_dashboard(page, voila_url, "?mode=client&condition=pregnancy&step=2")
    page.wait_for_timeout(2000)  # late requests: fonts, icons, anything lazily loaded
    outside = [u for u in asked if urlsplit(u).hostname not in ("127.0.0.1", None)]
    assert asked and not outside, outside


def refused(url: str, headers: dict | None = None) -> tuple[int, str]:
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode()


@pytest.mark.parametrize(
    "path", ["logout", "login", "voila/templates/../x", "voila/templates/%2e%2e/x",
             "voila/files/a%00.png", "voila/static/%0d%0aSet-Cookie:x=1"],
)  # fmt: skip
def test_odd_paths_get_a_plain_not_found_page_not_an_error(voila_url, path):
    """Voila's file and login handlers answered these with 500 (a traceback in the log)."""
    code, body = refused(voila_url + path)
    assert code == 404 and "There is nothing at this address" in body
    assert "Traceback" not in body and "/work" not in body and str(ROOT) not in body


def test_a_long_address_gets_a_plain_too_long_page(voila_url):
    """A 100 kB address was dropped unanswered (tornado's 64 kB header limit)."""
    code, body = refused(voila_url + "?condition=" + "a" * 100_000)
    assert code == 414 and "This address is too long" in body
    assert refused(voila_url + "?condition=low_back_sitting&step=2")[0] == 200


def test_a_foreign_host_name_is_refused_and_the_server_names_stay_open(voila_url):
    """DNS rebinding: a page on evil.example that points its name at this server's address
    reached the dashboard and its kernels with `Host: evil.example`."""
    static = voila_url + "voila/static/voila.js"
    code, body = refused(static, {"Host": "evil.example:8981"})
    assert code == 403 and "not one this server answers to" in body and "HOSTNAMES=" in body
    code, _ = refused(voila_url, {"Host": "evil.example"})  # no kernel started for it either
    assert code == 403
    port = urlsplit(voila_url).port
    for host in (f"127.0.0.1:{port}", f"localhost:{port}", f"[::1]:{port}", "192.168.1.20",
                 socket.gethostname()):  # fmt: skip
        assert refused(static, {"Host": host})[0] == 200, host


def test_a_kernel_websocket_from_a_foreign_host_is_refused(voila_url):
    async def connect() -> str:
        page = KernelPage(voila_url, "?mode=client")
        await page.open()  # a real page's kernel
        request = HTTPRequest(
            voila_url.replace("http", "ws", 1) + f"api/kernels/{page.kernel_id}/channels",
            headers={"Cookie": page.cookie, "Host": "evil.example",
                     "Origin": "http://evil.example"},
        )  # fmt: skip
        try:
            await websocket_connect(request, subprotocols=[V1])
            return "accepted"
        except HTTPClientError as exc:
            return str(exc.code)
        finally:
            await page.close()

    assert run(connect()) == "403"

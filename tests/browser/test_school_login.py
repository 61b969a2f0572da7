"""A school's login (issue 36): the class hub (deploy/jupyterhub/) behind LTI 1.3, launched
from a learning platform. The hub, its proxy and the students' servers are the real ones
`make class LTI_ISSUER=...` starts; the platform is a stand-in that does what Moodle or
Canvas does at a launch and signs a real id_token with its own RSA key
(glutelib/testing/lti_platform.py says why a stand-in)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from urllib.parse import parse_qs, urlparse

import pytest
import requests

from glutelib.testing.lti_platform import TEACHER_ROLE, Platform, new_key

from .conftest import VIEWPORTS, local_only, unseen
from .test_hub import DRAWN, server_of, start_hub, stop_hub, three_free_ports

pytestmark = pytest.mark.browser
CLIENT_ID = "glutelib-in-moodle"


@pytest.fixture(scope="module")
def school(tmp_path_factory) -> Iterator[tuple[Platform, object, str, object]]:
    state = tmp_path_factory.mktemp("school")
    port = three_free_ports()
    hub_url = f"http://127.0.0.1:{port}/"
    platform = Platform(CLIENT_ID, hub_url + "hub/lti13/oauth_login", hub_url + "hub/").start()
    try:
        proc, url = start_hub(
            state, port, GLUTELIB_LTI_ISSUER=platform.issuer, GLUTELIB_LTI_CLIENT_ID=CLIENT_ID,
            GLUTELIB_LTI_AUTHORIZE_URL=platform.authorize_url,
            GLUTELIB_LTI_JWKS_URL=platform.jwks_url,
        )  # fmt: skip
        yield platform, proc, url, state
        stop_hub(proc)
    finally:
        platform.stop()


def test_a_student_opens_glutelib_from_the_platform_and_lands_on_the_dashboard(school, browser):
    """A click on the tool in the course: the login initiation, the platform's signed
    id_token posted back, the hub's login, the student's own server, the 3D view."""
    platform, proc, url, state = school
    context = browser.new_context(**VIEWPORTS["desktop"])
    try:
        page = context.new_page()
        page.route("**/*", local_only)
        page.set_default_timeout(120_000)
        page.goto(platform.url + "launch?user=ana")
        page.wait_for_selector(DRAWN, state="visible")
        name = platform.users["ana"]  # the platform's `sub` for her: her name on the hub
        assert page.url.startswith(f"{url}user/{name}/voila/render/dashboard.ipynb")
        page.click(".t-section >> text=Conditions")
        page.wait_for_selector(".t-step-title")
        page.click(".t-next")
        page.wait_for_selector(".t-progress:has-text('Step 2 of')")
        assert unseen(page) == []
        assert server_of(proc, state, name) is not None
        page.goto(url + "hub/logout")  # her server stops, as with the class password
        page.wait_for_selector("h1:has-text('You have logged out')")
        assert "open glutelib from your course page" in page.inner_text("body")
        deadline = time.monotonic() + 30
        while server_of(proc, state, name) is not None:
            assert time.monotonic() < deadline, "her server still runs 30 s after logging out"
            time.sleep(0.5)
    finally:
        context.close()


def test_the_hubs_address_opened_directly_sends_the_student_to_the_course(school):
    _platform, _proc, url, _state = school
    for address in (url, url + "hub/login", url + "hub/lti13/oauth_login"):
        answer = requests.get(address, timeout=30)  # redirects followed, as a browser does
        assert answer.status_code == 401, address
        assert "Open glutelib from your course" in answer.text, address


def launch(platform: Platform, url: str, make_token, twice: bool = False,
           user: str = "ben") -> requests.Response:  # fmt: skip
    """A launch by hand: the login initiation, then, in place of the platform's answer, an
    id_token from `make_token(sub, nonce)` posted with the hub's state (`twice`: posted a
    second time, as a replay would); the hub's answer to the last post."""
    session = requests.Session()
    platform.launch_page(user)  # the platform knows ben
    start = session.post(url + "hub/lti13/oauth_login", allow_redirects=False, timeout=30, data={
        "iss": platform.issuer, "login_hint": user, "target_link_uri": url + "hub/",
        "client_id": CLIENT_ID})  # fmt: skip
    assert start.status_code == 302, start.text
    asked = {k: v[0] for k, v in parse_qs(urlparse(start.headers["Location"]).query).items()}
    assert start.headers["Location"].startswith(platform.authorize_url)
    assert asked["client_id"] == CLIENT_ID and asked["response_mode"] == "form_post"
    posted = {"id_token": make_token(platform.users[user], asked["nonce"]),
              "state": asked["state"]}  # fmt: skip
    answer = None
    for _ in range(2 if twice else 1):
        answer = session.post(asked["redirect_uri"], data=posted, allow_redirects=False,
                              timeout=30)  # fmt: skip
    return answer


def test_a_forged_or_expired_token_is_refused_and_logs_no_one_in(school):
    platform, _proc, url, _state = school
    forged = launch(platform, url, lambda sub, nonce: platform.token(sub, nonce, key=new_key()))
    assert forged.status_code in (400, 401) and "ignature" in forged.text
    expired = launch(platform, url, lambda sub, nonce: platform.token(
        sub, nonce, lifetime=60, issued_ago=3600))  # fmt: skip
    assert expired.status_code in (400, 401) and "expired" in expired.text.lower()
    other_nonce = launch(platform, url, lambda sub, _nonce: platform.token(sub, "another"))
    assert other_nonce.status_code in (400, 401) and "nonce" in other_nonce.text
    replayed = launch(platform, url, lambda sub, nonce: platform.token(sub, nonce), twice=True)
    assert replayed.status_code in (400, 401) and "state" in replayed.text
    for refused in (forged, expired, other_nonce, replayed):
        assert "jupyterhub-hub-login" not in refused.cookies
    signed = launch(platform, url, lambda sub, nonce: platform.token(sub, nonce))
    assert signed.status_code == 302  # the same launch, rightly signed: in
    assert "jupyterhub-hub-login" in signed.cookies
    teacher = launch(platform, url, lambda sub, nonce: platform.token(
        sub, nonce, role=TEACHER_ROLE), user="ms-dubois")  # fmt: skip
    for who, admin in ((signed, 403), (teacher, 200)):  # the teacher has the admin page
        page = requests.get(url + "hub/admin", cookies=who.cookies, allow_redirects=False,
                            timeout=30)  # fmt: skip
        assert page.status_code == admin

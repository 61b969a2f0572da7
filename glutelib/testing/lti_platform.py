"""A learning platform's side of an LTI 1.3 launch, for the hub's tests: what Moodle or Canvas
does when a student opens the tool, and no more.

It holds an RSA key pair and serves, on 127.0.0.1:
- `/jwks`: its public key as a JSON Web Key Set (the hub checks signatures with it);
- `/launch?user=ana`: the page a student's click opens: a form that posts the OIDC login
  initiation (iss, login_hint, target_link_uri, client_id) to the hub at once;
- `/authorize`: the platform's OIDC authorisation endpoint the hub sends the browser to: it
  answers with a form that posts a signed id_token and the hub's `state` back to the hub's
  `redirect_uri` (`response_mode=form_post`), as a platform does.

`token(...)` signs an id_token with every claim an LTI 1.3 resource link launch carries; a
test can also sign one with another key, or one that has expired, and post it itself. A
stand-in rather than a platform package (lti1p3platform on PyPI is a young library with
Django and storage around the same few steps): every step of the launch is here to read.
"""

from __future__ import annotations

import html
import json
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa

LTI = "https://purl.imsglobal.org/spec/lti/claim/"
STUDENT_ROLE = "http://purl.imsglobal.org/vocab/lis/v2/membership#Learner"
TEACHER_ROLE = "http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor"
DEPLOYMENT_ID = "1"


def new_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


class Platform:
    """A learning platform on `url` (started by `start`, stopped by `stop`) that launches
    the tool registered with it as `client_id`, whose OIDC login is at `login_url`."""

    def __init__(self, client_id: str, login_url: str, target_link_uri: str):
        self.client_id, self.login_url, self.target = client_id, login_url, target_link_uri
        self.key, self.kid = new_key(), uuid.uuid4().hex
        self.users: dict[str, str] = {}  # login_hint -> the user's `sub`
        self._server: ThreadingHTTPServer | None = None
        self.url = ""

    # what the hub is told ----------------------------------------------------------------
    @property
    def issuer(self) -> str:
        return self.url.rstrip("/")

    @property
    def authorize_url(self) -> str:
        return self.url + "authorize"

    @property
    def jwks_url(self) -> str:
        return self.url + "jwks"

    def jwks(self) -> dict:
        public = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(self.key.public_key()))
        return {"keys": [{**public, "kid": self.kid, "alg": "RS256", "use": "sig"}]}

    # the launch ----------------------------------------------------------------------------
    def token(self, sub: str, nonce: str, *, key: rsa.RSAPrivateKey | None = None,
              lifetime: float = 300.0, issued_ago: float = 0.0,
              role: str = STUDENT_ROLE) -> str:  # fmt: skip
        """An id_token for a student (`sub`; a teacher with TEACHER_ROLE) launching the tool's
        resource link, signed with the platform's key (or `key`), issued `issued_ago` s ago,
        valid for `lifetime` s."""
        now = int(time.time() - issued_ago)
        claims = {
            "iss": self.issuer, "aud": self.client_id, "sub": sub, "nonce": nonce,
            "iat": now, "exp": now + int(lifetime), "name": f"Student {sub}",
            LTI + "message_type": "LtiResourceLinkRequest", LTI + "version": "1.3.0",
            LTI + "deployment_id": DEPLOYMENT_ID, LTI + "target_link_uri": self.target,
            LTI + "resource_link": {"id": "glutelib-anatomy", "title": "Pelvis and glutes"},
            LTI + "roles": [role],
            LTI + "context": {"id": "massage-101", "label": "MT101", "title": "Anatomy"},
        }  # fmt: skip
        return jwt.encode(claims, key or self.key, algorithm="RS256", headers={"kid": self.kid})

    def launch_page(self, user: str) -> str:
        """The page a student's click on the tool opens: the login initiation, posted."""
        self.users.setdefault(user, uuid.uuid5(uuid.NAMESPACE_URL, user).hex[:12])
        fields = {"iss": self.issuer, "login_hint": user, "target_link_uri": self.target,
                  "client_id": self.client_id, "lti_deployment_id": DEPLOYMENT_ID}  # fmt: skip
        return _posting_form(self.login_url, fields)

    def authorize(self, query: dict[str, str]) -> tuple[int, str]:
        """The OIDC authorisation request: a signed id_token posted back, or an error."""
        user = self.users.get(query.get("login_hint", ""))
        if user is None or query.get("client_id") != self.client_id:
            return 400, "unknown user or tool"
        if query.get("response_type") != "id_token" or query.get("scope") != "openid":
            return 400, "not an OIDC implicit flow request"
        fields = {"id_token": self.token(user, query.get("nonce", "")),
                  "state": query.get("state", "")}  # fmt: skip
        return 200, _posting_form(query["redirect_uri"], fields)

    # the server ------------------------------------------------------------------------------
    def start(self) -> Platform:
        platform = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                url = urlparse(self.path)
                query = {k: v[0] for k, v in parse_qs(url.query).items()}
                if url.path == "/jwks":
                    self._send(200, json.dumps(platform.jwks()), "application/json")
                elif url.path == "/launch":
                    self._send(200, platform.launch_page(query.get("user", "ana")))
                elif url.path == "/authorize":
                    self._send(*platform.authorize(query))
                else:
                    self._send(404, "not here")

            def _send(self, status: int, body: str, kind: str = "text/html") -> None:
                data = body.encode("utf-8")
                self.send_response(status)
                self.send_header("Content-Type", f"{kind}; charset=utf-8")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self._server.server_port}/"
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()


def _posting_form(action: str, fields: dict[str, str]) -> str:
    """A page whose form posts `fields` to `action` as soon as it loads."""
    inputs = "".join(f'<input type="hidden" name="{html.escape(k)}" value="{html.escape(v)}">'
                     for k, v in fields.items())  # fmt: skip
    return (f'<!doctype html><html lang="en"><title>Opening glutelib</title>'
            f'<form method="post" action="{html.escape(action)}">{inputs}</form>'
            "<script>document.forms[0].submit()</script></html>")  # fmt: skip

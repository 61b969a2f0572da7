"""The class hub's login and logout (deploy/jupyterhub/jupyterhub_config.py uses them).

JupyterHub's `SharedPasswordAuthenticator` checks a password as fast as it is sent (300 wrong
ones took 0.8 s), takes any name however long (a 300-character one failed at spawn with a
500), and its logout clears the browser's cookie but leaves the cookie valid: a copy kept
working. `ClassAuthenticator` adds, each said on the login page in plain words:

- **Throttling**: after `failures_per_name` wrong passwords for one name, or
  `failures_per_address` from one address (an IPv6 address counts by its /64), within
  `failure_window` seconds, that name or address waits until the oldest of them leaves the
  window (HTTP 429, Retry-After); the password is not even checked meanwhile. The admin's
  name is held by its address only: its password has 32+ characters, and a name held for
  anyone would let a student keep the teacher out.
- **Names** of 1 to `name_max` characters with no control characters, refused before the
  password is checked.
- **Logout** (`ClassLogoutHandler`) ends the name's sessions on the server: a new cookie id
  (every copy of the old login cookie stops working) and the name's tokens revoked.
"""

from __future__ import annotations

import ipaddress
import math
import time
from collections import deque

from jupyterhub.authenticators.shared import SharedPasswordAuthenticator
from jupyterhub.handlers.login import LoginHandler, LogoutHandler
from jupyterhub.utils import new_token
from tornado import web
from traitlets import Float, Integer

MIN_PASSWORD = 12  # characters in the class password


class Throttle:
    """Failures per key in a sliding window; a key at its limit waits for the oldest to age."""

    def __init__(self, limit: int, window: float, max_keys: int = 10_000):
        self.limit, self.window, self.max_keys = limit, window, max_keys
        self._failures: dict[str, deque[float]] = {}

    def wait(self, key: str, now: float) -> float:
        """Seconds until `key` may try again (0: now)."""
        failures = self._recent(key, now)
        if len(failures) < self.limit:
            return 0.0
        return failures[-self.limit] + self.window - now

    def fail(self, key: str, now: float) -> None:
        if key not in self._failures and len(self._failures) >= self.max_keys:
            self._forget(now)
        self._failures.setdefault(key, deque(maxlen=self.limit)).append(now)

    def clear(self, key: str) -> None:
        self._failures.pop(key, None)

    def _recent(self, key: str, now: float) -> deque[float]:
        failures = self._failures.get(key, deque())
        while failures and failures[0] <= now - self.window:
            failures.popleft()
        return failures

    def _forget(self, now: float) -> None:
        """Drop keys with no failure in the window; past `max_keys` still (a flood of new
        names), drop the oldest half: memory stays bounded, the address limit still holds."""
        self._failures = {
            k: f for k, f in self._failures.items() if f and f[-1] > now - self.window
        }
        if len(self._failures) >= self.max_keys:
            keep = sorted(self._failures.items(), key=lambda kv: kv[1][-1])[self.max_keys // 2 :]
            self._failures = dict(keep)


def address_key(ip: str) -> str:
    """One key per IPv4 address and per IPv6 /64 (one machine may hold a whole /64)."""
    try:
        address = ipaddress.ip_address(ip)
    except ValueError:
        return ip
    if address.version == 6:
        if address.ipv4_mapped is not None:
            return str(address.ipv4_mapped)
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return str(address)


class ClassLogoutHandler(LogoutHandler):
    """JupyterHub's logout (the browser's cookies cleared, the server stopped), then the
    name's sessions ended on the hub: a copied cookie or token no longer logs anyone in."""

    async def handle_logout(self):
        user = self.current_user
        if user is None:
            return
        user.orm_user.cookie_id = new_token()
        for token in list(user.orm_user.api_tokens):  # the servers are stopped by now
            self.db.delete(token)
        self.db.commit()
        self.log.info("Ended every session of %s", user.name)


class ClassAuthenticator(SharedPasswordAuthenticator):
    """The shared class password, throttled, with names of sane length and a logout that
    ends the name's sessions."""

    _USER_PASSWORD_MIN_LENGTH = MIN_PASSWORD

    failures_per_name = Integer(10, config=True, help="Wrong passwords a name may send.")
    failures_per_address = Integer(30, config=True, help="Wrong passwords from one address.")
    failure_window = Float(300.0, config=True, help="Seconds a wrong password counts for.")
    name_max = Integer(32, config=True, help="Longest user name, in characters.")

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._by_name = Throttle(self.failures_per_name, self.failure_window)
        self._by_address = Throttle(self.failures_per_address, self.failure_window)

    def validate_username(self, username: str) -> bool:
        return (
            len(username) <= self.name_max
            and username.isprintable()
            and super().validate_username(username)
        )

    async def authenticate(self, handler, data):
        name = self.normalize_username(data.get("username", ""))
        if not self.validate_username(name):
            raise web.HTTPError(
                400,
                f"Use a name of 1 to {self.name_max} characters, without / or spaces "
                "at either end.",
            )
        now = time.monotonic()
        address = address_key(handler.request.remote_ip or "")
        wait = max(self._by_name.wait(name, now), self._by_address.wait(address, now))
        if wait > 0:
            handler.log.warning("Login throttled for %r from %s", name, address)
            error = web.HTTPError(
                429, f"Too many wrong passwords. Try again in {math.ceil(wait)} seconds."
            )
            error.headers = {"Retry-After": str(math.ceil(wait))}
            raise error
        user = await super().authenticate(handler, data)
        if user is None:
            if name not in self.admin_users:  # else anyone could hold the teacher out
                self._by_name.fail(name, now)
            self._by_address.fail(address, now)
        else:
            self._by_name.clear(name)
        return user

    def get_handlers(self, app):
        return [("/login", LoginHandler), ("/logout", ClassLogoutHandler)]

"""A school's login for the class hub: students open glutelib from their learning platform
(Moodle, Canvas, Brightspace) over LTI 1.3, with no password of ours
(deploy/jupyterhub/jupyterhub_config.py uses it when GLUTELIB_LTI_ISSUER is set).

jupyterhub-ltiauthenticator does the launch: the platform's login initiation, the redirect to
its authorisation endpoint, and the id_token it posts back, whose signature (the platform's
key set), issuer, audience (our client id), nonce, expiry and LTI claims it checks. Here, as
the class password's login does (glutelib/app/hub.py): names of sane length, and a logout that
ends the name's sessions on the hub.
"""

from __future__ import annotations

from ltiauthenticator.lti13.auth import LTI13Authenticator
from traitlets import Integer

from glutelib.app.hub import ClassLogoutHandler


class SchoolAuthenticator(LTI13Authenticator):
    """LTI 1.3 launches from the school's platform; the platform's `sub` for the student is
    their name on the hub by default (stable and private: no e-mail address in a URL)."""

    name_max = Integer(64, config=True, help="Longest user name, in characters.")

    def validate_username(self, username: str) -> bool:
        return (
            len(username) <= self.name_max
            and username.isprintable()
            and super().validate_username(username)
        )

    def get_handlers(self, app):
        return [*super().get_handlers(app), ("/logout", ClassLogoutHandler)]

"""A school's login for the class hub: students open glutelib from their learning platform
(Moodle, Canvas, Brightspace) over LTI 1.3, with no password of ours
(deploy/jupyterhub/jupyterhub_config.py uses it when GLUTELIB_LTI_ISSUER is set).

jupyterhub-ltiauthenticator does the launch: the platform's login initiation, the redirect to
its authorisation endpoint, and the id_token it posts back, whose signature (the platform's
key set), issuer, audience (our client id), nonce, expiry and LTI claims it checks. Here, as
the class password's login does (glutelib/app/hub.py): names of sane length, and a logout that
ends the name's sessions on the hub. A visit that is not a launch (the hub's address, a
bookmark, the page after logging out) gets a plain page that sends the student to their
course (server_pages.yaml `from_course`, `logged_out`), not the library's HTTP 400.
"""

from __future__ import annotations

from ltiauthenticator.lti13.auth import LTI13Authenticator
from ltiauthenticator.lti13.handlers import LTI13LoginInitHandler
from traitlets import Bool, Integer, default

from glutelib.app.doors import server_page
from glutelib.app.hub import ClassLogoutHandler


class CourseLoginHandler(LTI13LoginInitHandler):
    """The platform's login initiation; anything else that arrives here is sent to the
    course."""

    def get(self):
        if self.get_argument("iss", None) is None:
            status, body = server_page("from_course")
            self.set_status(status)
            self.finish(body)
            return
        return super().post()


class CourseLogoutHandler(ClassLogoutHandler):
    """The class logout, then a page that says how to come back (there is no login page)."""

    async def render_logout_page(self):
        status, body = server_page("logged_out")
        self.set_status(status)
        self.finish(body)


ROLES = "https://purl.imsglobal.org/spec/lti/claim/roles"
# LIS roles that teach a course or run the platform (context and institution roles alike)
TEACHING = ("#Instructor", "#Administrator")


class SchoolAuthenticator(LTI13Authenticator):
    """LTI 1.3 launches from the school's platform; the platform's `sub` for the student is
    their name on the hub by default (stable and private: no e-mail address in a URL). A
    teacher (the platform's Instructor or Administrator role) is the hub's admin: the admin
    page lists the class's servers and stops them."""

    login_handler = CourseLoginHandler
    name_max = Integer(64, config=True, help="Longest user name, in characters.")
    teachers_are_admins = Bool(True, config=True, help="Instructors administer the hub.")

    async def authenticate(self, handler, data=None):
        model = await super().authenticate(handler, data)
        roles = (data or {}).get(ROLES, [])
        model["admin"] = self.teachers_are_admins and any(
            isinstance(r, str) and r.endswith(TEACHING) for r in roles
        )
        return model

    @default("auto_login")
    def _no_login_page(self) -> bool:
        return True  # the hub's login page would offer a button that cannot work alone

    def validate_username(self, username: str) -> bool:
        return (
            len(username) <= self.name_max
            and username.isprintable()
            and super().validate_username(username)
        )

    def get_handlers(self, app):
        return [*super().get_handlers(app), ("/logout", CourseLogoutHandler)]

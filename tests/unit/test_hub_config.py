"""The class hub's rules, without a hub (issue 28, "the hub holds"): login throttling, name
length, what a student's server refuses, the kernel websocket's frame check, one kernel a
student, and `make class` passing passwords as typed. The same rules against a real hub,
proxy and student servers: tests/browser/test_hub.py.
"""

from __future__ import annotations

import asyncio
import json
import os
import struct
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from types import SimpleNamespace

import pytest
from tornado import web

from glutelib.app import ceilings, hub, singleuser

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "massage-class-2026"


def test_a_key_waits_once_it_reaches_its_limit_until_the_oldest_failure_ages_out():
    throttle = hub.Throttle(limit=3, window=60)
    for t in (0, 10, 20):
        assert throttle.wait("ana", t) == 0
        throttle.fail("ana", t)
    assert throttle.wait("ana", 30) == 30  # the failure at 0 leaves the window at 60
    assert throttle.wait("ben", 30) == 0  # another key is not held
    assert throttle.wait("ana", 60) == 0
    throttle.fail("ana", 61)
    assert throttle.wait("ana", 62) == 8  # 10, 20 and 61 in the window: wait for 10 to age
    throttle.clear("ana")
    assert throttle.wait("ana", 62) == 0


def test_a_flood_of_new_names_keeps_the_throttle_bounded():
    throttle = hub.Throttle(limit=2, window=60, max_keys=100)
    for n in range(1000):
        throttle.fail(f"name{n}", 1.0)
    assert len(throttle._failures) <= 100


def test_an_address_counts_alone_and_an_ipv6_address_by_its_64():
    assert hub.address_key("192.0.2.7") == "192.0.2.7"
    assert hub.address_key("::ffff:192.0.2.7") == "192.0.2.7"
    assert hub.address_key("2001:db8:1:2::1") == hub.address_key("2001:db8:1:2:ffff::9")
    assert hub.address_key("2001:db8:1:2::1") != hub.address_key("2001:db8:1:3::1")


def run(coroutine):
    """asyncio.run in a thread of its own: a browser test in this worker may have left
    Playwright's event loop running in this one."""
    with ThreadPoolExecutor(1) as aside:
        return aside.submit(asyncio.run, coroutine).result(timeout=60)


def authenticator() -> hub.ClassAuthenticator:
    return hub.ClassAuthenticator(user_password=PASSWORD, allow_all=True)


def log_in(auth, name: str, password: str, ip: str = "192.0.2.1"):
    handler = SimpleNamespace(request=SimpleNamespace(remote_ip=ip), log=auth.log)
    return run(auth.authenticate(handler, {"username": name, "password": password}))


def test_wrong_passwords_are_throttled_per_name_then_per_address():
    auth = authenticator()
    for n in range(auth.failures_per_name):
        assert log_in(auth, "mallory", f"guess-{n}") is None
    with pytest.raises(web.HTTPError) as held:  # the right password is not even checked
        log_in(auth, "mallory", PASSWORD)
    assert held.value.status_code == 429
    assert "Too many wrong passwords" in held.value.log_message
    assert 0 < int(held.value.headers["Retry-After"]) <= auth.failure_window
    with pytest.raises(web.HTTPError, match="Too many"):  # that name, from anywhere
        log_in(auth, "mallory", PASSWORD, ip="203.0.113.9")
    assert log_in(auth, "ana", PASSWORD)["name"] == "ana"  # others log in meanwhile
    for n in range(auth.failures_per_address - auth.failures_per_name):
        assert log_in(auth, f"m{n}", "guess") is None
    with pytest.raises(web.HTTPError, match="Too many"):  # any name, from that address
        log_in(auth, "ben", PASSWORD)
    assert log_in(auth, "ben", PASSWORD, ip="198.51.100.1")["name"] == "ben"


def test_wrong_passwords_for_the_teacher_hold_only_their_address():
    """The admin password has 32+ characters; a name held for everyone would let a student
    keep the teacher out of the admin page."""
    teacher = "t" * 40
    auth = hub.ClassAuthenticator(
        user_password=PASSWORD, admin_password=teacher, admin_users={"teacher"}, allow_all=True
    )
    for n in range(auth.failures_per_name + 5):
        assert log_in(auth, "teacher", f"guess-{n}", ip="203.0.113.5") is None
    assert log_in(auth, "teacher", teacher)["admin"] is True  # from another address
    for n in range(auth.failures_per_address - auth.failures_per_name - 5):
        assert log_in(auth, "teacher", f"guess-{n}", ip="203.0.113.5") is None
    with pytest.raises(web.HTTPError, match="Too many"):
        log_in(auth, "teacher", teacher, ip="203.0.113.5")


def test_the_right_password_clears_a_names_few_typos():
    auth = authenticator()
    for _ in range(auth.failures_per_name - 1):
        log_in(auth, "ana", "typo")
    assert log_in(auth, "ana", PASSWORD)
    for _ in range(auth.failures_per_name - 1):
        log_in(auth, "ana", "typo")
    assert log_in(auth, "ana", PASSWORD)


@pytest.mark.parametrize("name", ["x" * 300, "x" * 33, "tab\there", "nul\x00", "a/b", " "])
def test_an_odd_name_is_refused_in_plain_words_before_the_password(name):
    auth = authenticator()
    with pytest.raises(web.HTTPError) as refused:
        log_in(auth, name, PASSWORD)
    assert refused.value.status_code == 400
    assert "Use a name of 1 to 32 characters" in refused.value.log_message
    assert not auth.validate_username(name.lower())


def test_names_up_to_32_characters_log_in():
    auth = authenticator()
    assert log_in(auth, "x" * 32, PASSWORD)["name"] == "x" * 32
    assert log_in(auth, "Zoë Martín", PASSWORD)["name"] == "zoë martín"


def test_the_class_password_has_at_least_12_characters(tmp_path):
    with pytest.raises(ValueError, match="at least 12"):
        hub.ClassAuthenticator(user_password="pelvis-2026")  # the old README example
    hub_bin = Path(sys.executable).with_name("jupyterhub")
    config = ROOT / "deploy" / "jupyterhub" / "jupyterhub_config.py"
    env = {**os.environ, "GLUTELIB_CLASS_PASSWORD": "pelvis-2026", "GLUTELIB_HUB_PORT": "1"}
    result = subprocess.run([hub_bin, "-f", config], cwd=tmp_path, env=env, capture_output=True,
                            text=True, timeout=60)  # fmt: skip
    assert result.returncode != 0
    assert "The class password has 11 characters; give it at least 12" in result.stderr


def test_logout_is_the_class_logout():
    assert ("/logout", hub.ClassLogoutHandler) in authenticator().get_handlers(None)


def test_a_schools_login_needs_all_four_values_and_keeps_names_sane_and_the_class_logout(
    tmp_path,
):
    """LTI 1.3 (tests/browser/test_school_login.py launches through a real hub): a value
    left out is named before the hub starts; names as the class password's; the same logout."""
    from glutelib.app.school import ROLES, CourseLoginHandler, SchoolAuthenticator

    hub_bin = Path(sys.executable).with_name("jupyterhub")
    config = ROOT / "deploy" / "jupyterhub" / "jupyterhub_config.py"
    env = {**os.environ, "GLUTELIB_LTI_ISSUER": "https://moodle.school.edu",
           "GLUTELIB_LTI_CLIENT_ID": "abc", "GLUTELIB_HUB_PORT": "1"}  # fmt: skip
    env.pop("GLUTELIB_CLASS_PASSWORD", None)
    result = subprocess.run([hub_bin, "-f", config], cwd=tmp_path, env=env, capture_output=True,
                            text=True, timeout=60)  # fmt: skip
    assert result.returncode != 0
    assert "needs GLUTELIB_LTI_AUTHORIZE_URL, GLUTELIB_LTI_JWKS_URL too" in result.stderr
    school = SchoolAuthenticator()
    assert school.validate_username("a1b2c3") and school.validate_username("x" * 64)
    assert not school.validate_username("x" * 65) and not school.validate_username("ana\x00")
    handlers = dict(school.get_handlers(None))
    assert issubclass(handlers["/logout"], hub.ClassLogoutHandler)  # the class logout, then
    assert handlers["lti13/oauth_login"] is CourseLoginHandler  # pages to the course
    assert school.login_url("/hub/") == "/hub/lti13/oauth_login"
    assert school.auto_login  # no login page of the hub's: its button cannot log anyone in
    lis = "http://purl.imsglobal.org/vocab/lis/v2/"
    for roles, admin in (([lis + "membership#Learner"], False),
                         ([lis + "membership#Instructor"], True),
                         ([lis + "institution/person#Administrator"], True),
                         ([], False)):  # fmt: skip
        token = {"sub": "a1b2c3", ROLES: roles}
        model = run(school.authenticate(None, token))
        assert model["name"] == "a1b2c3" and model["admin"] is admin, roles


def v1_frame(channel: str = "shell") -> bytes:
    parts = [channel.encode(), *(json.dumps(p).encode() for p in ({"msg_type": "x"}, {}, {}, {}))]
    offsets = [8 * (len(parts) + 2)]
    for part in parts:
        offsets.append(offsets[-1] + len(part))
    return struct.pack(f"<{len(offsets) + 1}Q", len(offsets), *offsets) + b"".join(parts)


def test_a_frame_is_read_only_when_it_holds_the_parts_it_claims():
    v1, legacy = ceilings.V1, None
    assert ceilings.frame_fits(v1_frame(), v1)
    assert not ceilings.frame_fits((2**62).to_bytes(8, "little") + bytes(64), v1)
    assert not ceilings.frame_fits((100).to_bytes(8, "little") + bytes(64), v1)
    assert not ceilings.frame_fits(b"\x01", v1)
    assert not ceilings.frame_fits('{"channel": "shell"}', v1)  # v1 frames are binary
    assert ceilings.frame_fits('{"channel": "shell"}', legacy)  # legacy text: JSON
    assert ceilings.frame_fits(struct.pack("!iI", 1, 8) + b"{}", legacy)
    assert not ceilings.frame_fits(struct.pack("!i", 2**31 - 1) + bytes(64), legacy)
    assert not ceilings.frame_fits(struct.pack("!i", -1) + bytes(64), legacy)


def test_a_student_may_read_and_talk_to_a_kernel_and_write_nothing():
    allow = singleuser.StudentAuthorizer().is_authorized
    assert allow(None, None, "read", "contents") and allow(None, None, "read", "kernels")
    assert allow(None, None, "execute", "kernels")  # a page's websocket to its kernel
    for action, resource, words in [
        ("write", "contents", "read-only"),
        ("write", "kernels", "starts its own kernel"),
        ("write", "sessions", "starts its own kernel"),
        ("write", "config", "dashboard only"),
        ("execute", "events", "dashboard only"),
    ]:
        with pytest.raises(web.HTTPError) as refused:
            allow(None, None, action, resource)
        assert refused.value.status_code == 403 and words in refused.value.log_message


def test_no_checkpoint_is_made_restored_deleted_or_even_looked_for(tmp_path):
    (tmp_path / "n.ipynb").write_text("{}")
    contents = singleuser.ReadOnlyContents(
        root_dir=str(tmp_path), checkpoints_class=singleuser.ReadOnlyCheckpoints
    )
    assert isinstance(contents.checkpoints, singleuser.ReadOnlyCheckpoints)

    async def attempts():
        checkpoints = contents.checkpoints
        for call in (
            lambda: contents.create_checkpoint("n.ipynb"),
            lambda: contents.restore_checkpoint("checkpoint", "n.ipynb"),
            lambda: checkpoints.create_checkpoint(contents, "n.ipynb"),
            lambda: checkpoints.restore_checkpoint(contents, "checkpoint", "n.ipynb"),
            lambda: checkpoints.delete_checkpoint("checkpoint", "n.ipynb"),
            lambda: checkpoints.rename_all_checkpoints("n.ipynb", "m.ipynb"),
        ):
            with pytest.raises(web.HTTPError, match="read-only"):
                result = call()
                if asyncio.iscoroutine(result):
                    await result
        assert await checkpoints.list_checkpoints("n.ipynb") == []

    run(attempts())
    assert not (tmp_path / ".ipynb_checkpoints").exists()


class FakeKernels(singleuser.StudentKernelManager):
    """The cap's logic over kernels that take `start_s` to start and cost nothing."""

    start_s = 0.05

    async def _start(self, *args, kernel_id=None, **kwargs):
        await asyncio.sleep(self.start_s)
        kernel_id = kernel_id or f"k{len(self.started)}"
        self.started.append(kernel_id)
        self._kernels[kernel_id] = object()
        return kernel_id

    async def _end(self, kernel_id, now=False, restart=False):
        self.ended.append(kernel_id)
        del self._kernels[kernel_id]


def test_a_new_page_ends_the_students_oldest_kernel_and_two_at_once_get_one(monkeypatch):
    monkeypatch.setattr(singleuser.AsyncMappingKernelManager, "start_kernel", FakeKernels._start)
    monkeypatch.setattr(singleuser.AsyncMappingKernelManager, "shutdown_kernel", FakeKernels._end)

    async def pages():
        km = FakeKernels(max_kernels=1)
        km.started, km.ended = [], []
        await km.start_kernel()
        await km.start_kernel()  # a reload: the first page's kernel ends first
        assert km.ended == ["k0"] and list(km._kernels) == ["k1"]
        many = await asyncio.gather(*(km.start_kernel() for _ in range(5)),
                                    return_exceptions=True)  # fmt: skip
        refused = [r for r in many if isinstance(r, web.HTTPError)]
        assert len(refused) == 4 and refused[0].status_code == 503
        assert "still opening in another tab" in refused[0].log_message
        assert len(km._kernels) == 1  # never more than one, whatever a script sends

    run(pages())


def test_make_class_passes_passwords_as_typed(tmp_path):
    """`make class` with a fake venv whose `jupyterhub` writes down what it was given."""
    venv = tmp_path / "venv"
    (venv / "bin").mkdir(parents=True)
    (tmp_path / "pyproject.toml").touch()
    (venv / "bin" / "python").touch()
    (venv / ".installed-class").touch()
    os.utime(tmp_path / "pyproject.toml", (0, 0))  # older than the install stamp
    (tmp_path / "chp").touch()
    seen = tmp_path / "seen.json"
    (venv / "bin" / "jupyterhub").write_text(
        f"#!{sys.executable}\nimport json, os\n"
        f"json.dump([os.environ.get(k) for k in ('GLUTELIB_CLASS_PASSWORD', "
        f"'GLUTELIB_TEACHER_PASSWORD')], open({str(seen)!r}, 'w'))\n"
    )
    (venv / "bin" / "jupyterhub").chmod(0o755)
    class_password = 'pelvis$2026x it\'s "ours" `id` $(HOME) $$x #1'
    teacher_password = "t'$EACHER-" + "x" * 32
    result = subprocess.run(
        ["make", "-s", "-f", str(ROOT / "Makefile"), "-C", str(tmp_path), "class",
         "VENV=venv", "CHP=chp", f"CLASS_PASSWORD={class_password}",
         f"TEACHER_PASSWORD={teacher_password}"],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert json.loads(seen.read_text()) == [class_password, teacher_password]
    assert class_password not in result.stdout + result.stderr  # nothing echoed

    # From the environment as well, and none at all says how to set one.
    env = {**os.environ, "CLASS_PASSWORD": "from-env$1'x"}
    subprocess.run(["make", "-s", "-f", str(ROOT / "Makefile"), "-C", str(tmp_path), "class",
                    "VENV=venv", "CHP=chp"], env=env, check=True, timeout=60)  # fmt: skip
    assert json.loads(seen.read_text())[0] == "from-env$1'x"
    env.pop("CLASS_PASSWORD")
    result = subprocess.run(["make", "-s", "-f", str(ROOT / "Makefile"), "-C", str(tmp_path),
                             "class", "VENV=venv", "CHP=chp"], env=env, capture_output=True,
                            text=True, timeout=60)  # fmt: skip
    assert result.returncode == 2 and "make class CLASS_PASSWORD=" in result.stderr

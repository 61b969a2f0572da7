"""WCAG 2.2 A and AA (axe-core) on the pages no other browser test opens: the class server's
refusals (full, wrong host, too long, not found). The dashboard's and the lesson's screens are
checked where their own tests reach them (`wcag_violations`)."""

from __future__ import annotations

import string

import pytest

from glutelib.app import doors
from tests.browser.conftest import wcag_violations

pytestmark = pytest.mark.browser


def test_every_page_the_class_server_turns_a_visitor_away_with_meets_wcag(browser):
    page = browser.new_page()
    try:
        for kind, words in doors._pages().items():
            fields = {f for text in (words.words, words.teacher)
                      for _, f, _, _ in string.Formatter().parse(text) if f}  # fmt: skip
            status, body = doors.server_page(kind, **{f: "example" for f in fields})
            assert status >= 400
            page.set_content(body)
            assert wcag_violations(page) == [], kind
    finally:
        page.close()

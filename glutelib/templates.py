"""Every HTML page glutelib writes, from one autoescaping Jinja2 environment.

A value put into a template is escaped unless it is marked as markup (`Markup`): text from a
data file, an error or an address can never become markup by accident. Templates are named
by their path in the package, e.g. "lesson/static/lesson.html".
"""

from __future__ import annotations

from importlib.resources import files

from jinja2 import BaseLoader, Environment, StrictUndefined, TemplateNotFound
from markupsafe import Markup


class PackageFiles(BaseLoader):
    """Templates read through importlib.resources: the same in a checkout and an install."""

    def get_source(self, environment: Environment, template: str) -> tuple[str, None, None]:
        path = files("glutelib").joinpath(template)
        if not path.is_file():
            raise TemplateNotFound(template)
        return path.read_text("utf-8"), None, None


# autoescape on for every template; a value the template names but is not given is an error.
ENVIRONMENT = Environment(loader=PackageFiles(), autoescape=True, undefined=StrictUndefined,
                          keep_trailing_newline=True)  # fmt: skip


def render(name: str, **values) -> str:
    """The template at `name` (a path in glutelib/) with `values` put in, escaped."""
    return ENVIRONMENT.get_template(name).render(**values)


def macros(name: str):
    """The macros of the template at `name`, as attributes (`macros(n).title(...)`): the
    small parts of one page piece live in one file."""
    return ENVIRONMENT.get_template(name).module


__all__ = ["ENVIRONMENT", "Markup", "macros", "render"]

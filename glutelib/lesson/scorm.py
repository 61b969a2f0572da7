"""A lesson file as a SCORM 1.2 package, for a learning platform (Moodle, Canvas, Brightspace):
`imsmanifest.xml` at the root naming the lesson as its one SCO, and the lesson file itself;
nothing else, nothing fetched. In the platform the lesson reports through the platform's API
(glutelib/js/scorm.js): completed once every step of a walkthrough has been shown, and each
Test yourself score; opened alone it works as it always does.

    write_scorm("build/lesson/glutelib-lesson-scorm12.zip", "build/lesson/glutelib-lesson.html")
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from glutelib.errors import GlutelibError
from glutelib.templates import render

MANIFEST = "imsmanifest.xml"
TITLE = "glutelib: the pelvis and glutes"
IDENTIFIER = "glutelib-lesson"


def manifest(href: str, title: str = TITLE) -> str:
    """imsmanifest.xml for one lesson file at `href` in the package."""
    return render("lesson/static/imsmanifest.xml", identifier=IDENTIFIER, title=title, href=href)


def write_scorm(path: str | Path, lesson: str | Path, title: str = TITLE) -> Path:
    """Package the lesson file `lesson` (`write_lesson`'s) as a SCORM 1.2 zip at `path`."""
    lesson, path = Path(lesson), Path(path)
    if not lesson.is_file():
        raise GlutelibError(f"No lesson file at {lesson}: write one first (`make lesson`).")
    path.parent.mkdir(parents=True, exist_ok=True)
    part = path.with_suffix(".part")
    with zipfile.ZipFile(part, "w", compression=zipfile.ZIP_DEFLATED) as package:
        package.writestr(MANIFEST, manifest(lesson.name, title))
        package.write(lesson, lesson.name)
    part.replace(path)  # whole or not at all
    return path


__all__ = ["MANIFEST", "manifest", "write_scorm"]

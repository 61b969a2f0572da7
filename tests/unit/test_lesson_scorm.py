"""The lesson's SCORM 1.2 package without a browser: its manifest, and a missing lesson named."""

from __future__ import annotations

import xml.etree.ElementTree as ET
import zipfile

import pytest

from glutelib.errors import GlutelibError
from glutelib.lesson.__main__ import main
from glutelib.lesson.scorm import MANIFEST, manifest, write_scorm

CP = "{http://www.imsproject.org/xsd/imscp_rootv1p1p2}"


def test_the_manifest_names_the_file_as_its_one_sco_and_escapes_what_it_is_given():
    root = ET.fromstring(manifest('a "lesson" & <more>.html', title="Hips & glutes"))
    assert root.find(f"{CP}metadata/{CP}schemaversion").text == "1.2"
    (resource,) = root.iter(f"{CP}resource")
    assert resource.get("href") == 'a "lesson" & <more>.html'
    assert [f.get("href") for f in resource.iter(f"{CP}file")] == [resource.get("href")]
    item = next(root.iter(f"{CP}item"))
    assert item.get("identifierref") == resource.get("identifier")
    assert {t.text for t in root.iter(f"{CP}title")} == {"Hips & glutes"}


def test_the_package_holds_the_manifest_and_the_file_and_a_missing_lesson_is_named(tmp_path):
    lesson = tmp_path / "glutelib-lesson.html"
    lesson.write_text("<!doctype html><title>a lesson</title>", "utf-8")
    path = write_scorm(tmp_path / "out" / "lesson.zip", lesson)
    with zipfile.ZipFile(path) as z:
        assert sorted(z.namelist()) == sorted([MANIFEST, lesson.name])
        assert z.read(lesson.name) == lesson.read_bytes()
    with pytest.raises(GlutelibError, match=r"No lesson file at .*nothing\.html.*make lesson"):
        write_scorm(tmp_path / "x.zip", tmp_path / "nothing.html")
    assert not (tmp_path / "x.zip").exists()


def test_the_command_writes_the_lesson_and_its_package(tmp_path, capsys):
    out, package = tmp_path / "l.html", tmp_path / "l.zip"
    assert main(["--out", str(out), "--conditions", "pregnancy", "--audiences", "client",
                 "--no-quiz", "--scorm", str(package)]) == 0  # fmt: skip
    assert "SCORM 1.2" in capsys.readouterr().out
    with zipfile.ZipFile(package) as z:
        assert z.read("l.html") == out.read_bytes()

"""Messages as a visitor sees them: the file at fault named, the server's folders not."""

from __future__ import annotations

import pytest

from glutelib.errors import without_paths


@pytest.mark.parametrize(
    ("message", "shown"),
    [
        ("Mesh file /srv/school/meshes/sacrum.ply for 'sacrum' is missing; run `make meshes`.",
         "Mesh file meshes/sacrum.ply for 'sacrum' is missing; run `make meshes`."),
        ("Condition file /home/a/data/conditions/pregnancy.yaml, step 2: no zone 'x'.",
         "Condition file conditions/pregnancy.yaml, step 2: no zone 'x'."),
        (r"Mesh file C:\Users\a\meshes\sacrum.ply is missing.",
         "Mesh file meshes/sacrum.ply is missing."),
        ("(/tmp/x/y/light/a.ply)", "(light/a.ply)"),
        # Words that are not paths stay as written.
        ("Back / Next, and/or see https://example.org/a/b or rebuild meshes/.",
         "Back / Next, and/or see https://example.org/a/b or rebuild meshes/."),
    ],
)  # fmt: skip
def test_a_message_names_files_without_the_servers_folders(message, shown):
    assert without_paths(message) == shown


def test_a_known_folder_is_named_by_its_short_name():
    message = "Mesh file /srv/x/school-meshes/light/sacrum.ply does not match its checksum."
    shown = without_paths(message, {"/srv/x/school-meshes/": "meshes"})
    assert shown == "Mesh file meshes/light/sacrum.ply does not match its checksum."

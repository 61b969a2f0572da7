"""The skin: one closed body surface from the lower ribs to the feet, posed like the rest.

Built at mesh-build time from the structures' meshes (scripts/build_skin.py) and checked
against the manifest like every mesh. The rig skins it as it skins a muscle (across the
knee and the ankle too); nothing pushes it out of the bones, because it lies outside them.

>>> skin_mesh(library)                      # standing
>>> skin_mesh(library, "seated").vertices   # (n, 3) mm, posed
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import trimesh

from glutelib.atlas import SKIN_KEY
from glutelib.poses import Pose

if TYPE_CHECKING:
    from glutelib.library import Library


def skin_mesh(library: Library, pose: Pose | str | None = None) -> trimesh.Trimesh:
    """The skin in `pose` (a Pose or a name in poses.yaml; standing when None), in RAS mm.
    Raises MeshFileError (naming the file and the fix) when the skin is missing or damaged."""
    standing = library.atlas.skin_mesh()
    if pose is None:
        return standing
    posed = pose if isinstance(pose, Pose) else library.pose(pose)
    vertices = library.rig.vertices(SKIN_KEY, posed)
    return trimesh.Trimesh(vertices, standing.faces, process=False)

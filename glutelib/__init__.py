"""glutelib: an educational 3D atlas of the pelvis and the gluteal region.

>>> from glutelib import load_atlas
>>> atlas = load_atlas()
>>> atlas["sacrum"].name
'Sacrum'
"""

from glutelib.atlas import Atlas, Structure, load_atlas
from glutelib.errors import (
    ConditionError,
    DataFileError,
    GlutelibError,
    ManifestError,
    MeshFileError,
    NotFoundError,
    StructureDataError,
    StructureNotFoundError,
)

__version__ = "0.1.0"

__all__ = [
    "Atlas",
    "ConditionError",
    "DataFileError",
    "GlutelibError",
    "ManifestError",
    "MeshFileError",
    "NotFoundError",
    "Structure",
    "StructureDataError",
    "StructureNotFoundError",
    "load_atlas",
]

"""The atlas: a manifest of meshes plus a table of named structures, one mesh each.

    manifest.json  (meshes/)          structures.yaml  (glutelib/data/)
            \\                              /
             ---------->  Atlas  <---------
                          atlas["piriformis_r"]        -> Structure (metadata)
                          atlas.find("right piriformis") -> [Structure, ...]
                          atlas.mesh("piriformis_r")   -> trimesh.Trimesh (lazy, checked)

Everything is validated when the atlas is loaded, so a bad file fails at once with a message
naming the file and the fix, and a loaded atlas is whole. Mesh bytes are read lazily and
checked against their sha256 on first use.
"""

from __future__ import annotations

import hashlib
import io
import json
import logging
import os
import re
from collections.abc import Iterator
from functools import cached_property
from pathlib import Path
from typing import Any, Literal, TypeVar

import numpy as np
import trimesh
import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from glutelib.errors import (
    GlutelibError,
    ManifestError,
    MeshFileError,
    StructureDataError,
    StructureNotFoundError,
    suggest,
)

LOG = logging.getLogger(__name__)

# GLUTELIB_DATA points every data file (structures, cameras, poses, zones, conditions,
# audiences) at another folder: a school's own edition, or a test's tampered copy.
DATA_DIR = Path(os.environ.get("GLUTELIB_DATA") or Path(__file__).resolve().parent / "data")
DEFAULT_MESH_DIR = Path(__file__).resolve().parents[1] / "meshes"
REBUILD_HINT = "run `make meshes` to rebuild meshes/ (or `git checkout meshes/` to restore it)"
SUPPORTED_SCHEMA = 1

Kind = Literal["bone", "muscle", "nerve", "joint", "fascia"]
Layer = Literal["superficial", "intermediate", "deep"]
Side = Literal["r", "l"]
SIDE_WORDS = {"r": "right", "l": "left"}


# --------------------------------------------------------------------------- records
class Structure(BaseModel):
    """One named structure: what it is called, what it is, and (for muscles) what it does."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    name: str
    plain_name: str
    kind: Kind
    group: str
    layer: Layer
    side: Side | None = None
    colour: str = Field(pattern=r"^#[0-9a-fA-F]{6}$")
    aliases: tuple[str, ...] = ()
    description: str  # one plain sentence for clients
    note: str = ""  # a short note for students
    origin: str | None = None
    insertion: str | None = None
    action: str | None = None
    innervation: str | None = None

    @property
    def side_name(self) -> str | None:
        """'right', 'left' or None."""
        return SIDE_WORDS.get(self.side) if self.side else None

    @property
    def label(self) -> str:
        """Anatomical name with its side, e.g. 'Piriformis (right)'."""
        return f"{self.name} ({self.side_name})" if self.side else self.name

    @property
    def plain_label(self) -> str:
        """Plain name with its side, e.g. 'right pear-shaped muscle'."""
        return f"{self.side_name} {self.plain_name}" if self.side else self.plain_name


class _StructureEntry(BaseModel):
    """A row of structures.yaml before paired rows are expanded into _r and _l."""

    model_config = ConfigDict(extra="forbid")

    sides: list[Side] | None = None
    name: str
    plain_name: str
    kind: Kind
    group: str
    layer: Layer
    colour: str = Field(pattern=r"^#[0-9a-fA-F]{6}$")
    aliases: list[str] = []
    description: str
    note: str = ""
    origin: str | None = None
    insertion: str | None = None
    action: str | None = None
    innervation: str | None = None


class _StructureTable(BaseModel):
    model_config = ConfigDict(extra="forbid")

    schema_version: Literal[1]
    structures: dict[str, _StructureEntry]


class MeshEntry(BaseModel):
    """One row of manifest.json: where a structure's mesh is and how to check it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    file: str = Field(pattern=r"^[A-Za-z0-9_.-]+\.(ply|glb)$")
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    triangles: int = Field(gt=0)
    bounds_mm: tuple[tuple[float, float, float], tuple[float, float, float]]
    provenance: dict[str, Any]
    licence: str


class Manifest(BaseModel):
    """manifest.json: the frame, the sources and one MeshEntry per structure."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    schema_version: int
    frame: Literal["RAS"]
    units: Literal["mm"]
    origin: str
    sources: dict[str, str]
    volume_scale: float = 1.0
    landmarks: dict[str, tuple[float, float, float]] = {}
    structures: dict[str, MeshEntry]


M = TypeVar("M", bound=BaseModel)


def _describe(error: ValidationError) -> str:
    """The first few pydantic errors as 'key.path: message' lines."""
    lines = []
    for err in error.errors()[:5]:
        where = ".".join(str(p) for p in err["loc"]) or "(top level)"
        lines.append(f"  {where}: {err['msg']}")
    return "\n".join(lines)


def parse_yaml(text: str):
    """YAML as plain data, with libyaml's C parser when PyYAML has it (ten times faster; every
    kernel of the dashboard reads about a dozen data files at start-up)."""
    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def read_data_file(path: Path, model: type[M], what: str) -> M:
    """Read a YAML data file into a pydantic `model`; any fault raises StructureDataError
    naming the file (`what`, e.g. "Camera file") and the fix."""
    try:
        return model.model_validate(parse_yaml(path.read_text(encoding="utf-8")))
    except FileNotFoundError:
        raise StructureDataError(f"{what} {path} is missing; restore it from git.") from None
    except OSError as exc:
        raise StructureDataError(f"{what} {path} cannot be read ({exc.strerror}).") from None
    except (UnicodeDecodeError, yaml.YAMLError) as exc:
        raise StructureDataError(
            f"{what} {path} is not valid UTF-8 YAML ({exc}); restore it from git."
        ) from None
    except ValidationError as exc:
        raise StructureDataError(f"{what} {path} is malformed:\n{_describe(exc)}") from None


def read_manifest(path: Path) -> Manifest:
    """Read and validate manifest.json; raise ManifestError naming the file and the fix."""
    if not path.is_file():
        raise ManifestError(f"Mesh manifest {path} is missing; {REBUILD_HINT}.")
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ManifestError(
            f"Mesh manifest {path} is not valid JSON ({exc}); {REBUILD_HINT}."
        ) from None
    if isinstance(raw, dict) and raw.get("schema_version", SUPPORTED_SCHEMA) != SUPPORTED_SCHEMA:
        raise ManifestError(
            f"Mesh manifest {path} has schema_version {raw.get('schema_version')!r}, this "
            f"glutelib reads version {SUPPORTED_SCHEMA}; {REBUILD_HINT}."
        )
    try:
        return Manifest.model_validate(raw)
    except ValidationError as exc:
        raise ManifestError(
            f"Mesh manifest {path} is malformed:\n{_describe(exc)}\n{REBUILD_HINT}."
        ) from None


def read_structures(path: Path) -> dict[str, Structure]:
    """Read structures.yaml, expand paired rows into `<id>_r` / `<id>_l`, validate each."""
    try:
        raw = parse_yaml(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise StructureDataError(
            f"Structure table {path} is missing; restore it from git."
        ) from None
    except OSError as exc:
        raise StructureDataError(
            f"Structure table {path} cannot be read ({exc.strerror})."
        ) from None
    except (UnicodeDecodeError, yaml.YAMLError) as exc:
        raise StructureDataError(f"Structure table {path} is not valid YAML: {exc}") from None
    try:
        table = _StructureTable.model_validate(raw)
    except ValidationError as exc:
        raise StructureDataError(
            f"Structure table {path} is malformed:\n{_describe(exc)}"
        ) from None
    out: dict[str, Structure] = {}
    for base_id, entry in table.structures.items():
        fields = entry.model_dump(exclude={"sides"})
        fields["aliases"] = tuple(fields["aliases"])
        for side in entry.sides or [None]:
            sid = f"{base_id}_{side}" if side else base_id
            out[sid] = Structure(id=sid, side=side, **fields)
    return out


# --------------------------------------------------------------------------- atlas
class Atlas:
    """Named structures with lazily loaded, checksum-verified meshes.

    Build one with `load_atlas()`. Index by id (`atlas["sacrum"]`), search by any name
    (`atlas.find("right piriformis")`), iterate (`for s in atlas`), or filter with
    `atlas.select(kind=..., group=..., layer=..., side=...)`.
    """

    def __init__(self, mesh_dir: Path, manifest: Manifest, structures: dict[str, Structure]):
        self.mesh_dir = mesh_dir
        self.manifest = manifest
        self.structures = structures
        self._meshes: dict[str, trimesh.Trimesh] = {}
        missing = sorted(set(structures) - set(manifest.structures))
        if missing:
            raise ManifestError(
                f"{mesh_dir / 'manifest.json'} has no mesh for {', '.join(missing)} "
                f"(described in structures.yaml); {REBUILD_HINT}."
            )
        extra = sorted(set(manifest.structures) - set(structures))
        if extra:
            raise ManifestError(
                f"{mesh_dir / 'manifest.json'} lists {', '.join(extra)}, which structures.yaml "
                "does not describe; add them to glutelib/data/structures.yaml or rebuild meshes/."
            )

    # mapping-like access -------------------------------------------------
    def __getitem__(self, structure_id: str) -> Structure:
        try:
            return self.structures[structure_id]
        except (KeyError, TypeError):
            raise StructureNotFoundError(str(structure_id), self._suggestion_pool()) from None

    def __contains__(self, structure_id: object) -> bool:
        return structure_id in self.structures

    def __iter__(self) -> Iterator[Structure]:
        return iter(self.structures.values())

    def __len__(self) -> int:
        return len(self.structures)

    def __repr__(self) -> str:
        return f"Atlas({len(self)} structures from {self.mesh_dir})"

    @property
    def ids(self) -> list[str]:
        return list(self.structures)

    def select(
        self,
        kind: str | None = None,
        group: str | None = None,
        layer: str | None = None,
        side: str | None = None,
    ) -> list[Structure]:
        """Structures matching every given filter (side 'r'/'l' keeps midline ones too)."""
        return [
            s
            for s in self
            if (kind is None or s.kind == kind)
            and (group is None or s.group == group)
            and (layer is None or s.layer == layer)
            and (side is None or s.side in (None, side))
        ]

    # meshes ---------------------------------------------------------------
    def mesh(self, structure_id: str) -> trimesh.Trimesh:
        """The structure's mesh in RAS mm; loaded on first use, checked, then cached.

        Returns a copy-safe mesh: callers must not modify it in place.
        """
        structure = self[structure_id]
        if structure.id not in self._meshes:
            self._meshes[structure.id] = self._read_mesh(structure.id)
        return self._meshes[structure.id]

    @cached_property
    def broken(self) -> dict[str, str]:
        """{id: error message} for meshes that do not load (missing, truncated, tampered),
        found by loading every mesh once, so callers can leave those structures out."""
        broken = {}
        for sid in self.ids:
            try:
                self.mesh(sid)
            except GlutelibError as exc:
                broken[sid] = str(exc)
        return broken

    def _read_mesh(self, structure_id: str) -> trimesh.Trimesh:
        entry = self.manifest.structures[structure_id]
        path = self.mesh_dir / entry.file
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            raise MeshFileError(
                f"Mesh file {path} for {structure_id!r} is missing; {REBUILD_HINT}."
            ) from None
        digest = hashlib.sha256(data).hexdigest()
        if digest != entry.sha256:
            raise MeshFileError(
                f"Mesh file {path} for {structure_id!r} does not match its checksum in "
                f"manifest.json (changed, truncated or corrupt); {REBUILD_HINT}."
            )
        try:
            mesh = trimesh.load(io.BytesIO(data), file_type=path.suffix[1:], force="mesh")
        except Exception as exc:  # trimesh raises many types on bad bytes
            raise MeshFileError(
                f"Mesh file {path} cannot be read ({exc}); {REBUILD_HINT}."
            ) from None
        if len(mesh.faces) != entry.triangles:
            raise MeshFileError(
                f"Mesh file {path} has {len(mesh.faces)} triangles, manifest.json says "
                f"{entry.triangles}; {REBUILD_HINT}."
            )
        mesh.vertices.flags.writeable = False
        mesh.faces.flags.writeable = False
        return mesh

    def verify(self) -> None:
        """Read and check every mesh now (instead of on first use)."""
        for sid in self.structures:
            self.mesh(sid)

    # search -----------------------------------------------------------------
    @cached_property
    def _names(self) -> dict[str, set[str]]:
        """Normalised name -> ids it can mean (side-less names map to both sides)."""
        index: dict[str, set[str]] = {}
        for s in self:
            base = s.id[:-2] if s.side else s.id
            for name in (s.id, base, base.replace("_", " "), s.name, s.plain_name, *s.aliases):
                index.setdefault(_normalise(name), set()).add(s.id)
        return index

    def _suggestion_pool(self) -> list[str]:
        return [*self.structures, *self._names]

    def find(self, text: str, side: str | None = None) -> list[Structure]:
        """Structures matching `text`: an id, a name, an alias or a plain name, typos allowed.

        A side can be given in the text ("right piriformis", "piriformis r") or as `side`
        ('r'/'l'). Returns best matches first; an empty list when nothing is close.
        """
        words = _normalise(text).split()
        for i, word in enumerate(words):
            if word in _SIDE_TOKENS and len(words) > 1:
                side = side or _SIDE_TOKENS[word]
                words = words[:i] + words[i + 1 :]
                break
        query = " ".join(words)
        if not query:
            return []
        ids = self._match(query)
        hits = [self.structures[i] for i in ids]
        if side is not None:
            hits = [s for s in hits if s.side in (None, side)]
        return hits

    def _match(self, query: str) -> list[str]:
        names = self._names
        if query in names:  # exact name
            return sorted(names[query], key=self.ids.index)
        ordered: list[str] = []

        def add(ids: set[str]) -> None:
            ordered.extend(i for i in sorted(ids, key=self.ids.index) if i not in ordered)

        for name, ids in names.items():  # prefix of a name, then of any word in it
            if name.startswith(query):
                add(ids)
        if len(query) >= 3:
            for name, ids in names.items():
                if any(w.startswith(query) for w in name.split()):
                    add(ids)
        for name in suggest(query, names):  # typos
            add(names[name])
        return ordered

    def landmark(self, name: str, side: str | None = None) -> np.ndarray:
        """A named landmark in RAS mm, shape (3,). Paired landmarks need side 'r' or 'l'."""
        key = f"{name}_{side}" if side else name
        try:
            return np.array(self.manifest.landmarks[key], dtype=float)
        except KeyError:
            raise StructureNotFoundError(key, self.manifest.landmarks) from None


_SIDE_TOKENS = {"right": "r", "r": "r", "rt": "r", "left": "l", "l": "l", "lt": "l"}


def _normalise(text: str) -> str:
    """Lower case, apostrophes dropped, punctuation to spaces, single-spaced."""
    text = str(text).lower().replace("'", "").replace("’", "")
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())


def load_atlas(
    path: str | os.PathLike | None = None, structures: str | os.PathLike | None = None
) -> Atlas:
    """Load the atlas from a meshes folder (default: the repository's `meshes/`).

    `GLUTELIB_MESHES` overrides the default folder. Raises ManifestError, StructureDataError
    or MeshFileError (all GlutelibError) with the file at fault and the fix.
    """
    mesh_dir = Path(path or os.environ.get("GLUTELIB_MESHES") or DEFAULT_MESH_DIR)
    table = Path(structures) if structures else DATA_DIR / "structures.yaml"
    manifest = read_manifest(mesh_dir / "manifest.json")
    return Atlas(mesh_dir, manifest, read_structures(table))

"""The atlas: a manifest of meshes plus a table of named structures, one mesh each.

    manifest.json  (meshes/)          structures.yaml  (glutelib/data/)
            \\                              /
             ---------->  Atlas  <---------
                          atlas["piriformis_r"]        -> Structure (metadata)
                          atlas.find("right piriformis") -> [Structure, ...]
                          atlas.mesh("piriformis_r")   -> trimesh.Trimesh (lazy, checked)
                          atlas.level("sacrum", light=True) -> Level (lighter context)

Everything is validated when the atlas is loaded, so a bad file fails at once with a message
naming the file and the fix, and a loaded atlas is whole. Mesh bytes are read lazily and
checked against their sha256 on first use.
"""

from __future__ import annotations

import hashlib
import io
import logging
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any, Literal

import numpy as np
import trimesh
from pydantic import ConfigDict, Field, StrictInt, model_validator
from scipy.spatial import cKDTree

from glutelib.datafiles import MANIFEST, STRUCTURES, DataModel, data_path, read_data_file
from glutelib.errors import (
    GlutelibError,
    ManifestError,
    MeshFileError,
    NotFoundError,
    StructureDataError,
    StructureNotFoundError,
    suggest,
)
from glutelib.sides import SIDE_WORDS, Side, check_side, named, on_side, side_id, side_in, stem_of

LOG = logging.getLogger(__name__)

# meshes/ sits at the top of the repository (a checkout, an editable install); a wheel
# carries the same folder inside the package.
_PACKAGE = Path(__file__).resolve().parent
DEFAULT_MESH_DIR = next(
    (d for d in (_PACKAGE.parent / "meshes", _PACKAGE / "meshes") if (d / MANIFEST).is_file()),
    _PACKAGE.parent / "meshes",
)
REBUILD_HINT = "run `make meshes` to rebuild meshes/ (or `git checkout meshes/` to restore it)"
SUPPORTED_SCHEMA = 1
SKIN_KEY = "skin"  # the body surface: its manifest row, trace and key in the rig
SUGGESTIONS = 6  # a search offers at most this many (the dashboard's and the lesson's)

Kind = Literal["bone", "muscle", "nerve", "joint", "fascia"]


def sentence_case(text: str) -> str:
    """The first letter in capitals, the rest as written ('low-back bone L1' keeps its L1,
    which str.capitalize would lower)."""
    return text[:1].upper() + text[1:]


def in_sentence(text: str) -> str:
    """The first letter in lower case, for the middle of a sentence ('the gluteus maximus');
    an acronym kept ('FAIR position', 'PSIS')."""
    return text if text[1:2].isupper() else text[:1].lower() + text[1:]


# --------------------------------------------------------------------------- records
class Structure(DataModel):
    """One named structure: what it is called, what it is, and (for muscles) what it does."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    name: str
    plain_name: str
    kind: Kind
    group: str
    layer: str  # one of structures.yaml's `layers`, from the skin inwards
    side: Side | None = None
    variant: bool = False  # an anatomical variant: shown only where a step is about it
    aliases: tuple[str, ...] = ()
    description: str  # one plain sentence for clients
    note: str = ""  # a short note for students
    origin: str | None = None
    insertion: str | None = None
    action: str | None = None
    innervation: str | None = None
    location: str | None = None  # joints: where it is
    function: str | None = None  # joints: what it does
    movement: str | None = None  # joints: what moves there

    @property
    def stem(self) -> str:
        """The id without its side: 'piriformis_r' -> 'piriformis', 'sacrum' -> 'sacrum'."""
        return stem_of(self.id, self.side)

    @property
    def side_name(self) -> str | None:
        """'right', 'left' or None."""
        return SIDE_WORDS.get(self.side) if self.side else None

    @property
    def label(self) -> str:
        """Anatomical name with its side, e.g. 'Piriformis (right)'."""
        return named(self.name, self.side, plain=False)

    @property
    def plain_label(self) -> str:
        """Plain name with its side, e.g. 'right pear-shaped muscle'."""
        return f"{self.side_name} {self.plain_name}" if self.side else self.plain_name

    def label_in(self, plain: bool) -> str:
        """The name with its side as a person sees it: plain words ('Right pear-shaped
        muscle') or anatomical ('Piriformis (right)')."""
        return named(self.plain_name, self.side, plain=True) if plain else self.label


class _StructureEntry(DataModel):
    """A row of structures.yaml before paired rows are expanded into _r and _l."""

    model_config = ConfigDict(extra="forbid")

    sides: list[Side] | None = None
    name: str
    plain_name: str
    kind: Kind
    group: str
    layer: str
    variant: bool = False
    aliases: list[str] = Field(default_factory=list)
    description: str
    note: str = ""
    origin: str | None = None
    insertion: str | None = None
    action: str | None = None
    innervation: str | None = None
    location: str | None = None
    function: str | None = None
    movement: str | None = None

    @model_validator(mode="after")
    def _fields_of_its_kind(self) -> _StructureEntry:
        """A joint is told by where it is, what it does and what moves there; a muscle by
        its attachments: neither takes the other's fields."""
        joint, attachment = ("location", "function", "movement"), ("origin", "insertion", "action")
        wrong = [f for f in (attachment if self.kind == "joint" else joint) if getattr(self, f)]
        if wrong:
            right = (
                "location, function, movement"
                if self.kind == "joint"
                else "origin, insertion, action"
            )
            raise ValueError(f"a {self.kind} takes {right}, not {', '.join(wrong)}")
        return self


class _StructureTable(DataModel):
    model_config = ConfigDict(extra="forbid")

    schema_version: Literal[1]
    layers: tuple[str, ...] = Field(min_length=1)
    peeled_kinds: tuple[Kind, ...]
    structures: dict[str, _StructureEntry]


class Layers(DataModel):
    """Soft-tissue layers from the skin inwards, and the one peel rule.

    Peeling to a layer hides that layer and every layer above it, for the kinds that are
    peeled (muscles and fascia); bones, joints and nerves always show.
    """

    model_config = ConfigDict(frozen=True)

    order: tuple[str, ...]
    peeled_kinds: tuple[str, ...]

    def hides(self, structure: Structure, peel: str | None) -> bool:
        """Whether peeling to `peel` (a layer, or None for nothing) hides `structure`."""
        if peel is None or structure.kind not in self.peeled_kinds:
            return False
        return self.order.index(structure.layer) <= self.order.index(peel)

    def revealing(self, structure: Structure) -> str | None:
        """The peel that takes away what lies over `structure`: the layer above its own
        (None for the top layer)."""
        depth = self.order.index(structure.layer)
        return self.order[depth - 1] if depth else None

    def check(self, peel: str | None) -> str | None:
        """`peel` itself if it is a layer (or None); else NotFoundError naming the layers."""
        if peel is not None and peel not in self.order:
            raise NotFoundError(peel, self.order, kind="layer")
        return peel


class LightEntry(DataModel):
    """A structure's light level of detail: a decimated mesh on some of the full mesh's
    vertices, within `gap_mm` of its surface (drawn for grey context)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    file: str = Field(pattern=r"^light/[A-Za-z0-9_-]+\.ply$")
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    triangles: int = Field(gt=0)
    gap_mm: float = Field(ge=0, le=5)


class MeshEntry(DataModel):
    """One row of manifest.json: where a structure's mesh is and how to check it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    file: str = Field(pattern=r"^[A-Za-z0-9_.-]+\.(ply|glb)$")
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    triangles: int = Field(gt=0)
    light: LightEntry | None = None
    bounds_mm: tuple[tuple[float, float, float], tuple[float, float, float]]
    provenance: dict[str, Any]
    licence: str


class SkinEntry(DataModel):
    """manifest.json's `skin`: the body surface (scripts/build_skin.py), made from the
    structures' meshes standing, and how to check it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    file: str = Field(pattern=r"^[A-Za-z0-9_.-]+\.ply$")
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    triangles: int = Field(gt=0)
    bounds_mm: tuple[tuple[float, float, float], tuple[float, float, float]]
    provenance: dict[str, Any]
    licence: str


class OcclusionEntry(DataModel):
    """manifest.json's `occlusion`: each full-mesh vertex's baked ambient light, one uint8
    per vertex of every structure in the manifest's order (scripts/build_occlusion.py)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    file: str = Field(pattern=r"^[A-Za-z0-9_.-]+\.npy$")
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    vertices: dict[str, int]  # id -> its full mesh's vertex count, in the file's order
    provenance: dict[str, Any]


class Manifest(DataModel):
    """manifest.json: the frame, the sources, one MeshEntry per structure and the skin."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    schema_version: int
    frame: Literal["RAS"]
    units: Literal["mm"]
    origin: str
    sources: dict[str, str]
    volume_scale: float = 1.0
    landmarks: dict[str, tuple[float, float, float]] = Field(default_factory=dict)
    structures: dict[str, MeshEntry]
    skin: SkinEntry | None = None
    occlusion: OcclusionEntry | None = None


class _SchemaVersion(DataModel):
    model_config = ConfigDict(extra="allow")

    schema_version: StrictInt = SUPPORTED_SCHEMA


def read_manifest(path: Path) -> Manifest:
    """Read and validate manifest.json; raise ManifestError naming the file and the fix."""
    found = read_data_file(path, _SchemaVersion, "Mesh manifest", ManifestError, REBUILD_HINT)
    if found.schema_version != SUPPORTED_SCHEMA:
        raise ManifestError(
            f"Mesh manifest {path} has schema_version {found.schema_version!r}, this "
            f"glutelib reads version {SUPPORTED_SCHEMA}; {REBUILD_HINT}."
        )
    return read_data_file(path, Manifest, "Mesh manifest", ManifestError, REBUILD_HINT)


def read_structures(path: Path) -> tuple[dict[str, Structure], Layers]:
    """Read structures.yaml: paired rows expanded into `<id>_r` / `<id>_l`, and its layers."""
    table = read_data_file(path, _StructureTable, "Structure table", StructureDataError)
    out: dict[str, Structure] = {}
    for base_id, entry in table.structures.items():
        if entry.layer not in table.layers:
            raise StructureDataError(
                f"Structure table {path}: {base_id!r} has layer {entry.layer!r}, which is not "
                f"one of `layers` ({', '.join(table.layers)}); use one of them."
            )
        fields = entry.model_dump(exclude={"sides"})
        fields["aliases"] = tuple(fields["aliases"])
        for side in entry.sides or [None]:
            sid = side_id(base_id, side)
            out[sid] = Structure(id=sid, side=side, **fields)
    return out, Layers(order=table.layers, peeled_kinds=table.peeled_kinds)


@dataclass(frozen=True)
class Level:
    """A structure's mesh at one level of detail, on (some of) its full mesh's vertices, so
    posed vertices serve every level: `posed[level.vertices]` with `level.faces`."""

    vertices: np.ndarray  # (k,) indices into the full mesh's vertices
    faces: np.ndarray  # (m, 3) int32 indices into `vertices`


# --------------------------------------------------------------------------- atlas
class Atlas:
    """Named structures with lazily loaded, checksum-verified meshes.

    Build one with `load_atlas()`. Index by id (`atlas["sacrum"]`), search by any name
    (`atlas.find("right piriformis")`), iterate (`for s in atlas`), or filter with
    `atlas.select(kind=..., group=..., layer=..., side=...)`.
    """

    def __init__(
        self,
        mesh_dir: Path,
        manifest: Manifest,
        structures: dict[str, Structure],
        layers: Layers,
    ):
        self.mesh_dir = mesh_dir
        self.manifest = manifest
        self.structures = structures
        self.layers = layers
        self._meshes: dict[str, trimesh.Trimesh] = {}
        self._light: dict[str, Level] = {}
        self._light_failed: set[str] = set()
        missing = sorted(set(structures) - set(manifest.structures))
        if missing:
            raise ManifestError(
                f"{mesh_dir / MANIFEST} has no mesh for {', '.join(missing)} "
                f"(described in structures.yaml); {REBUILD_HINT}."
            )
        extra = sorted(set(manifest.structures) - set(structures))
        if extra:
            raise ManifestError(
                f"{mesh_dir / MANIFEST} lists {', '.join(extra)}, which structures.yaml "
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

    @cached_property
    def stems(self) -> dict[str, list[str]]:
        """Stem -> its ids, right before left ('piriformis' -> ['piriformis_r', ...])."""
        out: dict[str, list[str]] = {}
        for s in self:
            out.setdefault(s.stem, []).append(s.id)
        return out

    def expand(self, name: str) -> list[str]:
        """Ids a data file's name means: an id is itself, a stem means both sides.

        >>> atlas.expand("gluteus_medius")
        ['gluteus_medius_r', 'gluteus_medius_l']
        """
        if not isinstance(name, str):  # a list would fail as "unhashable", naming nothing
            raise GlutelibError(
                f"expand() takes one name, not a {type(name).__name__}; for example "
                "atlas.expand('piriformis') (expand each name of a list in turn)."
            )
        if name in self.structures:
            return [name]
        if name in self.stems:
            return list(self.stems[name])
        raise StructureNotFoundError(str(name), [*self.structures, *self.stems])

    def select(
        self,
        kind: str | None = None,
        group: str | None = None,
        layer: str | None = None,
        side: str | None = None,
    ) -> list[Structure]:
        """Structures matching every given filter (side 'r'/'l' keeps midline ones too)."""
        check_side(side)
        return [
            s
            for s in self
            if (kind is None or s.kind == kind)
            and (group is None or s.group == group)
            and (layer is None or s.layer == layer)
            and on_side(s.side, side)
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

    def skin_mesh(self) -> trimesh.Trimesh:
        """The body surface standing, in RAS mm (read-only); loaded on first use, checked.
        Raises MeshFileError when the manifest has none or its file fails its checks."""
        if SKIN_KEY not in self._meshes:
            entry = self.manifest.skin
            if entry is None:
                raise MeshFileError(
                    f"{self.mesh_dir / MANIFEST} has no skin; run `make meshes` to build it "
                    "(or `git checkout meshes/` to restore it)."
                )
            self._meshes[SKIN_KEY] = self._read_checked(SKIN_KEY, entry.file, entry.sha256,
                                                        entry.triangles)  # fmt: skip
        return self._meshes[SKIN_KEY]

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

    def level(self, structure_id: str, light: bool) -> Level:
        """The structure's full mesh, or its light level when `light` and there is one.

        A light file that fails its checks is logged and the full mesh drawn instead: the
        picture loses only speed.
        """
        full = self.mesh(structure_id)
        entry = self.manifest.structures[structure_id].light
        if not light or entry is None or structure_id in self._light_failed:
            return Level(np.arange(len(full.vertices)), np.asarray(full.faces, np.int32))
        if structure_id not in self._light:
            try:
                mesh = self._read_checked(structure_id, entry.file, entry.sha256, entry.triangles)
                gap, used = cKDTree(full.vertices).query(mesh.vertices)
                if len(gap) and gap.max() > 1e-6:
                    raise MeshFileError(
                        f"Mesh file {self.mesh_dir / entry.file} for {structure_id!r} has "
                        f"vertices that are not its full mesh's; {REBUILD_HINT}."
                    )
            except MeshFileError as exc:
                LOG.warning("%s Drawing the full mesh instead.", exc)
                self._light_failed.add(structure_id)
                return self.level(structure_id, light=False)
            self._light[structure_id] = Level(used, np.asarray(mesh.faces, np.int32))
        return self._light[structure_id]

    def _read_mesh(self, structure_id: str) -> trimesh.Trimesh:
        entry = self.manifest.structures[structure_id]
        return self._read_checked(structure_id, entry.file, entry.sha256, entry.triangles)

    def _read_checked(
        self, structure_id: str, file: str, sha256: str, triangles: int
    ) -> trimesh.Trimesh:
        """A mesh file read, checked against its manifest row and made read-only."""
        path = self.mesh_dir / file
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            raise MeshFileError(
                f"Mesh file {path} for {structure_id!r} is missing; {REBUILD_HINT}."
            ) from None
        except IsADirectoryError:
            raise MeshFileError(
                f"Mesh file {path} for {structure_id!r} is a folder, not a file; {REBUILD_HINT}."
            ) from None
        except OSError as exc:
            raise MeshFileError(
                f"Mesh file {path} for {structure_id!r} cannot be read ({exc.strerror}); "
                f"{REBUILD_HINT}."
            ) from None
        digest = hashlib.sha256(data).hexdigest()
        if digest != sha256:
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
        if len(mesh.faces) != triangles:
            raise MeshFileError(
                f"Mesh file {path} has {len(mesh.faces)} triangles, manifest.json says "
                f"{triangles}; {REBUILD_HINT}."
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
            base = s.stem
            for name in (s.id, base, base.replace("_", " "), s.name, s.plain_name, *s.aliases):
                index.setdefault(_normalise(name), set()).add(s.id)
        return index

    @property
    def search_names(self) -> list[str]:
        """Every name (normalised) `find` knows a structure by: ids, names, aliases, plain."""
        return list(self._names)

    def _suggestion_pool(self) -> list[str]:
        return [*self.structures, *self._names]

    def find(self, text: str, side: str | None = None) -> list[Structure]:
        """Structures matching `text`: an id, a name, an alias or a plain name, typos allowed.

        A side can be given in the text ("right piriformis", "piriformis r") or as `side`
        ('r'/'l'). Returns best matches first; an empty list when nothing is close.
        """
        if not isinstance(text, str):  # str(None) would be searched as the word "none"
            raise GlutelibError(
                f"find() takes a name as text, not {type(text).__name__}; "
                "for example atlas.find('piriformis')."
            )
        check_side(side)
        typed, words = side_in(_normalise(text).split())
        side = side or typed
        query = " ".join(words)
        if not query:
            return []
        ids = self._match(query)
        hits = [self.structures[i] for i in ids]
        return [s for s in hits if on_side(s.side, side)]

    def _match(self, query: str) -> list[str]:
        """Ids a normalised query finds, best first; kept per query (the lesson's search
        index asks for every beginning of every name, and typo matching is the cost)."""
        if query not in self._matches:
            self._matches[query] = tuple(self._match_now(query))
        return list(self._matches[query])

    @cached_property
    def _matches(self) -> dict[str, tuple[str, ...]]:
        return {}

    def _match_now(self, query: str) -> list[str]:
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
        key = side_id(name, side)
        try:
            return np.array(self.manifest.landmarks[key], dtype=float)
        except KeyError:
            raise NotFoundError(key, self.manifest.landmarks, kind="landmark") from None


def _normalise(text: str) -> str:
    """Lower case, apostrophes dropped, punctuation to spaces, single-spaced."""
    text = str(text).lower().replace("'", "").replace("’", "")
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())


def occlusion(atlas: Atlas) -> dict[str, np.ndarray]:
    """{id: (n,) float 0..1} each structure's baked ambient light per full-mesh vertex (1
    open, 0 shut in; scripts/build_occlusion.py). Raises MeshFileError when the manifest has
    none or the file fails its checks."""
    entry = atlas.manifest.occlusion
    if entry is None:
        raise MeshFileError(f"{atlas.mesh_dir / MANIFEST} has no occlusion; {REBUILD_HINT}.")
    path = atlas.mesh_dir / entry.file
    try:
        data = path.read_bytes()
    except OSError:
        raise MeshFileError(f"{path} cannot be read; {REBUILD_HINT}.") from None
    if hashlib.sha256(data).hexdigest() != entry.sha256:
        raise MeshFileError(
            f"{path} does not match its checksum in manifest.json (changed, truncated or "
            f"corrupt); {REBUILD_HINT}."
        )
    try:
        values = np.load(io.BytesIO(data), allow_pickle=False)
    except ValueError as exc:
        raise MeshFileError(f"{path} cannot be read ({exc}); {REBUILD_HINT}.") from None
    counts = list(entry.vertices.values())
    if values.dtype != np.uint8 or values.shape != (sum(counts),):
        raise MeshFileError(f"{path} does not hold {sum(counts)} bytes; {REBUILD_HINT}.")
    parts = np.split(values.astype(np.float32) / 255, np.cumsum(counts)[:-1])
    return dict(zip(entry.vertices, parts, strict=True))


def load_atlas(
    path: str | os.PathLike | None = None, structures: str | os.PathLike | None = None
) -> Atlas:
    """Load the atlas from a meshes folder (default: the repository's `meshes/`).

    `GLUTELIB_MESHES` overrides the default folder. Raises ManifestError, StructureDataError
    or MeshFileError (all GlutelibError) with the file at fault and the fix.
    """
    mesh_dir = Path(path or os.environ.get("GLUTELIB_MESHES") or DEFAULT_MESH_DIR)
    table = Path(structures) if structures else data_path(STRUCTURES)
    manifest = read_manifest(mesh_dir / MANIFEST)
    return Atlas(mesh_dir, manifest, *read_structures(table))

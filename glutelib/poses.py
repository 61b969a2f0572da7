"""Poses: named joint angles -> rigid bone transforms -> posed vertices.

Bones move rigidly as segments of a small kinematic tree rooted at the sacrum:

    vertebra_l1 .. vertebra_l5  <-  sacrum  ->  hip_bone_{r,l}  ->  thigh  ->  shank  ->  foot

Everything else (muscles, fascia, nerves, the IT band, joints, pain zones) follows the bones
it lies on by linear-blend skinning: each vertex mixes the transforms of the segments near it,
weighted by closeness (`rigging.skinning_weights`), so a muscle slides smoothly from its origin
to its insertion; across the knee and ankle a muscle's or nerve's vertex follows the side of
the joint it lies on (`rigging.split_at_joint`). A last pass pushes any vertex a pose drove
into a bone back out of it, each bone's voxels and surface samples (`rigging.BoneField`)
settling most vertices at once: tens of milliseconds a pose, fast enough for a slider.

Angles are degrees, measured from standing upright. Hip angles are the thigh's angles in the
room, not relative to the pelvis: tilting the pelvis forward with the thighs still is hip
flexion at the joint, which is how a teacher demonstrates it.
"""

from __future__ import annotations

import hashlib
import logging
import os
import zipfile
from collections import OrderedDict
from dataclasses import dataclass
from functools import cache, cached_property, lru_cache
from pathlib import Path
from typing import Literal

import numpy as np
import trimesh
from pydantic import ConfigDict, Field
from scipy.spatial import cKDTree

from glutelib import nearest, rigging
from glutelib.atlas import Atlas
from glutelib.datafiles import POSES, DataModel, data_path, read_data_file
from glutelib.errors import NotFoundError
from glutelib.sides import SIDES

LOG = logging.getLogger(__name__)
# How much the on-screen pelvis widening is exaggerated: the real few millimetres would not
# show at all. The walkthrough says so next to the picture (`Pose.widening_note`).
WIDENING_SHOWN_TIMES = 6
X, Y, Z = np.eye(3)  # RAS: right, anterior, superior
# +1 turns a right-side "outward" rotation about an upward axis into a right-hand-rule angle.
OUTWARD = {"r": -1.0, "l": 1.0}
# A vertex further than this from a bone's box is given the distance to the box as its
# clearance (less than the true one: only the exact test's shortcut is lost).
CLEARANCE_REACH_MM = 30.0
CLEARANCE_SLACK_MM = 0.01  # the PLY's 1 um rounding and float error
POSES_KEPT = 12  # poses a Rig keeps in memory (a whole posed atlas is about 1 MB)
# Across the knee and ankle, a vertex blends the two segments only this close (mm, along the
# limb) to the plane through the joint centre.
JOINT_BLEND_MM = 20.0
COVER_NEIGHBOURS = 8  # tissue vertices a covering surface (the skin) takes its weights from
LUMBAR = ("vertebra_l5", "vertebra_l4", "vertebra_l3", "vertebra_l2", "vertebra_l1")


def segment_bones() -> dict[str, tuple[str, ...]]:
    """Rigid segment -> the bone structures that move with it."""
    segments: dict[str, tuple[str, ...]] = {"sacrum": ("sacrum",)}
    segments.update({v: (v,) for v in LUMBAR})
    for s in SIDES:
        segments[f"hip_bone_{s}"] = (f"hip_bone_{s}",)
        segments[f"thigh_{s}"] = (f"femur_{s}",)
        segments[f"shank_{s}"] = (f"tibia_{s}", f"fibula_{s}", f"patella_{s}")
        segments[f"foot_{s}"] = (f"talus_{s}", f"foot_bones_{s}", f"toe_bones_{s}")
    return segments


def chain_position(segment: str) -> float:
    """Where a segment sits along the chain: lumbar < 0, pelvis 0, thigh 1, shank 2, foot 3."""
    if segment in LUMBAR:
        return -1.0 - LUMBAR.index(segment)
    return {"thigh": 1.0, "shank": 2.0, "foot": 3.0}.get(segment.rsplit("_", 1)[0], 0.0)


class LegPose(DataModel):
    """One leg's joint angles, degrees from standing. Positive = flexion, outward, external."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    hip_flexion: float = Field(0.0, ge=-30, le=130)
    hip_abduction: float = Field(0.0, ge=-30, le=50)
    hip_rotation: float = Field(0.0, ge=-45, le=60)  # + external (knee turns out)
    knee_flexion: float = Field(0.0, ge=0, le=140)
    tibial_rotation: float = Field(0.0, ge=-30, le=30)  # + external (shin turns out)
    foot_turn_out: float = Field(0.0, ge=-30, le=40)  # + toes out at the ankle


class Pose(DataModel):
    """A whole-body pose. `pelvis_widening_mm` is the real opening of the SI joints and the
    pubic symphysis; it is drawn `WIDENING_SHOWN_TIMES` larger."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    label: str = "Standing"
    plain_label: str = "Standing"
    right: LegPose = LegPose()
    left: LegPose = LegPose()
    pelvic_tilt: float = Field(0.0, ge=-30, le=30)  # + anterior (top of the pelvis forward)
    lumbar_extension: float = Field(0.0, ge=-30, le=30)  # + arching the low back
    pelvis_widening_mm: float = Field(0.0, ge=0, le=20)

    def leg(self, side: str) -> LegPose:
        return self.right if side == "r" else self.left

    @property
    def is_neutral(self) -> bool:
        return self.model_dump(exclude={"label", "plain_label"}) == Pose().model_dump(
            exclude={"label", "plain_label"}
        )

    def widening_note(self, plain: bool = False) -> str:
        """What the picture exaggerates, in words ('' when the pelvis is not widened)."""
        if not self.pelvis_widening_mm:
            return ""
        shown = self.pelvis_widening_mm * WIDENING_SHOWN_TIMES
        if plain:
            return (
                f"The pelvis joints open about {self.pelvis_widening_mm:g} mm. The picture "
                f"shows it {WIDENING_SHOWN_TIMES} times bigger ({shown:g} mm) so you can see it."
            )
        return (
            f"Pelvic widening {self.pelvis_widening_mm:g} mm (SI joints and pubic symphysis), "
            f"drawn x{WIDENING_SHOWN_TIMES} ({shown:g} mm)."
        )


class _PoseFile(DataModel):
    model_config = ConfigDict(extra="forbid")

    schema_version: int
    poses: dict[str, Pose]


def load_poses(path: Path | None = None) -> dict[str, Pose]:
    """Read poses.yaml into {name: Pose}; 'standing' is always there and neutral."""
    poses = read_data_file(path or data_path(POSES), _PoseFile, "Pose file").poses
    return {"standing": Pose(), **poses}


def angles_of(pose: Pose) -> str:
    """The pose's angles as JSON, without its names: what a posed atlas depends on."""
    return pose.model_dump_json(exclude={"label", "plain_label"})


def knees_straight(pose: Pose) -> Pose:
    """`pose` with both knees straight (everything else as it is)."""
    legs = {k: getattr(pose, k).model_copy(update={"knee_flexion": 0.0}) for k in ("right", "left")}
    return pose.model_copy(update=legs)


def default_cache_dir() -> Path | None:
    """Where posed vertices are kept between kernels: $GLUTELIB_CACHE ('' turns it off),
    else ~/.cache/glutelib."""
    env = os.environ.get("GLUTELIB_CACHE")
    if env is not None:
        return Path(env) if env else None
    return Path.home() / ".cache" / "glutelib"


def _fits(array: np.ndarray, shape: tuple[int, ...]) -> bool:
    """Whether a cached array is what posing reads: finite numbers of this shape. A file
    of the wrong shape (another build's, a hand edit) is worked out again, like garbage."""
    return array.shape == shape and array.dtype.kind == "f" and bool(np.isfinite(array).all())


def cached_arrays(path: Path | None, compute, shapes: dict[str, tuple[int, ...]]) -> dict:
    """`compute()`'s arrays {name: array of shapes[name]}, read from `path` when it is there
    and every array fits, written there when not (a read-only or unreadable cache only
    costs time)."""
    if path is not None and path.is_file():
        try:
            with np.load(path) as stored:
                arrays = {k: stored[k] for k in shapes}
            if all(_fits(arrays[k], shape) for k, shape in shapes.items()):
                return arrays
            LOG.info("cache %s holds arrays of other shapes; working them out again", path)
        except (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile):
            LOG.info("cache %s unreadable; working it out again", path)
    arrays = compute()
    if path is not None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(f".{os.getpid()}.tmp.npz")
            np.savez(tmp, **arrays)
            os.replace(tmp, path)
        except OSError as exc:
            LOG.info("cache %s not written (%s)", path, exc)
    return arrays


def derived_path(cache_dir: Path | None, atlas: Atlas, ids: list[str], name: str,
                 extra: str = "") -> Path | None:  # fmt: skip
    """Where something worked out from the meshes `ids` is kept: `name-<digest>.npz` in the
    cache folder, the digest covering their checksums, `extra`, and the code posing runs:
    this module, `rigging` and `nearest` (None without a cache folder)."""
    if cache_dir is None:
        return None
    digest = hashlib.sha256()
    for sid in ids:
        digest.update(atlas.manifest.structures[sid].sha256.encode())
    digest.update(extra.encode())
    for module in (__file__, rigging.__file__, nearest.__file__):
        digest.update(Path(module).read_bytes())
    return cache_dir / f"{name}-{digest.hexdigest()[:24]}.npz"


def bone_clearance(vertices: np.ndarray, fields: dict[str, rigging.BoneField]) -> np.ndarray:
    """(n, b) mm a vertex (n, 3) can move, in a bone's frame, without entering it: its
    distance to the bone's surface or less (beyond CLEARANCE_REACH_MM of the bone's box, the
    distance to the box; beyond a few mm of the surface, the distance to its nearest sample
    less the samples' spacing); near an open mesh's hole, less again by as far as a point can
    go into the hole unseen (half the open edges' length); 0 for a vertex inside, and for one
    inside an open mesh's voxels (further in than `rigging.OPEN_REACH_MM` it counts as
    outside, and a small move can bring it within)."""
    out = np.empty((len(vertices), len(fields)), dtype=np.float32)
    for j, field in enumerate(fields.values()):
        lo, hi = field.bounds
        box = np.linalg.norm(np.maximum(np.maximum(lo - vertices, vertices - hi), 0.0), axis=1)
        near = np.flatnonzero(box < CLEARANCE_REACH_MM)
        if len(near):
            v = vertices[near]
            sample = field.tree.query(v)[0] - field.spacing
            exact = np.flatnonzero(sample < 4.0)
            sample[exact] = field.closest(v[exact])[1]
            if len(field.rim):
                rim = cKDTree(field.rim).query(v)[0] - field.spacing - field.rim_reach
                sample = np.minimum(sample, rim)
            inside = field.push_out(v)[0]
            if not field.closed:
                inside |= field.classify(v) == rigging.INSIDE
            box[near] = np.where(inside, 0.0, np.maximum(sample, 0.0))
        out[:, j] = box
    return out


@dataclass(frozen=True)
class _PoseFrames:
    """What posing needs of one pose: segment -> (4, 4) transform and inverse; bone -> its
    posed (lo, hi) box (`_Bones.boxes`)."""

    pose: Pose
    transforms: dict[str, np.ndarray]
    inverse: dict[str, np.ndarray]
    boxes: dict[str, tuple[np.ndarray, np.ndarray]]


class _Bones:
    """The rig's bones as rigid obstacles: each one's field (`rigging.BoneField`, in its own
    standing frame), its box, the push of posed points back out of them, and how deep points
    reach in."""

    def __init__(self, atlas: Atlas, segment_of_bone: dict[str, str]):
        self.atlas = atlas
        self.segment_of_bone = segment_of_bone

    @cached_property
    def fields(self) -> dict[str, rigging.BoneField]:
        """Each bone's field (a second or two for all, once a kernel)."""
        return {bone: rigging.bone_field(self.atlas.mesh(bone)) for bone in self.segment_of_bone}

    @cached_property
    def _corners(self) -> dict[str, np.ndarray]:
        """Each bone's box corners (8, 3), standing."""
        return {bone: np.array(np.meshgrid(*self.atlas.mesh(bone).bounds.T)).T.reshape(-1, 3)
                for bone in self.segment_of_bone}  # fmt: skip

    def boxes(self, transforms: dict[str, np.ndarray]) -> dict[str, tuple[np.ndarray, np.ndarray]]:
        """Bone -> its posed (lo, hi) box, 2 mm wider (its voxels reach no further out)."""
        out = {}
        for bone, segment in self.segment_of_bone.items():
            moved = rigging.apply(transforms[segment], self._corners[bone])
            out[bone] = (moved.min(axis=0) - 2, moved.max(axis=0) + 2)
        return out

    def push(self, points: np.ndarray, frames: _PoseFrames, rest: np.ndarray,
             clearance: np.ndarray, done: np.ndarray | None = None
             ) -> tuple[np.ndarray, np.ndarray]:  # fmt: skip
        """Move posed points (n, 3) that a pose drove into a bone back out of it; `rest`
        (n, 3) are where they stand, `clearance` (n, b) how far that is from each bone and
        `done` (n,) the bone (its column) each was last pushed out of, not to test again
        unless another bone moves it first.
        Returns the points and the bone each was last pushed out of (-1: none).

        Each bone is rigid, so the test runs in the bone's standing frame against its field:
        only points in the posed bone's box are looked at, of those only the ones that moved
        (in that frame) at least their clearance from it, and of those the field's voxels
        settle most at once.
        """
        out = np.array(points, dtype=float, copy=True)
        last = np.full(len(out), -1)
        done = None if done is None else done.copy()
        order = np.argsort(out[:, 0])  # boxes cut a run of x first
        xs, shift = out[order, 0], 0.0  # shift: how far a push has moved a point since
        for j, (bone, field) in enumerate(self.fields.items()):
            segment = self.segment_of_bone[bone]
            lo, hi = frames.boxes[bone]
            run = order[slice(*np.searchsorted(xs, [lo[0] - shift, hi[0] + shift]))]
            o = out[run]
            near = run[(o[:, 0] > lo[0]) & (o[:, 0] < hi[0]) & (o[:, 1] > lo[1])
                       & (o[:, 1] < hi[1]) & (o[:, 2] > lo[2]) & (o[:, 2] < hi[2])]  # fmt: skip
            if done is not None:
                near = near[done[near] != j]
            if not len(near):
                continue
            local = rigging.apply(frames.inverse[segment], out[near])
            travel = np.linalg.norm(local - rest[near], axis=1)
            moved = travel >= clearance[near, j] - CLEARANCE_SLACK_MM
            near, local = near[moved], local[moved]
            inside, pushed = field.push_out(local)
            if inside.any():
                hit = near[inside]
                before = out[hit]
                out[hit] = rigging.apply(frames.transforms[segment], pushed)
                shift = max(shift, float(np.linalg.norm(out[hit] - before, axis=1).max()))
                last[hit] = j
                if done is not None:
                    done[hit] = -1
        return out, last

    def depth(self, points: np.ndarray, inverse: dict[str, np.ndarray]) -> float:
        """How deep (mm) posed points (n, 3) reach into any bone; `inverse`: segment -> the
        pose's inverse transform. See `Rig.depth_in_bones`."""
        deepest = 0.0
        for bone, segment in self.segment_of_bone.items():
            local = rigging.apply(inverse[segment], points)
            local = local[self.fields[bone].classify(local) != rigging.OUTSIDE]
            if len(local):
                depth = rigging.depth_inside(local, self.atlas.mesh(bone))
                deepest = max(deepest, float(depth.max()))
        return deepest


REPOSE_AT_MOST = 0.8  # a change that moves more of the soft tissue than this poses it all


class _SoftTissue:
    """The atlas structures posed by skinning (all but the bones), stacked into one array:
    skinned and pushed out of the bones in one go."""

    def __init__(self, rig: Rig):
        self.rig = rig
        self.keys = [k for k in rig.loadable if k not in rig._segment_of_bone]
        meshes = [rig.atlas.mesh(k) for k in self.keys]
        self.cuts = np.cumsum([len(m.vertices) for m in meshes])[:-1]  # where each ends
        self.rest = np.vstack([np.asarray(m.vertices) for m in meshes])  # (n, 3) standing
        self._last: tuple[Pose, np.ndarray, np.ndarray] | None = None  # pose, posed, skinned

    @cached_property
    def weights(self) -> np.ndarray:
        return np.vstack([self.rig.weights(k) for k in self.keys])

    @cached_property
    def clearance(self) -> np.ndarray:
        """(n, b) mm from each standing vertex to each bone (`bone_clearance`). A pose that
        moves a vertex less than that, in a bone's frame, cannot have put it inside, so the
        test skips it. Kept on disk."""
        rig = self.rig
        path = derived_path(rig.cache_dir, rig.atlas, rig.loadable, "clearance")

        def measure() -> dict:
            return {"array": bone_clearance(self.rest, rig.bones.fields)}

        shape = {"array": (len(self.rest), len(rig._segment_of_bone))}
        return cached_arrays(path, measure, shape)["array"]

    def rows(self, key: str) -> slice:
        """Where the structure's vertices lie in the stack."""
        i = self.keys.index(key)
        ends = [0, *self.cuts, len(self.rest)]
        return slice(ends[i], ends[i + 1])

    def pose(self, pose: Pose, rows: slice | np.ndarray = slice(None)) -> np.ndarray:
        """(n, 3) the vertices (those in `rows`) in `pose`: skinned, then out of the bones.
        Each vertex is posed on its own, so a slice gets the same numbers as the whole."""
        return self.posed_and_skinned(pose, rows)[0]

    def posed_and_skinned(self, pose: Pose, rows: slice | np.ndarray = slice(None)
                          ) -> tuple[np.ndarray, np.ndarray]:  # fmt: skip
        """(n, 3) the vertices in `pose` as `pose` gives them, and (n, 3) only skinned."""
        frames = self.rig._frames(pose)
        stack = np.array([frames.transforms[n] for n in self.rig.names])
        skinned = rigging.blend(self.rest[rows], self.weights[rows], stack)
        push, rest, clearance = self.rig.bones.push, self.rest[rows], self.clearance[rows]
        once, last = push(skinned, frames, rest, clearance)
        moved = np.flatnonzero(last >= 0)
        if len(moved):  # a push out of one bone can land in another: those points again
            once[moved] = push(once[moved], frames, rest[moved], clearance[moved],
                               last[moved])[0]  # fmt: skip
        return once, skinned

    def repose(self, pose: Pose, before: Pose, posed: np.ndarray, skinned: np.ndarray
               ) -> tuple[np.ndarray, np.ndarray]:  # fmt: skip
        """`posed_and_skinned(pose)` from the same, (n, 3) each, in `before`: only the
        vertices the change can move are posed again (a knee's slider: the shin's and what
        crosses the knee), to the same numbers, since each vertex is posed on its own. Those
        are the ones weighted on a segment that moved (the others skin as before), and the
        ones in a moved bone's box, before or now (a push out of it, then or now)."""
        rig = self.rig
        now, then = rig._frames(pose), rig.transforms(before)
        moved = [k for k, n in enumerate(rig.names)
                 if not np.array_equal(now.transforms[n], then[n])]  # fmt: skip
        moved_segments = {rig.names[k] for k in moved}
        again = self.weights[:, moved].any(axis=1)
        if again.mean() > REPOSE_AT_MOST:  # most of the body moved: pose it all, unsorted
            return self.posed_and_skinned(pose)
        old_boxes = rig.bones.boxes(then)
        columns = [np.ascontiguousarray(a.T) for a in (posed, skinned)]  # x, y, z apart
        for bone, segment in rig._segment_of_bone.items():
            if segment in moved_segments:
                for (x, y, z), (lo, hi) in ((columns[0], old_boxes[bone]),
                                            (columns[0], now.boxes[bone]),
                                            (columns[1], now.boxes[bone])):  # fmt: skip
                    near = np.flatnonzero((x >= lo[0]) & (x <= hi[0]))  # x first: a thin run
                    again[near[(y[near] >= lo[1]) & (y[near] <= hi[1])
                               & (z[near] >= lo[2]) & (z[near] <= hi[2])]] = True  # fmt: skip
        rows = np.flatnonzero(again)
        out, skin = np.array(posed, copy=True), np.array(skinned, copy=True)
        out[rows], skin[rows] = self.posed_and_skinned(pose, rows)
        return out, skin

    def follow(self, pose: Pose) -> np.ndarray:
        """(n, 3) every vertex in `pose`, from the last pose this was asked for (a slider's
        angle before this one; `repose`), or anew."""
        last = self._last
        self._last = (pose, *(self.repose(pose, *last) if last else self.posed_and_skinned(pose)))
        return self._last[1]


class _Coverings:
    """Meshes that lie over the atlas' tissue (the skin), posed by keeping each vertex at its
    standing offset from the tissue under it. Bones poke through a skin blended between
    segments at a bent knee; anchored to the posed tissue, it stays over it."""

    def __init__(self, rig: Rig):
        self.rig = rig
        self.keys: set[str] = set()
        self._anchored: dict[str, tuple[np.ndarray, np.ndarray, np.ndarray]] = {}

    @cached_property
    def tissue_keys(self) -> list[str]:
        """Every posed atlas structure, soft tissue then bones: what a covering lies on."""
        return [*self.rig.soft.keys, *self.rig._segment_of_bone]

    @cached_property
    def tissue(self) -> tuple[np.ndarray, np.ndarray]:
        """(m, 3) standing vertices of `tissue_keys` and (m, k) their skinning weights (a
        bone's all on its segment)."""
        rig = self.rig
        column = {n: k for k, n in enumerate(rig.names)}
        bones = [np.asarray(rig.atlas.mesh(b).vertices) for b in rig._segment_of_bone]
        one_hot = [np.eye(len(rig.names))[[column[s]] * len(p)]
                   for s, p in zip(rig._segment_of_bone.values(), bones, strict=True)]  # fmt: skip
        return np.vstack([rig.soft.rest, *bones]), np.vstack([rig.soft.weights, *one_hot])

    @cached_property
    def _tissue_tree(self) -> cKDTree:
        """One search tree over `tissue`, shared by every covering (the skin, each zone)."""
        return cKDTree(self.tissue[0])

    def anchors(self, key: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """For each vertex of a covering mesh: (n, j) indices of the COVER_NEIGHBOURS tissue
        vertices nearest it standing, (n, j) their shares (nearer ones more, summing to 1)
        and (n, 3) its offset from their weighted middle."""
        if key not in self._anchored:
            vertices = np.asarray(self.rig._mesh(key).vertices)
            points, _ = self.tissue
            distance, index = self._tissue_tree.query(vertices, k=COVER_NEIGHBOURS)
            near = 1.0 / (distance + 1.0) ** 2
            near /= near.sum(axis=1, keepdims=True)
            middle = np.einsum("nj,njd->nd", near, points[index])
            self._anchored[key] = (index, near, vertices - middle)
        return self._anchored[key]

    def weights(self, key: str) -> np.ndarray:
        """(n, k) skinning weights of a covering mesh: its anchors', so it turns with the
        muscle or bone under it, not with the nearest bone."""
        index, near, _ = self.anchors(key)
        return np.einsum("nj,njk->nk", near, self.tissue[1][index])

    def pose(self, key: str, posed: dict[str, np.ndarray], pose: Pose) -> np.ndarray:
        """(n, 3) a covering mesh in `pose`, over the tissue as posed (`posed`: every atlas
        structure's vertices in it): each vertex at the middle of its anchors plus its
        standing offset, turned as that tissue turns."""
        rig = self.rig
        index, near, offset = self.anchors(key)
        tissue = np.vstack([posed[k] for k in self.tissue_keys])
        middle = np.einsum("nj,njd->nd", near, tissue[index])
        stack = np.array([rig._frames(pose).transforms[n] for n in rig.names])
        turn = np.einsum("nk,kij->nij", rig.weights(key), stack[:, :3, :3])
        return middle + np.einsum("nij,nj->ni", turn, offset)


class _Skeleton:
    """Where the rig's joints are (from the atlas' landmarks and vertebrae) and how a pose
    turns each segment about them."""

    def __init__(self, atlas: Atlas):
        self.atlas = atlas

    def _landmark(self, name: str, side: str) -> np.ndarray:
        return self.atlas.landmark(name, side)

    def ankle(self, side: str) -> np.ndarray:
        """(3,) midway between the malleoli."""
        malleoli = ("lateral_malleolus", "medial_malleolus")
        return sum(self._landmark(name, side) for name in malleoli) / 2

    @cached_property
    def _disc_centres(self) -> list[np.ndarray]:
        """(3,) centres the lumbar levels bend about, L5/S1 first."""
        c = [self.atlas.mesh(v).vertices.mean(axis=0) for v in LUMBAR]
        discs = [c[0] - (c[1] - c[0]) / 2]
        discs += [(c[i] + c[i - 1]) / 2 for i in range(1, len(c))]
        return discs

    def transforms(self, pose: Pose) -> dict[str, np.ndarray]:
        """Segment name -> (4, 4) transform from standing to `pose`."""
        out: dict[str, np.ndarray] = {}
        pelvis = rigging.about(np.zeros(3), rigging.rotation(X, -pose.pelvic_tilt))
        out["sacrum"] = pelvis
        level = pelvis
        for vertebra, disc in zip(LUMBAR, self._disc_centres, strict=True):
            bend = rigging.rotation(X, pose.lumbar_extension / len(LUMBAR))
            level = level @ rigging.about(disc, bend)
            out[vertebra] = level
        half = pose.pelvis_widening_mm * WIDENING_SHOWN_TIMES / 2
        for s in SIDES:
            leg, sign = pose.leg(s), OUTWARD[s]
            shift = np.eye(4)
            shift[0, 3] = half if s == "r" else -half
            out[f"hip_bone_{s}"] = pelvis @ shift
            hip, knee, ankle = (self._landmark("hip_joint_centre", s),
                                self._landmark("knee_joint_centre", s), self.ankle(s))  # fmt: skip
            thigh_axis, shin_axis = hip - knee, knee - ankle
            r_hip = (
                rigging.rotation(X, leg.hip_flexion)
                @ rigging.rotation(Y, sign * leg.hip_abduction)
                @ rigging.rotation(thigh_axis, sign * leg.hip_rotation)
            )
            thigh = rigging.about(hip, r_hip, rigging.apply(out[f"hip_bone_{s}"], hip[None])[0])
            r_knee = r_hip @ (
                rigging.rotation(X, -leg.knee_flexion)
                @ rigging.rotation(shin_axis, sign * leg.tibial_rotation)
            )
            shank = rigging.about(knee, r_knee, rigging.apply(thigh, knee[None])[0])
            r_foot = r_knee @ rigging.rotation(shin_axis, sign * leg.foot_turn_out)
            foot = rigging.about(ankle, r_foot, rigging.apply(shank, ankle[None])[0])
            out[f"thigh_{s}"], out[f"shank_{s}"], out[f"foot_{s}"] = thigh, shank, foot
        return out

    @cached_property
    def joint_split(self) -> list[tuple[str, str, np.ndarray, np.ndarray]]:
        """(upper segment, lower segment, joint centre (3,), unit axis (3,) pointing up the
        upper segment) for each knee and ankle."""
        out = []
        for s in SIDES:
            hip, knee = (
                self._landmark("hip_joint_centre", s),
                self._landmark("knee_joint_centre", s),
            )
            ankle = self.ankle(s)
            for upper, lower, centre, top in (("thigh", "shank", knee, hip),
                                              ("shank", "foot", ankle, knee)):  # fmt: skip
                axis = (top - centre) / np.linalg.norm(top - centre)
                out.append((f"{upper}_{s}", f"{lower}_{s}", centre, axis))
        return out


class Rig:
    """The atlas' bones as rigid segments, and skinning for every other structure.

    >>> rig = Rig(atlas)
    >>> rig.vertices("gluteus_maximus_r", poses["seated"])   # (n, 3) posed
    >>> rig.length_ratio("gluteus_maximus_r", poses["seated"])  # > 1: stretched
    """

    def __init__(self, atlas: Atlas, cache_dir: Path | Literal["default"] | None = "default"):
        self.atlas = atlas
        self.skeleton = _Skeleton(atlas)
        self.cache_dir = default_cache_dir() if cache_dir == "default" else cache_dir
        self._weights: dict[str, np.ndarray] = {}
        # pose -> {structure: posed vertices}, the latest POSES_KEPT poses (a slider makes many)
        self._posed: OrderedDict[Pose, dict[str, np.ndarray]] = OrderedDict()
        self._extra: dict[str, trimesh.Trimesh] = {}  # meshes that are not atlas structures
        self.coverings = _Coverings(self)  # extra meshes that lie over the tissue
        self._last_frames: _PoseFrames | None = None

    def transforms(self, pose: Pose) -> dict[str, np.ndarray]:
        """Segment name -> (4, 4) transform from standing to `pose`."""
        return self.skeleton.transforms(pose)

    # skinning ---------------------------------------------------------------
    @cached_property
    def segments(self) -> dict[str, tuple[str, ...]]:
        """Rigid segment -> its bones whose meshes load: a broken bone is left out, like its
        structure, and a segment left with no bone carries no vertex."""
        loadable = set(self.loadable)
        kept = {seg: tuple(b for b in bones if b in loadable)
                for seg, bones in segment_bones().items()}  # fmt: skip
        return {seg: bones for seg, bones in kept.items() if bones}

    @cached_property
    def names(self) -> list[str]:
        """The segments, in the order of the skinning weights' columns."""
        return list(self.segments)

    @cached_property
    def _segment_of_bone(self) -> dict[str, str]:
        return {bone: seg for seg, bones in self.segments.items() for bone in bones}

    @cached_property
    def bones(self) -> _Bones:
        """The bones as obstacles soft tissue is pushed out of."""
        return _Bones(self.atlas, self._segment_of_bone)

    @cached_property
    def soft(self) -> _SoftTissue:
        """Every atlas structure but the bones, posed in one go."""
        return _SoftTissue(self)

    @cached_property
    def _trees(self) -> list[cKDTree]:
        return [cKDTree(np.vstack([self.atlas.mesh(b).vertices for b in self.segments[seg]]))
                for seg in self.names]  # fmt: skip

    def weights(self, key: str) -> np.ndarray:
        """(n, k) skinning weights of a structure's vertices over `self.names` segments.

        Closeness to the bones decides between the segments a structure reaches; then, for a
        muscle or nerve, across the knee and the ankle, which side of the joint a vertex lies
        on decides between the two segments there (`_Skeleton.joint_split`): a hamstring's
        lower belly lies nearer the tibia's condyles than the femur's shaft, yet above the knee
        it moves with the thigh. The IT band keeps closeness alone: held to the femur above the
        epicondyle, it slides over it as the knee bends.
        """
        if key not in self._weights and key in self.coverings.keys:
            self._weights[key] = self.coverings.weights(key)
        if key not in self._weights:
            v = np.asarray(self._mesh(key).vertices)
            distances = np.column_stack([tree.query(v)[0] for tree in self._trees])
            w = rigging.skinning_weights(v, distances)
            column = {n: k for k, n in enumerate(self.names)}
            along_limb = key in self.atlas.ids and self.atlas[key].kind in ("muscle", "nerve")
            for upper, lower, centre, axis in self.skeleton.joint_split if along_limb else ():
                if upper in column and lower in column:
                    w = rigging.split_at_joint(v, w, column[upper], column[lower], centre, axis,
                                               JOINT_BLEND_MM)  # fmt: skip
            self._weights[key] = w
        return self._weights[key]

    def _mesh(self, key: str) -> trimesh.Trimesh:
        return self._extra[key] if key in self._extra else self.atlas.mesh(key)

    def add_mesh(self, key: str, mesh: trimesh.Trimesh, covering: bool = False) -> None:
        """Let a mesh that is not an atlas structure (a pain zone, the skin) follow poses
        too; `covering`: it lies over the atlas' tissue and moves with what is under it."""
        self._extra[key] = mesh
        if covering:
            self.coverings.keys.add(key)

    def vertices(self, key: str, pose: Pose) -> np.ndarray:
        """(n, 3) the structure's vertices in `pose` (the stored mesh when standing)."""
        mesh = self._mesh(key)
        if pose.is_neutral:
            return np.asarray(mesh.vertices)
        posed = self._posed.get(pose)
        if posed is None:
            posed = self._posed[pose] = self._pose_atlas(pose)
            while len(self._posed) > POSES_KEPT:
                self._posed.popitem(last=False)
        self._posed.move_to_end(pose)
        if key not in posed and key in self.coverings.keys:
            posed[key] = self.coverings.pose(key, posed, pose)
        elif key not in posed:  # an extra mesh: skinned, never pushed out of bone
            stack = np.array([self._frames(pose).transforms[n] for n in self.names])
            posed[key] = rigging.blend(np.asarray(mesh.vertices), self.weights(key), stack)
        return posed[key]

    # posing -------------------------------------------------------------------
    def _pose_atlas(self, pose: Pose) -> dict[str, np.ndarray]:
        """Every atlas structure in `pose`; a preset pose (poses.yaml) through the disk cache,
        so a new kernel opening a walkthrough need not build the bone fields."""
        if angles_of(pose) not in self._presets:
            return self._pose_structures(pose)
        shapes = {k: self.atlas.mesh(k).vertices.shape for k in self.loadable}
        return cached_arrays(self._cache_path(pose), lambda: self._pose_structures(pose), shapes)

    def _pose_structures(self, pose: Pose) -> dict[str, np.ndarray]:
        transforms = self._frames(pose).transforms
        out = {bone: rigging.apply(transforms[seg], np.asarray(self.atlas.mesh(bone).vertices))
               for bone, seg in self._segment_of_bone.items()}  # fmt: skip
        soft = self.soft.follow(pose)
        out.update(zip(self.soft.keys, np.split(soft, self.soft.cuts), strict=True))
        return out

    @cached_property
    def _presets(self) -> set[str]:
        """The poses kept on disk: poses.yaml's, and each with its knees straight (what a
        length across a bent knee is measured in)."""
        presets = list(load_poses().values())
        return {angles_of(p) for p in [*presets, *map(knees_straight, presets)]}

    @cached_property
    def loadable(self) -> list[str]:
        """Atlas ids whose meshes load (a broken file leaves its structure out, not the pose)."""
        return [sid for sid in self.atlas.ids if sid not in self.atlas.broken]

    def _cache_path(self, pose: Pose) -> Path | None:
        return derived_path(self.cache_dir, self.atlas, self.loadable, "pose", angles_of(pose))

    def _frames(self, pose: Pose) -> _PoseFrames:
        """The pose's segment transforms, inverses and posed bones' boxes (kept for the last)."""
        if self._last_frames is None or self._last_frames.pose != pose:
            transforms = self.transforms(pose)
            inverse = {seg: np.linalg.inv(t) for seg, t in transforms.items()}
            boxes = self.bones.boxes(transforms)
            self._last_frames = _PoseFrames(pose, transforms, inverse, boxes)
        return self._last_frames

    def depth_in_bones(self, key: str, pose: Pose) -> float:
        """How deep (mm) the structure's posed vertices reach into any posed bone.

        Measured in each bone's own frame with the exact judgement (`rigging.depth_inside`:
        trimesh's ray test, or an open mesh's closest face), on the vertices the bone's
        voxels do not place outside it: a bone is rigid, so this equals the depth in the room.
        Points outside an open mesh's plugged volume that merely face its inner side a few mm
        away (the model's tibia) do not count.
        """
        return self.bones.depth(self.vertices(key, pose), self._frames(pose).inverse)

    # lengths ----------------------------------------------------------------
    @cache  # noqa: B019 - standing geometry, asked per length
    def _along(self, key: str) -> np.ndarray:
        """(n,) each vertex's place along the bone chain, from its skinning weights."""
        chain = np.array([chain_position(n) for n in self.names])
        return self.weights(key) @ chain

    def crosses_joint(self, key: str) -> bool:
        """Whether the structure spans more than one segment (so `path` runs along it)."""
        return bool(np.ptp(self._along(key)) >= 0.25)

    def path(self, key: str, pose: Pose, alone: bool = False) -> np.ndarray:
        """(10, 3) the structure's centre line in `pose`, origin end first; `alone`: from its
        own vertices posed without the rest of the atlas (the same line, to sweep a joint)."""
        alone = alone and not pose.is_neutral and key in self.soft.keys
        vertices = self.soft.pose(pose, self.soft.rows(key)) if alone else self.vertices(key, pose)
        return rigging.centroids(vertices, self._slices(key))

    @cache  # noqa: B019 - standing geometry, asked per length
    def _slices(self, key: str) -> tuple[np.ndarray, np.ndarray]:
        return rigging.centre_slices(self._along(key))

    @lru_cache(maxsize=4096)  # noqa: B019 - a Rig lives as long as its library
    def length_ratio(self, key: str, pose: Pose, alone: bool = False) -> float:
        """Centre-line length in `pose` over its length standing (1.0 = unchanged); `alone`
        as in `path`.

        A structure on a single segment crosses no joint, so no pose changes its length. One
        that crosses a knee is measured with that knee straight, less its moment arm there
        times the knee's flexion (`knee_moment_arms`): bending the knee swings the part
        below it round the joint, which straight segments between centre-line points would
        cut across (a hamstring's tendon would pass its own belly past 90 degrees).
        """
        if not self.crosses_joint(key):
            return 1.0
        standing = self._standing_length(key)
        straight = knees_straight(pose)
        arms = self.knee_moment_arms(key)
        if not arms or straight == pose:
            return rigging.path_length(self.path(key, pose, alone)) / standing
        bent = sum(arm * np.radians(pose.leg(s).knee_flexion) for s, arm in arms.items())
        alone = alone or angles_of(straight) not in self._presets  # a preset's is on disk
        return self.length_ratio(key, straight, alone) - bent / standing  # kept for a knee's drag

    @cache  # noqa: B019 - standing geometry, asked per length
    def _standing_length(self, key: str) -> float:
        return rigging.path_length(self.path(key, Pose()))

    @cache  # noqa: B019 - standing geometry, asked per length
    def knee_moment_arms(self, key: str) -> dict[str, float]:
        """{side: mm} for each knee the structure's centre line crosses: how far behind the
        knee's flexion axis (+; in front: -) it passes, where it crosses the plane through
        the knee centre across the thigh. Its length shortens by this times the flexion in
        radians (a hamstring: about 3 cm)."""
        line = self.path(key, Pose())
        arms = {}
        for upper, _, centre, axis in self.skeleton.joint_split[::2]:  # the knees
            height = (line - centre) @ axis
            cross = np.flatnonzero((height[:-1] > 0) & (height[1:] <= 0))
            if not len(cross) or not self.weights(key)[:, self.names.index(upper)].any():
                continue
            i = cross[0]
            at = line[i] + (line[i + 1] - line[i]) * height[i] / (height[i] - height[i + 1])
            arms[upper.rsplit("_", 1)[1]] = float(centre[1] - at[1])  # +y is anterior
        return arms

    def posed_bounds(self, keys: list[str], pose: Pose) -> np.ndarray:
        """(2, 3) box around the bones among `keys` in `pose` (rigid, so cheap)."""
        boxes = []
        for key in keys:
            if key not in self._segment_of_bone and not pose.is_neutral:
                continue
            rigid = key in self._segment_of_bone
            v = self.vertices(key, pose) if rigid else self._mesh(key).vertices
            boxes.append([v.min(axis=0), v.max(axis=0)])
        if not boxes:
            raise NotFoundError("(no bones in this scene)", [], kind="bone")
        b = np.array(boxes)
        return np.array([b[:, 0].min(axis=0), b[:, 1].max(axis=0)])


__all__ = ["WIDENING_SHOWN_TIMES", "LegPose", "Pose", "Rig", "load_poses", "segment_bones"]

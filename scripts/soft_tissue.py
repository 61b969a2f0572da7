"""Recipes for everything in the atlas that is not a bone: muscles, the IT band, nerves, joints.

Each recipe is a rule on the model's own points (muscle path sites, landmarks, bone surfaces),
stated in code next to its provenance string, so a student (or a test) can check it.
Right-side points are computed and the left side is the mirror image (x -> -x): the model is
symmetric to a fraction of a millimetre.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import trimesh
import yaml
from scipy.spatial import cKDTree

from glutelib.geometry import loft_sheet, resample_path, sweep
from glutelib.rigging import depth_inside, path_length, push_out_of

# Volume scale: Handsfield 2014 means are for height x mass ~ 124 m.kg; the Rajagopal 2016
# generic model is 1.70 m and 75.3 kg.
VOLUME_SCALE = 1.70 * 75.337 / 124.0
HANDSFIELD_CM3 = {
    "gluteus_maximus": 849, "adductor_magnus": 560, "gluteus_medius": 323, "psoas_major": 275,
    "semimembranosus": 245, "biceps_femoris_long_head": 207, "semitendinosus": 186,
    "iliacus": 177, "gluteus_minimus": 105, "tensor_fasciae_latae": 65, "piriformis": 43,
    "quadratus_femoris": 32,
}  # fmt: skip
# Small deep rotators have no Handsfield figure: sizes assumed from their PCSA and fibre length
# (Parvaresh 2019): PCSA x fibre length, rounded up for tendon and aponeurosis.
ASSUMED_CM3 = {
    "gemellus_superior": 6, "gemellus_inferior": 8, "obturator_internus": 25,
    "obturator_externus": 36,
}  # fmt: skip
# Trunk muscles have no Handsfield figure either: a typical MRI cross-section times length,
# tapered (quadratus lumborum ~4 cm2 over ~15 cm; lumbar erector spinae with multifidus
# ~20 cm2 at L3 over ~20 cm from the sacrum to L1). Schematic, and said so in provenance.
TRUNK_CM3 = {"quadratus_lumborum": 45, "erector_spinae": 250}
MIRROR = np.array([-1.0, 1.0, 1.0])
# Vertices closer than this are one point. Meshes are written at 1 um precision, which moves a
# vertex by under 1 um; 10 um keeps every pair that survives welding distinct after writing.
WELD_MM = 0.01


@dataclass
class Built:
    """A structure's mesh (right side) and how it was made."""

    mesh: trimesh.Trimesh
    method: str
    target_cm3: float | None = None


def fit_volume(make, target_mm3: float, start: float = 1.0) -> tuple[trimesh.Trimesh, float]:
    """Call make(scale) and adjust scale (a cross-section factor) until the volume matches."""
    scale = start
    mesh = make(scale)
    for _ in range(4):
        vol = abs(mesh.volume)
        if vol <= 0:
            break
        scale *= (target_mm3 / vol) ** 0.5
        mesh = make(scale)
    return mesh, scale


def belly_profile(n: int, tendon_start: float, tendon_end: float, power: float = 0.8) -> np.ndarray:
    """(n,) cross-section factor: thin tendons at the ends, a full belly between."""
    s = np.linspace(0, 1, n)
    belly = np.clip((s - tendon_start) / max(1 - tendon_start - tendon_end, 1e-6), 0, 1)
    shape = np.sin(np.pi * belly) ** power
    return 0.18 + 0.82 * shape


class SoftTissue:
    """Builds the right-side soft tissues of the atlas from a posed MyoLeg and its bones."""

    def __init__(self, leg, bones: dict[str, trimesh.Trimesh], rotators_yaml: str):
        self.leg = leg
        self.bones = bones
        self.rotators = yaml.safe_load(rotators_yaml)
        self.lm = self.landmarks()
        self._built: dict[str, Built] = {}  # recipes other recipes build on, made once

    def _once(self, name: str, make) -> Built:
        if name not in self._built:
            self._built[name] = make()
        return self._built[name]

    # -- points --------------------------------------------------------------------------
    def site(self, name: str) -> np.ndarray:
        return self.leg.to_ras(self.leg.data.site(name).xpos[None])[0]

    def path(self, muscle: str) -> np.ndarray:
        """A model muscle's path sites in order, right side, (k, 3) RAS mm."""
        pts, k = [], 1
        while True:
            try:
                pts.append(self.site(f"{muscle}-P{k}_r"))
            except KeyError:
                return np.array(pts)
            k += 1

    def body_point(self, body: str, xyz_m) -> np.ndarray:
        d = self.leg.data.body(body)
        world = d.xpos + d.xmat.reshape(3, 3) @ np.asarray(xyz_m, dtype=float)
        return self.leg.to_ras(world[None])[0]

    def rotator(self, muscle: str) -> np.ndarray:
        return np.array(
            [self.body_point(p["body"], p["xyz"]) for p in self.rotators["muscles"][muscle]]
        )

    def landmarks(self) -> dict[str, np.ndarray]:
        """Right-side landmarks in RAS mm, each from a stated rule (see the comments)."""
        b = self.bones
        hip = b["hip_bone_r"].vertices
        femur = b["femur_r"].vertices
        tibia = b["tibia_r"].vertices
        fibula = b["fibula_r"].vertices
        centre = self.leg.to_ras(self.leg.data.body("femur_r").xpos[None])[0]
        lm = {
            "hip_joint_centre": centre,  # femur body origin
            "asis": self.site("ASI_r"),  # the model's pelvis markers
            "psis": self.site("PSI_r"),
            "iliac_crest_top": hip[np.argmax(hip[:, 2])],  # highest point of the hip bone
        }
        lateral = femur[femur[:, 0] > centre[0] + 25]
        lm["greater_trochanter"] = lateral[np.argmax(lateral[:, 2])]  # top of the lateral bump
        posterior = hip[hip[:, 1] < centre[1] - 15]
        lm["ischial_tuberosity"] = posterior[np.argmin(posterior[:, 2])]  # lowest posterior point
        pr = self.rotators["landmarks"]
        lm["ischial_spine"] = self.body_point("pelvis", pr["ischial_spine"]["xyz"])
        lm["greater_sciatic_notch"] = hip[
            np.argmin(np.linalg.norm(hip - self.path("piri")[1], axis=1))
        ]
        lm["lesser_trochanter"] = femur[
            np.argmin(np.linalg.norm(femur - self.path("psoas")[-1], axis=1))
        ]
        knee = self.leg.to_ras(self.leg.data.body("tibia_r").xpos[None])[0]
        lm["knee_joint_centre"] = knee  # tibia body origin: the knee's rotation centre
        distal = femur[femur[:, 2] < knee[2] + 70]
        lm["lateral_femoral_epicondyle"] = distal[np.argmax(distal[:, 0])]  # most lateral
        tfl_end = self.path("tfl")[-1]  # the model's TFL/ITB path ends on the anterolateral tibia
        lm["gerdys_tubercle"] = tibia[np.argmin(np.linalg.norm(tibia - tfl_end, axis=1))]
        lm["medial_malleolus"] = tibia[np.argmin(tibia[:, 2])]
        lm["lateral_malleolus"] = fibula[np.argmin(fibula[:, 2])]
        return lm

    # -- muscles ---------------------------------------------------------------------------
    def fusiform(self, path, target_cm3, aspect=1.0, flat=None, tendons=(0.1, 0.15), n=28):
        """A spindle/flat belly along a path, sized to a volume; aspect = width / depth."""
        line = resample_path(path, n)
        prof = belly_profile(n, *tendons)

        def make(scale):
            return sweep(line, prof * scale * aspect**0.5, prof * scale / aspect**0.5, flat=flat)

        mesh, _ = fit_volume(make, target_cm3 * 1000 * VOLUME_SCALE, start=20.0)
        return mesh

    def clear_of_bone(self, mesh: trimesh.Trimesh, clearance: float = 0.8) -> trimesh.Trimesh:
        mesh = mesh.copy()
        bones = [m for k, m in self.bones.items() if not k.endswith("_l")]
        for _ in range(2):
            mesh.vertices = push_out_of(mesh.vertices, bones, clearance)
            trimesh.smoothing.filter_laplacian(mesh, lamb=0.3, iterations=1)
        for _ in range(3):  # pushing out of one bone can land a vertex in its neighbour
            mesh.vertices = push_out_of(mesh.vertices, bones, clearance)
        # Neighbouring vertices inside bone share a closest surface point, so pushing them out
        # can stack them on one spot (gluteus medius at the trochanter): weld them shut.
        return weld(mesh)

    def gluteus_maximus(self) -> Built:
        paths = [self.path(f"glmax{i}") for i in (1, 2, 3)]
        # the upper border: posterior iliac crest, over gluteus medius, into the IT band at
        # the level of the trochanter (the model's glmax1 inserts lower, which makes a kite)
        crest = self.lm["psis"] + np.array([8.0, 14.0, 0.0])
        itb = self.lm["greater_trochanter"] + np.array([16.0, -14.0, -10.0])
        upper = resample_path(np.array([crest, (crest + itb) / 2 + (0, -22.0, 0), itb]), 6)
        paths = [upper, *paths]
        # origin line extended up the posterior iliac crest and down the coccyx side
        rows = 26
        prof = 0.25 + 0.75 * np.sin(np.linspace(0.15, 0.85, rows) * np.pi) ** 0.6

        def make(scale):
            return loft_sheet(
                paths, prof * scale, outward=(0.3, -1, 0), columns=20, rows=rows, spread=0.06
            )

        mesh, _ = fit_volume(
            lambda s: make(s * s), HANDSFIELD_CM3["gluteus_maximus"] * 1000 * VOLUME_SCALE, 5.0
        )
        return Built(
            self.clear_of_bone(mesh, 1.5),
            "sheet lofted across an upper-border rule and the glmax1-3 paths, volume-fitted",
        )

    def gluteus_medius(self) -> Built:
        """Medius fan, lifted wherever minimus would show through it: minimus lies deep."""
        medius = self.fan("glmed", (1, -0.2, 0.4), "gluteus_medius", spread=0.25).mesh
        minimus = self.gluteus_minimus().mesh
        for _ in range(3):
            medius.vertices = push_out_of(medius.vertices, [minimus], 1.5)
            trimesh.smoothing.filter_laplacian(medius, lamb=0.3, iterations=1)
        return Built(
            self.clear_of_bone(medius),
            "fan lofted across glmed1-3 paths, volume-fitted, lifted 1.5 mm clear of minimus",
        )

    def gluteus_minimus(self) -> Built:
        return self._once(
            "gluteus_minimus", lambda: self.fan("glmin", (1, 0, 0.4), "gluteus_minimus", 0.05)
        )

    def fan(self, model: str, outward, target_key: str, spread=0.1) -> Built:
        paths = [self.path(f"{model}{i}") for i in (1, 2, 3)]
        rows = 20
        prof = 0.35 + 0.65 * np.sin(np.linspace(0.05, 0.8, rows) * np.pi) ** 0.7
        # insertions converge on the trochanter: the sheet narrows there naturally

        def make(scale):
            return loft_sheet(
                paths, prof * scale, outward=outward, columns=14, rows=rows, spread=spread
            )

        mesh, _ = fit_volume(
            lambda s: make(s * s), HANDSFIELD_CM3[target_key] * 1000 * VOLUME_SCALE, 4.0
        )
        return Built(self.clear_of_bone(mesh), f"fan lofted across {model}1-3 paths, volume-fitted")

    def piriformis(self) -> Built:
        p = self.path("piri")
        origin = p[0] + np.array([0.0, 0.0, -4.0])  # anterior sacrum, S2-S4
        mesh = self.fusiform(
            [origin, p[1], p[2]], HANDSFIELD_CM3["piriformis"], aspect=2.2,
            flat=(0, 0, 1), tendons=(0.0, 0.3),
        )  # fmt: skip
        return Built(
            self.clear_of_bone(mesh),
            "belly along the model's piri path (sacrum, notch, trochanter)",
        )

    def tensor_fasciae_latae(self) -> Built:
        p = self.path("tfl")
        start = self.lm["asis"] + np.array([-4.0, -10.0, -8.0])  # just behind and below the ASIS
        end = p[0] + 0.55 * (p[1] - p[0]) + np.array([14.0, -6.0, 0])  # joins the ITB
        line = [start, (start + end) / 2 + np.array([8.0, 0, 0]), end]
        mesh = self.fusiform(
            line,
            HANDSFIELD_CM3["tensor_fasciae_latae"],
            aspect=2.5,
            flat=(1, 0, 0),
            tendons=(0.05, 0.1),
        )
        return Built(self.clear_of_bone(mesh), "flat belly from the ASIS to the IT band")

    def iliotibial_band(self) -> Built:
        lm = self.lm
        tubercle = lm["asis"] + np.array([6.0, -45.0, 12.0])  # iliac tubercle, behind the ASIS
        gt = lm["greater_trochanter"] + np.array([14.0, -4.0, -10.0])
        femur = self.bones["femur_r"].vertices
        mid_z = (gt[2] + lm["lateral_femoral_epicondyle"][2]) / 2
        shaft = femur[np.abs(femur[:, 2] - mid_z) < 10]
        mid = np.array(
            [shaft[:, 0].max() + 22.0, shaft[:, 1].mean(), mid_z]
        )  # over vastus lateralis
        epi = lm["lateral_femoral_epicondyle"] + np.array([5.0, 0.0, 0.0])
        gerdy = lm["gerdys_tubercle"] + np.array([2.0, 1.0, 0.0])
        line = resample_path(np.array([tubercle, gt, mid, epi, gerdy]), 40)
        s = np.linspace(0, 1, 40)
        width = 22 + 26 * np.sin(np.pi * np.clip(s * 1.2, 0, 1)) ** 0.5 - 10 * s
        mesh = sweep(line, width, np.full(40, 2.5), flat=(1, 0, 0), sections=12)
        return Built(
            self.clear_of_bone(mesh),
            "flat band: iliac tubercle, over the greater trochanter and lateral epicondyle to Gerdy's tubercle",
        )

    def deep_rotator(self, name: str) -> Built:
        pts = self.rotator(name)
        target = HANDSFIELD_CM3.get(name) or ASSUMED_CM3[name]
        mesh = self.fusiform(pts, target, aspect=1.8, flat=(0, 0, 1), tendons=(0.05, 0.25))
        source = "gait2392 (CC BY 3.0) registered to myo-sim and landmark rules"
        return Built(self.clear_of_bone(mesh), f"belly along attachment points from {source}")

    def obturator_externus(self) -> Built:
        """Wraps under the femoral head: a straight belly would cut through the hip joint."""
        origin, via, end = self.rotator("obturator_externus")
        under = origin + 0.6 * (via - origin) + np.array([0.0, 0.0, -6.0])
        mesh = self.fusiform(
            [origin, under, via, end], ASSUMED_CM3["obturator_externus"],
            aspect=2.5, flat=(0, 0, 1), tendons=(0.05, 0.25),
        )  # fmt: skip
        return Built(
            self.clear_of_bone(mesh),
            "belly along attachment points from gait2392 (CC BY 3.0) registered to myo-sim, "
            "with a via point 6 mm below the femoral head so it wraps under the joint",
        )

    def single(self, model: str, key: str, aspect=1.3, flat=None, tendons=(0.12, 0.2)) -> Built:
        mesh = self.fusiform(self.path(model), HANDSFIELD_CM3[key], aspect, flat, tendons)
        return Built(
            self.clear_of_bone(mesh), f"belly along the model's {model} path, volume-fitted"
        )

    def adductor_magnus(self) -> Built:
        paths = [self.path(f"addmag{k}") for k in ("Prox", "Mid", "Dist", "Isch")]
        rows = 20
        prof = 0.3 + 0.7 * np.sin(np.linspace(0.05, 0.9, rows) * np.pi) ** 0.7

        def make(scale):
            return loft_sheet(
                [resample_path(p, 8) for p in paths],
                prof * scale,
                outward=(-1, -0.3, 0),
                columns=14,
                rows=rows,
            )

        mesh, _ = fit_volume(
            lambda s: make(s * s), HANDSFIELD_CM3["adductor_magnus"] * 1000 * VOLUME_SCALE, 5.0
        )
        return Built(self.clear_of_bone(mesh), "sheet lofted across addmagProx/Mid/Dist/Isch paths")

    # -- trunk (schematic: the torso sites of the model sit on their own sacrum) -------------
    def vertebra_levels(self) -> list[dict[str, float]]:
        """Per lumbar vertebra L1-L5 (top down): level z, transverse-process tip x, spine tip y."""
        levels = []
        for i in range(1, 6):
            v = self.bones[f"vertebra_l{i}"].vertices
            tp = self.site(f"QL_post_I.2-L{i}_L{i}_TP-P2_r") if i in (2, 3, 4) else None
            levels.append(
                {
                    "z": float(v[:, 2].mean()),
                    "tp_x": float(v[:, 0].max()),
                    "tp_y": float(tp[1]) if tp is not None else float(v[:, 1].max() - 24),
                    "spine_y": float(v[:, 1].min()),
                }
            )
        return levels

    def erector_spinae(self) -> Built:
        """A column behind the transverse processes, bulging just past the spinous processes."""
        return self._once("erector_spinae", self._erector_spinae)

    def _erector_spinae(self) -> Built:
        lv = self.vertebra_levels()
        sacrum = self.bones["sacrum"].vertices
        psis = self.lm["psis"]
        low_z = psis[2] - 25.0  # ~S3: the aponeurosis on the back of the sacrum
        back = sacrum[np.abs(sacrum[:, 2] - low_z) < 6]
        pts = [np.array([18.0, back[:, 1].min() - 4.0, low_z])]
        pts.append(np.array([28.0, psis[1] + 16.0, psis[2]]))  # beside the PSIS
        for level in reversed(lv):  # L5 up to L1
            deep, surface = level["tp_y"], level["spine_y"] - 8.0
            pts.append(np.array([level["tp_x"] + 4.0, (deep + surface) / 2, level["z"]]))
        top = pts[-1] + np.array([0.0, -4.0, 30.0])  # continues up the thoracic spine
        line = resample_path(np.array([*pts, top]), 36)
        s = np.linspace(0, 1, 36)
        width = 24 + 34 * np.sin(np.pi * np.clip(s * 1.6, 0, 0.5)) - 6 * s
        depth = 8 + 28 * np.sin(np.pi * np.clip(s * 1.5, 0, 0.5))

        def make(scale):
            return sweep(line, width * scale, depth * scale, flat=(0, 1, 0), sections=16)

        mesh, _ = fit_volume(make, TRUNK_CM3["erector_spinae"] * 1000 * VOLUME_SCALE)
        return Built(
            self.clear_of_bone(mesh),
            "schematic column from the back of the sacrum to above L1, behind the transverse "
            "processes of the myo-sim lumbar vertebrae, to an assumed volume",
        )

    def quadratus_lumborum(self) -> Built:
        """Sheet from the posterior iliac crest up to the 12th rib and L1-L4 transverse processes."""
        hip = self.bones["hip_bone_r"].vertices

        def on_crest(site: str) -> np.ndarray:  # the torso's iliac points float above our crest
            p = self.site(site)
            return hip[np.argmin(np.linalg.norm(hip - p, axis=1))] + np.array([0, 0, 3.0])

        lv = self.vertebra_levels()
        rib_y = lv[0]["tp_y"] + 8.0  # the model's rib points lie behind L1's processes
        rib = {k: self.site(s) * (1, 0, 1) + (0, rib_y, 0) for k, s in (
            ("12.1", "QL_ant_I.3-12.1_12.1-P2_r"), ("12.2", "QL_ant_I.3-12.2_12.2-P2_r"),
            ("12.3", "QL_ant_I.3-12.3_12.3-P3_r"))}  # fmt: skip
        tp = [np.array([lv[i]["tp_x"] + 2, lv[i]["tp_y"] + 6, lv[i]["z"]]) for i in (3, 1)]
        medial = [on_crest("QL_post_I.1-L3_I.1-P1_r"), *tp, rib["12.1"]]
        middle = [on_crest("QL_post_I.2-L3_I.2-P1_r"), rib["12.2"]]
        lateral = [on_crest("QL_post_I.3-L3_I.3-P1_r"), rib["12.3"]]
        rows = 18
        prof = 0.4 + 0.6 * np.sin(np.linspace(0.1, 0.9, rows) * np.pi) ** 0.7

        def make(scale):
            return loft_sheet(
                [resample_path(np.array(p), 6) for p in (medial, middle, lateral)],
                prof * scale, outward=(0, -1, 0), columns=10, rows=rows, spread=0.1,
            )  # fmt: skip

        mesh, _ = fit_volume(
            lambda s: make(s * s), TRUNK_CM3["quadratus_lumborum"] * 1000 * VOLUME_SCALE, 4.0
        )
        return Built(
            self.clear_of_bone(mesh),
            "sheet across the myo-sim torso's QL attachment sites (iliac ends dropped onto the "
            "crest, rib ends brought to transverse-process depth), to an assumed volume",
        )

    def thoracolumbar_fascia(self, erector: trimesh.Trimesh) -> Built:
        """Posterior layer: a 2 mm sheet laid over erector spinae from the midline to its edge."""
        bones = [self.bones[f"vertebra_l{i}"] for i in range(1, 6)]
        under = trimesh.util.concatenate([erector, self.bones["sacrum"], *bones])
        psis, crest = self.lm["psis"], self.lm["iliac_crest_top"]
        top = erector.vertices[:, 2].max() - 10.0
        z = np.linspace(psis[2] - 20.0, top, 30)
        edge = np.interp(z, [z[0], psis[2], crest[2], top], [22.0, psis[0] + 6, 62.0, 58.0])
        columns = []
        for frac in np.linspace(0.02, 1.0, 9):
            x = np.maximum(edge * frac, 2.0)
            origins = np.column_stack([x, np.full_like(z, -400.0), z])
            hits, rays, _ = under.ray.intersects_location(
                origins, np.tile([0.0, 1.0, 0.0], (len(z), 1)), multiple_hits=False
            )
            y = np.full(len(z), np.nan)
            y[rays] = hits[:, 1]
            y = np.interp(z, z[~np.isnan(y)], y[~np.isnan(y)]) - 2.5
            columns.append(np.column_stack([x, y, z]))
        mesh = loft_sheet(columns, np.full(30, 2.0), outward=(0, -1, 0), columns=12, rows=30)
        trimesh.smoothing.filter_laplacian(mesh, lamb=0.4, iterations=3)
        return Built(
            self.clear_of_bone(mesh, 1.0),
            "schematic 2 mm sheet laid 2.5 mm behind erector spinae and the sacrum, from the "
            "spinous processes to the lateral edge, S3 to above L1",
        )

    # -- nerves ---------------------------------------------------------------------------
    def sciatic_course(self) -> dict[str, np.ndarray]:
        """Key points of the sciatic nerve (right), each a rule on landmarks and muscle paths."""
        lm = self.lm
        piri = self.path("piri")
        bflh = self.path("bflh")
        plexus = piri[0] + np.array([6.0, 14.0, -14.0])  # on the front of piriformis
        exit_ = piri[1] + np.array([-2.0, -2.0, -30.0])  # greater sciatic foramen, below piriformis
        gt, it = lm["greater_trochanter"], lm["ischial_tuberosity"]
        between = (gt + it) / 2  # midway trochanter - tuberosity, on the short rotators
        between[1] = min(gt[1], it[1]) - 12.0
        between[2] = it[2] + 18.0
        knee = lm["knee_joint_centre"]
        split_z = knee[2] + 65.0  # divides ~6.5 cm above the knee joint line
        t = (bflh[0][2] - split_z) / (bflh[0][2] - bflh[1][2])
        along = bflh[0] + t * (bflh[1] - bflh[0])
        femur = self.bones["femur_r"].vertices
        level = femur[np.abs(femur[:, 2] - split_z) < 8]
        split = np.array([level[:, 0].mean(), level[:, 1].min() - 22.0, split_z])
        thigh = (between + split) / 2
        thigh[1] = min(thigh[1], along[1] + 12.0)  # deep (anterior) to biceps femoris long head
        return {"plexus": plexus, "exit": exit_, "between": between, "thigh": thigh, "split": split}

    def sciatic_nerve(self) -> Built:
        c = self.sciatic_course()
        line = resample_path(
            np.array([c["plexus"], c["exit"], c["between"], c["thigh"], c["split"]]), 48
        )
        n = len(line)
        width = np.full(n, 15.0)
        width[:6] = np.linspace(11, 15, 6)
        mesh = sweep(line, width, np.full(n, 6.0), flat=(0, 1, 0.2))
        return Built(
            mesh,
            "tube 15 x 6 mm along landmark rules: in front of piriformis, out below it, midway trochanter-tuberosity, deep to biceps femoris, to 6.5 cm above the knee",
        )

    def tibial_nerve(self) -> Built:
        c = self.sciatic_course()
        knee = self.lm["knee_joint_centre"]
        pop = np.array([knee[0] - 4.0, c["split"][1] + 4.0, knee[2] - 5.0])
        low = np.array([knee[0] - 8.0, c["split"][1] + 14.0, knee[2] - 90.0])
        line = resample_path(np.array([c["split"], pop, low]), 20)
        return Built(
            sweep(line, np.full(20, 9.0), np.full(20, 5.0), flat=(0, 1, 0)),
            "from the split through the middle of the popliteal fossa",
        )

    def common_fibular_nerve(self) -> Built:
        c = self.sciatic_course()
        fib = self.bones["fibula_r"].vertices
        head = fib[np.argmax(fib[:, 2])]
        neck = head + np.array([12.0, -6.0, -35.0])
        mid = (c["split"] + head) / 2 + np.array([8.0, -8.0, 0.0])
        line = resample_path(
            np.array([c["split"], mid, head + np.array([10.0, -8.0, 0]), neck]), 20
        )
        return Built(
            sweep(line, np.full(20, 6.0), np.full(20, 4.0), flat=(0, 1, 0)),
            "from the split along biceps femoris to the fibular neck",
        )

    def sciatic_variant(self) -> Built:
        """Common fibular division through piriformis (Tomaszewski type B, ~10 %)."""
        c = self.sciatic_course()
        piri = self.path("piri")
        through = piri[0] + 0.55 * (piri[1] - piri[0])  # through the belly
        outside = piri[1] + 0.35 * (piri[2] - piri[1])
        line = resample_path(
            np.array(
                [
                    c["plexus"] + np.array([0, 0, 6.0]),
                    through,
                    outside,
                    c["between"] + np.array([6.0, -4.0, 0]),
                ]
            ),
            30,
        )
        return Built(
            sweep(line, np.full(30, 7.0), np.full(30, 5.0), flat=(0, 1, 0)),
            "variant: common fibular division piercing piriformis (type B)",
        )

    def superior_gluteal_nerve(self) -> Built:
        piri = self.path("piri")
        start = piri[1] + np.array([-2.0, 0.0, 16.0])  # above piriformis
        med = self.path("glmed2")
        mid = (med[0] + med[1]) / 2 + np.array([-10.0, 8.0, 0])
        end = self.path("tfl")[0] + np.array([0, -15.0, -20.0])
        line = resample_path(np.array([start, mid, end]), 24)
        return Built(
            sweep(line, np.full(24, 4.0), np.full(24, 3.0)),
            "above piriformis, between gluteus medius and minimus, to TFL",
        )

    def inferior_gluteal_nerve(self) -> Built:
        c = self.sciatic_course()
        start = c["exit"] + np.array([-4.0, -2.0, -2.0])
        glmax = self.path("glmax2")
        end = glmax[1] + np.array([0, 12.0, 0])
        line = resample_path(np.array([start, (start + end) / 2 + np.array([0, -6.0, 0]), end]), 16)
        return Built(
            sweep(line, np.full(16, 4.0), np.full(16, 3.0)),
            "below piriformis, into the deep face of gluteus maximus",
        )

    # -- joints -------------------------------------------------------------------------
    def sacroiliac_joint(self, gap_mm: float = 6.0) -> Built:
        """The sacrum's surface within `gap_mm` of the right ilium, as a thin joint-space slab."""
        sacrum, ilium = self.bones["sacrum"], self.bones["hip_bone_r"]
        _, dist, _ = trimesh.proximity.closest_point(ilium, sacrum.vertices)
        near = dist < gap_mm
        faces = sacrum.faces[near[sacrum.faces].all(axis=1)]
        patch = trimesh.Trimesh(sacrum.vertices, faces, process=False)
        patch.remove_unreferenced_vertices()
        parts = patch.split(only_watertight=False)
        patch = max(parts, key=lambda m: m.area)
        closest, _, _ = trimesh.proximity.closest_point(ilium, patch.vertices)
        inner = patch.vertices + 0.15 * (closest - patch.vertices)
        outer = patch.vertices + 0.85 * (closest - patch.vertices)
        thin = np.linalg.norm(outer - inner, axis=1) < 1.5  # keep the slab visible
        normal = patch.vertex_normals
        outer[thin] = inner[thin] + normal[thin] * 1.5
        n = len(inner)
        edges = patch.edges_sorted
        from trimesh.grouping import group_rows

        border = edges[group_rows(edges, require_count=1)]
        faces = [patch.faces, patch.faces[:, ::-1] + n]
        walls = [[a, b, a + n] for a, b in border] + [[b, b + n, a + n] for a, b in border]
        mesh = trimesh.Trimesh(np.vstack([inner, outer]), np.vstack([*faces, walls]), process=True)
        mesh.fix_normals()
        return Built(
            mesh,
            f"joint space: sacrum surface within {gap_mm:g} mm of the ilium, slab to the ilium",
        )


def weld(mesh: trimesh.Trimesh, tolerance: float = WELD_MM) -> trimesh.Trimesh:
    """Merge vertices closer than `tolerance` and drop the zero-area faces between them.

    The result must be one closed body: a loader that merges coincident vertices (trimesh's
    default) sees the same mesh as the one written, with no stray faces or open edges.
    """
    pairs = sorted(cKDTree(mesh.vertices).query_pairs(tolerance))
    root = np.arange(len(mesh.vertices))
    for i, j in pairs:  # i < j: each group collapses onto its lowest index
        a, b = root[i], root[j]
        while root[a] != a:
            a = root[a]
        while root[b] != b:
            b = root[b]
        root[max(a, b)] = min(a, b)
    for k in range(len(root)):
        root[k] = root[root[k]]
    faces = root[mesh.faces]
    keep = (
        (faces[:, 0] != faces[:, 1]) & (faces[:, 1] != faces[:, 2]) & (faces[:, 0] != faces[:, 2])
    )
    welded = trimesh.Trimesh(mesh.vertices, faces[keep], process=False)
    welded.remove_unreferenced_vertices()
    pieces = len(welded.split(only_watertight=False))
    if pieces != 1 or not welded.is_watertight:
        raise ValueError(f"welded mesh is {pieces} pieces, watertight {welded.is_watertight}")
    return welded


def mirror(mesh: trimesh.Trimesh) -> trimesh.Trimesh:
    """The left-side copy of a right-side mesh (x -> -x, faces flipped to keep normals out)."""
    return trimesh.Trimesh(mesh.vertices * MIRROR, mesh.faces[:, ::-1], process=False)


def bone_penetration(mesh: trimesh.Trimesh, bones: list[trimesh.Trimesh]) -> float:
    """Deepest vertex of `mesh` inside any of `bones`, mm."""
    return max(float(depth_inside(mesh.vertices, b).max()) for b in bones)


__all__ = ["Built", "SoftTissue", "bone_penetration", "mirror", "path_length"]

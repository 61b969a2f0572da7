"""The colour language, as data: what each colour of the view means (data/colours.yaml).

One role, one colour: the named parts (a palette, so parts named together are told apart),
the context, bone, nerve, landmark marks, the strain scale and the zones' roles (pain,
referral, nerve root). `load_colours()` reads and checks the file; drawing, the legends and
the lesson take every colour from here.

    >>> colours = load_colours()
    >>> colours.strain_colour(1.2)      # orange: longer
    >>> colours.named_for(3, avoid=[colours.zones["pain"]])
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Annotated

import numpy as np
from pydantic import ConfigDict, Field, model_validator

from glutelib.datafiles import DataModel, data_path, read_data_file
from glutelib.errors import DataFileError

COLOURS = "colours.yaml"  # beside the other data files (glutelib/data/)
Hex = Annotated[str, Field(pattern=r"^#[0-9a-fA-F]{6}$")]  # "#rrggbb"
ZONE_ROLES = ("pain", "referral", "nerve_root")  # what a zone of zones.yaml may mean
SOFT_TISSUES = ("muscle", "fascia", "joint")  # kinds with a colour in `tissues` and `muted`
# CIE76, as seen with normal vision and each common colour-vision deficiency: a named colour
# nearer than this to another role's colour on the same screen is skipped there.
NEAR_DELTA_E = 20.0
MIN_UNCHANGED_CONTRAST = 3.0  # WCAG 2.1 non-text contrast of "unchanged" against the page


class StrainScale(DataModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    shorter: Hex
    unchanged: Hex
    longer: Hex
    range: float = Field(gt=0.01, le=1.0)


class ColourLanguage(DataModel):
    """colours.yaml: every colour the view, its legends and the lesson draw with."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    schema_version: int
    page: Hex
    context: Hex
    bone: Hex
    nerve: Hex
    mark: Hex
    skin: Hex
    caution: Hex
    fibres: Hex
    focus: Hex
    tissues: dict[str, Hex]
    muted: dict[str, Hex]
    named: tuple[Hex, ...] = Field(min_length=2)
    strain: StrainScale
    zones: dict[str, Hex]

    @model_validator(mode="after")
    def _every_zone_role(self) -> ColourLanguage:
        if set(self.zones) != set(ZONE_ROLES):
            raise ValueError(f"zones must give exactly {', '.join(ZONE_ROLES)}")
        for group in ("tissues", "muted"):
            if set(getattr(self, group)) != set(SOFT_TISSUES):
                raise ValueError(f"{group} must give exactly {', '.join(SOFT_TISSUES)}")
        return self

    def roles(self) -> dict[str, str]:
        """{role: colour} for every role (named parts as named_1, named_2, ...)."""
        out = {"page": self.page, "context": self.context, "bone": self.bone,
               "nerve": self.nerve, "mark": self.mark, "skin": self.skin,
               "caution": self.caution, "fibres": self.fibres, "focus": self.focus}  # fmt: skip
        out |= {f"named_{n}": c for n, c in enumerate(self.named, 1)}
        out |= {f"strain_{k}": getattr(self.strain, k) for k in ("shorter", "unchanged", "longer")}
        out |= {f"zone_{k}": c for k, c in self.zones.items()}
        out |= {f"tissue_{k}": c for k, c in self.tissues.items()}
        out |= {f"muted_{k}": c for k, c in self.muted.items()}
        return {k: v.lower() for k, v in out.items()}

    def tissue(self, kind: str) -> str:
        """A structure kind's own colour, drawn when nothing is named."""
        return {"bone": self.bone, "nerve": self.nerve, **self.tissues}[kind]

    def context_of(self, kind: str) -> str:
        """A structure kind's colour beside named parts: its tissue's muted colour; bones and
        nerves the context grey."""
        return self.muted.get(kind, self.context)

    def contexts(self) -> list[str]:
        """Every colour the context is drawn in."""
        return [self.context, *self.muted.values()]

    def zone(self, role: str) -> str:
        """The colour of a zone's role (pain, referral, nerve_root)."""
        return self.zones[role]

    def strain_colour(self, ratio: float) -> str:
        """Hex colour for a length ratio: shorter purple, unchanged mid grey, longer orange,
        blended in CIE Lab (even steps to the eye) and saturating at +-range."""
        t = float(np.clip((ratio - 1.0) / self.strain.range, -1.0, 1.0))
        end = self.strain.longer if t >= 0 else self.strain.shorter
        lab = (1 - abs(t)) * _stop_lab(self.strain.unchanged) + abs(t) * _stop_lab(end)
        return hex_of_lab(lab)

    def strain_stops(self) -> list[str]:
        """The strain bar's colours, shortest to longest."""
        return [self.strain_colour(1 + self.strain.range * t) for t in (-1, -0.5, 0, 0.5, 1)]

    def named_for(self, count: int, avoid: list[str] | tuple[str, ...] = ()) -> list[str]:
        """`count` colours for parts named together: the palette in order, skipping those
        within NEAR_DELTA_E of a colour in `avoid` (other roles on the same screen, for any
        viewer). When too few are left, they repeat: a colour never means two things on one
        screen, even if two named parts then share one."""
        far = [c for c in self.named if all(seen_delta_e(c, a) >= NEAR_DELTA_E for a in avoid)]
        order = far or list(self.named)
        return [order[n % len(order)] for n in range(count)]


def _linear(colour: str) -> np.ndarray:
    """(3,) linear-light RGB in 0..1 of a #rrggbb colour."""
    srgb = np.array([int(colour[k : k + 2], 16) / 255 for k in (1, 3, 5)])
    return np.where(srgb <= 0.04045, srgb / 12.92, ((srgb + 0.055) / 1.055) ** 2.4)


_XYZ = np.array([[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722], [0.0193, 0.1192, 0.9505]])
_WHITE = np.array([0.9505, 1.0, 1.089])


# Machado, Oliveira & Fernandes 2009 at severity 1.0, on linear RGB.
DEFICIENCIES = {
    "protanopia": [[0.152286, 1.052583, -0.204868], [0.114503, 0.786281, 0.099216],
                   [-0.003882, -0.048116, 1.051998]],
    "deuteranopia": [[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413],
                     [-0.011820, 0.042940, 0.968881]],
    "tritanopia": [[1.255528, -0.076749, -0.178779], [-0.078411, 0.930809, 0.147602],
                   [0.004733, 0.691367, 0.303900]],
}  # fmt: skip


def lab_of(colour: str, deficiency: str | None = None) -> np.ndarray:
    """(3,) CIE L*a*b* (D65) of a #rrggbb colour, as seen with `deficiency` (a key of
    DEFICIENCIES) or normal vision."""
    rgb = _linear(colour)
    if deficiency:
        rgb = np.clip(np.asarray(DEFICIENCIES[deficiency]) @ rgb, 0, 1)
    xyz = _XYZ @ rgb / _WHITE
    f = np.where(xyz > 0.008856, np.cbrt(xyz), 7.787 * xyz + 16 / 116)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


@cache
def _stop_lab(colour: str) -> np.ndarray:
    """A scale's stop in Lab, kept: every muscle's strain colour blends the same three, on
    every drag of a slider. Read only."""
    lab = lab_of(colour)
    lab.flags.writeable = False
    return lab


def hex_of_lab(lab: np.ndarray) -> str:
    """#rrggbb of a CIE L*a*b* (D65) colour, clipped to what sRGB shows."""
    fy = (lab[0] + 16) / 116
    f = np.array([fy + lab[1] / 500, fy, fy - lab[2] / 200])
    xyz = np.where(f**3 > 0.008856, f**3, (f - 16 / 116) / 7.787) * _WHITE
    rgb = np.clip(np.linalg.solve(_XYZ, xyz), 0, 1)
    srgb = np.where(rgb <= 0.0031308, rgb * 12.92, 1.055 * rgb ** (1 / 2.4) - 0.055)
    return "#" + "".join(f"{round(float(c) * 255):02x}" for c in np.clip(srgb, 0, 1))


def delta_e(a: str, b: str) -> float:
    """CIE76 colour difference of two #rrggbb colours (about 2.3: just noticeable)."""
    return float(np.linalg.norm(lab_of(a) - lab_of(b)))


@cache
def seen_delta_e(a: str, b: str) -> float:
    """The smallest CIE76 difference of two colours with normal vision or any of the
    DEFICIENCIES: how far apart they are for every viewer. Kept: every sync picks the named
    colours clear of the same few on the screen."""
    return min(float(np.linalg.norm(lab_of(a, d) - lab_of(b, d))) for d in (None, *DEFICIENCIES))


def contrast(a: str, b: str) -> float:
    """WCAG 2.1 contrast ratio of two #rrggbb colours (1 to 21)."""
    la, lb = (float(_linear(c) @ [0.2126, 0.7152, 0.0722]) for c in (a, b))
    return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)


def load_colours(path: Path | None = None) -> ColourLanguage:
    """Read colours.yaml; a fault raises DataFileError naming the file, the field and the fix."""
    path = path or data_path(COLOURS)
    language = read_data_file(path, ColourLanguage, "Colour file")
    seen: dict[str, str] = {}
    for role, colour in language.roles().items():
        if colour in seen:
            raise DataFileError(
                f"Colour file {path}: {role} and {seen[colour]} are both {colour}; a colour "
                "means one thing: give one of them another colour."
            )
        seen[colour] = role
    ratio = contrast(language.strain.unchanged, language.page)
    if ratio < MIN_UNCHANGED_CONTRAST:
        raise DataFileError(
            f"Colour file {path}: strain.unchanged {language.strain.unchanged} has only "
            f"{ratio:.1f}:1 contrast against the page {language.page}; it must be at least "
            f"{MIN_UNCHANGED_CONTRAST:.0f}:1 to be seen: choose a darker neutral."
        )
    return language


@cache
def default_colours() -> ColourLanguage:
    """The colours.yaml in the data folder, read once: for callers without a Library (the
    drawing module's named constants)."""
    return load_colours()


__all__ = ["COLOURS", "DEFICIENCIES", "ZONE_ROLES", "ColourLanguage", "contrast",
           "default_colours", "delta_e", "lab_of", "load_colours", "seen_delta_e"]  # fmt: skip

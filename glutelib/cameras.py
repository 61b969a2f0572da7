"""Named views (cameras.yaml): where the eye is and which way is up, in plotly scene units."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import ConfigDict

from glutelib.datafiles import CAMERAS, DataModel, data_path, read_data_file

XYZ = ("x", "y", "z")


class Camera(DataModel):
    """A named view: where the eye is (plotly scene units) and which way is up."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    label: str
    plain_label: str
    eye: tuple[float, float, float]
    up: tuple[float, float, float] = (0.0, 0.0, 1.0)
    center: tuple[float, float, float] = (0.0, 0.0, 0.0)

    def label_in(self, plain: bool) -> str:
        """Its name in plain words ("From behind") or a student's ("Back")."""
        return self.plain_label if plain else self.label

    def plotly(self) -> dict[str, Any]:
        """The camera as plotly's `layout.scene.camera` dict."""
        return {
            "eye": dict(zip(XYZ, self.eye, strict=True)),
            "up": dict(zip(XYZ, self.up, strict=True)),
            "center": dict(zip(XYZ, self.center, strict=True)),
            "projection": {"type": "perspective"},
        }


class _CameraFile(DataModel):
    model_config = ConfigDict(extra="forbid")

    schema_version: int
    cameras: dict[str, Camera]


def load_cameras(path: Path | None = None) -> dict[str, Camera]:
    """Read cameras.yaml into {name: Camera}; a fault raises DataFileError naming the file."""
    return read_data_file(path or data_path(CAMERAS), _CameraFile, "Camera file").cameras

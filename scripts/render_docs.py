"""Render the atlas pictures in docs/ (posterior, lateral, anterior, and deep from behind).

Run `python scripts/render_docs.py` after `make meshes`; uses kaleido with Debian's Chromium.
"""

from __future__ import annotations

import sys
from pathlib import Path

from glutelib.export import save_png
from glutelib.library import load_library
from glutelib.scene import Scene

ROOT = Path(__file__).resolve().parents[1]
VIEWS = {  # file stem -> (camera, structures to hide)
    "atlas_posterior": ("posterior", []),
    "atlas_right_lateral": ("right_lateral", []),
    "atlas_anterior": ("anterior", []),
    "atlas_posterior_without_gluteus_maximus": (
        "posterior",
        ["gluteus_maximus_r", "gluteus_maximus_l", "thoracolumbar_fascia_r"],
    ),
}


def main() -> int:
    library = load_library()
    region = [i for i in library.atlas.ids if i not in library.opening_hidden]
    out = ROOT / "docs"
    out.mkdir(exist_ok=True)
    for stem, (camera, hidden) in VIEWS.items():
        scene = Scene(library, structures=region, camera=camera)
        scene.hide(*hidden)
        path = save_png(scene.figure(), out / f"{stem}.png", width=1000, height=1000)
        print(path.relative_to(ROOT))
    return 0


if __name__ == "__main__":
    sys.exit(main())

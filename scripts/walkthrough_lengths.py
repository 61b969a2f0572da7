#!/usr/bin/env python
"""Every walkthrough step's highlighted muscles: length in the step's pose over standing, and
the strain colour it is drawn in. Prints JSON; with --compare, what changed by 1 % or more.

    .venv/bin/python scripts/walkthrough_lengths.py > before.json
    .venv/bin/python scripts/walkthrough_lengths.py --compare before.json
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path


def measure() -> dict[str, dict[str, list]]:
    """{'condition/step n (pose)': {muscle: [ratio, strain colour]}} for every step."""
    from glutelib.conditions import load_conditions
    from glutelib.library import load_library

    library = load_library()
    colours = library.colours
    out: dict[str, dict[str, list]] = {}
    for cid, condition in load_conditions().items():
        for n, step in enumerate(condition.steps, 1):
            pose = library.pose(step.pose)
            muscles = [s for s in step.highlight if library.atlas[s].kind == "muscle"]
            out[f"{cid}/{n} ({step.pose})"] = {
                sid: [round(ratio, 4), colours.strain_colour(ratio)]
                for sid in muscles
                for ratio in [library.rig.length_ratio(sid, pose)]
            }
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--compare", type=Path, help="an earlier output of this script")
    args = parser.parse_args(argv)
    now = measure()
    if not args.compare:
        print(json.dumps(now, indent=1, sort_keys=True))
        return 0
    before = json.loads(args.compare.read_text())
    for step, muscles in now.items():
        for sid, (ratio, colour) in muscles.items():
            old_ratio, old_colour = before.get(step, {}).get(sid, [None, None])
            if old_ratio is None or abs(ratio / old_ratio - 1) >= 0.01 or colour != old_colour:
                print(f"{step:45} {sid:32} {old_ratio} -> {ratio}  {old_colour} -> {colour}")
    return 0


if __name__ == "__main__":
    sys.path.append(str(Path(__file__).resolve().parents[1]))  # after $PYTHONPATH
    raise SystemExit(main())

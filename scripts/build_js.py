"""Bundle the pages' ES modules with esbuild into glutelib/js/bundled/ (`make js`).

    python scripts/build_js.py                 # writes glutelib/js/bundled/*.js
    python scripts/build_js.py --out DIR       # elsewhere (the tests compare the two)
    python scripts/build_js.py --esbuild-version

esbuild comes from npm, pinned, into build/js/ (`make js` installs it). The output is
deterministic for one esbuild version: tests/unit/test_pagecode.py rebuilds the bundles and
compares them with the committed ones.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from glutelib.pagecode import BANNER, BUNDLES, DIST, sources_digest  # noqa: E402

ESBUILD_VERSION = "0.28.2"
ESBUILD = ROOT / "build" / "js" / "node_modules" / ".bin" / "esbuild"


def build(out: Path, esbuild: Path = ESBUILD) -> list[Path]:
    """Write every bundle into `out`; raise SystemExit naming `make js` without esbuild."""
    if not esbuild.is_file():
        raise SystemExit(f"esbuild is not installed at {esbuild}: run `make js` (it installs "
                         f"esbuild {ESBUILD_VERSION} from npm, then bundles).")  # fmt: skip
    found = subprocess.run([esbuild, "--version"], capture_output=True, text=True).stdout.strip()
    if found != ESBUILD_VERSION:
        raise SystemExit(f"{esbuild} is esbuild {found}; the bundles are built with "
                         f"{ESBUILD_VERSION}: rm -rf build/js && make js")  # fmt: skip
    out.mkdir(parents=True, exist_ok=True)
    digest, written = sources_digest(), []
    for name, (entry, form) in BUNDLES.items():
        target = out / f"{name}.js"
        banner = BANNER.format(name=name, digest=digest)
        # A classic script is strict only when it says so (ES modules always are): a name
        # assigned but never declared then throws instead of becoming a global.
        if form == "iife":
            banner += '\n"use strict";'
        subprocess.run(
            [esbuild, f"glutelib/{entry}", "--bundle", f"--format={form}", "--target=es2022",
             "--charset=utf8", "--legal-comments=none", "--log-level=warning",
             f"--banner:js={banner}", f"--outfile={target}"],
            cwd=ROOT, check=True,
        )  # fmt: skip
        written.append(target)
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--out", type=Path, default=ROOT / "glutelib" / DIST)
    parser.add_argument("--esbuild-version", action="store_true", help="print it and stop")
    args = parser.parse_args()
    if args.esbuild_version:
        print(ESBUILD_VERSION)
        return
    for path in build(args.out.resolve()):
        print(f"{path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")


if __name__ == "__main__":
    main()

"""The pages' JavaScript: small ES modules bundled by esbuild into one script per page.

The modules (glutelib/js/: address, keys, quiz, decode, gestures, follow, zoom, screen, ...)
are imported by each page's own code (lesson/static/player.js and guard.js, app/static/
bridge.js and import_plotly.js). `make js` (scripts/build_js.py) bundles each of those into
glutelib/js/bundled/, committed, so that an installed glutelib makes lessons and serves the
dashboard with no node. Each bundle's first line holds the hash of the sources it was built
from: a bundle older than its sources is refused here, with the make target that rebuilds it.
"""

from __future__ import annotations

import hashlib
from importlib.resources import files

from glutelib.errors import GlutelibError

# The folders (in glutelib/) whose *.js the bundles are built from.
SOURCE_DIRS = ("js", "lesson/static", "app/static")
# Bundle name -> (its entry module in glutelib/, esbuild's output format). The lesson's
# scripts are classic ones (inline, allowed by hash); the dashboard's are anywidget ES modules.
BUNDLES = {
    "lesson_guard": ("lesson/static/guard.js", "iife"),
    "lesson_player": ("lesson/static/player.js", "iife"),
    "bridge": ("app/static/bridge.js", "esm"),
    "import_plotly": ("app/static/import_plotly.js", "esm"),
}
DIST = "js/bundled"
BANNER = "// glutelib {name}: built by `make js` (scripts/build_js.py) from sources {digest}"


def sources_digest() -> str:
    """sha256 over every source module's path and bytes (the bundles themselves left out)."""
    package, digest = files("glutelib"), hashlib.sha256()
    for folder in SOURCE_DIRS:
        for name in sorted(p.name for p in package.joinpath(folder).iterdir()):
            if name.endswith(".js"):
                digest.update(f"{folder}/{name}\0".encode())
                digest.update(package.joinpath(folder, name).read_bytes() + b"\0")
    return "sha256:" + digest.hexdigest()


def bundle(name: str) -> str:
    """The bundled script `name` (a key of BUNDLES), checked to be built from these sources."""
    text = files("glutelib").joinpath(DIST, f"{name}.js").read_text("utf-8")
    if text.split("\n", 1)[0] != BANNER.format(name=name, digest=sources_digest()):
        raise GlutelibError(
            f"glutelib/{DIST}/{name}.js was not built from the page code as it is now "
            f"(glutelib/js/, lesson/static/, app/static/); rebuild it with `make js`."
        )
    return text


__all__ = ["BANNER", "BUNDLES", "DIST", "SOURCE_DIRS", "bundle", "sources_digest"]

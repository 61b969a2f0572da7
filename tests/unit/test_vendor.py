"""One boundary for workarounds: only glutelib/app/vendor.py reaches into a library's
private parts (jupyter_server, tornado, Voila, plotly's widget)."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PRIVATE = re.compile(
    r"\._kernel_connections\b|\._kernels\b|\._kernel_buffers\b|jupyter_server\._"
    r"|\.ws_connection\.stream\b|\._config\b|\bapp\.listen\s*="
)


def test_only_vendor_touches_private_parts_of_libraries():
    found = []
    for path in (ROOT / "glutelib").rglob("*.py"):
        if path.name == "vendor.py":
            continue
        found += [f"{path.relative_to(ROOT)}:{n}: {line.strip()}"
                  for n, line in enumerate(path.read_text().splitlines(), 1)
                  if PRIVATE.search(line)]  # fmt: skip
    assert not found, "\n".join(found)


def test_every_patch_names_its_version_and_the_test_that_needs_it():
    from glutelib.app import vendor

    patches = [f for name, f in vars(vendor).items()
               if callable(f) and getattr(f, "__module__", "") == vendor.__name__]  # fmt: skip
    assert len(patches) >= 6
    for patch in patches:
        doc = patch.__doc__ or ""
        assert re.search(r"\d+\.\d+", doc), f"{patch.__name__}: which version?"
        assert "tests/" in doc, f"{patch.__name__}: which test shows it is needed?"


JS_PRIVATE = re.compile(r"\._fullLayout\b|\._fullData\b|\.serialize\b|_handle_comm_msg|\"_config\"")


def test_only_the_page_s_vendor_module_touches_private_parts_of_libraries():
    sources = [*(ROOT / "glutelib" / "js").glob("*.js"),
               *(ROOT / "glutelib" / "app" / "static").glob("*.js"),
               *(ROOT / "glutelib" / "lesson" / "static").glob("*.js")]  # fmt: skip
    assert any(p.name == "bridge.js" for p in sources)
    found = [f"{path.relative_to(ROOT)}:{n}: {line.strip()}"
             for path in sources if path.name != "vendor.js"
             for n, line in enumerate(path.read_text().splitlines(), 1)
             if JS_PRIVATE.search(line)]  # fmt: skip
    assert not found, "\n".join(found)

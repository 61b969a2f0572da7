"""Meshes and poses as compact typed arrays for the lesson file, and their decoding.

Vertices are quantised to a grid of STEP_MM (a coordinate moves at most STEP_MM / 2;
posed ones, standing plus a quantised offset, at most STEP_MM); faces are kept exact. Each
array is delta-coded along its order (per coordinate for vertices: neighbouring vertices and
their pose offsets are alike), stored as the narrowest signed integers that hold it, and
byte-shuffled (low bytes, then high bytes), so that gzip finds the repeats. The page's player
(static/player.js) undoes exactly these steps; `decode` here is the same, for the tests.
"""

from __future__ import annotations

import base64
import gzip
from dataclasses import dataclass, field

import numpy as np

STEP_MM = 0.1
KINDS = {"i1": np.int8, "i2": np.int16, "i4": np.int32}


def quantise(vertices: np.ndarray, origin: np.ndarray) -> np.ndarray:
    """(n, 3) mm -> (n, 3) int32 grid steps from `origin` (3,)."""
    return np.round((np.asarray(vertices, dtype=np.float64) - origin) / STEP_MM).astype(np.int32)


def _narrowest(values: np.ndarray) -> str:
    lo, hi = (int(values.min()), int(values.max())) if values.size else (0, 0)
    for kind, dtype in KINDS.items():
        info = np.iinfo(dtype)
        if info.min <= lo and hi <= info.max:
            return kind
    raise ValueError(f"values {lo}..{hi} do not fit in 32 bits")


@dataclass
class Blob:
    """Arrays packed one after another; `index[name]` says where each is and how to read it."""

    parts: list[bytes] = field(default_factory=list)
    index: dict[str, dict] = field(default_factory=dict)
    size: int = 0

    def add(self, name: str, values: np.ndarray, planes: int = 1) -> None:
        """Store an int array: (n, planes) coded per plane, or (n,) as one."""
        values = np.asarray(values, dtype=np.int64).reshape(len(values), planes)
        deltas = np.diff(values, axis=0, prepend=0).T.ravel()  # plane after plane
        kind = _narrowest(deltas)
        raw = deltas.astype(f"<{kind}").view(np.uint8)
        width = np.dtype(KINDS[kind]).itemsize
        shuffled = raw.reshape(-1, width).T.tobytes()
        self.index[name] = {"at": self.size, "n": len(values), "planes": planes, "kind": kind}
        self.parts.append(shuffled)
        self.size += len(shuffled)

    def payload(self) -> str:
        """The arrays, gzipped (deterministic: no time stamp) and base64-encoded."""
        return base64.b64encode(gzip.compress(b"".join(self.parts), 9, mtime=0)).decode()


def decode(payload: str, entry: dict) -> np.ndarray:
    """One array back from `Blob.payload()` text: (n, planes) int64, or (n,) for one plane."""
    data = gzip.decompress(base64.b64decode(payload))
    width = np.dtype(KINDS[entry["kind"]]).itemsize
    count = entry["n"] * entry["planes"]
    chunk = np.frombuffer(data, np.uint8, count * width, entry["at"])
    deltas = chunk.reshape(width, count).T.copy().view(f"<{entry['kind']}").ravel()
    values = np.cumsum(deltas.reshape(entry["planes"], entry["n"]).astype(np.int64), axis=1).T
    return values[:, 0] if entry["planes"] == 1 else values


__all__ = ["STEP_MM", "Blob", "decode", "quantise"]

"""`python -m glutelib.lesson [--out FILE] [--conditions a,b] [--audiences client,...]`:
write a lesson file (what `make lesson` runs)."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from glutelib.errors import GlutelibError
from glutelib.lesson import write_lesson


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write an offline glutelib lesson (one file).")
    parser.add_argument("--out", type=Path, default=Path("build/lesson/glutelib-lesson.html"))
    parser.add_argument("--conditions", help="walkthrough ids, comma-separated (default: all)")
    parser.add_argument("--audiences", help="student,client,instructor (default: all)")
    parser.add_argument("--no-quiz", action="store_true", help="leave Test yourself out")
    args = parser.parse_args(argv)
    split = lambda text: text.split(",") if text else None  # noqa: E731
    start = time.perf_counter()
    try:
        path = write_lesson(args.out, conditions=split(args.conditions),
                            audiences=split(args.audiences), quiz=not args.no_quiz)  # fmt: skip
    except GlutelibError as exc:
        print(exc, file=sys.stderr)
        return 2
    size = path.stat().st_size
    print(f"{path}: {size / 1e6:.1f} MB, in {time.perf_counter() - start:.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

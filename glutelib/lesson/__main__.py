"""`python -m glutelib.lesson [--out FILE] [--conditions a,b] [--audiences client,...]
[--scorm ZIP]`: write a lesson file (what `make lesson` runs), and its SCORM package
(`make lesson-scorm`)."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from glutelib.errors import GlutelibError
from glutelib.lesson import write_lesson
from glutelib.lesson.scorm import write_scorm


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write an offline glutelib lesson (one file).")
    parser.add_argument("--out", type=Path, default=Path("build/lesson/glutelib-lesson.html"))
    parser.add_argument("--conditions", help="walkthrough ids, comma-separated (default: all)")
    parser.add_argument("--audiences", help="student,client,instructor (default: all)")
    parser.add_argument("--no-quiz", action="store_true", help="leave Test yourself out")
    parser.add_argument("--scorm", type=Path, help="also package it for a learning platform "
                        "(SCORM 1.2) as this zip")  # fmt: skip
    args = parser.parse_args(argv)
    split = lambda text: text.split(",") if text else None  # noqa: E731
    start = time.perf_counter()
    try:
        path = write_lesson(args.out, conditions=split(args.conditions),
                            audiences=split(args.audiences), quiz=not args.no_quiz)  # fmt: skip
        package = write_scorm(args.scorm, path) if args.scorm else None
    except GlutelibError as exc:
        print(exc, file=sys.stderr)
        return 2
    size = path.stat().st_size
    print(f"{path}: {size / 1e6:.1f} MB, in {time.perf_counter() - start:.0f} s")
    if package is not None:
        print(f"{package}: SCORM 1.2, {package.stat().st_size / 1e6:.1f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

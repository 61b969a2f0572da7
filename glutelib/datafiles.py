"""Where every data file is, and the one way they are read: parse, validate, report.

A fault in any file raises a `DataFileError` (or the subclass the caller names) that says
which file, where in it, and how to fix it; no caller parses YAML or JSON itself.
"""

from __future__ import annotations

import json
import os
import types
import typing
from pathlib import Path
from typing import TypeVar

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError, ValidationInfo, field_validator

from glutelib.errors import DataFileError

# GLUTELIB_DATA points every data file at another folder: a school's own edition, or a
# test's tampered copy.
DATA_DIR = Path(os.environ.get("GLUTELIB_DATA") or Path(__file__).resolve().parent / "data")

STRUCTURES = "structures.yaml"
CAMERAS = "cameras.yaml"
POSES = "poses.yaml"
JOINTS = "joints.yaml"  # the joints a person moves, their ranges and words
STRETCHES = "stretches.yaml"  # stretch positions, their words and sources
LENGTH_CHECKS = "length_checks.yaml"  # the rig's lengths against the source model's
ZONES = "zones.yaml"
AUDIENCES = "audiences.yaml"
SETTINGS = "settings.yaml"
KEYS = "keys.yaml"
LANDMARKS = "landmarks.yaml"
PALPATION = "palpation.yaml"  # finding structures by touch; endangerment sites
PAIN = "pain.yaml"  # where pain from a structure or a nerve root is felt on the skin
SERVER_PAGES = "server_pages.yaml"  # what the class server says when it turns a request away
CONDITIONS = "conditions"  # a folder: one <id>.yaml per walkthrough
MANIFEST = "manifest.json"  # in the meshes folder

RESTORE_HINT = "restore it from git"
MAX_ERRORS_SHOWN = 5


def _takes_a_number(annotation) -> bool:
    """Whether a field is a number: int, float, a Literal of numbers, or a union with one."""
    if annotation in (int, float):
        return True
    if typing.get_origin(annotation) is typing.Literal:
        return any(type(a) in (int, float) for a in typing.get_args(annotation))
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        return any(_takes_a_number(a) for a in typing.get_args(annotation))
    return False


class DataModel(BaseModel):
    """What data files are read into: every number finite (no NaN, no infinity), and true or
    false never taken for a number (pydantic would read `true` as 1)."""

    model_config = ConfigDict(allow_inf_nan=False)

    @field_validator("*", mode="before")
    @classmethod
    def _no_true_or_false_for_a_number(cls, value, info: ValidationInfo):
        field = cls.model_fields.get(info.field_name)
        if isinstance(value, bool) and field is not None and _takes_a_number(field.annotation):
            raise ValueError(f"a number is wanted here, not {str(value).lower()}")
        return value


M = TypeVar("M", bound=BaseModel)


def data_path(name: str, data_dir: Path | None = None) -> Path:
    """A data file's path in `data_dir` (default: DATA_DIR, or $GLUTELIB_DATA)."""
    return Path(data_dir or DATA_DIR) / name


def parse_yaml(text: str):
    """YAML as plain data, with libyaml's C parser when PyYAML has it (ten times faster; every
    kernel of the dashboard reads about a dozen data files at start-up)."""
    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def describe(error: ValidationError) -> str:
    """The first few pydantic errors as 'key.path: message' lines."""
    lines = []
    for err in error.errors()[:MAX_ERRORS_SHOWN]:
        where = ".".join(str(p)[:60] for p in err["loc"][:12]) or "(top level)"
        lines.append(f"  {where[:200]}: {err['msg'][:200]}")
    return "\n".join(lines)


def read_data_file(
    path: Path,
    model: type[M],
    what: str,
    error: type[DataFileError] = DataFileError,
    fix: str = RESTORE_HINT,
) -> M:
    """Read a YAML or JSON (by suffix) data file into a pydantic `model`.

    Any fault raises `error` naming the file (`what`, e.g. "Camera file") and `fix`.
    """
    path = Path(path)
    json_file = path.suffix == ".json"
    try:
        text = path.read_text(encoding="utf-8")
        raw = json.loads(text) if json_file else parse_yaml(text)
    except FileNotFoundError:
        raise error(f"{what} {path} is missing; {fix}.") from None
    except IsADirectoryError:
        raise error(f"{what} {path} is a folder, not a file; {fix}.") from None
    except OSError as exc:
        raise error(f"{what} {path} cannot be read ({exc.strerror}); {fix}.") from None
    except UnicodeDecodeError:
        raise error(f"{what} {path} is not UTF-8 text; {fix}.") from None
    except (ValueError, yaml.YAMLError, RecursionError) as exc:
        kind = "JSON" if json_file else "YAML"
        raise error(f"{what} {path} is not valid {kind} ({str(exc)[:300]}); {fix}.") from None
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        raise error(f"{what} {path} is malformed:\n{describe(exc)}\n{fix}.") from None
    except RecursionError:
        raise error(f"{what} {path} is nested too deeply to read; {fix}.") from None

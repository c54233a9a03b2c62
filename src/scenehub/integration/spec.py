"""Source specs: the YAML file that says how to read one department dataset.

This shape is a public contract (docs/source-specs.md):

    name: amr_registrations          # unique source name
    department: 市场监督管理局
    path: amr.csv                    # relative to the spec file, and inside its folder
    format: csv                      # csv | xlsx | json | jsonl | parquet
    encoding: auto                   # auto-detect UTF-8 / GBK / GB18030, or name one
    grade: general                   # general | important | core  (GB/T 43697-2024)
    personal: [legal_rep, phone]     # fields holding personal information
    field_grades: {phone: important} # a field's own grade where it differs (optional)
    record_id: 记录编号
    fields: {canonical field: source column}
    extra: [所属行业]                 # other columns, kept as attributes of the record
"""

from __future__ import annotations

import codecs
import hashlib
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from scenehub.errors import ValidationFailed
from scenehub.governance.grading import field_grades
from scenehub.i18n import N_

# GB/T 43697-2024 data grades (一般数据 / 重要数据 / 核心数据), shown translated.
GRADES = (N_("general"), N_("important"), N_("core"))
CANONICAL_FIELDS = (
    "uscc",
    "name",
    "address",
    "legal_rep",
    "phone",
    "established",
    "registered_capital",
    "former_names",  # 曾用名: one or more former names of the firm
    # 经营范围: the registered business scope; not compared when records are matched, read
    # by the industry map's classifier from every source that maps it (industry/facts.py)
    "business_scope",
)


# A folder of this name holds the specs of a spec set; their data files lie beside it.
SPEC_SET_FOLDER = "specs"


class SpecError(ValidationFailed):
    """A spec that does not parse or does not make sense; names the file and the problem."""

    code = "invalid_spec"


class SourceSpec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(pattern=r"^[a-z][a-z0-9_]{1,62}$")
    department: str = Field(min_length=1, max_length=200)
    title: str = ""
    path: str = Field(min_length=1)
    format: Literal["csv", "xlsx", "json", "jsonl", "parquet"]
    encoding: str = "auto"
    grade: Literal["general", "important", "core"] = "general"
    personal: tuple[str, ...] = ()
    # A field's own grade where it is not the dataset's (governance/grading.py).
    field_grades: dict[str, Literal["general", "important", "core"]] = Field(default_factory=dict)
    record_id: str = Field(min_length=1)
    fields: dict[str, str]
    extra: tuple[str, ...] = ()

    @field_validator("fields")
    @classmethod
    def _known_fields(cls, value: dict[str, str]) -> dict[str, str]:
        unknown = sorted(set(value) - set(CANONICAL_FIELDS))
        if unknown:
            raise ValueError(f"unknown canonical fields {unknown}; known: {list(CANONICAL_FIELDS)}")
        if not {"uscc", "name"} & set(value):
            raise ValueError("a source needs at least a uscc or a name column")
        return value

    @field_validator("encoding")
    @classmethod
    def _known_encoding(cls, value: str) -> str:
        if value != "auto":
            try:
                info = codecs.lookup(value)
            except LookupError:
                raise ValueError(f"unknown encoding {value!r}") from None
            if not getattr(info, "_is_text_encoding", True):  # base64, zlib … are not text
                raise ValueError(f"{value!r} is not a text encoding")
        return value

    @field_validator("personal")
    @classmethod
    def _personal_are_fields(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        unknown = sorted(set(value) - set(CANONICAL_FIELDS))
        if unknown:
            raise ValueError(f"personal names unknown canonical fields {unknown}")
        return value

    @field_validator("field_grades")
    @classmethod
    def _graded_are_fields(cls, value: dict[str, str]) -> dict[str, str]:
        unknown = sorted(set(value) - set(CANONICAL_FIELDS))
        if unknown:
            raise ValueError(f"field_grades names unknown canonical fields {unknown}")
        return value

    def graded_fields(self) -> dict[str, str]:
        """Every mapped field's grade: its own, or the dataset's."""
        return field_grades(self.grade, self.fields, self.field_grades)

    def columns(self) -> list[str]:
        """Every column the file must have: record id, mapped fields, extras."""
        return list(dict.fromkeys([self.record_id, *self.fields.values(), *self.extra]))


def load_spec(path: Path, allow_outside_paths: bool = False) -> tuple[SourceSpec, Path, str]:
    """The spec at ``path``, the data file it names, and the spec's SHA-256.

    The data file must lie inside the spec's folder (``data_folder``) once symlinks are
    resolved, unless ``allow_outside_paths``: a spec from elsewhere cannot read any file
    of the machine.
    """
    try:
        raw = path.read_bytes()
        data: Any = yaml.safe_load(raw.decode("utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        raise SpecError(
            N_("cannot read the spec %(file)s: %(problem)s"),
            params={"file": path.name, "problem": str(error).splitlines()[0]},
        ) from error
    if not isinstance(data, dict):
        raise SpecError(N_("the spec %(file)s is not a YAML mapping"), params={"file": path.name})
    try:
        spec = SourceSpec.model_validate(data)
    except ValidationError as error:
        problems = "; ".join(
            f"{'.'.join(map(str, e['loc'])) or 'spec'}: {e['msg']}" for e in error.errors()
        )
        raise SpecError(
            N_("the spec %(file)s is invalid: %(problem)s"),
            params={"file": path.name, "problem": problems},
        ) from error
    data_path = (path.parent / spec.path).resolve()
    folder = data_folder(path)
    if not allow_outside_paths and not data_path.is_relative_to(folder):
        raise SpecError(
            N_(
                "the spec %(file)s names a data file outside %(folder)s (path: %(path)s); "
                "keep the file beside its spec, or pass --allow-outside-paths"
            ),
            params={"file": path.name, "folder": str(folder), "path": spec.path},
        )
    return spec, data_path, hashlib.sha256(raw).hexdigest()


def data_folder(spec_path: Path) -> Path:
    """The folder a spec's data file must lie in: the spec's own folder, or — for a spec in
    a folder named ``specs`` — that folder's parent, the spec set (``specs/`` beside
    ``data/``, as ``scenehub city generate`` writes it and docs/source-specs.md shows)."""
    folder = spec_path.parent.resolve()  # where the spec was put (a symlinked spec too)
    return folder.parent if folder.name == SPEC_SET_FOLDER else folder

"""A department's upload of a dataset and its spec, staged for an ingest job."""

from __future__ import annotations

import hashlib
from pathlib import Path, PurePath

import yaml

from scenehub.errors import PermissionDenied, ValidationFailed
from scenehub.governance.authz import authorize
from scenehub.governance.policy import Actor
from scenehub.i18n import N_
from scenehub.integration.spec import SourceSpec, SpecError, load_spec

ALLOWED_SUFFIXES = (".csv", ".xlsx", ".json", ".jsonl", ".parquet")


def stage_upload(
    actor: Actor, org_name: str | None, uploads: Path, spec_text: bytes, data_name: str, data: bytes
) -> tuple[SourceSpec, Path]:
    """Check the spec and the file, store both; returns the spec and the stored spec path."""
    authorize(actor, "integration.upload")
    name = PurePath(data_name).name
    if not name or PurePath(name).suffix.lower() not in ALLOWED_SUFFIXES:
        raise ValidationFailed(
            N_("the data file must be one of %(kinds)s"),
            params={"kinds": ", ".join(ALLOWED_SUFFIXES)},
        )
    if not data:
        raise ValidationFailed(N_("the data file is empty"))
    folder = uploads / hashlib.sha256(spec_text + data).hexdigest()[:16]
    folder.mkdir(parents=True, exist_ok=True)
    try:
        raw = yaml.safe_load(spec_text.decode("utf-8"))
    except (UnicodeDecodeError, yaml.YAMLError) as error:
        raise SpecError(
            N_("cannot read the spec %(file)s: %(problem)s"),
            params={"file": "spec", "problem": str(error).splitlines()[0]},
        ) from error
    if not isinstance(raw, dict):
        raise SpecError(N_("the spec %(file)s is not a YAML mapping"), params={"file": "spec"})
    raw["path"] = name  # the uploaded file, stored beside the spec
    spec_path = folder / "spec.yaml"
    spec_path.write_text(yaml.safe_dump(raw, allow_unicode=True, sort_keys=False), encoding="utf-8")
    (folder / name).write_bytes(data)
    spec, _, _ = load_spec(spec_path)
    if actor.role.value == "department" and spec.department != org_name:
        raise PermissionDenied(
            N_(
                "a department uploads only its own datasets: the spec names "
                "%(named)s, you are %(own)s"
            ),
            params={"named": spec.department, "own": org_name or ""},
        )
    return spec, spec_path

"""A department's upload of a dataset and its spec, staged for an ingest job."""

from __future__ import annotations

import shutil
import uuid
from pathlib import Path, PurePath
from typing import Any

import yaml
from pydantic import ValidationError

from scenehub.errors import AuditEvent, PermissionDenied, ValidationFailed
from scenehub.governance.authz import authorize
from scenehub.governance.policy import Actor
from scenehub.i18n import N_
from scenehub.integration.spec import SourceSpec, SpecError

ALLOWED_SUFFIXES = (".csv", ".xlsx", ".json", ".jsonl", ".parquet")


def stage_upload(
    actor: Actor, org_name: str | None, uploads: Path, spec_text: bytes, data_name: str, data: bytes
) -> tuple[SourceSpec, Path]:
    """Check the spec and the file, then store both; returns the spec and its stored path.

    Nothing is written unless the upload is accepted.
    """
    authorize(actor, "integration.upload")
    name = PurePath(data_name).name
    if not name or PurePath(name).suffix.lower() not in ALLOWED_SUFFIXES:
        raise ValidationFailed(
            N_("the data file must be one of %(kinds)s"),
            params={"kinds": ", ".join(ALLOWED_SUFFIXES)},
        )
    if not data:
        raise ValidationFailed(N_("the data file is empty"))
    raw = _parse(spec_text)
    raw["path"] = name  # the uploaded file, stored beside the spec
    spec = _validate(raw)
    if actor.role.value == "department" and spec.department != org_name:
        reason = "a department uploads only its own datasets"
        raise PermissionDenied(
            N_(
                "a department uploads only its own datasets: the spec names %(named)s, "
                "you are %(own)s"
            ),
            params={"named": spec.department, "own": org_name or ""},
            audit=AuditEvent(
                actor=actor,
                action="integration.upload",
                outcome="denied",
                reason=reason,
                resource_type="source",
                resource_id=spec.name,
            ),
        )
    folder = uploads / uuid.uuid4().hex
    folder.mkdir(parents=True)
    spec_path = folder / "spec.yaml"
    spec_path.write_text(yaml.safe_dump(raw, allow_unicode=True, sort_keys=False), encoding="utf-8")
    (folder / name).write_bytes(data)
    return spec, spec_path


def _parse(spec_text: bytes) -> dict[str, Any]:
    try:
        raw = yaml.safe_load(spec_text.decode("utf-8"))
    except (UnicodeDecodeError, yaml.YAMLError) as error:
        raise SpecError(
            N_("cannot read the spec %(file)s: %(problem)s"),
            params={"file": "spec", "problem": str(error).splitlines()[0]},
        ) from error
    if not isinstance(raw, dict):
        raise SpecError(N_("the spec %(file)s is not a YAML mapping"), params={"file": "spec"})
    return raw


def _validate(raw: dict[str, Any]) -> SourceSpec:
    try:
        return SourceSpec.model_validate(raw)
    except ValidationError as error:
        problems = "; ".join(
            f"{'.'.join(map(str, e['loc'])) or 'spec'}: {e['msg']}" for e in error.errors()
        )
        raise SpecError(
            N_("the spec %(file)s is invalid: %(problem)s"),
            params={"file": "spec", "problem": problems},
        ) from error


def discard_staged(uploads: Path, spec_path: str) -> bool:
    """Remove the folder an upload was staged in (the spec and its data file), if it is
    still there and lies inside ``uploads``; whether anything was removed."""
    folder = Path(spec_path).parent.resolve()
    if folder.parent != uploads.resolve() or not folder.is_dir():
        return False
    shutil.rmtree(folder)
    return True

"""An uploaded attachment's bytes: which kind they are (from the name and the content, never
the client's content-type header), refusing an empty, oversized, unlisted or mislabelled
file; a photo's thumbnail for the dossier. No database, no web framework."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from typing import Any

from scenehub.errors import PayloadTooLarge, ValidationFailed
from scenehub.i18n import N_
from scenehub.partnerships.attachment_kinds import (
    SUFFIXES,
    FileKind,
    clean_file_name,
    kind_of_suffix,
    starts_as,
)

THUMBNAIL_PIXELS = 480  # the longer side of a dossier's photo, in pixels
LISTED = ", ".join(SUFFIXES)


@dataclass(frozen=True)
class Thumbnail:
    data: bytes  # JPEG
    width: int
    height: int


def identify(file_name: str, data: bytes, max_bytes: int) -> tuple[str, FileKind]:
    """The cleaned file name and the kind of an upload; refused (422, 413 when too large)
    unless its name's suffix is a listed kind and its content is a file of that kind."""
    name = clean_file_name(file_name)
    if not name:
        raise ValidationFailed(N_("choose a file to upload"))
    if not data:
        raise ValidationFailed(N_("the file %(name)s is empty"), params={"name": name})
    if len(data) > max_bytes:
        raise PayloadTooLarge(
            N_("the file %(name)s is larger than the %(limit)s MB an attachment may be"),
            params={"name": name, "limit": f"{max_bytes / (1024 * 1024):g}"},
        )
    kind = kind_of_suffix(name)
    if kind is None:
        raise ValidationFailed(
            N_("%(name)s cannot be attached: an attachment is one of %(kinds)s"),
            params={"name": name, "kinds": LISTED},
        )
    _check_content(name, kind, data)
    return name, kind


def _check_content(name: str, kind: FileKind, data: bytes) -> None:
    if not starts_as(kind, data) or (kind.main_part and not _package_of(kind, data)):
        raise ValidationFailed(
            N_("the content of %(name)s is not a %(suffix)s file, whatever its name says"),
            params={"name": name, "suffix": kind.suffixes[0]},
        )
    if kind.main_part and _has_macros(data):
        raise ValidationFailed(
            N_("%(name)s carries macros; attach it saved without them"), params={"name": name}
        )


def _members(data: bytes) -> set[str]:
    """The part names of a zip package (its directory only: nothing is decompressed)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            return set(package.namelist())
    except (zipfile.BadZipFile, ValueError, OSError):
        return set()


def _package_of(kind: FileKind, data: bytes) -> bool:
    members = _members(data)
    return "[Content_Types].xml" in members and kind.main_part in members


def _has_macros(data: bytes) -> bool:
    return any(m.endswith("vbaProject.bin") for m in _members(data))


def thumbnail(data: bytes) -> Thumbnail | None:
    """A photo made small for the dossier (JPEG, its longer side THUMBNAIL_PIXELS, turned
    upright as its EXIF says), or None when the image cannot be read."""
    from PIL import Image, ImageOps

    try:
        with Image.open(io.BytesIO(data)) as image:
            image.draft("RGB", (THUMBNAIL_PIXELS, THUMBNAIL_PIXELS))  # JPEG: decode small
            upright = ImageOps.exif_transpose(image)
            upright.thumbnail((THUMBNAIL_PIXELS, THUMBNAIL_PIXELS))
            small = upright.convert("RGB")
            out = io.BytesIO()
            small.save(out, "JPEG", quality=80)
    except (OSError, ValueError, Image.DecompressionBombError, SyntaxError):
        return None
    return Thumbnail(out.getvalue(), small.width, small.height)


def image_stream(data: bytes) -> Any:
    """Image bytes as the file object reportlab and python-docx read a picture from."""
    return io.BytesIO(data)

"""What a partnership's attachment may be (pure): photos (JPEG, PNG), PDF, Word (DOCX) and
Excel (XLSX) files, known by their name's suffix and the first bytes of their content, and
how their sizes read."""

from __future__ import annotations

from dataclasses import dataclass

from scenehub.i18n import N_

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
JPEG = b"\xff\xd8\xff"  # start of image, then the first marker
PNG = b"\x89PNG\r\n\x1a\n"
ZIP = b"PK\x03\x04"  # DOCX and XLSX are zip packages (which part they hold: attachment_files)


@dataclass(frozen=True)
class FileKind:
    key: str
    label: str  # a message id
    media_type: str
    suffixes: tuple[str, ...]
    signature: bytes  # what the content starts with
    photo: bool = False
    main_part: str = ""  # the part a zip package of this kind must hold


KINDS: dict[str, FileKind] = {
    k.key: k
    for k in (
        FileKind("jpeg", N_("Photo (JPEG)"), "image/jpeg", (".jpg", ".jpeg"), JPEG, photo=True),
        FileKind("png", N_("Photo (PNG)"), "image/png", (".png",), PNG, photo=True),
        FileKind("pdf", N_("PDF document"), "application/pdf", (".pdf",), b"%PDF-"),
        FileKind("docx", N_("Word document"), DOCX, (".docx",), ZIP, main_part="word/document.xml"),
        FileKind("xlsx", N_("Excel workbook"), XLSX, (".xlsx",), ZIP, main_part="xl/workbook.xml"),
    )
}
SUFFIXES = tuple(s for kind in KINDS.values() for s in kind.suffixes)
# A PDF may carry a few bytes of junk before its header (readers look within the first 1 KiB).
PDF_HEADER_WINDOW = 1024


def kind_of_suffix(file_name: str) -> FileKind | None:
    """The kind a file's name claims (its suffix, in any case), or None."""
    lowered = file_name.lower()
    return next((k for k in KINDS.values() if lowered.endswith(k.suffixes)), None)


def starts_as(kind: FileKind, head: bytes) -> bool:
    """Whether content starting with ``head`` begins as a file of ``kind`` does."""
    if kind.key == "pdf":
        return kind.signature in head[:PDF_HEADER_WINDOW]
    return head.startswith(kind.signature)


def size_text(size: int) -> str:
    """A size as people read it: 870 B, 12.4 KB, 3.1 MB (units of 1024)."""
    if size < 1024:
        return f"{size} B"
    if size < 1024 * 1024:
        return f"{size / 1024:.1f} KB"
    return f"{size / (1024 * 1024):.1f} MB"


def clean_file_name(name: str, limit: int = 200) -> str:
    """The last part of a file name as a browser or client sent it (``C:\\photos\\a.jpg``
    → ``a.jpg``), without control characters, at most ``limit`` characters with its
    suffix kept."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    base = "".join(ch for ch in base if ch.isprintable()).strip()
    if len(base) <= limit:
        return base
    stem, dot, suffix = base.rpartition(".")
    if not dot or len(suffix) > 10:
        return base[:limit]
    return stem[: limit - len(suffix) - 1] + "." + suffix

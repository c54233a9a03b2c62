"""The nomination dossier for the national scene catalogue, as PDF and as Word (DOCX), in the
reader's language: the scene, the firm, the pilot with its milestones and KPIs, the
department's evaluation, the contract, the readiness score with the evidence still missing,
and the list of attachments followed by the photos among them, made small.

Both files are laid out from one list of sections, so they say the same. Fonts: the PDF
embeds (a subset of) the machine's TrueType CJK font through reportlab, as the industry
report does. The DOCX names that font for every run, East Asian text included
(``w:rFonts`` ``w:ascii``/``w:hAnsi``/``w:eastAsia``/``w:cs``, in the styles too), and
embeds it as Word does (``word/fonts/font1.odttf``, obfuscated, named by ``w:embedRegular``
in the font table; ``w:embedTrueTypeFonts`` set), subset to the characters the dossier uses
(fontTools), so Word and LibreOffice show the Chinese text on a machine without the font.
On a machine without a TrueType CJK font (only Debian's Noto CJK, say) nothing is
embedded: the PDF names STSong-Light and the DOCX names SimSun, which the reader's viewer
supplies (``scenehub.printing``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date

from scenehub.i18n import N_
from scenehub.partnerships.attachment_kinds import KINDS, size_text
from scenehub.partnerships.dossier_render import (
    Block,
    Facts,
    Grid,
    Heading,
    Photo,
    Photos,
    Text,
    all_text,
    pdf_story,
    word_document,
)
from scenehub.partnerships.readiness import Readiness
from scenehub.printing import (
    docx_bytes,
    embed_word_font,
    font_subset,
    pdf_bytes,
    pdf_font,
    word_font,
)

Translate = Callable[[str], str]

PROCUREMENT_METHODS = {
    "open_tender": N_("Open tender"),
    "invited_tender": N_("Invited tender"),
    "competitive_negotiation": N_("Competitive negotiation"),
    "competitive_consultation": N_("Competitive consultation"),
    "single_source": N_("Single source"),
    "inquiry": N_("Request for quotation"),
    "framework": N_("Framework agreement"),
}


@dataclass(frozen=True)
class SceneFacts:
    code: str
    title: str
    department: str
    domain: str  # its label (a msgid is translated) or name
    district: str  # its name in the reader's language, "" when no record names one
    description: str


@dataclass(frozen=True)
class FirmFacts:
    name: str
    uscc: str
    district: str


@dataclass(frozen=True)
class PilotFacts:
    scope: str
    site: str
    starts_on: date
    ends_on: date | None
    data_granted: tuple[str, ...] = ()


@dataclass(frozen=True)
class Milestone:
    title: str
    due: date
    completed: date | None = None  # the day it was completed


@dataclass(frozen=True)
class Kpi:
    name: str
    unit: str
    baseline: float | None
    target: float
    actual: float | None
    met: bool


@dataclass(frozen=True)
class Evaluation:
    grade: str
    rubric: tuple[tuple[str, float], ...]  # (criterion, score)
    comment: str
    evaluated_by: str
    evaluated_on: date


@dataclass(frozen=True)
class Contract:
    method: str  # a key of PROCUREMENT_METHODS, or the method's name
    value_yuan: float
    signed_on: date


@dataclass(frozen=True)
class Attachment:
    file_name: str
    kind: str  # a key of attachment_kinds.KINDS, or the kind's name
    caption: str = ""
    size_bytes: int = 0
    uploaded_on: date | None = None
    photo: Photo | None = None  # a photo's thumbnail, shown after the list


@dataclass(frozen=True)
class Dossier:
    scene: SceneFacts
    firm: FirmFacts
    pilot: PilotFacts
    readiness: Readiness
    milestones: tuple[Milestone, ...] = ()
    kpis: tuple[Kpi, ...] = ()
    evaluation: Evaluation | None = None
    contract: Contract | None = None
    attachments: tuple[Attachment, ...] = ()
    prepared_on: date | None = None


def dossier_title(dossier: Dossier, translate: Translate) -> str:
    return translate(N_("Nomination for the national scene catalogue: %(title)s")) % {
        "title": dossier.scene.title
    }


def sections(dossier: Dossier, translate: Translate) -> list[Block]:
    """The dossier's content, in order, in the reader's language."""
    _ = translate
    return [
        *_readiness(dossier, _),
        Heading(_("Scene")),
        _scene(dossier.scene, _),
        Heading(_("Firm")),
        Facts(
            (
                (_("Name"), dossier.firm.name),
                (_("USCC"), dossier.firm.uscc),
                (_("District"), dossier.firm.district or _("not stated")),
            )
        ),
        Heading(_("The pilot")),
        _pilot(dossier.pilot, _),
        Heading(_("Milestones")),
        _milestones(dossier.milestones, _),
        Heading(_("KPIs")),
        _kpis(dossier.kpis, _),
        Heading(_("The department's evaluation")),
        *_evaluation(dossier.evaluation, _),
        Heading(_("Contract")),
        _contract(dossier.contract, _),
        Heading(_("Attachments")),
        _attachments(dossier.attachments, _),
        *_photos(dossier.attachments),
    ]


def _readiness(dossier: Dossier, _: Translate) -> list[Block]:
    result = dossier.readiness
    verdict = _("Ready for nomination") if result.ready else _("Not ready for nomination")
    score = _("Readiness %(score)s of 100 (pass mark %(pass_mark)s): %(verdict)s") % {
        "score": f"{result.score:g}",
        "pass_mark": f"{result.pass_mark:g}",
        "verdict": verdict,
    }
    gaps = tuple(gap.text(_) for gap in result.gaps)
    missing = _("Evidence still missing:") if gaps else _("No evidence is missing.")
    prepared = dossier.prepared_on or date.today()
    facts = Facts(((_("Scene code"), dossier.scene.code), (_("Prepared on"), prepared.isoformat())))
    return [facts, Heading(_("Readiness for the catalogue")), Text(score), Text(missing, gaps)]


def _scene(scene: SceneFacts, _: Translate) -> Facts:
    return Facts(
        (
            (_("Code"), scene.code),
            (_("Title"), scene.title),
            (_("Department"), scene.department),
            (_("Domain"), _(scene.domain) if scene.domain else ""),
            (_("District"), scene.district or _("not stated")),
            (_("Description"), scene.description),
        )
    )


def _pilot(pilot: PilotFacts, _: Translate) -> Facts:
    ends = pilot.ends_on.isoformat() if pilot.ends_on else _("open")
    return Facts(
        (
            (_("Scope"), pilot.scope),
            (_("Site"), pilot.site),
            (_("Period"), f"{pilot.starts_on.isoformat()} – {ends}"),
            (_("Data granted"), "、".join(pilot.data_granted) or _("none")),
        )
    )


def _milestones(milestones: Sequence[Milestone], _: Translate) -> Grid:
    rows = tuple(
        (m.title, m.due.isoformat(), m.completed.isoformat() if m.completed else _("open"))
        for m in milestones
    )
    return Grid((_("Milestone"), _("Due"), _("Completed")), rows)


def _kpis(kpis: Sequence[Kpi], _: Translate) -> Grid:
    rows = tuple(
        (
            k.name,
            k.unit,
            _figure(k.baseline),
            _figure(k.target),
            _figure(k.actual),
            _("yes") if k.met else _("no"),
        )
        for k in kpis
    )
    header = (_("KPI"), _("Unit"), _("Baseline"), _("Target"), _("Actual"), _("Met"))
    return Grid(header, rows)


def _evaluation(evaluation: Evaluation | None, _: Translate) -> list[Block]:
    if evaluation is None:
        return [Text(_("The department has not evaluated the pilot yet."))]
    facts = Facts(
        (
            (_("Evaluation grade"), evaluation.grade),
            (_("Evaluated by"), evaluation.evaluated_by),
            (_("Evaluated on"), evaluation.evaluated_on.isoformat()),
            (_("Comment"), evaluation.comment),
        )
    )
    rubric = Grid(
        (_("Criterion"), _("Score")), tuple((_(c), _figure(s)) for c, s in evaluation.rubric)
    )
    return [facts, rubric]


def _contract(contract: Contract | None, _: Translate) -> Block:
    if contract is None:
        return Text(_("No procurement contract yet."))
    method = PROCUREMENT_METHODS.get(contract.method)
    return Facts(
        (
            (_("Procurement method"), _(method or contract.method)),
            (_("Value (yuan)"), f"{contract.value_yuan:,.2f}"),
            (_("Signed on"), contract.signed_on.isoformat()),
        )
    )


def _attachments(attachments: Sequence[Attachment], _: Translate) -> Grid:
    def kind(a: Attachment) -> str:
        known = KINDS.get(a.kind)
        return _(known.label) if known else a.kind

    rows = tuple(
        (
            a.file_name,
            kind(a),
            a.caption,
            size_text(a.size_bytes),
            a.uploaded_on.isoformat() if a.uploaded_on else "",
        )
        for a in attachments
    )
    return Grid((_("File"), _("Kind"), _("Caption"), _("Size"), _("Uploaded on")), rows)


def _photos(attachments: Sequence[Attachment]) -> list[Block]:
    """The photos' thumbnails, each with its caption (else its file name)."""
    shown = tuple(
        replace(a.photo, caption=a.caption or a.file_name) for a in attachments if a.photo
    )
    return [Photos(shown)] if shown else []


def _figure(value: float | None) -> str:
    """A KPI or rubric figure as recorded: thousands grouped, no trailing zeros."""
    if value is None:
        return "—"
    return f"{value:,.4f}".rstrip("0").rstrip(".")


def dossier_pdf(dossier: Dossier, translate: Translate) -> bytes:
    """The dossier as an A4 PDF with the CJK font embedded."""
    from reportlab.lib.pagesizes import A4

    title = dossier_title(dossier, translate)
    story = pdf_story(title, sections(dossier, translate), pdf_font())
    return pdf_bytes(story, pagesize=A4, title=title)


def dossier_docx(dossier: Dossier, translate: Translate) -> bytes:
    """The dossier as a Word document naming the CJK font in every run and embedding the
    subset of it that the text uses (when the machine's font allows embedding)."""
    title = dossier_title(dossier, translate)
    blocks = sections(dossier, translate)
    font = word_font()
    data = docx_bytes(word_document(title, blocks, font.family))
    if not font.embeddable:
        return data
    return embed_word_font(data, font.family, font_subset(title + all_text(blocks)))

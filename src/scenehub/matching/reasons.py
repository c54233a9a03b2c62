"""The words of a ranking's reasons: each reason code has an English message id (translated
like every other message) filled with the reason's parameters (pure)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from scenehub.i18n import N_
from scenehub.matching.documents import Reason

MESSAGES: dict[str, str] = {
    "segment": N_("chain segment: %(segment)s"),
    "segment_main": N_("chain segment: %(segment)s (the main one of both)"),
    "concepts": N_("shared concepts: %(terms)s"),
    "terms": N_("shared words: %(terms)s"),
    "stage_fits": N_("stage fits: %(stage)s"),
    "stage_mismatch": N_("stage differs: the scene wants %(preference)s"),
    "stage_unknown": N_("stage unknown"),
    "stage_any": N_("any stage welcome"),
    "track_record": N_("past pilots: %(pilots)s"),
    "on_premise_yes": N_("states on-premise deployment"),
    "on_premise_no": N_("does not state on-premise deployment"),
    "vetted": N_("security vetted"),
    "district": N_("same district"),
    "similar": N_("similar description: “%(sentence)s”"),
}


def reason_message(reason: Reason, locale: str) -> tuple[str, dict[str, Any]]:
    """The message id of a reason and its parameters, in ``locale`` (zh_CN or en)."""
    p = reason.params
    zh = locale.startswith("zh")
    if reason.code == "segment":
        key = "segment_main" if p.get("scene_main") and p.get("firm_main") else "segment"
        return MESSAGES[key], {"segment": p["zh"] if zh else p["en"]}
    if reason.code in ("concepts", "terms"):
        return MESSAGES[reason.code], {"terms": ("、" if zh else ", ").join(p["terms"])}
    if reason.code == "stage":
        return MESSAGES[f"stage_{p['fit']}"], {
            "stage": p.get("stage") or "",
            "preference": p.get("preference") or "",
        }
    if reason.code == "on_premise":
        return MESSAGES["on_premise_yes" if p.get("stated") else "on_premise_no"], {}
    if reason.code == "security_vetting":
        return MESSAGES["vetted"], {}
    if reason.code == "similar":
        return MESSAGES["similar"], {"sentence": p["sentence"]}
    if reason.code in MESSAGES:
        return MESSAGES[reason.code], dict(p)
    return reason.code, {}


def render_reason(reason: Reason, locale: str, gettext: Callable[..., str]) -> str:
    """A reason as a sentence: ``gettext(message, **params)`` translates and fills it."""
    message, params = reason_message(reason, locale)
    return gettext(message, **params)

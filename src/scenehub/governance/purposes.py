"""The purposes data is read for: one registry with translated labels (pure).

Every read of a firm's data is logged under one of these keys (governance/reads.py), and a
grant names one (governance/grants.py); call sites name a constant here, never a string.
"""

from __future__ import annotations

from scenehub.i18n import N_

FIRM_PROFILE = "firm-profile"
ENTITY_RESOLUTION_REVIEW = "entity-resolution-review"
CLERICAL_REVIEW = "clerical-review"
FINANCING_APPLICATION = "financing-application"
PILOT_EVALUATION = "pilot-evaluation"
PARTNERSHIP = "partnership"
PROPOSAL_REVIEW = "proposal-review"
SCENE_MATCHING = "scene-matching"
ELIGIBILITY = "eligibility"
SEGMENT_REVIEW = "segment-review"
INDUSTRY_MAP = "industry-map"
DATA_INTEGRATION = "data-integration"
INVESTMENT_RESEARCH = "investment-research"

PURPOSES: dict[str, str] = {
    FIRM_PROFILE: N_("reading a firm's record"),
    ENTITY_RESOLUTION_REVIEW: N_("entity-resolution review"),
    CLERICAL_REVIEW: N_("clerical review of record links"),
    FINANCING_APPLICATION: N_("financing application"),
    PILOT_EVALUATION: N_("a scene's pilot evaluation"),
    PARTNERSHIP: N_("running a partnership"),
    PROPOSAL_REVIEW: N_("reviewing a proposal"),
    SCENE_MATCHING: N_("ranking firms for a scene"),
    ELIGIBILITY: N_("financing eligibility"),
    SEGMENT_REVIEW: N_("industry segment review"),
    INDUSTRY_MAP: N_("building the industry map"),
    DATA_INTEGRATION: N_("data integration"),
    INVESTMENT_RESEARCH: N_("investment research"),
}
# The purposes an organisation may ask a grant for (the others are the platform's own).
GRANTABLE = (
    ENTITY_RESOLUTION_REVIEW,
    FINANCING_APPLICATION,
    PILOT_EVALUATION,
    PARTNERSHIP,
    PROPOSAL_REVIEW,
    SCENE_MATCHING,
    INVESTMENT_RESEARCH,
)


def label(purpose: str) -> str:
    """The purpose's label (a message id); an unknown key is shown as it is."""
    return PURPOSES.get(purpose, purpose)

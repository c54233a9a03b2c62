"""Labels of the partnership stages (pure; the stages themselves are in stages.py)."""

from __future__ import annotations

from scenehub.partnerships.stages import STAGE_LABELS

PARTNERSHIP_LABELS: dict[str, str] = STAGE_LABELS

"""Boundary models of salons: the demo's import, the operator's salon, invitations,
registrations, the schedule and its meetings."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Annotated, Any, Literal

from pydantic import (
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
)

from scenehub.errors import ValidationFailed
from scenehub.fields import Id, Instant, LocalMoment, Name, RequestBody
from scenehub.i18n import N_
from scenehub.salons.planning import known_zone

# A salon's grid: at most this many slots and tables (a day of 10-minute slots; a big hall).
MAX_SLOTS = 48
MAX_TABLES = 200
# The longest a solve may run inside a request (meeting_service.py says why).
MAX_REQUEST_SOLVE_SECONDS = 10.0

Slot = Annotated[int, Field(ge=0, le=MAX_SLOTS - 1)]


class MeetingImport(BaseModel):
    scene_id: int
    firm_org_id: int
    starts_at: AwareDatetime  # the database keeps UTC: a time without its zone is refused
    minutes: int = Field(ge=5, le=240)


class SalonImport(BaseModel):
    code: str = Field(min_length=1, max_length=20)
    theme: Annotated[Name, Field(max_length=200)]
    held_on: date
    venue: str = ""
    scene_ids: list[int] = Field(default_factory=list)
    meetings: list[MeetingImport] = Field(default_factory=list)


class SalonWrite(RequestBody):
    """What the operator sets up: the theme, time, grid and the scenes shown."""

    theme: Annotated[Name, Field(max_length=200, description="the salon's theme, shown to all")]
    venue: str = Field(default="", max_length=200, description="where it is held")
    starts_at: Instant = Field(description="when the first slot starts, ISO 8601 with its zone")
    time_zone: str = Field(
        default="Asia/Shanghai",
        max_length=40,
        description="the IANA zone its pages and documents show times in (an unknown one: 409)",
    )
    slot_minutes: int = Field(default=20, ge=5, le=120, description="length of one meeting")
    break_minutes: int = Field(default=0, ge=0, le=60, description="pause between two slots")
    slots: int = Field(ge=1, le=MAX_SLOTS, description="meeting slots, numbered from 0")
    tables: int = Field(ge=1, le=MAX_TABLES, description="tables: meetings held at once")
    capacity: int = Field(ge=1, le=5000, description="the most firms that may attend")
    scene_codes: list[Annotated[str, Field(max_length=20)]] = Field(
        min_length=2, max_length=30, description="the codes of the scenes shown: two or more"
    )


class SalonRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    code: str
    theme: str
    held_on: date
    venue: str
    status: str = "held"
    starts_at: datetime | None = None
    scenes: int = 0
    meetings: int = 0


class SalonTransition(RequestBody):
    to: Literal["held", "cancelled"] = Field(
        description="held after the day, or cancelled (sending invitations and solving move "
        "a salon to inviting and scheduled)"
    )


class SalonSceneRead(BaseModel):
    id: int
    code: str
    title: str
    department_org_id: int
    department_name: str


class ReasonRead(BaseModel):
    code: str = Field(description="the reason's code (matching/reasons.py)")
    params: dict[str, Any] = Field(default_factory=dict)


class InvitationRead(BaseModel):
    id: int
    org_id: int
    org_name: str
    kind: str = Field(description="firm or department")
    rank: int | None = Field(description="the firm's place in the proposed list")
    score: float | None = Field(description="the firm's best match score for the scenes")
    reasons: list[ReasonRead]
    status: str = Field(description="proposed, sent, accepted or declined")
    responded_at: datetime | None


class InvitationAdd(RequestBody):
    org_id: Id = Field(description="the firm or department organisation to invite")


class InvitationAnswer(RequestBody):
    accept: bool = Field(description="true to accept, false to decline")


class RegistrationWrite(RequestBody):
    """A participant's registration: a firm names scenes and departments, a department its
    officers and the firms it wants."""

    seats: int = Field(default=1, ge=1, le=20, description="a department's officers")
    available: list[Slot] | None = Field(
        default=None, max_length=MAX_SLOTS, description="slots it can attend; none: every slot"
    )
    scene_ids: list[Id] = Field(
        default_factory=list, max_length=30, description="linked scenes a firm wants"
    )
    org_ids: list[Id] = Field(
        default_factory=list,
        max_length=500,
        description="departments a firm wants to meet, or firms a department wants",
    )


class RegistrationRead(BaseModel):
    org_id: int
    org_name: str
    kind: str
    seats: int
    available: list[int] | None
    scene_ids: list[int]
    org_ids: list[int]
    checked_in_at: datetime | None


class ConstraintWrite(RequestBody):
    firm_org_id: Id
    department_org_id: Id
    kind: Literal["pin", "forbid"] = Field(description="pin the meeting, or forbid it")
    slot: Slot | None = Field(
        default=None, description="a pin's slot (none: any slot); a forbid has none"
    )


class ConstraintRead(BaseModel):
    id: int
    firm_org_id: int
    firm_name: str
    department_org_id: int
    department_name: str
    kind: str
    slot: int | None


class SolveRequest(RequestBody):
    time_limit: float = Field(
        default=MAX_REQUEST_SOLVE_SECONDS,
        gt=0,
        le=MAX_REQUEST_SOLVE_SECONDS,
        description="seconds the solver may take (the best schedule found by then is kept)",
    )


class MeetingRead(BaseModel):
    id: int
    firm_org_id: int
    firm_name: str
    department_org_id: int | None
    department_name: str
    scene_id: int
    scene_code: str
    scene_title: str
    slot: int | None
    table: int | None
    starts_at: datetime
    minutes: int
    pinned: bool
    checked_in_at: datetime | None
    outcome: str | None
    note: str
    follow_up: str | None = Field(
        description="what the follow-up became: partnership or proposal_invitation"
    )
    partnership_code: str | None = Field(
        default=None, description="the partnership the follow-up opened (or joined)"
    )


class OutcomeWrite(RequestBody):
    outcome: Literal["no_fit", "follow_up", "proposal"] = Field(
        description="what came of the meeting"
    )
    note: str = Field(default="", max_length=2000)


class FollowUpWrite(RequestBody):
    action: Literal["partnership", "proposal"] = Field(
        description="open a partnership, or invite the firm to propose for the scene"
    )
    message: str = Field(default="", max_length=2000, description="the invitation's message")


class ScheduleSummary(BaseModel):
    status: str | None = Field(description="optimal, feasible or infeasible")
    objective: float | None
    bound: float | None = Field(description="the solver's best bound on the objective")
    solved_at: datetime | None
    meetings: int
    firms_met: int


class SalonDetail(BaseModel):
    id: int
    code: str
    theme: str
    venue: str
    status: str
    starts_at: datetime | None
    held_on: date
    time_zone: str
    slot_minutes: int
    break_minutes: int
    slots: int
    tables: int
    capacity: int
    scenes: list[SalonSceneRead]
    invitations: list[InvitationRead]
    registrations: list[RegistrationRead]
    constraints: list[ConstraintRead]
    meetings: list[MeetingRead]
    schedule: ScheduleSummary


class ParticipantView(BaseModel):
    """What a firm or department sees of a salon: its invitation, registration, meetings."""

    salon: SalonRead
    time_zone: str
    slots: int
    slot_minutes: int
    break_minutes: int
    scenes: list[SalonSceneRead]
    invitation: InvitationRead
    registration: RegistrationRead | None
    meetings: list[MeetingRead]
    # Whom a participant may name: departments of the scenes (for a firm), invited firms
    # (for a department).
    choices: dict[int, str]


class SalonForm(RequestBody):
    """The salon form of the pages: the start as the browser's local date and time, read in
    the named zone."""

    theme: Annotated[Name, Field(max_length=200)]
    venue: str = Field(default="", max_length=200)
    starts_local: LocalMoment
    time_zone: str = Field(default="Asia/Shanghai", max_length=40)
    slot_minutes: int = Field(default=20, ge=5, le=120)
    break_minutes: int = Field(default=0, ge=0, le=60)
    slots: int = Field(ge=1, le=MAX_SLOTS)
    tables: int = Field(ge=1, le=MAX_TABLES)
    capacity: int = Field(ge=1, le=5000)
    scene_codes: list[Annotated[str, Field(max_length=20)]] = Field(
        default_factory=list, max_length=30
    )

    def to_write(self) -> SalonWrite:
        """The salon this form describes (too few scenes is a 422 naming the field; an
        unknown zone, the service's 409 naming the zone)."""
        zone = known_zone(self.time_zone) or UTC
        values = {
            **self.model_dump(exclude={"starts_local"}),
            "starts_at": self.starts_local.replace(tzinfo=zone),
        }
        try:
            return SalonWrite.model_validate(values)
        except ValidationError as error:
            problems = [
                {"loc": [str(part) for part in e["loc"]], "msg": e["msg"], "type": e["type"]}
                for e in error.errors()
            ]
            fields = ", ".join(dict.fromkeys(".".join(p["loc"]) for p in problems))
            raise ValidationFailed(
                N_("some fields are missing or invalid: %(fields)s"),
                params={"fields": fields},
                details={"problems": problems},
            ) from error

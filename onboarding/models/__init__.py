from .audit import Notification, TransitionLog
from .jobs import Job
from .participants import Participant, SelectionDecision
from .people import ApiToken, Invitation, Role, User
from .programmes import FeeModel, ParticipantKind, PopulationReferenceRule, Programme, Stage
from .registry import (
    Consortium,
    ConsortiumMembership,
    Contact,
    LanguageStatus,
    Municipality,
    PopulationFigure,
)

__all__ = [
    "ApiToken",
    "Consortium",
    "ConsortiumMembership",
    "Contact",
    "Invitation",
    "Job",
    "LanguageStatus",
    "Municipality",
    "FeeModel",
    "Notification",
    "Participant",
    "ParticipantKind",
    "PopulationFigure",
    "PopulationReferenceRule",
    "Programme",
    "Role",
    "SelectionDecision",
    "Stage",
    "TransitionLog",
    "User",
]

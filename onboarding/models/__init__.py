from .audit import Notification, TransitionLog
from .jobs import Job
from .people import ApiToken, Invitation, Role, User
from .programmes import PopulationReferenceRule, Programme
from .registry import (
    Connection,
    ConnectionStatus,
    Consortium,
    ConsortiumMembership,
    Contact,
    LanguageStatus,
    Municipality,
    PopulationFigure,
)
from .scheduling import ChecklistItem, ChecklistTick, Wave

__all__ = [
    "ApiToken",
    "ChecklistItem",
    "ChecklistTick",
    "Connection",
    "ConnectionStatus",
    "Consortium",
    "ConsortiumMembership",
    "Contact",
    "Invitation",
    "Job",
    "LanguageStatus",
    "Municipality",
    "Notification",
    "PopulationFigure",
    "PopulationReferenceRule",
    "Programme",
    "Role",
    "TransitionLog",
    "User",
    "Wave",
]

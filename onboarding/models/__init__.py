from .audit import Notification, TransitionLog
from .jobs import Job
from .people import ApiToken, Invitation, Role, User
from .programmes import PopulationReferenceRule, Programme
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
    "Notification",
    "PopulationFigure",
    "PopulationReferenceRule",
    "Programme",
    "Role",
    "TransitionLog",
    "User",
]

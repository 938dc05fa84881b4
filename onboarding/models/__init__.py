from .audit import Notification, TransitionLog
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

"""Eligibility listens to the registry's `joining_changed` (sent by agreements, connections and
memberships) and forgets its cached answers after the commit."""

from eligibility.services import eligibility_changed
from onboarding.signals import joining_changed


def _forget_answers(sender, **kwargs) -> None:
    eligibility_changed()


def connect() -> None:
    joining_changed.connect(_forget_answers, dispatch_uid="eligibility-forget-answers")

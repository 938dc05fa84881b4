"""Fee-rate decisions: dated, with their basis and who decided; history keeps who entered
them."""

import datetime
from decimal import Decimal

from billing.models import FeeRate
from onboarding.models import User
from onboarding.permissions import require_finance
from onboarding.services.registry import fit_change_reason


def fee_rate_decide(
    *,
    programme,
    rate: Decimal,
    from_year: int,
    basis: str,
    cost_analysis_url: str,
    decided_by: str,
    decided_on: datetime.date,
    by: User,
) -> FeeRate:
    """Record a dated rate decision; its history keeps who entered it and why."""
    require_finance(by)
    decision = FeeRate(
        programme=programme,
        rate=rate,
        from_year=from_year,
        basis=basis,
        cost_analysis_url=cost_analysis_url,
        decided_by=decided_by,
        decided_on=decided_on,
    )
    decision.full_clean()
    decision._change_reason = fit_change_reason(type(decision), basis)
    decision._history_user = by
    decision.save()
    return decision

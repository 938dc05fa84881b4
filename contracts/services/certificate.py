from django.utils import timezone

from contracts import rendering
from contracts.models import Agreement
from onboarding.services.audit import transitions_of


def certificate_pdf(agreement: Agreement) -> bytes:
    """The evidence, the hashes and the timeline of one agreement, as PDF/A, in the
    agreement's language. Made on request: it grows with the timeline."""
    context = {
        "agreement": agreement,
        "evidence": getattr(agreement, "evidence", None),
        "documents": list(agreement.documents.order_by("kind")),
        "timeline": list(transitions_of(agreement)),
        "generated": timezone.localtime(),
        "language": agreement.language,
    }
    return rendering.render_certificate_pdf(context, agreement.language)

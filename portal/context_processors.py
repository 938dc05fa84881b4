from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from onboarding.permissions import is_coordinator, sees_all


def navigation(request):
    """The navigation a user's role gives; pages themselves still check access."""
    user = getattr(request, "user", None)
    if not user or not user.is_authenticated:
        return {"nav_items": [(reverse("programme_index"), _("Programmes"))]}
    items = [
        (reverse("home"), _("Home")),
        (reverse("municipality_list"), _("Municipalities")),
        (reverse("consortium_list"), _("Consortia")),
        (reverse("municipality_map"), _("Map")),
    ]
    items.append((reverse("agreement_list"), _("Agreements")))
    # The index redirects to the first programme's calendar: no query on every page.
    items.append((reverse("scheduling:index"), _("Connections")))
    items.append((reverse("fee_preview"), _("Fees")))
    items.append((reverse("invoice_list"), _("Invoices")))
    if sees_all(user):
        items.append((reverse("survey_overview"), _("Surveys")))
        items.append((reverse("cost_analysis"), _("Cost analysis")))
    else:
        items.append((reverse("my_surveys"), _("My surveys")))
    if is_coordinator(user):
        items.append((reverse("survey_questionnaires"), _("Questionnaires")))
        items.append((reverse("invitation_list"), _("Invitations")))
    items.append((reverse("programme_index"), _("Programmes")))
    items.append((reverse("api-docs"), _("API")))
    return {"nav_items": items}

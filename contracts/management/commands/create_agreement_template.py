from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from contracts.models import AgreementTemplate
from contracts.services.documents import agreement_template_create, current_template
from onboarding.models import Programme


class Command(BaseCommand):
    help = (
        "Build version N of a programme's agreement template from contracts/content/vN/: the "
        "DOCX templates in Finnish and Swedish and the two appendices as PDF/A, each stored "
        "with its SHA-256. A version that exists is left as it is."
    )

    def create_parser(self, prog_name, subcommand, **kwargs):
        # Our --version (the template version) replaces Django's --version (its own release).
        return super().create_parser(prog_name, subcommand, conflict_handler="resolve", **kwargs)

    def add_arguments(self, parser):
        parser.add_argument("--programme", required=True, help="The programme's slug: ekirjasto.")
        parser.add_argument(
            "--version", type=int, required=True, help="The version: its folder is content/vN."
        )
        parser.add_argument("--notes", default="", help="What this version changes.")

    def handle(self, *args, programme: str, version: int, notes: str, **options):
        found = Programme.objects.filter(slug=programme).first()
        if found is None:
            known = ", ".join(Programme.objects.order_by("slug").values_list("slug", flat=True))
            raise CommandError(
                _("There is no programme %(slug)s (the programmes: %(known)s).")
                % {"slug": programme, "known": known or "—"}
            )
        if version < 1:
            raise CommandError(_("A template version is a number from 1 up."))
        existed = AgreementTemplate.objects.filter(
            programme=found, version=version, files__isnull=False
        ).exists()
        try:
            template = agreement_template_create(programme=found, version=version, notes=notes)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        if existed:
            self.stdout.write(
                _(
                    "Version %(version)s of the agreement of %(programme)s exists already; "
                    "nothing was changed. A created version never changes: a new text is a new "
                    "version."
                )
                % {"version": version, "programme": found.slug}
            )
            return
        self.stdout.write(
            self.style.SUCCESS(
                _("Created version %(version)s of the agreement of %(programme)s:")
                % {"version": version, "programme": found.slug}
            )
        )
        for item in template.files.order_by("kind", "language"):
            self.stdout.write(f"  {item.file.name}  sha256 {item.sha256}")
        latest = current_template(found)
        if latest == template:
            self.stdout.write(
                _("Agreements created from now on use it; existing agreements keep their version.")
            )
        else:
            self.stdout.write(
                _("Version %(latest)s is newer: new agreements use that one.")
                % {"latest": latest.version}
            )

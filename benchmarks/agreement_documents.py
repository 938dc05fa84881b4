"""Time to generate the agreement documents: DOCX (docxtpl) and PDF/A (WeasyPrint) per
agreement, and for every municipality.

    .venv/bin/python benchmarks/agreement_documents.py [--count 309]
"""

import argparse
import statistics
import time

from harness import exit_with_targets, target, test_database  # sets Django up


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=309, help="agreements to render")
    args = parser.parse_args()

    from contracts import rendering
    from contracts.models import TemplateFile
    from contracts.services.agreements import agreement_create
    from contracts.services.documents import agreement_context, docx_properties
    from onboarding.models import Municipality, Programme
    from onboarding.pdf import html_to_pdf_a

    with test_database():
        programme = Programme.objects.get(slug="ekirjasto")
        municipalities = list(Municipality.objects.order_by("code")[: args.count])
        agreements = [agreement_create(programme=programme, municipality=m) for m in municipalities]
        templates = {}
        for item in TemplateFile.objects.filter(kind=TemplateFile.Kind.AGREEMENT):
            with item.file.open("rb") as handle:
                templates[item.language] = handle.read()
        docx_times, pdf_times, sizes = [], [], []
        started = time.perf_counter()
        for agreement in agreements:
            t0 = time.perf_counter()
            docx = rendering.fill_docx(
                templates[agreement.language],
                agreement_context(agreement),
                docx_properties(agreement),
            )
            t1 = time.perf_counter()
            pdf = rendering.html_to_pdf(
                rendering.docx_to_html(docx), title="x", language=agreement.language
            )
            t2 = time.perf_counter()
            docx_times.append((t1 - t0) * 1000)
            pdf_times.append((t2 - t1) * 1000)
            sizes.append((len(docx), len(pdf)))
        total = time.perf_counter() - started
        print(f"agreements rendered: {len(agreements)}")
        print(
            f"DOCX per agreement: median {statistics.median(docx_times):.1f} ms, "
            f"max {max(docx_times):.1f} ms, size ~{statistics.median(s[0] for s in sizes):.0f} B"
        )
        print(
            f"PDF/A per agreement: median {statistics.median(pdf_times):.1f} ms, "
            f"max {max(pdf_times):.1f} ms, size ~{statistics.median(s[1] for s in sizes):.0f} B"
        )
        print(
            f"all {len(agreements)}: {total:.1f} s "
            f"({len(agreements) / total:.1f} agreements per second, one process)"
        )
        # The baseline: four plain pages of text through the same writer.
        page = "<p>" + "Sopimus. " * 400 + "</p>"
        four_pages = "".join(
            f'<div style="page-break-after: always">{page}</div>' for _ in range(4)
        )
        minimal = []
        for _ in range(min(20, len(agreements))):
            t0 = time.perf_counter()
            html_to_pdf_a(four_pages)
            minimal.append((time.perf_counter() - t0) * 1000)
        print(f"minimal 4-page PDF/A: median {statistics.median(minimal):.1f} ms")
        target(
            "agreement PDF / minimal 4-page PDF/A",
            statistics.median(pdf_times),
            statistics.median(minimal),
            at_most=2,
        )
    exit_with_targets()


if __name__ == "__main__":
    main()

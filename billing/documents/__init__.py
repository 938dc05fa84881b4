"""The documents of an invoice: payment references, the bank barcode line, the PDF/A and the
Finvoice 3.0 message.

Everything here is a function of the frozen Invoice snapshot (its seller and buyer dicts, its
lines and totals) and of nothing else, so rendering an invoice again gives the same words and
figures. Nothing here writes to the database.

References:
* Finnish national reference ("viitenumero"): Finance Finland, "Kotimaisen viitteen
  rakenneohje"; check digit with the weights 7, 3, 1 from the right.
* RF creditor reference: ISO 11649 (check digits by ISO 7064 mod 97-10, as in IBAN).
* Bank barcode ("pankkiviivakoodi", its 54-digit text form "virtuaaliviivakoodi"): Finance
  Finland, "Pankkiviivakoodi-opas" / "Bank bar code guide", version 5.3.
* Finvoice 3.0: Finance Finland; the schema is data/reference/finvoice/Finvoice3.0.xsd.
"""

from billing.documents.barcode import (  # noqa: F401  (re-exported until the callers import it)
    CODE128_START_C,
    CODE128_STOP,
    CODE128_WIDTHS,
    MAX_BARCODE_AMOUNT,
    bank_barcode,
    code128_svg,
    code128c_values,
)
from billing.documents.common import (  # noqa: F401  (re-exported until the callers import it)
    decimal_places,
    is_credit_note,
    payment_term_days,
    percent,
    vat_number,
)
from billing.documents.finvoice import (  # noqa: F401  (re-exported until the callers import it)
    FINVOICE_XSD,
    finvoice_schema,
    render_finvoice,
    validate_finvoice,
)
from billing.documents.pdf import (  # noqa: F401  (re-exported until the callers import it)
    invoice_context,
    rate_text,
    render_invoice_html,
    render_invoice_pdf,
)
from billing.documents.references import (  # noqa: F401  (re-exported until the callers import it)
    finnish_reference,
    format_iban,
    format_reference,
    format_rf_reference,
    is_valid_finnish_reference,
    remove_spaces,
    rf_reference,
)

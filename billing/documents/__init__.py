"""The documents of an invoice, one module per use case; import from the module itself:

* references.py: the Finnish national reference (7-3-1) and the RF creditor reference
  (ISO 11649), formed, checked and printed in groups (the invoicing service numbers with them).
* barcode.py: the Finnish bank barcode line ("virtuaaliviivakoodi", versions 4 and 5) and its
  Code 128 drawing as SVG.
* pdf.py: the invoice PDF/A (the context of templates/billing/invoice.html, WeasyPrint).
* finvoice.py: the Finvoice 3.0 message, validated against
  data/reference/finvoice/Finvoice3.0.xsd.
* common.py: what pdf and finvoice both read from an invoice and print the same way.

Everything here is a function of the frozen Invoice snapshot (its seller and buyer dicts, its
lines and totals) and of nothing else, so rendering an invoice again gives the same words and
figures. Nothing here writes to the database.
"""

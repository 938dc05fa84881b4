from django.urls import path

from contracts.views import billing

urlpatterns = [
    path("fees/", billing.fee_preview, name="fee_preview"),
    path("runs/", billing.run_start, name="invoice_run_start"),
    path("invoices/", billing.invoice_list, name="invoice_list"),
    path("invoices/<str:number>/", billing.invoice_detail, name="invoice_detail"),
    path("invoices/<str:number>/<str:kind>/", billing.invoice_file, name="invoice_file"),
    path("payments/", billing.payment_import, name="payment_import"),
    path("rates/", billing.rates, name="fee_rates"),
]

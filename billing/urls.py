from django.urls import path

from billing import views

urlpatterns = [
    path("fees/", views.fee_preview, name="fee_preview"),
    path("runs/", views.run_start, name="invoice_run_start"),
    path("invoices/", views.invoice_list, name="invoice_list"),
    path("invoices/<str:number>/", views.invoice_detail, name="invoice_detail"),
    path("invoices/<str:number>/<str:kind>/", views.invoice_file, name="invoice_file"),
    path("payments/", views.payment_import, name="payment_import"),
    path("rates/", views.rates, name="fee_rates"),
]

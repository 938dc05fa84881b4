from django.urls import path

from billing.api import views

urlpatterns = [
    path("fees/", views.FeeList.as_view(), name="api-fees"),
    path("invoice-runs/", views.InvoiceRunCreate.as_view(), name="api-invoice-runs"),
    path("invoice-runs/<int:pk>/", views.InvoiceRunDetail.as_view(), name="api-invoice-run"),
    path("invoices/", views.InvoiceList.as_view(), name="api-invoices"),
    path("invoices/<str:number>/credit/", views.InvoiceCredit.as_view(), name="api-invoice-credit"),
    path(
        "invoices/<str:number>/<str:kind>",
        views.InvoiceDocument.as_view(),
        name="api-invoice-document",
    ),
    path("payments/import/", views.PaymentImport.as_view(), name="api-payments-import"),
]

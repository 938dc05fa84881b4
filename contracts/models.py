"""Agreements, fees and invoices (issues: agreements, fees)."""

"""Billing: fee-rate decisions, payers, the fee engine and preview, frozen invoices and credit
notes with their PDF/A and Finvoice documents, payments, and the yearly invoice run. Bills only
what `scheduling.joined` says was joined. Built on the registry, agreements and scheduling."""

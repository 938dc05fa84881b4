"""Services: one keyword-only function per use case. Views, API, commands and tasks call
these; none of them repeats the logic."""

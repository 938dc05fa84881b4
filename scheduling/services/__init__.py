"""Connection scheduling's use cases, one module per subject: waves, confirming a schedule,
a connection's states and checklist. Each checks permission and input, changes everything or
nothing in one transaction, logs the transition and sends its e-mails after the commit."""

"""The registry, the bottom layer: municipalities and their dated populations, consortia and
effective-dated memberships, connection units, programmes, people and their roles, API tokens,
and the shared services every app above uses: notifications (e-mail), background jobs with
progress, audit (transition logs), role checks (permissions.py), the Conflict error, exports,
maps, business days and formatting. It imports no app above it."""

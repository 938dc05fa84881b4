"""Connection scheduling pages: the calendar of waves, the timeline chart, a unit's page with
its checklist and states, iCalendar and CSV exports, and the coordinator's proposal to review
and confirm. Reads come from `scheduling.selectors` (scoped by user), changes from
`scheduling.services`; a view only turns their answers and errors into pages."""

"""Surveys: versioned questionnaires of a programme, the municipalities' responses with their
history and review, reminders, exports and the cost analysis. Built on the registry only."""

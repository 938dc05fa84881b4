"""Agreements: versioned agreement templates (text in contracts/content/), one agreement per
municipality and programme with its states, generated documents and signing evidence, bulk
actions, reminders, and consortium completeness (who has signed). Built on the registry."""

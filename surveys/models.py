"""Questionnaires and responses (issue: surveys)."""

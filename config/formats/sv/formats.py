"""Swedish as written in Finland: dates as 23.4.2024, as Finnish writes them (Django's
Swedish formats are Sweden's, 2024-04-23). Everything not set here is Django's Swedish."""

SHORT_DATE_FORMAT = "j.n.Y"
SHORT_DATETIME_FORMAT = "j.n.Y H:i"

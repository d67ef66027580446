"""Domain logic: functions that take plain values and a session, never the HTTP request."""

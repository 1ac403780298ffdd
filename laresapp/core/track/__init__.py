"""A trek's line: geometry, the elevation profile, hiking times, snapping, "Where am I" and
the server-drawn profile chart."""

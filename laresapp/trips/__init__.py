"""Trips: a party's link, ticks, notes and the day setting as idempotent operations, the
trip pages, sync, the plan and the checklist."""

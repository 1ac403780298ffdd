"""Planning a trip: sun times, the altitude rule and the day-by-day itinerary.

The web layer turns database rows into the small input dataclasses here, so every rule can be
tested on itineraries built by hand to break it or to pass it.
"""

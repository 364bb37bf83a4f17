"""Readers that turn runners' activity files (FIT, GPX, TCX, Strava and Garmin exports) into data."""

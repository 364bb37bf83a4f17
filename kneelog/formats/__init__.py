"""Readers turning runners' activity files (FIT, GPX, TCX, Strava, Garmin exports) into data."""

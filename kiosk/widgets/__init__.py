"""Reusable touch widgets of the kiosk."""

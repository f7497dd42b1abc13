"""Screens of the kiosk, one module per screen (Qt adapter layer)."""

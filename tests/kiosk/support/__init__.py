"""Helpers of the kiosk tests: a fake hub and a fake clock."""

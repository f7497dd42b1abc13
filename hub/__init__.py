"""Bale Sandi Maya."""

"""Shared core of Bale Sandi Maya: domain model, rules, storage, configuration, video capture. No Qt here."""

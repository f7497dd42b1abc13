"""Tests of the complaint map's drawing helpers (wall.map)."""

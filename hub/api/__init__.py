"""The extension API under ``/api/v1`` (JSON, key in ``X-API-Key``): PPID, SKM, 112, kiosks, staff, status."""

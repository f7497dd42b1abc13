"""The touch kiosk for walk-in citizens: screens, offline outbox, sender and receipts."""

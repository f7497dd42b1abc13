"""Command-line helpers: a scripted headless driver and a screenshot renderer."""

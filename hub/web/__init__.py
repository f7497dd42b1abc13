"""Pages for people (HTML), next to the JSON API."""

"""Side panels of the layout editor."""

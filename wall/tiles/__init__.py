"""Wall tiles: one module per kind behind the TileWidget interface."""

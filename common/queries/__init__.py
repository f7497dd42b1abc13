"""Read-only queries shared by the programs (the wall's map and board, the hub)."""

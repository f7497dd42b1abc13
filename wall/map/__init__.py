"""Map rendering helpers of the wall: kelurahan geometry, projection, styling, painting and basemap tiles."""

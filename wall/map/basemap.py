"""Optional basemap tiles under the complaint map: an XYZ tile server (cached on disk) or an MBTiles file.

The map works without any basemap (offline). Tiles are fetched on an executor (``requests`` for XYZ, a
read-only ``sqlite3`` connection per fetch for MBTiles), decoded to a QImage there, and handed to the GUI
thread by a queued signal, where they become QPixmaps in a small in-memory cache.
"""

from __future__ import annotations

import concurrent.futures as cf
import contextlib
import hashlib
import logging
import math
import sqlite3
import time
from collections import OrderedDict
from pathlib import Path
from typing import Protocol

import requests
from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QImage, QPixmap

_log = logging.getLogger(__name__)

TileKey = tuple[int, int, int]
USER_AGENT = "BaleSandiMaya/0.1 (Diskominfo Kota Serang command center)"


def tile_bounds(z: int, x: int, y: int) -> tuple[float, float, float, float]:
    """(west, south, east, north) in degrees of an XYZ (Web Mercator, y down) tile."""
    n = 1 << z

    def lat(row: float) -> float:
        return math.degrees(math.atan(math.sinh(math.pi * (1 - 2 * row / n))))

    return x / n * 360 - 180, lat(y + 1), (x + 1) / n * 360 - 180, lat(y)


def tiles_covering(bounds: tuple[float, float, float, float], z: int) -> list[TileKey]:
    """The XYZ tiles at zoom ``z`` covering (min lng, min lat, max lng, max lat)."""
    n = 1 << z

    def col(lng: float) -> int:
        return min(n - 1, max(0, int((lng + 180) / 360 * n)))

    def row(lat: float) -> int:
        r = math.radians(max(-85.0, min(85.0, lat)))
        return min(n - 1, max(0, int((1 - math.asinh(math.tan(r)) / math.pi) / 2 * n)))

    min_lng, min_lat, max_lng, max_lat = bounds
    return [
        (z, x, y)
        for x in range(col(min_lng), col(max_lng) + 1)
        for y in range(row(max_lat), row(min_lat) + 1)
    ]


def zoom_for(px_per_degree_lng: float, min_zoom: int = 0, max_zoom: int = 19) -> int:
    """The zoom level whose 256-px tiles are drawn closest to their natural size."""
    z = round(math.log2(max(px_per_degree_lng, 1e-9) * 360 / 256))
    return max(min_zoom, min(max_zoom, z))


class TileSource(Protocol):
    """Where tile bytes come from; ``fetch`` runs on a worker thread."""

    min_zoom: int
    max_zoom: int

    def fetch(self, key: TileKey) -> bytes | None:
        """The encoded image of a tile, or None when it does not exist or cannot be had now."""


class XyzTileSource:
    """An XYZ tile server (``https://host/{z}/{x}/{y}.png``) with a disk cache (which also serves offline)."""

    def __init__(self, url_template: str, cache_dir: Path | None, timeout_s: float = 5.0) -> None:
        self.url_template = url_template
        self.min_zoom, self.max_zoom = 0, 19
        digest = hashlib.sha256(url_template.encode()).hexdigest()[:16]
        self._cache = cache_dir / digest if cache_dir else None
        self._timeout = timeout_s

    def _path(self, key: TileKey) -> Path | None:
        z, x, y = key
        return self._cache / str(z) / str(x) / f"{y}.tile" if self._cache else None

    def fetch(self, key: TileKey) -> bytes | None:
        """From the disk cache, else from the server (then cached)."""
        path = self._path(key)
        if path is not None and path.is_file():
            return path.read_bytes()
        z, x, y = key
        url = self.url_template.format(z=z, x=x, y=y)
        response = requests.get(url, timeout=self._timeout, headers={"User-Agent": USER_AGENT})
        if response.status_code != 200 or not response.content:
            return None
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(".part")
            tmp.write_bytes(response.content)
            tmp.replace(path)
        return response.content


class MbtilesSource:
    """An MBTiles file (SQLite; TMS rows, so y is flipped), opened read-only per fetch."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.min_zoom, self.max_zoom = 0, 19
        with contextlib.suppress(sqlite3.Error, ValueError, TypeError):
            with contextlib.closing(self._connect()) as db:
                meta = dict(db.execute("SELECT name, value FROM metadata").fetchall())
                self.min_zoom = int(meta.get("minzoom", 0))
                self.max_zoom = int(meta.get("maxzoom", 19))

    def _connect(self) -> sqlite3.Connection:
        return sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, timeout=5)

    def fetch(self, key: TileKey) -> bytes | None:
        """The tile's blob, or None."""
        z, x, y = key
        with contextlib.closing(self._connect()) as db:
            row = db.execute(
                "SELECT tile_data FROM tiles WHERE zoom_level=? AND tile_column=? AND tile_row=?",
                (z, x, (2**z - 1) - y),
            ).fetchone()
        return bytes(row[0]) if row else None


class BasemapTileLoader(QObject):
    """Loads tiles on an executor and keeps the newest ones as QPixmaps (GUI thread only, except jobs)."""

    tiles_loaded = Signal()
    _tile_decoded = Signal(object, object)

    def __init__(
        self, source: TileSource, executor: cf.Executor, capacity: int = 256, parent: QObject | None = None
    ):
        super().__init__(parent)
        self.source = source
        self._executor = executor
        self._pixmaps: OrderedDict[TileKey, QPixmap] = OrderedDict()
        self._pending: dict[TileKey, cf.Future[None]] = {}
        self._failed: dict[TileKey, float] = {}
        self._capacity = capacity
        self._closed = False
        self._tile_decoded.connect(self._on_self_tile_decoded, Qt.ConnectionType.QueuedConnection)

    def pixmap(self, key: TileKey) -> QPixmap | None:
        """The tile if loaded; otherwise it is requested (a failed tile is retried after a minute)."""
        pixmap = self._pixmaps.get(key)
        if pixmap is not None:
            self._pixmaps.move_to_end(key)
            return pixmap
        if (
            key not in self._pending
            and time.monotonic() - self._failed.get(key, -1e9) > 60
            and not self._closed
        ):
            with contextlib.suppress(RuntimeError):
                self._pending[key] = self._executor.submit(self._load, key)
        return None

    def _load(self, key: TileKey) -> None:
        """Worker thread: fetch and decode (QImage is safe off the GUI thread, QPixmap is not)."""
        image: QImage | None = None
        try:
            data = self.source.fetch(key)
            if data:
                decoded = QImage.fromData(data)
                image = None if decoded.isNull() else decoded
        except (OSError, sqlite3.Error, requests.RequestException) as exc:
            _log.info("basemap tile %s unavailable: %s", key, exc)
        if not self._closed:
            self._tile_decoded.emit(key, image)

    def _on_self_tile_decoded(self, key: TileKey, image: QImage | None) -> None:
        self._pending.pop(key, None)
        if self._closed:
            return
        if image is None:
            self._failed[key] = time.monotonic()
            return
        self._pixmaps[key] = QPixmap.fromImage(image)
        while len(self._pixmaps) > self._capacity:
            self._pixmaps.popitem(last=False)
        self.tiles_loaded.emit()

    def close(self) -> None:
        """Cancel queued fetches and wait for running ones."""
        self._closed = True
        futures = list(self._pending.values())
        for future in futures:
            future.cancel()
        cf.wait(futures)

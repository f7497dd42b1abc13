"""The shipped reference data as loaded: every kelurahan's point lies in its own boundary."""

from __future__ import annotations

import json

from common.config import REPO_ROOT
from common.reference.loader import load_kelurahan
from common.services.geography import Geography, KelurahanShape

FOLDER = REPO_ROOT / "assets" / "data" / "kota-serang"


def test_every_kelurahan_point_is_found_in_its_own_kelurahan() -> None:
    records = load_kelurahan(FOLDER)
    assert len(records) == 67
    geography = Geography(KelurahanShape(r.kode, json.dumps(r.geometry)) for r in records)
    misplaced = [r.nama for r in records if geography.locate(r.lat, r.lng) != r.kode]
    assert misplaced == [], "a report placed at the kelurahan's point would go to a neighbour"


def test_a_centroid_inside_its_boundary_is_kept_as_shipped() -> None:
    import csv

    with (FOLDER / "wilayah.csv").open(encoding="utf-8", newline="") as fh:
        shipped = {row["kode"]: (float(row["lat"]), float(row["lng"])) for row in csv.DictReader(fh)}
    moved = [r.nama for r in load_kelurahan(FOLDER) if (r.lat, r.lng) != shipped[r.kode]]
    assert moved == ["Kaligandu"], "only the one centroid that lies outside its boundary is replaced"

"""The reference data the kiosk shows: complaint categories with their OPD routing, OPDs and kelurahan."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from common.reference.loader import (
    KelurahanRecord,
    OpdRecord,
    ServiceRecord,
    load_kelurahan,
    load_opd,
    load_services,
)


def kecamatan_office_slug(kecamatan_name: str) -> str:
    """The OPD slug of a kecamatan office (``"Cipocok Jaya"`` -> ``"kec-cipocok-jaya"``)."""
    return "kec-" + "-".join(kecamatan_name.lower().split())


@dataclass(frozen=True)
class KioskCatalog:
    """Categories, agencies and kelurahan (with boundaries), loaded once at start."""

    services: tuple[ServiceRecord, ...]
    opd: tuple[OpdRecord, ...]
    kelurahan: tuple[KelurahanRecord, ...]

    def kelurahan_by_code(self, code: str) -> KelurahanRecord | None:
        """The kelurahan with this Kemendagri code, or None."""
        return next((k for k in self.kelurahan if k.kode == code), None)

    def service(self, code: str | None) -> ServiceRecord | None:
        """The category with this code, or None."""
        return next((s for s in self.services if s.code == code), None)

    def opd_by_slug(self, slug: str | None) -> OpdRecord | None:
        """The OPD with this slug, or None."""
        return next((o for o in self.opd if o.slug == slug), None)

    def route(self, service_code: str | None, kelurahan_code: str) -> OpdRecord | None:
        """The OPD a category is routed to; an empty routing means the kelurahan's kecamatan office."""
        service = self.service(service_code)
        if service is None:
            return None
        if service.opd:
            return self.opd_by_slug(service.opd)
        kel = self.kelurahan_by_code(kelurahan_code)
        return self.opd_by_slug(kecamatan_office_slug(kel.kecamatan)) if kel else None


def load_catalog(assets_dir: Path) -> KioskCatalog:
    """Read ``assets/data`` (services.toml and the Kota Serang folder)."""
    folder = assets_dir / "data" / "kota-serang"
    return KioskCatalog(
        services=load_services(assets_dir / "data" / "services.toml"),
        opd=load_opd(folder),
        kelurahan=load_kelurahan(folder),
    )

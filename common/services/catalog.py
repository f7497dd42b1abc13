"""An in-memory snapshot of the reference data the intake needs on every request.

Services, OPD names, kelurahan (names, centroids, boundaries) and the kecamatan offices change rarely and are
edited by an administrator; reading them from the database on every request would cost several round trips.
A :class:`Catalog` is an immutable snapshot; :class:`CatalogHolder` reloads it after a time-to-live so edits
show up without a restart. Both are built by the composition root and passed in (no module state).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from common.domain.models import Kecamatan, Kelurahan, Opd, Service
from common.services.geography import Geography, KelurahanShape


@dataclass(frozen=True, slots=True)
class ServiceInfo:
    """One Open311 service (complaint category) and where it is routed."""

    code: str
    name: str
    name_en: str
    description: str
    group: str
    keywords: tuple[str, ...]
    opd_slug: str | None
    sensitive: bool
    active: bool
    sort_order: int


@dataclass(frozen=True, slots=True)
class KelurahanInfo:
    """One kelurahan: names and centroid (the public location of sensitive reports)."""

    kode: str
    nama: str
    kecamatan_kode: str
    kecamatan_nama: str
    lat: float
    lng: float


@dataclass(frozen=True, slots=True)
class OpdInfo:
    """One OPD (city agency)."""

    slug: str
    nama: str
    singkatan: str
    active: bool


class Catalog:
    """Immutable snapshot of services, OPD, kelurahan and the geography; safe to share between threads."""

    def __init__(
        self,
        services: dict[str, ServiceInfo],
        opds: dict[str, OpdInfo],
        kelurahan: dict[str, KelurahanInfo],
        kecamatan_office: dict[str, str],
        geography: Geography,
    ) -> None:
        """Prefer :meth:`load`; this constructor exists for tests that build a catalog by hand."""
        self.services = services
        self.opds = opds
        self.kelurahan = kelurahan
        self.kecamatan_office = kecamatan_office
        self.geography = geography

    @classmethod
    def load(cls, session: Session) -> Catalog:
        """Read the reference tables (four queries) and prepare the boundaries."""
        services = {
            s.code: ServiceInfo(s.code, s.name, s.name_en, s.description, s.group, tuple(s.keywords or ()),
                                s.opd_slug, s.sensitive, s.active, s.sort_order)
            for s in session.scalars(select(Service))
        }
        opd_rows = list(session.scalars(select(Opd)))
        opds = {o.slug: OpdInfo(o.slug, o.nama, o.singkatan, o.active) for o in opd_rows}
        kec_names = {kode: nama for kode, nama in session.execute(select(Kecamatan.kode, Kecamatan.nama))}
        kel_rows = list(session.scalars(select(Kelurahan).order_by(Kelurahan.kode)))
        kelurahan = {
            k.kode: KelurahanInfo(k.kode, k.nama, k.kecamatan_kode, kec_names.get(k.kecamatan_kode, ""), k.lat, k.lng)
            for k in kel_rows
        }
        offices = {o.kecamatan_kode: o.slug for o in opd_rows if o.kecamatan_kode and o.jenis == "kecamatan"}
        geography = Geography(KelurahanShape(k.kode, k.boundary_geojson) for k in kel_rows)
        return cls(services, opds, kelurahan, offices, geography)

    def service(self, code: str) -> ServiceInfo | None:
        """The active service with this code, or None."""
        info = self.services.get(code)
        return info if info is not None and info.active else None

    def active_services(self) -> list[ServiceInfo]:
        """Active services in catalogue order."""
        return sorted((s for s in self.services.values() if s.active), key=lambda s: (s.sort_order, s.code))

    def route(self, service: ServiceInfo | None, kelurahan_kode: str | None) -> str | None:
        """The OPD a new report goes to: the service's OPD, else the kecamatan office of its kelurahan."""
        if service is not None and service.opd_slug:
            return service.opd_slug
        if kelurahan_kode is None:
            return None
        kel = self.kelurahan.get(kelurahan_kode)
        return self.kecamatan_office.get(kel.kecamatan_kode) if kel else None

    def opd_name(self, slug: str | None) -> str:
        """The OPD's full name, or an empty string."""
        info = self.opds.get(slug) if slug else None
        return info.nama if info else ""

    def kelurahan_label(self, kode: str | None) -> str:
        """Public address of a report: ``<kelurahan>, Kec. <kecamatan>, Kota Serang`` (never a house address)."""
        kel = self.kelurahan.get(kode) if kode else None
        if kel is None:
            return "Kota Serang"
        return f"{kel.nama}, Kec. {kel.kecamatan_nama}, Kota Serang"


class CatalogHolder:
    """Hands out the current :class:`Catalog`, reloading it at most every ``ttl_s`` seconds."""

    def __init__(self, loader: Callable[[], Catalog], ttl_s: float = 60.0,
                 monotonic: Callable[[], float] = time.monotonic) -> None:
        """``loader`` builds a fresh catalog (usually ``Catalog.load`` on a new session)."""
        self._loader = loader
        self._ttl = ttl_s
        self._monotonic = monotonic
        self._lock = threading.Lock()
        self._catalog: Catalog | None = None
        self._loaded_at = 0.0

    def get(self) -> Catalog:
        """The current catalog; reloads (one thread at a time) when the time-to-live has passed."""
        catalog = self._catalog
        if catalog is not None and self._monotonic() - self._loaded_at < self._ttl:
            return catalog
        with self._lock:
            if self._catalog is None or self._monotonic() - self._loaded_at >= self._ttl:
                self._catalog = self._loader()
                self._loaded_at = self._monotonic()
            return self._catalog

    def invalidate(self) -> None:
        """Force a reload on the next :meth:`get` (after an administrator's edit)."""
        self._loaded_at = -self._ttl - 1.0

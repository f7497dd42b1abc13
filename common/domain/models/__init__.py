"""ORM models of the domain. Importing this package registers every table on ``Base.metadata``."""

from common.domain.models.audit import AuditEntry, IdempotencyRecord
from common.domain.models.calls import BlockedCaller, Call112
from common.domain.models.devices import ApiKey, Camera, Kiosk
from common.domain.models.documents import ConfigDocument
from common.domain.models.ppid import InfoRequest, InfoRequestApplicant, Keberatan
from common.domain.models.reference import Kecamatan, Kelurahan, Opd, Service
from common.domain.models.reports import Report, ReporterContact, StatusChange, TrackingCounter
from common.domain.models.sites import OpdSiteCheck
from common.domain.models.skm import SkmResponse

__all__ = [
    "ApiKey",
    "AuditEntry",
    "BlockedCaller",
    "Call112",
    "Camera",
    "ConfigDocument",
    "IdempotencyRecord",
    "InfoRequest",
    "InfoRequestApplicant",
    "Keberatan",
    "Kecamatan",
    "Kelurahan",
    "Kiosk",
    "Opd",
    "OpdSiteCheck",
    "Report",
    "ReporterContact",
    "Service",
    "SkmResponse",
    "StatusChange",
    "TrackingCounter",
]

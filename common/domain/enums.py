"""The closed vocabularies of the domain, stored as strings in the database and spoken on the API."""

from __future__ import annotations

from enum import StrEnum


class ReportKind(StrEnum):
    """What a citizen submits: complaint, report, suggestion or opinion."""

    ADUAN = "aduan"
    LAPORAN = "laporan"
    SARAN = "saran"
    PENDAPAT = "pendapat"


class Channel(StrEnum):
    """Where a submission came in."""

    KIOSK = "kiosk"
    RABEG = "rabeg"
    PPID_WEB = "ppid_web"
    MEDSOS = "medsos"
    CALL112 = "call112"
    OPEN311 = "open311"


class Confidentiality(StrEnum):
    """Identity choice at filing: public, anonymous (public report, hidden identity), secret (report not public)."""

    PUBLIK = "publik"
    ANONIM = "anonim"
    RAHASIA = "rahasia"


class ReportStatus(StrEnum):
    """Life cycle of a report; legal transitions live in :mod:`common.rules.status`."""

    DITERIMA = "diterima"
    TERVERIFIKASI = "terverifikasi"
    DIDISPOSISI = "didisposisi"
    DITINDAKLANJUTI = "ditindaklanjuti"
    SELESAI = "selesai"
    TUNDA = "tunda"
    BUKAN_WEWENANG = "bukan_wewenang"
    DUPLIKAT = "duplikat"
    DITOLAK = "ditolak"


class Severity(StrEnum):
    """Triage grade of a complaint (Rabeg practice)."""

    RINGAN = "ringan"
    SEDANG = "sedang"
    BERAT = "berat"


class InfoRequestStatus(StrEnum):
    """Life cycle of a PPID information request."""

    DITERIMA = "diterima"
    DIPROSES = "diproses"
    DIPERPANJANG = "diperpanjang"
    SELESAI = "selesai"


class InfoDecision(StrEnum):
    """The PPID's written decision on a request (UU 14/2008)."""

    DIKABULKAN = "dikabulkan"
    DIKABULKAN_SEBAGIAN = "dikabulkan_sebagian"
    DITOLAK = "ditolak"
    TIDAK_DIKUASAI = "tidak_dikuasai"


class ObtainMethod(StrEnum):
    """How the applicant wants to obtain the information."""

    MELIHAT = "melihat"
    MEMBACA = "membaca"
    MENDENGARKAN = "mendengarkan"
    MENCATAT = "mencatat"
    SOFTCOPY = "softcopy"
    HARDCOPY = "hardcopy"


class DeliveryMethod(StrEnum):
    """How the applicant wants to receive the information."""

    AMBIL = "ambil"
    POS = "pos"
    EMAIL = "email"


class KeberatanStatus(StrEnum):
    """Life cycle of an objection to the PPID's superior."""

    DIAJUKAN = "diajukan"
    DIPUTUS = "diputus"


class CallClass(StrEnum):
    """Siaga 112 call classification."""

    GHOST = "ghost"
    PRANK = "prank"
    REAL = "real"


class CameraPurpose(StrEnum):
    """The only purposes public CCTV may serve (UU 27/2022)."""

    SECURITY = "security"
    DISASTER = "disaster"
    TRAFFIC = "traffic"


class KeyKind(StrEnum):
    """What an API key belongs to."""

    KIOSK = "kiosk"
    CHANNEL = "channel"
    STAFF = "staff"


class StaffRole(StrEnum):
    """Roles of staff keys: admins act on everything, OPD operators only on their own OPD."""

    ADMIN = "admin"
    OPD_OPERATOR = "opd_operator"

"""PPID public-information requests, made and answered through :mod:`common.services.ppid` itself.

About 300 requests over the period (mostly from the PPID website, some at kiosks), each with every form field and
an invented applicant. Most are answered within the 10 working days, some extended once with a reason, a few
answered late or still waiting past their due date; refusals cite the exemption ground of UU 14/2008 Pasal 17, and
a few applicants object (keberatan). Dates and deadlines come from the services and :mod:`common.rules`.
"""

from __future__ import annotations

import random
import uuid
from collections import Counter
from datetime import date, datetime

from common.demo import people
from common.demo.context import DemoContext
from common.demo.devices import Devices
from common.demo.timeline import Window, office_step
from common.domain.enums import Channel, DeliveryMethod, InfoDecision, ObtainMethod
from common.domain.models import InfoRequest
from common.rules.working_days import wib_date
from common.services import ppid as service
from common.services.keys import KeyIdentity

# (OPD holding the information, what is asked; {kec} and {year} are filled in)
TOPICS: tuple[tuple[str, str], ...] = (
    ("bpkad", "Salinan Laporan Realisasi Anggaran Pemerintah Kota Serang tahun {year}"),
    ("bappeda", "Dokumen Rencana Kerja Pemerintah Daerah (RKPD) Kota Serang tahun {year}"),
    ("dpupr", "Daftar paket pekerjaan perbaikan jalan di Kecamatan {kec} tahun {year} beserta nilainya"),
    ("dinsos", "Data jumlah penerima PKH dan BPNT per kelurahan di Kecamatan {kec}"),
    ("dinsos", "Daftar nama dan alamat penerima bantuan sosial di Kecamatan {kec}"),
    ("dlh", "Data volume sampah harian yang masuk ke TPAS Cilowong tahun {year}"),
    ("disdukcapil", "Data agregat jumlah penduduk per kelurahan di Kecamatan {kec}"),
    ("dindikbud", "Data daya tampung PPDB SMP negeri Kota Serang tahun {year}"),
    ("dinkes", "Data kasus demam berdarah per puskesmas tahun {year}"),
    ("dishub", "Data titik lampu PJU dan jadwal pemeliharaannya di Kecamatan {kec}"),
    ("dpmptsp", "Daftar Persetujuan Bangunan Gedung yang terbit di Kecamatan {kec} tahun {year}"),
    ("diskominfo", "Daftar aplikasi dan layanan digital Pemerintah Kota Serang"),
    ("bpbd", "Data kejadian banjir dan jumlah rumah terdampak tahun {year}"),
    ("disperkim", "Data penerima program bedah rumah (RTLH) di Kecamatan {kec} tahun {year}"),
    ("setda", "Salinan Peraturan Wali Kota tentang standar pelayanan publik"),
)
PURPOSES = (
    "Bahan penulisan skripsi", "Penelitian tesis tentang pelayanan publik", "Kajian lembaga swadaya masyarakat",
    "Bahan pemberitaan media lokal", "Pengawasan anggaran oleh warga", "Bahan musyawarah warga RW",
)  # fmt: skip
OBTAIN: dict[ObtainMethod, float] = {ObtainMethod.SOFTCOPY: 0.5, ObtainMethod.HARDCOPY: 0.2, ObtainMethod.MEMBACA: 0.1,
                                     ObtainMethod.MELIHAT: 0.08, ObtainMethod.MENCATAT: 0.07,
                                     ObtainMethod.MENDENGARKAN: 0.05}
DECISIONS: dict[InfoDecision, float] = {InfoDecision.DIKABULKAN: 0.65, InfoDecision.DIKABULKAN_SEBAGIAN: 0.15,
                                        InfoDecision.DITOLAK: 0.10, InfoDecision.TIDAK_DIKUASAI: 0.10}
GROUNDS = (
    "Pasal 17 huruf h UU 14/2008: informasi yang dapat mengungkap rahasia pribadi.",
    "Pasal 17 huruf i UU 14/2008: memorandum antar Badan Publik yang menurut sifatnya dirahasiakan.",
    "Pasal 17 huruf b UU 14/2008: informasi yang dapat mengganggu perlindungan persaingan usaha.",
)
ANSWERS: dict[InfoDecision, str] = {
    InfoDecision.DIKABULKAN: "Informasi diberikan sesuai permohonan.",
    InfoDecision.DIKABULKAN_SEBAGIAN: "Sebagian informasi diberikan; bagian yang dikecualikan dihitamkan.",
    InfoDecision.DITOLAK: "Permohonan ditolak karena informasi termasuk yang dikecualikan.",
    InfoDecision.TIDAK_DIKUASAI: "Informasi tidak dikuasai badan publik ini; pemohon diarahkan ke instansi yang "
                                 "menguasainya.",
}
EXTENSION_REASONS = (
    "Informasi tersebar di beberapa bidang dan perlu dihimpun.",
    "Dokumen perlu dipisahkan dari informasi yang dikecualikan.",
)
OBJECTIONS = (
    "Permohonan ditolak tanpa alasan yang jelas.",
    "Informasi yang diberikan tidak sesuai dengan yang diminta.",
    "Permohonan tidak ditanggapi dalam jangka waktu yang ditentukan.",
)
REQUESTS_PER_REPORT = 0.015  # 20,000 reports -> 300 requests


def _weighted(rng: random.Random, table: dict[ObtainMethod, float]) -> ObtainMethod:
    return rng.choices(list(table), weights=list(table.values()))[0]


class PpidDemo:
    """Files and answers the period's requests one by one through the PPID service."""

    def __init__(self, ctx: DemoContext, window: Window, devices: Devices) -> None:
        """Use ``devices``' PPID-web channel key and kiosks as the sources."""
        self._ctx, self._window, self._devices = ctx, window, devices
        self._rng = ctx.rng("ppid")
        self.objections = 0

    def source(self) -> tuple[datetime, Channel, KeyIdentity]:
        """When and through which channel and key a request arrives."""
        rng = self._rng
        if rng.random() < 0.15:
            kiosk = rng.choice(self._devices.kiosks)
            return self._window.sample_office(rng, self._devices.last_seen[kiosk.id]), Channel.KIOSK, kiosk
        return self._window.sample(rng), Channel.PPID_WEB, self._devices.channels[Channel.PPID_WEB]

    def _applicant(self, received: date) -> service.ApplicantInput:
        rng, area = self._rng, self._ctx.places.pick(self._rng)
        person = people.fake_person(rng, area.kecamatan_kode, area.nama)
        proxy = people.fake_person(rng, area.kecamatan_kode, area.nama) if rng.random() < 0.08 else None
        attorney = f"Surat kuasa bermeterai No. {rng.randint(1, 99)}/SK/{received.year}" if proxy else ""
        raw = service.ApplicantInput(
            full_name=person.name, nik=person.nik, address=person.address,
            phone=person.phone if rng.random() < 0.85 else "", email=person.email,
            proxy_name=proxy.name if proxy else "", power_of_attorney_ref=attorney,
        )
        return service.validate_applicant(raw, received)

    def file(self, n: int, at: datetime, channel: Channel, source: KeyIdentity) -> InfoRequest:
        """Register request number ``n`` exactly as the intake does."""
        ctx, rng = self._ctx, self._rng
        opd, template = rng.choice(TOPICS)
        information = template.format(kec=ctx.places.pick(rng).kecamatan, year=wib_date(at).year - rng.randint(0, 1))
        obtain = _weighted(rng, OBTAIN)
        copy = obtain in (ObtainMethod.SOFTCOPY, ObtainMethod.HARDCOPY)
        delivery = rng.choice((DeliveryMethod.EMAIL, DeliveryMethod.EMAIL, DeliveryMethod.POS)) if copy \
            else DeliveryMethod.AMBIL
        request_id = str(uuid.UUID(int=rng.getrandbits(128), version=4)) if channel is Channel.KIOSK \
            else f"ppid-{n:06d}"
        return service.create_info_request(
            ctx.session, lambda: at, ctx.policy, ctx.calendar, catalog=ctx.catalog,
            applicant=self._applicant(wib_date(at)), information=information, purpose=rng.choice(PURPOSES),
            obtain_method=obtain, delivery_method=delivery, opd_slug=opd,
            kelurahan_kode=source.kiosk_kelurahan, channel=channel, source_key=source, client_request_id=request_id,
        )

    def answer(self, req: InfoRequest) -> None:
        """Extend (some), decide (when the day has come) and handle objections (a few)."""
        ctx, rng = self._ctx, self._rng
        officer = f"ppid.{req.opd_slug}"
        roll = rng.random()
        if roll < 0.12:
            at = office_step(ctx.calendar, rng, req.received_at, rng.randint(6, 9))
            if at >= ctx.now:
                return
            service.extend(ctx.session, lambda: at, ctx.policy, ctx.calendar, req, rng.choice(EXTENSION_REASONS),
                           officer)
            decide_at = office_step(ctx.calendar, rng, at, rng.randint(2, 7))
        else:
            decide_at = office_step(ctx.calendar, rng, req.received_at, rng.randint(11, 16) if roll < 0.18
                                    else rng.randint(1, 9))
        if decide_at < ctx.now:
            self._decide(req, decide_at, officer)
        self._maybe_object(req)

    def _decide(self, req: InfoRequest, at: datetime, officer: str) -> None:
        rng = self._rng
        decision = rng.choices(list(DECISIONS), weights=list(DECISIONS.values()))[0]
        refused = decision in (InfoDecision.DITOLAK, InfoDecision.DIKABULKAN_SEBAGIAN)
        ground = rng.choice(GROUNDS) if refused else ""
        service.decide(self._ctx.session, lambda: at, req, decision, ANSWERS[decision], ground, officer)

    def _maybe_object(self, req: InfoRequest) -> None:
        ctx, rng = self._ctx, self._rng
        if req.answered_at is not None:
            if req.decision not in (InfoDecision.DITOLAK, InfoDecision.DIKABULKAN_SEBAGIAN) or rng.random() > 0.35:
                return
            filed = office_step(ctx.calendar, rng, req.answered_at, rng.randint(1, 15))
            reason = rng.choice(OBJECTIONS[:2])
        elif ctx.now > req.due_at and rng.random() < 0.4:
            filed = office_step(ctx.calendar, rng, req.due_at, rng.randint(1, 5))
            reason = OBJECTIONS[2]
        else:
            return
        if filed >= ctx.now:
            return
        service.file_keberatan(ctx.session, lambda: filed, ctx.policy, ctx.calendar, req, reason, "pemohon")
        self.objections += 1
        decided = office_step(ctx.calendar, rng, filed, rng.randint(5, 25))
        if decided < ctx.now:
            service.decide_keberatan(ctx.session, lambda: decided, req, "Atasan PPID telah memeriksa keberatan dan "
                                     "memutuskan menguatkan keputusan PPID.", "atasan.ppid")


def generate_ppid(ctx: DemoContext, window: Window, devices: Devices) -> Counter[str]:
    """File and answer the period's requests in time order; return the count per final status and of keberatan."""
    demo = PpidDemo(ctx, window, devices)
    total = max(10, round(ctx.options.reports * REQUESTS_PER_REPORT))
    arrivals = sorted((demo.source() for _ in range(total)), key=lambda a: a[0])  # numbers follow arrival order
    requests = [demo.file(n, *arrival) for n, arrival in enumerate(arrivals, start=1)]
    for req in requests:
        demo.answer(req)
    outcomes = Counter(req.status.value for req in requests)
    outcomes["keberatan"] = demo.objections
    return outcomes

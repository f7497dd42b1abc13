"""Staff notes written with each status change, in Indonesian, per category where it makes sense."""

from __future__ import annotations

import random

VERIFIED = (
    "Laporan lengkap dan valid, diteruskan untuk disposisi.",
    "Lokasi dan uraian sudah dicek, laporan terverifikasi.",
    "Laporan sesuai kategori, siap didisposisikan.",
    "Sudah dikonfirmasi dengan foto dan titik lokasi.",
)
ASSIGNED = (
    "Didisposisikan ke {opd} sesuai kewenangan.",
    "Diteruskan ke {opd} untuk ditindaklanjuti.",
    "Mohon {opd} menindaklanjuti laporan warga ini.",
)
REASSIGNED = (
    "Bukan kewenangan {old}, dialihkan ke {opd}.",
    "Koreksi disposisi: ditangani oleh {opd}.",
)
STARTED: dict[str, tuple[str, ...]] = {
    "jalan-rusak": ("Tim UPT Jalan {opd} dijadwalkan survei lokasi.", "Masuk jadwal penambalan minggu ini."),
    "drainase": ("Tim {opd} akan normalisasi saluran.", "Petugas dijadwalkan mengangkat sedimen saluran."),
    "lampu-jalan": ("Petugas PJU {opd} akan mengganti lampu.", "Dijadwalkan perbaikan jaringan PJU."),
    "sampah": ("Armada {opd} dijadwalkan mengangkut sampah.", "Koordinasi dengan petugas kebersihan wilayah."),
    "bencana": ("Tim reaksi cepat {opd} menuju lokasi.", "Petugas {opd} melakukan asesmen di lokasi."),
    "kebakaran": ("Regu {opd} diberangkatkan ke lokasi.",),
}
STARTED_DEFAULT = ("Laporan sedang ditindaklanjuti oleh {opd}.", "{opd} sedang menangani laporan ini.")
DONE: dict[str, tuple[str, ...]] = {
    "jalan-rusak": ("Lubang jalan sudah ditambal.", "Ruas jalan sudah diperbaiki dan dapat dilalui dengan aman."),
    "drainase": ("Saluran sudah dinormalisasi, air kembali mengalir.", "Gorong-gorong sudah dibersihkan."),
    "lampu-jalan": ("Lampu PJU sudah diganti dan menyala kembali.", "Jaringan PJU sudah diperbaiki."),
    "sampah": ("Sampah sudah diangkut, TPS sudah bersih.", "Tumpukan sampah sudah dibersihkan."),
    "bencana": ("Penanganan darurat selesai, warga terdampak sudah dibantu.", "Pohon tumbang sudah dievakuasi."),
    "kebakaran": ("Api berhasil dipadamkan, tidak ada korban jiwa.", "Evakuasi selesai dilakukan."),
}
DONE_DEFAULT = (
    "Tindak lanjut selesai, terima kasih atas laporannya.",
    "Sudah ditangani oleh petugas terkait.",
    "Masukan sudah dicatat sebagai bahan perbaikan layanan.",
)
REJECTED = (
    "Laporan tidak lengkap dan pelapor tidak dapat dihubungi.",
    "Isi laporan tidak dapat diverifikasi di lapangan.",
    "Laporan tidak berisi pengaduan yang dapat ditindaklanjuti.",
)
REJECTED_AFTER_HOLD = ("Kelengkapan data tidak diterima dalam batas waktu, laporan ditutup.",)
DUPLICATE = ("Laporan sama dengan {code} yang sudah ditangani.", "Duplikat dari laporan {code}.")
NOT_OURS: dict[str, tuple[str, ...]] = {
    "jalan-rusak": ("Ruas jalan nasional, kewenangan BPJN; diteruskan ke instansi terkait.",
                    "Jalan provinsi, kewenangan Dinas PUPR Provinsi Banten."),
    "lampu-jalan": ("PJU di ruas jalan provinsi, kewenangan Pemprov Banten.",),
    "kesehatan": ("Layanan rumah sakit swasta, di luar kewenangan Pemkot.",),
}
NOT_OURS_DEFAULT = ("Di luar kewenangan Pemerintah Kota Serang.", "Kewenangan instansi vertikal, sudah diteruskan.")
ON_HOLD = ("Menunggu kelengkapan foto dan titik lokasi dari pelapor.", "Menunggu ketersediaan anggaran perubahan.")
RESUMED = ("Data sudah lengkap, dilanjutkan.", "Pekerjaan dilanjutkan kembali.")
REOPENED = ("Pelapor menyatakan belum selesai, ditindaklanjuti kembali.",)
EMERGENCY_VERIFIED = ("Laporan Siaga 112 terkonfirmasi oleh petugas.",)
EMERGENCY_ASSIGNED = ("Petugas {opd} diberangkatkan.",)


def pick(rng: random.Random, choices: tuple[str, ...], **slots: str) -> str:
    """One of ``choices`` with its slots filled."""
    return rng.choice(choices).format(**slots)


def per_service(rng: random.Random, table: dict[str, tuple[str, ...]], default: tuple[str, ...],
                service_code: str, **slots: str) -> str:
    """A category-specific note when there is one, else a generic one."""
    return pick(rng, table.get(service_code, default), **slots)

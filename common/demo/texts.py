"""Citizens' words: Indonesian report descriptions from templates per category, with Serang streets and landmarks.

No template names a person: places are streets, mosques, schools and shops; the reporter's identity lives only in
``reporter_contact`` (see :mod:`common.demo.people`).
"""

from __future__ import annotations

import random

STREETS: tuple[str, ...] = (
    "Jl. Jenderal Sudirman", "Jl. Ahmad Yani", "Jl. Diponegoro", "Jl. Veteran", "Jl. Maulana Hasanudin",
    "Jl. Maulana Yusuf", "Jl. Trip Jamaksari", "Jl. Bhayangkara", "Jl. Raya Pandeglang", "Jl. Raya Petir",
    "Jl. Raya Taktakan", "Jl. Raya Banten", "Jl. Ki Mas Jong", "Jl. Syekh Nawawi Al-Bantani", "Jl. Raya Jakarta",
    "Jl. Lingkar Selatan", "Jl. Ciwaru Raya", "Jl. Kagungan", "Jl. Kaujon", "Jl. Tirtayasa", "Jl. Abdul Hadi",
    "Jl. Raya Cilegon", "Jl. Kitapa", "Jl. Palka", "Jl. Raya Walantaka", "Jl. Raya Kasemen", "Jl. Karangantu",
    "Jl. Raya Curug", "Jl. Pakupatan", "Jl. Cipocok Raya", "Jl. Banjar Agung", "Jl. Unyur", "Jl. Lopang",
    "Jl. Kepandean", "Jl. Sempu", "Jl. Kalodran", "Jl. Gelam", "Jl. Raya Serang-Pandeglang", "Jl. Sayabulu",
)  # fmt: skip
LANDMARKS: tuple[str, ...] = (
    "depan masjid", "samping musala", "dekat SDN {kel} {n}", "depan minimarket", "dekat pos ronda",
    "pertigaan dekat pangkalan ojek", "depan kantor kelurahan {kel}", "dekat Puskesmas {kel}", "samping lapangan",
    "depan warung nasi", "dekat jembatan", "ujung gang", "depan bengkel motor", "dekat pemakaman umum",
    "depan SMPN {n} Kota Serang", "samping pasar", "dekat pool angkot", "dekat kantor pos", "depan madrasah",
)  # fmt: skip
GANG = ("Melati", "Mawar", "Kenanga", "Masjid", "Haji", "Sawo", "Nangka", "Duku", "Manggis", "Kelapa")

OPENERS: tuple[str, ...] = (
    "", "", "", "Assalamualaikum, ", "{salam}, ", "Lapor, ", "Mohon izin melapor, ", "Min, ",
    "{salam} bapak/ibu, ", "Punten, ",
)  # fmt: skip
CLOSERS: tuple[str, ...] = (
    "", "", " Mohon segera ditindaklanjuti.", " Terima kasih.", " Mohon bantuannya.",
    " Sudah lapor ke RT tapi belum ada tindakan.", " Warga sekitar sudah resah.", " Tolong dicek ke lokasi.",
    " Mohon perhatian dinas terkait.", " Semoga cepat ditangani.",
)  # fmt: skip

TEMPLATES: dict[str, tuple[str, ...]] = {
    "lampu-jalan": (
        "Lampu PJU di {patokan} {jalan} mati sudah {n} malam. Jalan jadi gelap dan rawan.",
        "Lampu jalan sepanjang {jalan} arah {kel} padam semua, sudah {n} hari belum diperbaiki.",
        "PJU {patokan} {jalan} berkedip-kedip lalu mati, kalau malam gelap sekali.",
        "Tiang lampu jalan di {jalan} miring hampir roboh, lampunya juga sudah mati.",
        "Lampu penerangan di Gg. {gang} RT {rt} RW {rw} {kel} mati, anak-anak takut lewat malam.",
    ),
    "jalan-rusak": (
        "Jalan berlubang cukup dalam di {jalan} {patokan}, sudah ada pengendara motor yang jatuh.",
        "Aspal {jalan} dekat {kel} rusak parah dan bergelombang sepanjang kurang lebih {m} meter.",
        "Lubang besar di tengah jalan {jalan}, kalau hujan tergenang dan tidak kelihatan.",
        "Jalan lingkungan Gg. {gang} RT {rt} RW {rw} {kel} rusak, batu-batunya lepas.",
        "Jalan {jalan} amblas di {patokan}, berbahaya untuk kendaraan roda dua.",
        "Tambalan jalan di {jalan} sudah hancur lagi, lubangnya makin lebar.",
    ),
    "drainase": (
        "Saluran air di {jalan} {patokan} tersumbat sampah, air meluap ke jalan setiap hujan.",
        "Got di Gg. {gang} RT {rt} RW {rw} {kel} mampet dan bau, airnya tidak mengalir.",
        "Genangan setinggi {cm} cm di {jalan} setelah hujan deras, drainase tidak berfungsi.",
        "Gorong-gorong di {patokan} {jalan} tertutup lumpur, mohon dinormalisasi.",
        "Air masuk ke rumah warga di {kel} karena saluran di {jalan} terlalu kecil dan penuh sedimen.",
    ),
    "sampah": (
        "Sampah menumpuk di TPS {patokan} {jalan}, sudah {n} hari tidak diangkut dan bau menyengat.",
        "Tumpukan sampah liar di pinggir {jalan} dekat {kel} makin tinggi, banyak lalat.",
        "Truk sampah tidak lewat Gg. {gang} RT {rt} RW {rw} {kel} sejak minggu lalu.",
        "Sampah di kali {patokan} {jalan} menyumbat aliran air.",
        "Kontainer sampah di {patokan} {jalan} sudah penuh dan meluber ke jalan.",
    ),
    "lalu-lintas": (
        "Kemacetan parah setiap sore di {jalan} {patokan}, tidak ada petugas yang mengatur.",
        "Lampu lalu lintas di simpang {jalan} mati sejak {n} hari.",
        "Parkir liar di bahu {jalan} {patokan} bikin macet.",
        "Rambu dilarang parkir di {jalan} roboh dan belum diganti.",
        "Angkot ngetem sembarangan di {jalan} dekat {kel}, arus jadi tersendat.",
    ),
    "pencemaran": (
        "Asap pembakaran sampah di {patokan} {kel} masuk ke rumah warga setiap malam.",
        "Limbah cair berwarna hitam dibuang ke saluran di {jalan}, airnya berbau.",
        "Debu dari aktivitas truk di {jalan} sangat mengganggu warga {kel}.",
    ),
    "perumahan": (
        "Rumah warga di Gg. {gang} RT {rt} RW {rw} {kel} hampir roboh, mohon didata untuk program RTLH.",
        "Atap rumah tidak layak huni di {kel} bocor parah, penghuninya lansia.",
        "Kawasan {patokan} {kel} kumuh, saluran dan jalan lingkungannya rusak.",
    ),
    "taman-fasum": (
        "Bangku taman di {patokan} {jalan} rusak dan lampunya mati.",
        "Fasilitas bermain anak di taman {kel} berkarat dan membahayakan.",
        "Rumput di taman {patokan} {jalan} tinggi tidak terawat.",
        "Toilet umum di {patokan} {jalan} kotor dan airnya tidak mengalir.",
    ),
    "ketertiban": (
        "PKL berjualan di trotoar {jalan} {patokan}, pejalan kaki terpaksa turun ke jalan.",
        "Bangunan liar berdiri di bantaran kali dekat {kel}.",
        "Reklame liar dipasang di pohon sepanjang {jalan}.",
        "Balap liar setiap malam minggu di {jalan}, suara knalpot sangat bising.",
    ),
    "kebakaran": (
        "Ada asap tebal dari lahan kosong {patokan} {jalan}, api mulai membesar.",
        "Sarang tawon besar di rumah warga Gg. {gang} {kel}, mohon bantuan evakuasi.",
        "Ada ular masuk ke rumah warga RT {rt} RW {rw} {kel}.",
    ),
    "bencana": (
        "Banjir setinggi {cm} cm di {jalan} {kel}, air masuk ke rumah warga.",
        "Pohon tumbang melintang di {jalan} {patokan}, jalan tidak bisa dilewati.",
        "Tebing di belakang rumah warga RT {rt} RW {rw} {kel} longsor sebagian.",
        "Kali meluap di {patokan} {kel}, warga mulai mengungsi ke musala.",
    ),
    "kesehatan": (
        "Antrean di Puskesmas {kel} sangat panjang, petugas pendaftaran hanya satu.",
        "Obat di Puskesmas {kel} sering kosong, pasien diminta beli di luar.",
        "Banyak warga {kel} terkena demam berdarah, mohon fogging.",
    ),
    "pendidikan": (
        "Atap ruang kelas SDN {kel} {n} bocor, murid belajar di teras.",
        "Informasi jalur zonasi PPDB di {kel} kurang jelas.",
        "Toilet sekolah di SDN {kel} {n} rusak dan tidak ada air.",
    ),
    "adminduk": (
        "Sudah {n} minggu mengurus KTP-el di Disdukcapil tapi belum jadi, katanya blangko habis.",
        "Perubahan data KK sudah diajukan lewat kelurahan {kel} tapi belum selesai.",
        "Akta kelahiran anak belum terbit padahal berkas sudah lengkap.",
    ),
    "bansos": (
        "Warga kurang mampu di RT {rt} RW {rw} {kel} belum terdata penerima bantuan.",
        "Penyaluran BPNT di {kel} terlambat, warga bingung harus ke mana.",
        "Data penerima PKH di {kel} perlu diperbarui, ada yang sudah mampu masih menerima.",
    ),
    "kekerasan": (
        "Mohon pendampingan untuk dugaan kekerasan dalam rumah tangga di wilayah {kel}.",
        "Ada anak yang sering terlihat dipukul di lingkungan {kel}, mohon ditangani.",
    ),
    "ketenagakerjaan": (
        "Upah pekerja di sebuah toko di {jalan} di bawah UMK Kota Serang.",
        "Mohon informasi pelatihan kerja untuk pemuda {kel}.",
    ),
    "perizinan": (
        "Pengajuan PBG lewat online sudah {n} minggu belum ada kabar.",
        "Bangunan di {jalan} {patokan} dibangun tanpa papan izin.",
    ),
    "pasar": (
        "Harga cabai di pasar dekat {kel} naik tajam minggu ini.",
        "Los pasar di {patokan} {jalan} becek dan atapnya bocor.",
        "Timbangan pedagang di pasar {kel} diduga tidak sesuai.",
    ),
    "pajak-daerah": (
        "SPPT PBB tahun ini belum diterima warga RT {rt} RW {rw} {kel}.",
        "Nilai PBB rumah di {kel} naik tinggi, mohon penjelasan.",
    ),
    "layanan-kelurahan": (
        "Pelayanan surat pengantar di kantor kelurahan {kel} lambat, petugas sering tidak di tempat.",
        "Kantor kelurahan {kel} sudah tutup jam {jam} padahal masih jam kerja.",
        "Mohon informasi syarat surat keterangan domisili di kelurahan {kel}.",
    ),
    "layanan-digital": (
        "Wifi gratis di {patokan} {jalan} tidak bisa tersambung.",
        "Situs pemerintah Kota Serang sering tidak bisa dibuka.",
        "Aplikasi pengaduan error saat mengunggah foto.",
    ),
    "saran-umum": (
        "Usul ditambah jalur pejalan kaki di {jalan}.",
        "Saran agar taman di {kel} dibuka untuk olahraga pagi.",
        "Usul jadwal angkut sampah diumumkan di setiap RT.",
        "Pendapat saya pelayanan di kelurahan {kel} sudah lebih cepat, terima kasih.",
        "Saran dibuat bank sampah di setiap kelurahan.",
        "Usul pemasangan CCTV di {jalan} karena rawan kejahatan.",
    ),
}


def _fill(template: str, rng: random.Random, kelurahan: str) -> str:
    """Fill the slots of one template."""
    patokan = rng.choice(LANDMARKS).format(kel=kelurahan, n=rng.randint(1, 12))
    return template.format(
        jalan=rng.choice(STREETS),
        patokan=patokan,
        kel=kelurahan,
        gang=rng.choice(GANG),
        n=rng.randint(2, 9),
        m=rng.choice((20, 50, 100, 200, 300)),
        cm=rng.choice((20, 30, 40, 50, 70, 100)),
        rt=f"{rng.randint(1, 12):02d}",
        rw=f"{rng.randint(1, 8):02d}",
        jam=rng.choice(("11.00", "12.00", "13.30", "14.00")),
    )


def greeting(hour: int) -> str:
    """The greeting that fits the WIB hour: pagi, siang, sore or malam."""
    if 4 <= hour < 11:
        return "Selamat pagi"
    if 11 <= hour < 15:
        return "Selamat siang"
    return "Selamat sore" if 15 <= hour < 18 else "Selamat malam"


def description(rng: random.Random, service_code: str, kelurahan: str, hour: int) -> str:
    """A believable description of a report in ``service_code`` at ``kelurahan``, written at ``hour`` WIB
    (plain text, no names)."""
    templates = TEMPLATES.get(service_code) or TEMPLATES["saran-umum"]
    body = _fill(rng.choice(templates), rng, kelurahan)
    opener = rng.choice(OPENERS).format(salam=greeting(hour))
    if opener and body[1:2].islower():  # "Lampu ..." -> "Selamat pagi, lampu ..."; acronyms stay (PKL, SPPT)
        body = body[0].lower() + body[1:]
    text = opener + body
    return text + rng.choice(CLOSERS)


def location_text(rng: random.Random, kelurahan: str) -> str:
    """What a citizen types as the location: RT/RW and a landmark (internal only; it may point at a house)."""
    patokan = rng.choice(LANDMARKS).format(kel=kelurahan, n=rng.randint(1, 12))
    return f"RT {rng.randint(1, 12):02d}/RW {rng.randint(1, 8):02d}, {patokan}, {rng.choice(STREETS)}"

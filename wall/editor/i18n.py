"""The editor's texts: Indonesian first, English on request (``Texts("en")``). Keys are stable identifiers."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from wall.i18n import WallLang, lookup

Lang = WallLang

_TEXTS: Mapping[str, tuple[str, str]] = MappingProxyType({
    "app.title": ("Penyunting Tata Letak — Bale Sandi Maya", "Layout Editor — Bale Sandi Maya"),
    "tab.layouts": ("Tata letak", "Layouts"),
    "tab.outputs": ("Keluaran && preset", "Outputs && presets"),
    "col.name": ("Nama", "Name"),
    "col.version": ("Versi", "Version"),
    "col.used_by": ("Dipakai", "Used by"),
    "col.where": ("Node / layar", "Node / screen"),
    "col.privacy": ("Privasi", "Privacy"),
    "col.language": ("Bahasa", "Language"),
    "col.author": ("Oleh", "By"),
    "col.time": ("Waktu", "Time"),
    "col.comment": ("Catatan", "Comment"),
    "col.camera": ("Kamera", "Camera"),
    "col.kelurahan": ("Kelurahan", "Kelurahan"),
    "col.public": ("Publik", "Public"),
    "col.tile": ("Ubin", "Tile"),
    "col.problem": ("Masalah", "Problem"),
    "col.key": ("Tombol", "Key"),
    "col.preset": ("Preset", "Preset"),
    "col.layout": ("Tata letak", "Layout"),
    "col.start": ("Mulai", "Start"),
    "col.end": ("Selesai", "End"),
    "tip.layout": ("Versi {version} oleh {author}, {at}", "Version {version} by {author}, {at}"),
    "privacy.public": ("publik", "public"),
    "privacy.internal": ("internal", "internal"),
    "deleted": ("dihapus", "deleted"),
    "inactive": ("nonaktif", "inactive"),
    "yes": ("ya", "yes"),
    "no": ("tidak", "no"),
    # layout list and actions
    "layouts.title": ("Tata letak", "Layouts"),
    "history.title": ("Riwayat versi", "Version history"),
    "act.new": ("Tata letak baru…", "New layout…"),
    "act.duplicate": ("Duplikat…", "Duplicate…"),
    "act.rename": ("Ganti nama…", "Rename…"),
    "act.delete": ("Hapus tata letak…", "Delete layout…"),
    "act.import": ("Impor JSON…", "Import JSON…"),
    "act.export": ("Ekspor JSON…", "Export JSON…"),
    "act.save": ("Simpan", "Save"),
    "act.save_copy": ("Simpan sebagai salinan…", "Save as copy…"),
    "act.reload": ("Muat ulang", "Reload"),
    "act.undo": ("Batalkan", "Undo"),
    "act.redo": ("Ulangi", "Redo"),
    "act.merge": ("Gabung sel", "Merge cells"),
    "act.split": ("Pisah ubin", "Split tile"),
    "act.delete_tile": ("Hapus ubin", "Delete tile"),
    "act.preview_version": ("Pratinjau", "Preview"),
    "act.restore": ("Pulihkan versi ini", "Restore this version"),
    "act.language": ("English", "Bahasa Indonesia"),
    "grid.rows": ("Baris", "Rows"),
    "grid.cols": ("Kolom", "Columns"),
    "grid.target": ("Bentuk keluaran", "Output shape"),
    "grid.new_kind": ("Ubin baru", "New tile"),
    "grid.no_output": ("(belum dipakai — 16:9)", "(not used yet — 16:9)"),
    "comment.placeholder": ("Catatan perubahan (opsional)", "Change note (optional)"),
    "save.ok": ("Tersimpan sebagai versi {version}", "Saved as version {version}"),
    "save.blocked": ("Tidak dapat disimpan: {n} masalah — {first}", "Cannot save: {n} problem(s) — {first}"),
    "save.clean": ("Tidak ada perubahan", "No changes"),
    "save.ready": ("Siap disimpan", "Ready to save"),
    "save.refused_title": ("Tata letak tidak sah", "Invalid layout"),
    "save.refused": ("Tata letak '{name}' tidak disimpan karena tidak sah:\n{problems}",
                     "Layout '{name}' was not saved because it is invalid:\n{problems}"),
    "conflict.title": ("Bentrok penyimpanan", "Save conflict"),
    "conflict.text": ("Tata letak ini telah diubah oleh {author} pada {time} (versi {version}; Anda menyunting "
                      "versi {base}).\nMuat ulang / Simpan sebagai salinan / Batal",
                      "This layout was changed by {author} at {time} (version {version}; you edited version "
                      "{base}).\nReload / Save as a copy / Cancel"),
    "conflict.output": ("Keluaran ini telah diubah oleh {author} pada {time} (versi {version}; Anda menyunting "
                        "versi {base}). Daftar dimuat ulang; ulangi perubahan Anda.",
                        "This output was changed by {author} at {time} (version {version}; you edited version "
                        "{base}). The list was reloaded; apply your change again."),
    "conflict.deleted": ("Tata letak ini telah dihapus oleh {author} pada {time}.\nMuat ulang / Simpan sebagai "
                         "salinan / Batal", "This layout was deleted by {author} at {time}.\nReload / Save as a "
                         "copy / Cancel"),
    "unsaved.title": ("Perubahan belum disimpan", "Unsaved changes"),
    "unsaved.text": ("Tata letak '{name}' punya perubahan yang belum disimpan. Simpan dulu?",
                     "Layout '{name}' has unsaved changes. Save them first?"),
    "ask.new_name": ("Nama tata letak baru", "New layout name"),
    "ask.copy_name": ("Nama salinan", "Name of the copy"),
    "ask.rename": ("Nama baru untuk '{name}'", "New name for '{name}'"),
    "ask.output_name": ("Nama keluaran baru", "New output name"),
    "bad_name": ("Nama '{name}' tidak sah (huruf, angka, spasi, _.-; maks. 100)",
                 "Name '{name}' is not valid (letters, digits, space, _.-; at most 100)"),
    "name_taken": ("Nama '{name}' sudah dipakai", "Name '{name}' is already used"),
    "confirm.delete_title": ("Hapus", "Delete"),
    "confirm.delete": ("Hapus {what} '{name}'? Riwayatnya tetap tersimpan dan dapat dipulihkan.",
                       "Delete {what} '{name}'? Its history is kept and can be restored."),
    "confirm.restore": ("Pulihkan versi {version} dari '{name}' sebagai versi baru?",
                        "Restore version {version} of '{name}' as a new version?"),
    "what.layout": ("tata letak", "layout"),
    "what.output": ("keluaran", "output"),
    "error.title": ("Gagal", "Failed"),
    "done.title": ("Selesai", "Done"),
    "imported": ("{kind} '{name}' diimpor sebagai versi {version}", "{kind} '{name}' imported as version {version}"),
    "exported": ("Diekspor ke {path}", "Exported to {path}"),
    "refused": ("Tidak dapat: {reason}", "Not possible: {reason}"),
    "draft.title": ("Pulihkan draf", "Recover draft"),
    "draft.text": ("Ada perubahan belum tersimpan pada '{name}' dari sesi sebelumnya. Pulihkan?",
                   "There are unsaved changes to '{name}' from an earlier session. Recover them?"),
    "refuse.overlap": ("ubin akan menumpuk ubin lain", "the tile would overlap another tile"),
    "refuse.outside": ("ubin akan keluar dari kisi", "the tile would leave the grid"),
    "refuse.cut": ("ada ubin yang hanya sebagian terpilih", "a tile is only partly selected"),
    "refuse.covers": ("ubin itu sudah tepat menutupi sel terpilih", "that tile already covers these cells"),
    "refuse.one_cell": ("ubin satu sel tidak dapat dipisah", "a one-cell tile cannot be split"),
    "viewing_version": ("Melihat versi {version} (hanya baca)", "Viewing version {version} (read-only)"),
    "keys.help": ("Tab: pilih ubin · Panah: geser ubin/kursor · Shift+Panah: ubah ukuran · Esc: pilih sel · "
                  "Ctrl+M/Enter: gabung · Ctrl+Shift+S: pisah · Del: hapus · Ctrl+Z/Ctrl+Y",
                  "Tab: select tile · Arrows: move tile/cursor · Shift+Arrows: resize · Esc: select cells · "
                  "Ctrl+M/Enter: merge · Ctrl+Shift+S: split · Del: delete · Ctrl+Z/Ctrl+Y"),
    "canvas.name": ("Kanvas tata letak", "Layout canvas"),
    "canvas.empty_cell": ("sel kosong", "empty cell"),
    "canvas.selected": ("Terpilih: {what}", "Selected: {what}"),
    "canvas.more": ("+{n} masalah", "+{n} problems"),
    # settings panel
    "settings.title": ("Pengaturan ubin", "Tile settings"),
    "settings.none": ("Pilih satu ubin di kanvas untuk mengatur isinya.", "Select a tile on the canvas."),
    "settings.kind": ("Jenis", "Kind"),
    "settings.place": ("Posisi: baris {row}, kolom {col}, {rows}×{cols} sel",
                       "Position: row {row}, column {col}, {rows}×{cols} cells"),
    "settings.auto": ("otomatis", "automatic"),
    "settings.none_value": ("(tidak ada)", "(none)"),
    "picker.search": ("Cari nama kamera atau kelurahan…", "Search camera name or kelurahan…"),
    "picker.public_only": ("Hanya kamera aman-publik", "Public-safe cameras only"),
    "picker.add": ("Tambah kamera terpilih ke urutan", "Add the picked camera to the sequence"),
    "picker.add_short": ("+ Tambah", "+ Add"),
    "picker.remove_short": ("− Hapus", "− Remove"),
    "picker.remove": ("Hapus dari urutan", "Remove from sequence"),
    "picker.up": ("Naik", "Up"),
    "picker.down": ("Turun", "Down"),
    "thumb.none": ("Pilih kamera untuk melihat cuplikan", "Pick a camera to see a snapshot"),
    "thumb.loading": ("Mengambil cuplikan {name}…", "Grabbing a snapshot of {name}…"),
    "thumb.failed": ("Tidak ada gambar dari {name}: {reason}", "No picture from {name}: {reason}"),
    "thumb.timeout": ("batas waktu habis", "timed out"),
    "preview.title": ("Pratinjau", "Preview"),
    "preview.live": ("Pratinjau langsung (sambung ke kamera)", "Live preview (connect to cameras)"),
    "preview.fake": ("Data contoh; kamera berupa gambar uji", "Sample data; cameras show a test picture"),
    "preview.picture": ("PRATINJAU", "PREVIEW"),
    # outputs panel
    "out.title": ("Keluaran", "Outputs"),
    "out.new": ("Keluaran baru…", "New output…"),
    "out.save": ("Simpan keluaran", "Save output"),
    "out.delete": ("Hapus keluaran…", "Delete output…"),
    "out.revert": ("Batalkan perubahan", "Revert"),
    "out.edit": ("Ubah keluaran", "Edit output"),
    "out.unsaved": ("Keluaran '{name}' punya perubahan yang belum disimpan. Simpan dulu?",
                    "Output '{name}' has unsaved changes. Save first?"),
    "out.name": ("Nama", "Name"),
    "out.node": ("Node (PC)", "Node (PC)"),
    "out.screen": ("Nama layar", "Screen name"),
    "out.whole": ("Seluruh layar", "Whole screen"),
    "out.rect": ("Persegi piksel (videotron)", "Pixel rectangle (videotron)"),
    "out.resolution": ("Resolusi", "Resolution"),
    "out.privacy": ("Privasi", "Privacy"),
    "out.language": ("Bahasa tampilan", "Display language"),
    "out.language.node": ("Bahasa node (bawaan)", "The node's language (default)"),
    "out.language.id": ("Bahasa Indonesia", "Indonesian"),
    "out.language.en": ("Bahasa Inggris", "English"),
    "out.arrangement": ("Susunan fisik", "Physical arrangement"),
    "out.presets": ("Preset (tombol 1–9)", "Presets (keys 1–9)"),
    "out.schedule": ("Jadwal harian (WIB)", "Daily schedule (WIB)"),
    "out.alarm": ("Preset alarm", "Alarm preset"),
    "out.alarm_minutes": ("Lama alarm (menit)", "Alarm duration (minutes)"),
    "out.add_preset": ("Tambah preset", "Add preset"),
    "out.add_entry": ("Tambah jadwal", "Add schedule entry"),
    "out.remove_row": ("Hapus baris", "Remove row"),
    "out.saved": ("Keluaran '{name}' tersimpan sebagai versi {version}", "Output '{name}' saved as version {version}"),
    "out.assumed": ("ukuran layar diasumsikan", "screen size assumed"),
    "out.public_badge": ("PUBLIK", "PUBLIC"),
    # one-line tile summaries on the canvas
    "sum.no_camera": ("(kamera belum dipilih)", "(no camera chosen)"),
    "sum.sequence": ("{n} kamera · {dwell} dtk", "{n} cameras · {dwell} s"),
    "sum.no_text": ("(teks kosong)", "(empty text)"),
    "sum.no_image": ("(belum ada gambar)", "(no image yet)"),
    "sum.map": ("zoom {zoom} · {days} hari", "zoom {zoom} · {days} days"),
    "sum.chart_112": ("panggilan 112 per kelas", "112 calls by class"),
    "sum.chart_channels": ("aduan per kanal", "reports per channel"),
    "sum.with_date": (" · tanggal", " · date"),
    "sum.pages": ("ganti halaman tiap {seconds} dtk", "next page every {seconds} s"),
    "out.no_alarm_public": ("(keluaran publik: tanpa alarm)", "(public output: no alarm)"),
})


class Texts:
    """Looks up texts by key in one language; missing keys show as the key itself (and are tested for)."""

    def __init__(self, lang: Lang = "id") -> None:
        self.lang: Lang = lang

    def __call__(self, key: str, **values: Any) -> str:
        """The text of ``key`` with ``{placeholders}`` filled."""
        return lookup(_TEXTS, self.lang, key, values)

    def pick(self, text_id: str, text_en: str) -> str:
        """Choose between two given texts (domain messages come in both languages)."""
        return text_id if self.lang == "id" else text_en


_REFUSALS = (("partly outside", "refuse.cut"), ("would overlap", "refuse.overlap"), ("outside the", "refuse.outside"),
             ("already covers", "refuse.covers"), ("covers one cell", "refuse.one_cell"))


def refusal_text(t: Texts, reason: str) -> str:
    """A domain command's refusal (English) in the editor's language, the original kept in brackets."""
    key = next((k for pattern, k in _REFUSALS if pattern in reason), None)
    return t("refused", reason=f"{t(key)} ({reason})" if key else reason)


def known_keys() -> frozenset[str]:
    """Every key with a text (tests check that the code uses no other)."""
    return frozenset(_TEXTS)

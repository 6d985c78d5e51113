# Sundanese translation of budget.ftl; untranslated messages fall back to Indonesian.
# Transparansi anggaran (APBD). Kaca impor (patugas) teu ditarjamahkeun.
nav-budget = Anggaran
budget-title = Anggaran daérah
budget-intro = Ka mana artos publik angkat: pagu (rencana) sareng realisasi belanja unggal instansi, numutkeun program, kagiatan sareng kode rekening.
budget-year = Taun anggaran
budget-show = Tampilkeun
budget-none = Teu acan aya anggaran anu dimedalkeun.
budget-plan = Pagu
budget-realised = Realisasi
budget-agency = Instansi
budget-by-agency = Pagu sareng realisasi per instansi
budget-by-agency-table = Pagu sareng realisasi per instansi (angka grafik di luhur)
budget-chart-agencies = Pagu sareng realisasi per instansi, taun { $year }
budget-chart-agencies-desc = Diagram batang ngagolér: kanggo unggal instansi, batang kahiji pagu sareng batang kadua realisasi. Angka lengkep aya dina tabél di handapna.
budget-by-month = Realisasi unggal sasih
budget-by-month-table = Realisasi per sasih, kumulatif, sareng laju rencana (angka grafik di luhur)
budget-chart-months = Realisasi kumulatif dibandingkeun sareng laju rencana, taun { $year }
budget-chart-months-desc = Diagram garis: garis putus-putus realisasi kumulatif sasih demi sasih, garis utuh pagu anu dibagi rata per sasih. Angka lengkep aya dina tabél di handapna.
budget-month = Sasih
budget-cumulative = Realisasi kumulatif
budget-planned-pace = Laju rencana
budget-downloads = Unduh data
budget-download-csv = Anggaran { $year } (CSV)
budget-download-json = Anggaran { $year } (JSON)
budget-api = API anggaran (JSON)
budget-back = Wangsul ka anggaran
budget-programme = Program
budget-activity = Kagiatan
budget-account = Kode rekening
budget-ledger = Buku besar
budget-ledger-ok = Saluyu sareng buku besar
budget-ledger-changed = Robih ti saprak diimpor
budget-warning = Pépéling
budget-changed = { $count ->
    [one] 1 baris anggaran parantos teu saluyu deui sareng catetanana dina buku besar transparansi: data ieu dirobih saparantos dimedalkeun.
   *[other] { $count } baris anggaran parantos teu saluyu deui sareng catetanana dina buku besar transparansi: data ieu dirobih saparantos dimedalkeun.
}

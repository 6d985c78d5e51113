# Javanese translation of budget.ftl; untranslated messages fall back to Indonesian.
# Transparansi anggaran (APBD).
# Impor anggaran (kangge petugas) mboten dipunterjemahaken.
nav-budget = Anggaran
budget-title = Anggaran daerah
budget-intro = Dhateng pundi arta umum dipunginakaken: pagu (rencana) lan realisasi blanja saben instansi, miturut program, kegiatan lan kode rekening.
budget-year = Taun anggaran
budget-show = Tedahaken
budget-none = Dereng wonten anggaran ingkang dipunterbitaken.
budget-plan = Pagu
budget-realised = Realisasi
budget-agency = Instansi
budget-by-agency = Pagu lan realisasi saben instansi
budget-by-agency-table = Pagu lan realisasi saben instansi (angka grafik ing nginggil)
budget-chart-agencies = Pagu lan realisasi saben instansi, taun { $year }
budget-chart-agencies-desc = Diagram batang mlumah: kangge saben instansi, batang kapisan pagu lan batang kaping kalih realisasi. Angka jangkep wonten ing tabel ing ngandhapipun.
budget-by-month = Realisasi saben wulan
budget-by-month-table = Realisasi saben wulan, kumulatif, lan laju rencana (angka grafik ing nginggil)
budget-chart-months = Realisasi kumulatif dipunbandhingaken kaliyan laju rencana, taun { $year }
budget-chart-months-desc = Diagram garis: garis putus-putus realisasi kumulatif wulan demi wulan, garis wutuh pagu ingkang dipunbagi rata saben wulan. Angka jangkep wonten ing tabel ing ngandhapipun.
budget-month = Wulan
budget-cumulative = Realisasi kumulatif
budget-planned-pace = Laju rencana
budget-downloads = Unduh data
budget-download-csv = Anggaran { $year } (CSV)
budget-download-json = Anggaran { $year } (JSON)
budget-api = API anggaran (JSON)
budget-back = Wangsul dhateng anggaran
budget-programme = Program
budget-activity = Kegiatan
budget-account = Kode rekening
budget-ledger = Buku besar
budget-ledger-ok = Jumbuh kaliyan buku besar
budget-ledger-changed = Ewah wiwit dipunimpor
budget-warning = Pepenget
budget-changed = { $count ->
    [one] 1 larik anggaran sampun mboten jumbuh malih kaliyan cathetanipun wonten ing buku besar transparansi: data menika dipunewahi sasampunipun dipunterbitaken.
   *[other] { $count } larik anggaran sampun mboten jumbuh malih kaliyan cathetanipun wonten ing buku besar transparansi: data menika dipunewahi sasampunipun dipunterbitaken.
}

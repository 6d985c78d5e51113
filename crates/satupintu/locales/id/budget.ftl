# Transparansi anggaran (APBD).
nav-budget = Anggaran
budget-title = Anggaran daerah
budget-intro = Ke mana uang publik pergi: pagu (rencana) dan realisasi belanja setiap instansi, menurut program, kegiatan dan kode rekening.
budget-year = Tahun anggaran
budget-show = Tampilkan
budget-none = Belum ada anggaran yang diterbitkan.
budget-plan = Pagu
budget-realised = Realisasi
budget-agency = Instansi
budget-by-agency = Pagu dan realisasi per instansi
budget-by-agency-table = Pagu dan realisasi per instansi (angka grafik di atas)
budget-chart-agencies = Pagu dan realisasi per instansi, tahun { $year }
budget-chart-agencies-desc = Diagram batang mendatar: untuk setiap instansi, batang pertama pagu dan batang kedua realisasi. Angka lengkap ada di tabel di bawahnya.
budget-by-month = Realisasi bulanan
budget-by-month-table = Realisasi per bulan, kumulatif, dan laju rencana (angka grafik di atas)
budget-chart-months = Realisasi kumulatif dibanding laju rencana, tahun { $year }
budget-chart-months-desc = Diagram garis: garis putus-putus realisasi kumulatif bulan demi bulan, garis utuh pagu yang dibagi rata per bulan. Angka lengkap ada di tabel di bawahnya.
budget-month = Bulan
budget-cumulative = Realisasi kumulatif
budget-planned-pace = Laju rencana
budget-downloads = Unduh data
budget-download-csv = Anggaran { $year } (CSV)
budget-download-json = Anggaran { $year } (JSON)
budget-api = API anggaran (JSON)
budget-back = Kembali ke anggaran
budget-programme = Program
budget-activity = Kegiatan
budget-account = Kode rekening
budget-ledger = Buku besar
budget-ledger-ok = Sesuai buku besar
budget-ledger-changed = Berubah sejak diimpor
budget-warning = Peringatan
budget-changed = { $count ->
    [one] 1 baris anggaran tidak lagi sesuai dengan catatannya di buku besar transparansi: data ini diubah setelah diterbitkan.
   *[other] { $count } baris anggaran tidak lagi sesuai dengan catatannya di buku besar transparansi: data ini diubah setelah diterbitkan.
}
budget-import-title = Impor anggaran
budget-import-intro = Unggah berkas CSV (baris pertama berisi nama kolom) atau JSON satupintu.budget/v1. Seluruh isi berkas diperiksa dulu: bila ada satu kesalahan, tidak ada yang berubah. Anggaran tahun dan instansi yang ada di berkas diganti seluruhnya, dan setiap baris dicatat di buku besar transparansi.
budget-import-file = Berkas anggaran
budget-import-hint = CSV dengan kolom fiscal_year, agency, programme_code, programme_name, activity_code, activity_name, account_code, account_name, plan, real_01 … real_12; atau JSON satupintu.budget/v1.
budget-import-submit = Impor
budget-import-done = Anggaran diimpor
budget-import-lines = { $count ->
    [one] 1 baris anggaran
   *[other] { $count } baris anggaran
}
budget-import-problems = Berkas tidak diimpor. Perbaiki masalah berikut:
budget-err-empty = Berkas tidak berisi baris anggaran.
budget-err-too-many = Terlalu banyak baris dalam satu berkas.
budget-err-json = JSON tidak dapat dibaca.
budget-err-format = Format harus satupintu.budget/v1.
budget-err-csv = CSV tidak dapat dibaca (tanda kutip tidak berpasangan).
budget-err-column = Kolom wajib tidak ada di baris judul.
budget-err-number = Harus berupa bilangan bulat.
budget-err-year = Tahun anggaran tidak valid.
budget-err-agency = Instansi tidak dikenal di katalog.
budget-err-code = Kode hanya boleh berisi huruf, angka, titik dan tanda hubung.
budget-err-account = Kode rekening harus berupa angka yang dipisah titik, misalnya 5.1.02.01.01.0024.
budget-err-name = Nama wajib diisi (paling banyak 300 karakter).
budget-err-amount = Jumlah rupiah tidak valid (tidak boleh negatif).
budget-err-months = Realisasi paling banyak 12 bulan.
budget-err-duplicate = Kode rekening ini sudah ada untuk kegiatan yang sama di berkas ini.
budget-err-not-your-agency = Anda hanya dapat mengimpor anggaran instansi Anda sendiri.

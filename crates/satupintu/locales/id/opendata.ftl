## Open data: the catalogue, datasets, publishing, statistics, agency performance.

od-list-title = Data terbuka
od-list-intro = Data yang diterbitkan instansi pemerintah dan statistik layanan publik SatuPintu, bebas diunduh dan digunakan kembali sesuai lisensinya.
od-search = Cari data
od-search-button = Tampilkan
od-filter-organization = Instansi
od-filter-theme = Tema
od-filter-format = Format
od-filter-all = Semua
od-count = { $count ->
    [0] Tidak ada data yang cocok
   *[other] { $count } set data
}
od-none = Belum ada set data.
od-automatic = Statistik otomatis
od-modified = Diperbarui
od-pages = Halaman hasil
od-prev = Sebelumnya
od-next = Berikutnya
od-page-of = Halaman { $page }
od-machine = Untuk mesin
od-dcat-link = Katalog DCAT (JSON-LD)
od-ckan-link = API CKAN (JSON)
od-back = Kembali ke semua data
od-metadata = Keterangan data
od-publisher = Penerbit
od-license = Lisensi
od-themes = Tema
od-keywords = Kata kunci
od-temporal = Cakupan waktu
od-spatial = Cakupan wilayah
od-frequency = Frekuensi pembaruan
od-issued = Diterbitkan
od-rows = { $count } baris
od-download-csv = Unduh CSV
od-download-json = Unduh JSON
od-preview = Pratinjau
od-preview-rows = { $count } baris pertama

od-admin-title = Terbitkan data terbuka
od-admin-intro = Unggah berkas CSV (UTF-8, baris pertama berisi nama kolom) atau JSON (daftar objek) beserta keterangannya. Nama yang sama memperbarui set data Anda.
od-name = Nama set data (untuk alamat)
od-name-hint = Huruf kecil, angka, - atau _, misalnya jumlah-penduduk-2026.
od-title = Judul
od-notes = Deskripsi
od-keywords-hint = Pisahkan dengan koma.
od-temporal-start = Cakupan waktu: mulai
od-temporal-end = Cakupan waktu: sampai
od-spatial-hint = Kode wilayah Kemendagri: 2 digit provinsi, 4 digit kabupaten/kota, atau 6 digit kecamatan, misalnya 3578.
od-file = Berkas data
od-file-hint = CSV atau JSON, paling besar 2 MB.
od-publish = Terbitkan
od-admin-mine = Set data yang sudah diterbitkan
od-stats-title = Statistik otomatis
od-stats-intro = Statistik permohonan, pengaduan, dan antrean dibuat ulang setiap hari. Tombol ini membuatnya sekarang.
od-stats-button = Buat ulang statistik sekarang
od-stats-done = { $count ->
    [0] Statistik sudah terbaru; tidak ada yang berubah.
   *[other] { $count } set data statistik diperbarui.
}

od-field-name = Isi nama 2–100 karakter: huruf kecil, angka, - atau _.
od-field-name-taken = Nama ini sudah dipakai instansi lain. Pilih nama lain.
od-field-title = Isi judul (paling banyak 200 karakter).
od-field-notes = Isi deskripsi (paling banyak 5.000 karakter).
od-field-license = Pilih lisensi.
od-field-themes = Pilih paling sedikit satu tema.
od-field-keywords = Paling banyak 20 kata kunci, masing-masing paling panjang 50 karakter.
od-field-temporal = Isi tanggal yang benar; tanggal mulai tidak boleh sesudah tanggal akhir.
od-field-spatial = Kode wilayah tidak dikenal.
od-field-frequency = Pilih frekuensi pembaruan.
od-field-publisher = Pilih instansi penerbit.
od-field-file = Pilih berkas CSV atau JSON.

od-csv-too-large = Berkas terlalu besar (paling besar 2 MB).
od-csv-not-utf8 = Berkas bukan teks UTF-8. Simpan ulang sebagai CSV UTF-8.
od-csv-quote = Tanda kutip tidak berpasangan di baris { $line }.
od-csv-columns = Baris { $line } tidak memiliki jumlah kolom yang sama dengan baris judul.
od-csv-empty = Berkas kosong.
od-csv-header = Setiap kolom perlu nama yang berbeda di baris pertama.
od-csv-cell = Ada isian sel yang terlalu panjang (paling banyak 2.000 karakter).
od-csv-rows = Terlalu banyak baris (paling banyak 50.000).
od-csv-too-many-columns = Terlalu banyak kolom (paling banyak 100).
od-json-shape = JSON harus berupa daftar objek dengan isian teks atau angka (masalah di butir { $line }).

od-theme-kependudukan = Kependudukan
od-theme-kependudukan-desc = Jumlah dan sebaran penduduk, kelahiran, kematian, perpindahan.
od-theme-infrastruktur = Infrastruktur
od-theme-infrastruktur-desc = Jalan, jembatan, drainase, air bersih, penerangan.
od-theme-kesehatan = Kesehatan
od-theme-kesehatan-desc = Fasilitas dan layanan kesehatan, imunisasi, kesehatan ibu dan anak.
od-theme-keuangan = Keuangan
od-theme-keuangan-desc = Anggaran, pendapatan, belanja daerah.
od-theme-pendidikan = Pendidikan
od-theme-pendidikan-desc = Sekolah, murid, guru, angka partisipasi.
od-theme-lingkungan = Lingkungan
od-theme-lingkungan-desc = Sampah, kualitas udara dan air, ruang terbuka hijau.
od-theme-pelayanan-publik = Pelayanan publik
od-theme-pelayanan-publik-desc = Permohonan, pengaduan, antrean, dan kinerja pelayanan.
od-theme-sosial = Sosial
od-theme-sosial-desc = Bantuan sosial, kesejahteraan, ketenagakerjaan.

od-freq-daily = Harian
od-freq-weekly = Mingguan
od-freq-monthly = Bulanan
od-freq-quarterly = Triwulanan
od-freq-annual = Tahunan
od-freq-irreg = Tidak tentu
od-freq-never = Tidak diperbarui

od-perf-link = Kinerja pelayanan instansi ini

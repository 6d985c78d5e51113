# Sundanese translation of opendata.ftl; untranslated messages fall back to Indonesian.
## Data kabuka: katalog sareng set data. Kaca medalkeun data (admin) sareng kasalahan unggahan teu ditarjamahkeun.

od-list-title = Data kabuka
od-list-intro = Data anu dimedalkeun ku instansi pamaréntah sareng statistik layanan publik SatuPintu, bébas diunduh sareng dianggo deui saluyu sareng lisénsina.
od-search = Milarian data
od-search-button = Tampilkeun
od-filter-organization = Instansi
od-filter-theme = Téma
od-filter-format = Format
od-filter-all = Sadaya
od-count = { $count ->
    [0] Teu aya data anu cocog
   *[other] { $count } set data
}
od-none = Teu acan aya set data.
od-automatic = Statistik otomatis
od-modified = Dianyarkeun
od-pages = Kaca hasil
od-prev = Saméméhna
od-next = Salajengna
od-page-of = Kaca { $page }
od-machine = Kanggo mesin
od-dcat-link = Katalog DCAT (JSON-LD)
od-ckan-link = API CKAN (JSON)
od-back = Wangsul ka sadaya data
od-metadata = Katerangan data
od-publisher = Panerbit
od-license = Lisénsi
od-themes = Téma
od-keywords = Kecap konci
od-temporal = Cakupan waktos
od-spatial = Cakupan wilayah
od-frequency = Frékuénsi pangénggalan
od-issued = Dimedalkeun
od-rows = { $count } baris
od-download-csv = Unduh CSV
od-download-json = Unduh JSON
od-preview = Tingali heula
od-preview-rows = { $count } baris kahiji

od-theme-kependudukan = Kependudukan
od-theme-kependudukan-desc = Jumlah sareng sumebarna panduduk, kalahiran, pupusna, pindahna.
od-theme-infrastruktur = Infrastruktur
od-theme-infrastruktur-desc = Jalan, sasak, drainase, cai beresih, panerangan.
od-theme-kesehatan = Kaséhatan
od-theme-kesehatan-desc = Fasilitas sareng layanan kaséhatan, imunisasi, kaséhatan ibu sareng murangkalih.
od-theme-keuangan = Kauangan
od-theme-keuangan-desc = Anggaran, pendapatan, belanja daérah.
od-theme-pendidikan = Pendidikan
od-theme-pendidikan-desc = Sakola, murid, guru, angka partisipasi.
od-theme-lingkungan = Lingkungan
od-theme-lingkungan-desc = Runtah, kualitas hawa sareng cai, rohangan terbuka héjo.
od-theme-pelayanan-publik = Palayanan publik
od-theme-pelayanan-publik-desc = Pangajuan, pangaduan, antrian, sareng kinerja palayanan.
od-theme-sosial = Sosial
od-theme-sosial-desc = Bantuan sosial, karaharjaan, ketenagakerjaan.

od-freq-daily = Unggal dinten
od-freq-weekly = Unggal minggon
od-freq-monthly = Unggal sasih
od-freq-quarterly = Unggal triwulan
od-freq-annual = Unggal taun
od-freq-irreg = Teu tangtu
od-freq-never = Teu dianyarkeun

od-perf-link = Kinerja palayanan instansi ieu

# Javanese translation of opendata.ftl; untranslated messages fall back to Indonesian.
## Open data: the catalogue, datasets, publishing, statistics, agency performance.
# Kaca nerbitaken data lan statistik (kangge petugas) saha kesalahan unggah berkas mboten dipunterjemahaken.

od-list-title = Data terbuka
od-list-intro = Data ingkang dipunterbitaken instansi pemerintah lan statistik layanan umum SatuPintu, bebas dipununduh lan dipunginakaken malih jumbuh kaliyan lisensinipun.
od-search = Pados data
od-search-button = Tedahaken
od-filter-organization = Instansi
od-filter-theme = Tema
od-filter-format = Format
od-filter-all = Sedaya
od-count = { $count ->
    [0] Mboten wonten data ingkang cocog
   *[other] { $count } set data
}
od-none = Dereng wonten set data.
od-automatic = Statistik otomatis
od-modified = Dipunenggalaken
od-pages = Kaca asil
od-prev = Saderengipun
od-next = Salajengipun
od-page-of = Kaca { $page }
od-machine = Kangge mesin
od-dcat-link = Katalog DCAT (JSON-LD)
od-ckan-link = API CKAN (JSON)
od-back = Wangsul dhateng sedaya data
od-metadata = Katrangan data
od-publisher = Penerbit
od-license = Lisensi
od-themes = Tema
od-keywords = Tembung kunci
od-temporal = Cakupan wekdal
od-spatial = Cakupan wilayah
od-frequency = Frekuensi pangenggalan
od-issued = Dipunterbitaken
od-rows = { $count } larik
od-download-csv = Unduh CSV
od-download-json = Unduh JSON
od-preview = Pratinjau
od-preview-rows = { $count } larik kapisan

od-theme-kependudukan = Kependudukan
od-theme-kependudukan-desc = Cacah lan sumebaripun penduduk, kelahiran, pati, pindhahan.
od-theme-infrastruktur = Infrastruktur
od-theme-infrastruktur-desc = Margi, kreteg, drainase, toya resik, penerangan.
od-theme-kesehatan = Kesehatan
od-theme-kesehatan-desc = Fasilitas lan layanan kesehatan, imunisasi, kesehatan ibu lan lare.
od-theme-keuangan = Keuangan
od-theme-keuangan-desc = Anggaran, pendapatan, blanja daerah.
od-theme-pendidikan = Pendidikan
od-theme-pendidikan-desc = Sekolah, murid, guru, angka partisipasi.
od-theme-lingkungan = Lingkungan
od-theme-lingkungan-desc = Sampah, kualitas hawa lan toya, ruang terbuka ijem.
od-theme-pelayanan-publik = Pelayanan publik
od-theme-pelayanan-publik-desc = Permohonan, pengaduan, antrean, lan kinerja pelayanan.
od-theme-sosial = Sosial
od-theme-sosial-desc = Bantuan sosial, kesejahteraan, ketenagakerjaan.

od-freq-daily = Saben dinten
od-freq-weekly = Saben minggu
od-freq-monthly = Saben wulan
od-freq-quarterly = Saben triwulan
od-freq-annual = Saben taun
od-freq-irreg = Mboten tamtu
od-freq-never = Mboten dipunenggalaken

od-perf-link = Kinerja pelayanan instansi menika

# Javanese translation of regulations.ftl; untranslated messages fall back to Indonesian.
## Produk hukum lan kebijakan (JDIH)
# Kaca kelola kangge petugas (reg-admin-*, nerbitaken, ngewahi, formulir) mboten dipunterjemahaken.
reg-title = Produk hukum lan kebijakan
reg-intro = Peraturan daerah, peraturan kepala daerah, keputusan, surat edaran, SOP lan kebijakan, jangkep kaliyan saben versinipun. Saben versi kacathet wonten ing buku besar transparansi satemah ewahan kanthi dhelikan saged dipunmangertosi.
reg-filter = Saring produk hukum
reg-search = Pados irah-irahan, pokok bahasan utawi nomer
reg-kind = Jinis
reg-year = Taun
reg-agency = Instansi penerbit
reg-agency-head = Kepala Daerah / DPRD
reg-status = Status
reg-apply = Trapaken
reg-count = { $count ->
    [0] Mboten wonten produk hukum
   *[other] { $count } produk hukum
}
reg-none = Dereng wonten produk hukum ingkang cocog.
reg-api = Data menika ugi wonten lumantar API (JSON)
reg-pages = Kaca
reg-prev = Saderengipun
reg-next = Salajengipun
reg-kind-perda = Peraturan Daerah
reg-kind-perkada = Peraturan Kepala Daerah
reg-kind-keputusan = Keputusan
reg-kind-surat-edaran = Surat Edaran
reg-kind-sop = Standar Operasional Prosedur
reg-kind-kebijakan = Kebijakan
reg-number-year = Nomor { $number } Tahun { $year }
reg-status-in-force = Lumampah
reg-status-revoked = Dipuncabut
reg-revoked-note = Produk hukum menika sampun mboten lumampah.
reg-old-version = Panjenengan mirsani versi { $version }, sanes versi ingkang lumampah sakmenika.
reg-see-current = Pirsani versi paling enggal
reg-version = Versi
reg-version-n = Versi { $version }
reg-shown = katedahaken
reg-enacted = Tanggal dipuntetepaken
reg-effective = Tanggal wiwit lumampah
reg-subject = Pokok bahasan
reg-note = Ewahan
reg-seal = Buku besar
reg-seal-ok = Teks jumbuh kaliyan entri #{ $index } buku besar (kabukten)
reg-seal-unproven = Teks jumbuh kaliyan entri #{ $index } buku besar (ngentosi titik priksa)
reg-seal-differs = Teks MBOTEN jumbuh kaliyan entri #{ $index } buku besar: teks sampun dipunewahi sasampunipun dipunterbitaken
reg-seal-pending = Saweg dipuncathet wonten ing buku besar
reg-seal-link = Pirsani entri
reg-download = Unduh teks (TXT)
reg-text = Isi
reg-history = Riwayat versi
reg-compare-previous = Bandhingaken kaliyan versi saderengipun
reg-back = Wangsul dhateng daftar produk hukum
reg-compare-title = Pambandhingan versi: { $title }
reg-compare-from = Saking
reg-compare-to = Dhateng
reg-compare = Bandhingaken
reg-compare-same = Kekalih versi gadhah teks ingkang sami.
reg-compare-legend = Larik ingkang dipuntambahaken dipunparingi garis ngandhap, larik ingkang dipunbusak dipuncoret; perangan ingkang mboten ewah dipunringkes mawi "…".
reg-added = Dipuntambahaken
reg-removed = Dipunbusak

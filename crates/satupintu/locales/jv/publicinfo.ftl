# Javanese translation of publicinfo.ftl; untranslated messages fall back to Indonesian.
## Portal keterbukaan informasi publik
nav-open = Keterbukaan
open-title = Keterbukaan informasi publik
open-intro = Dhateng pundi arta rakyat dipunblanjakaken, aturan ingkang lumampah, data ingkang pareng dipunginakaken malih dening sinten kemawon, lan cara tumut nemtokaken keputusan.
open-budget = Anggaran
open-budget-summary = Rencana lan realisasi APBD saben instansi, program, kegiatan lan rekening, mawi grafik lan unduhan.
open-procurement = Pengadaan
open-procurement-summary = Paket pengadaan wiwit rencana, tender, pemenang, kontrak ngantos pembayaran, mawi Open Contracting Data Standard.
open-regulations = Produk hukum lan kebijakan
open-regulations-summary = Peraturan, keputusan, surat edaran lan SOP sesarengan kaliyan saben versinipun.
open-data = Data terbuka
open-data-summary = Kempalan data instansi lan statistik layanan ingkang saged dipununduh lan dipunginakaken malih (API kompatibel CKAN).
open-participation = Partisipasi warga
open-participation-summary = Aturaken gagasan, dhukung usulan warga sanes, paring masukan rancangan peraturan lan pilih kegiatan anggaran partisipatif.
open-performance = Kinerja instansi
open-performance-summary = Cepet, tepat lan tanggapan pengaduan saben instansi.
open-ledger = Buku besar transparansi
open-ledger-summary = Cathetan ingkang mboten saged dipunewahi kanthi dhelikan tumrap saben keputusan, dokumen lan rupiah, mawi bukti ingkang saged dipunpriksa sinten kemawon.
open-ledger-size = { $count ->
    [0] Buku besar dereng ngemot entri.
   *[other] Buku besar ngemot { $count } entri.
}

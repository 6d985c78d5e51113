# Sundanese translation of publicinfo.ftl; untranslated messages fall back to Indonesian.
## Portal katerbukaan informasi publik
nav-open = Katerbukaan
open-title = Katerbukaan informasi publik
open-intro = Ka mana artos rahayat dibelanjakeun, aturan anu lumaku, data anu kénging dianggo deui ku saha waé, sareng cara ngiring nangtukeun putusan.
open-budget = Anggaran
open-budget-summary = Rencana sareng realisasi APBD per instansi, program, kagiatan sareng rekening, kalayan grafik sareng unduhan.
open-procurement = Pengadaan
open-procurement-summary = Pakét pengadaan ti rencana, tender, nu meunang, kontrak dugi ka pamayaran, dina Open Contracting Data Standard.
open-regulations = Produk hukum sareng kawijakan
open-regulations-summary = Peraturan, keputusan, surat edaran sareng SOP sareng unggal vérsina.
open-data = Data kabuka
open-data-summary = Kumpulan data instansi sareng statistik layanan anu tiasa diunduh sareng dianggo deui (API kompatibel CKAN).
open-participation = Partisipasi warga
open-participation-summary = Usulkeun gagasan, rojong usulan warga sanés, pasihan masukan rancangan peraturan sareng pilih kagiatan anggaran partisipatif.
open-performance = Kinerja instansi
open-performance-summary = Gancangna, katepatan sareng tanggapan pangaduan unggal instansi.
open-ledger = Buku besar transparansi
open-ledger-summary = Catetan anu teu tiasa dirobih sacara diam-diam kana unggal putusan, dokumén sareng rupiah, kalayan bukti anu tiasa dipariksa ku saha waé.
open-ledger-size = { $count ->
    [0] Buku besar teu acan ngandung éntri.
   *[other] Buku besar ngandung { $count } éntri.
}

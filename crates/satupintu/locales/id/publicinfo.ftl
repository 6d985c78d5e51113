## Portal keterbukaan informasi publik
nav-open = Keterbukaan
open-title = Keterbukaan informasi publik
open-intro = Ke mana uang rakyat dibelanjakan, aturan yang berlaku, data yang boleh dipakai ulang siapa saja, dan cara ikut menentukan keputusan.
open-budget = Anggaran
open-budget-summary = Rencana dan realisasi APBD per instansi, program, kegiatan dan rekening, dengan grafik dan unduhan.
open-procurement = Pengadaan
open-procurement-summary = Paket pengadaan dari rencana, tender, pemenang, kontrak sampai pembayaran, dalam Open Contracting Data Standard.
open-regulations = Produk hukum dan kebijakan
open-regulations-summary = Peraturan, keputusan, surat edaran dan SOP beserta setiap versinya.
open-data = Data terbuka
open-data-summary = Kumpulan data instansi dan statistik layanan yang dapat diunduh dan dipakai ulang (API kompatibel CKAN).
open-participation = Partisipasi warga
open-participation-summary = Usulkan gagasan, dukung usulan warga lain, beri masukan rancangan peraturan dan pilih kegiatan anggaran partisipatif.
open-performance = Kinerja instansi
open-performance-summary = Kecepatan, ketepatan dan tanggapan pengaduan setiap instansi.
open-ledger = Buku besar transparansi
open-ledger-summary = Catatan yang tidak dapat diubah diam-diam atas setiap keputusan, dokumen dan rupiah, dengan bukti yang dapat diperiksa siapa saja.
open-ledger-size = { $count ->
    [0] Buku besar belum berisi entri.
   *[other] Buku besar berisi { $count } entri.
}

## Pemberitahuan proaktif (isu 10)

pro-title = Pemberitahuan proaktif
pro-flash-saved = Perubahan disimpan.
pro-flash-added = Data ditambahkan.
pro-flash-deleted = Data dihapus.
pro-account-links = Layanan proaktif

pro-consent-title = Pemberitahuan proaktif
pro-consent-intro = SatuPintu dapat mengingatkan Anda sebelum Anda perlu bertanya: dokumen yang hampir habis masa berlakunya, anak yang akan berusia 17 tahun dan perlu KTP-el, serta layanan yang kemungkinan dapat Anda gunakan. Pemberitahuan hanya dikirim bila Anda menyetujuinya.
pro-consent-legend = Saya setuju menerima pemberitahuan tentang
pro-consent-default = Semua pilihan mati sampai Anda mencentangnya. Hapus centang kapan saja untuk berhenti; berlaku saat itu juga.
pro-consent-expiry = Dokumen yang hampir habis masa berlakunya
pro-consent-expiry-hint = SIM, paspor, STNK, izin, dan dokumen terbitan SatuPintu: 60, 30, dan 7 hari sebelum habis, masing-masing sekali.
pro-consent-ktp17 = Anggota keluarga yang akan berusia 17 tahun (KTP-el)
pro-consent-ktp17-hint = Sekali per anak, 30 hari sebelum ulang tahun ke-17, dengan tautan ke layanan KTP-el baru.
pro-consent-services = Layanan yang kemungkinan dapat saya gunakan
pro-consent-services-hint = Paling banyak sekali setahun per layanan, berdasarkan usia Anda, keluarga, dan permohonan sebelumnya.
pro-channels-title = Lewat saluran apa?
pro-channels-text = Pemberitahuan dikirim lewat saluran yang Anda pilih di pengaturan notifikasi (surel, SMS/WhatsApp, notifikasi perangkat). Tidak ada saluran lain.
pro-channels-link = Atur saluran notifikasi
pro-stop-text = Untuk berhenti, hapus centang di atas lalu simpan. Pemberitahuan yang belum terkirim dibatalkan saat itu juga. Setiap surel juga memuat tautan ke halaman ini.
pro-more-title = Data yang dipakai
pro-history-title = Riwayat persetujuan
pro-history-none = Belum ada perubahan persetujuan.
pro-history-when = Waktu
pro-history-what = Perubahan
pro-history-given = Disetujui: { $kind }
pro-history-withdrawn = Dicabut: { $kind }

pro-docs-title = Dokumen saya
pro-docs-intro = Catat dokumen Anda dan tanggal habis berlakunya agar kami dapat mengingatkan Anda tepat waktu. Nomor dokumen tidak wajib; hanya empat karakter terakhirnya yang disimpan.
pro-docs-not-watched = Anda belum menyetujui pengingat dokumen, jadi dokumen ini belum dipantau.
pro-docs-none = Belum ada dokumen yang dicatat.
pro-doc-sim-a = SIM A
pro-doc-sim-b = SIM B
pro-doc-sim-c = SIM C
pro-doc-paspor = Paspor
pro-doc-stnk = STNK (pengesahan tahunan)
pro-doc-izin-usaha = Izin usaha
pro-doc-izin-reklame = Izin reklame
pro-doc-izin-praktik = Surat izin praktik (SIP)
pro-doc-lainnya = Dokumen lain
pro-doc-number = Nomor
pro-doc-expires = Berlaku sampai
pro-doc-status = Status
pro-doc-renew = Perpanjang
pro-doc-edit = Ubah
pro-doc-valid = Masih berlaku
pro-doc-expired = Sudah habis masa berlakunya
pro-doc-days-left = { $days ->
    [0] Habis hari ini
   *[other] { $days } hari lagi
}
pro-doc-add-title = Tambah dokumen
pro-doc-add = Tambah dokumen
pro-doc-kind = Jenis dokumen
pro-doc-kind-choose = Pilih jenis dokumen
pro-doc-label = Nama dokumen (tidak wajib)
pro-doc-label-hint = Misalnya: SIM C sepeda motor, paspor anak.
pro-doc-number-label = Nomor dokumen (tidak wajib)
pro-doc-number-hint = Hanya empat karakter terakhir yang disimpan, untuk membedakan dokumen.
pro-doc-expires-hint = Tanggal habis berlaku, misalnya 2027-05-31.
pro-doc-edit-title = Ubah dokumen
pro-doc-number-kept = Nomor tersimpan: ••••{ $tail }. Kosongkan kolom nomor untuk mempertahankannya.
pro-doc-delete = Hapus dokumen ini

pro-family-title = Keluarga saya
pro-family-intro = Anggota keluarga dipakai untuk mengingatkan KTP-el saat anak berusia 17 tahun dan untuk menyarankan layanan (akta kelahiran, KIA, pendaftaran sekolah). Isi NIK (tanggal lahir dibaca dari NIK) atau tanggal lahir. NIK hanya disimpan tersamar.
pro-family-none = Belum ada anggota keluarga yang dicatat.
pro-member-on-kk = Satu Kartu Keluarga dengan Anda
pro-member-age = { $years } tahun
pro-member-born = Tanggal lahir
pro-member-ktp-soon = Sudah waktunya membuat KTP-el.
pro-member-ktp-link = Ajukan KTP-el baru
pro-member-delete = Hapus
pro-member-add-title = Tambah anggota keluarga
pro-member-name = Nama
pro-member-nik = NIK anggota keluarga (tidak wajib)
pro-member-nik-hint = 16 angka. Tanggal lahir diambil dari NIK (untuk perempuan, tanggal ditambah 40).
pro-member-birth = Tanggal lahir (bila NIK tidak diisi)
pro-member-birth-hint = Misalnya 2009-12-15.
pro-member-add = Tambah anggota keluarga

pro-suggestions-title = Layanan untuk Anda
pro-suggestions-intro = Layanan yang kemungkinan dapat Anda gunakan, menurut data akun Anda. Ini hanya saran; syarat lengkapnya ada di halaman setiap layanan.
pro-suggestions-none = Saat ini tidak ada saran layanan untuk Anda.
pro-why = Mengapa saya melihat ini?
pro-suggestions-notified = Anda juga menerima pemberitahuan tentang saran baru.
pro-suggestions-not-notified = Saran ini hanya tampil di sini; Anda tidak menerima pemberitahuan tentangnya.

pro-rule-ktp17 = Anggota keluarga Anda akan atau baru saja berusia 17 tahun dan perlu KTP-el.
pro-rule-ktp17-why = Seorang anggota keluarga Anda berulang tahun ke-17 dalam 30 hari ini atau baru saja berusia 17 tahun. Penduduk wajib memiliki KTP-el sejak usia 17 tahun.
pro-rule-newborn = Bayi dalam keluarga Anda memerlukan akta kelahiran.
pro-rule-newborn-why = Ada anggota keluarga yang berusia di bawah 1 tahun. Kelahiran dilaporkan paling lambat 60 hari setelah lahir untuk mendapatkan akta kelahiran.
pro-rule-kia = Anak di bawah 17 tahun dapat memiliki Kartu Identitas Anak.
pro-rule-kia-why = Ada anggota keluarga yang berusia di bawah 17 tahun. KIA adalah kartu identitas resmi anak sampai ia mendapat KTP-el.
pro-rule-school = Anak usia sekolah dapat mendaftar ke sekolah negeri.
pro-rule-school-why = Ada anggota keluarga yang berusia 5 sampai 15 tahun. Pendaftaran sekolah negeri (SPMB) dibuka setiap tahun untuk SD, SMP, dan SMA.
pro-rule-sim = Anda belum mencatat SIM.
pro-rule-sim-why = Anda berusia 17 tahun atau lebih dan belum mencatat SIM di Dokumen saya. Mengemudi wajib memiliki SIM.
pro-rule-jobseeker = Kartu Kuning membantu melamar pekerjaan.
pro-rule-jobseeker-why = Anda berusia 18 sampai 25 tahun. Kartu Pencari Kerja (AK/1) sering diminta saat melamar pekerjaan.
pro-rule-elderly = Warga lanjut usia dapat diusulkan menerima bantuan sosial.
pro-rule-elderly-why = Anda berusia 60 tahun atau lebih. Warga lanjut usia termasuk kelompok yang dapat diusulkan ke data penerima bantuan sosial (DTSEN).
pro-rule-business-npwp = Usaha Anda memerlukan NPWP.
pro-rule-business-npwp-why = Anda pernah mengajukan NIB. Pelaku usaha umumnya juga memerlukan NPWP.
pro-rule-business-ads = Papan nama usaha dapat memerlukan izin reklame.
pro-rule-business-ads-why = Anda pernah mengajukan NIB. Papan nama atau spanduk usaha dapat memerlukan izin reklame.
pro-rule-business-building = Bangunan usaha memerlukan Persetujuan Bangunan Gedung.
pro-rule-business-building-why = Anda pernah mengajukan NIB. Membangun atau mengubah bangunan tempat usaha memerlukan PBG.

field-pro-doc-kind = Pilih jenis dokumen dari daftar
field-pro-doc-label = Nama dokumen paling banyak 80 karakter
field-pro-doc-number = Nomor dokumen paling banyak 30 huruf dan angka
field-pro-doc-date = Isi tanggal habis berlaku dengan format TTTT-BB-HH, misalnya 2027-05-31
field-pro-doc-date-range = Tanggal habis berlaku harus antara setahun yang lalu dan 20 tahun ke depan
field-pro-member-name = Isi nama antara 2 dan 100 karakter
field-pro-member-birth = Isi tanggal lahir yang benar (TTTT-BB-HH), tidak di masa depan
field-pro-member-nik-or-birth = Isi NIK atau tanggal lahir anggota keluarga
field-pro-consent-kind = Pilih jenis pemberitahuan dari daftar

notify-pro-expiry-subject = { $label } akan habis masa berlakunya
notify-pro-expiry-body = { $label } Anda berlaku sampai { $date }. Ajukan perpanjangan sebelum tanggal itu.
notify-pro-ktp17-subject = { $name } perlu KTP-el
notify-pro-ktp17-body = { $name } berusia 17 tahun pada { $date } dan wajib memiliki KTP-el. Ajukan perekaman KTP-el baru lewat tautan berikut.
notify-pro-service-subject = Layanan untuk Anda di SatuPintu
notify-pro-service-body = { $label } Lihat alasannya di halaman Layanan untuk Anda.

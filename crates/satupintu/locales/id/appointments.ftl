# Janji temu (booking) dan antrean.
nav-appointments = Janji temu
appt-new-title = Buat janji temu
appt-new-intro = Pilih layanan, tempat, hari dan jam kedatangan. Datanglah sesuai jadwal dan tunjukkan kode janji temu di kios antrean.
appt-choose-service = Layanan apa yang Anda perlukan?
appt-no-services = Belum ada layanan yang dapat dipesan jadwalnya.
appt-no-locations = Layanan ini belum dapat dipesan jadwalnya di tempat mana pun.
appt-next = Lanjut
appt-service = Layanan
appt-change = Ubah
appt-location = Tempat
appt-address = Alamat
appt-date = Tanggal
appt-show-slots = Tampilkan jadwal
appt-open-days = Hari buka terdekat
appt-slots-on = Jadwal tersedia: { $date }
appt-no-slots = Tidak ada jadwal kosong pada hari ini. Pilih hari lain.
appt-choose-slot = Pilih jam kedatangan
appt-free = { $n ->
    [one] 1 tempat tersisa
   *[other] { $n } tempat tersisa
}
appt-application = Nomor permohonan (jika ada)
appt-application-hint = Isi bila kunjungan ini untuk permohonan daring Anda, misalnya SP-2026-000123.
appt-book = Pesan jadwal
appt-mine-title = Janji temu saya
appt-mine-intro = Jadwal kunjungan Anda ke loket layanan dan telekonsultasi.
appt-mine-none = Anda belum punya janji temu.
appt-booking-title = Janji temu { $code }
appt-booking-caption = Janji temu
appt-code = Kode janji temu
appt-when = Waktu
appt-ticket = Nomor antrean
appt-ticket-follow = Pantau antrean
appt-open-consultation = Buka ruang konsultasi
appt-checkin-title = Saat tiba di lokasi
appt-checkin-help = Pindai kode QR ini di kios antrean atau ketik kode janji temu. Kios menerima kedatangan mulai 1 jam sebelum jadwal sampai 30 menit sesudahnya.
appt-qr-label = Kode QR janji temu { $code }
appt-calendar = Simpan ke kalender (.ics)
appt-move-title = Ubah jadwal
appt-move-left = { $n ->
    [one] Jadwal masih dapat diubah 1 kali lagi.
   *[other] Jadwal masih dapat diubah { $n } kali lagi.
}
appt-move-none = Jadwal ini sudah tidak dapat diubah lagi; Anda masih dapat membatalkannya.
appt-frozen = Jadwal ini sudah dikunci: perubahan dan pembatalan ditutup satu jam sebelum waktunya. Jika Anda tidak datang, janji temu ini tercatat tidak hadir.
appt-move = Pindahkan ke jam ini
appt-cancel = Batalkan janji temu
appt-status-booked = Terjadwal
appt-status-checked-in = Sudah tiba
appt-status-served = Sudah dilayani
appt-status-cancelled = Dibatalkan
appt-status-no-show = Tidak hadir
appt-ics-summary = Janji temu
appt-ics-description = Kode janji temu: { $code }. Tunjukkan kode ini di kios antrean.
field-slot-choose = Pilih salah satu jam.
field-slot-unknown = Jadwal itu tidak ada.
field-slot-other = Pilih jam lain untuk layanan yang sama.
field-booking-application = Nomor permohonan itu bukan permohonan Anda untuk layanan ini.
field-booking-unknown = Kode janji temu tidak dikenal. Periksa kembali kodenya.
field-booking-elsewhere = Janji temu ini untuk tempat lain.
field-checkin-time = Kedatangan untuk janji temu ini belum dibuka, sudah lewat, atau sudah tercatat. Silakan ambil nomor antrean biasa.
field-date-range = Rentang tanggal tidak sah (paling lama satu tahun, dan tanggal awal sebelum tanggal akhir).
error-slot-full = Jadwal itu baru saja penuh. Pilih jam lain.
error-slot-gone = Jadwal itu sudah lewat atau ditutup. Pilih jam lain.
error-booking-active = Anda sudah punya janji temu aktif untuk layanan ini. Ubah atau batalkan yang itu dulu.
error-booking-paused = Anda tidak hadir tiga kali dalam 90 hari terakhir, jadi pemesanan daring ditunda 30 hari. Anda tetap dapat mengambil nomor antrean di lokasi.
error-booking-closed = Janji temu ini sudah tidak dapat diubah.
error-booking-frozen = Jadwal tidak dapat diubah kurang dari 1 jam sebelum waktunya.
error-reschedule-limit = Jadwal ini sudah diubah dua kali; batalkan lalu pesan baru bila perlu.
error-location-closed = Lokasi ini sedang tutup (di luar jam buka atau hari libur).
error-queue-empty = Tidak ada antrean yang menunggu untuk loket ini.
error-counter-idle = Loket ini belum memanggil nomor.
notify-booking-subject = Janji temu { $code } terjadwal
notify-booking-body = Janji temu { $code }: { $when } di { $place }. Tunjukkan kodenya di kios antrean saat tiba.
notify-booking-moved-subject = Jadwal janji temu { $code } diubah
notify-booking-moved-body = Jadwal baru janji temu { $code }: { $when } di { $place }.
notify-booking-reminder-subject = Pengingat: janji temu { $code } besok
notify-booking-reminder-body = Jangan lupa, janji temu { $code }: { $when } di { $place }. Bila berhalangan, batalkan agar jadwalnya dapat dipakai orang lain.
notify-booking-no-show-subject = Janji temu { $code } terlewat
notify-booking-no-show-body = Anda tidak datang pada janji temu { $code }. Setelah tiga kali tidak hadir dalam 90 hari, pemesanan daring ditunda 30 hari.

# Kios, tiket dan layar antrean.
kiosk-title = Kios antrean — { $place }
kiosk-heading = Selamat datang
kiosk-booked = Sudah punya janji temu?
kiosk-code = Kode janji temu
kiosk-code-hint = Pindai kode QR atau ketik kodenya, misalnya JT-2026-000001.
kiosk-check-in = Catat kedatangan
kiosk-walk-in = Belum punya janji temu? Ambil nomor antrean
kiosk-service = Layanan
kiosk-priority = Layanan prioritas
kiosk-priority-none = Tidak perlu
kiosk-take = Ambil nomor antrean
kiosk-done = Selesai
queue-priority = Prioritas
queue-priority-lansia = Lanjut usia (60 tahun ke atas)
queue-priority-hamil = Ibu hamil
queue-priority-disabilitas = Penyandang disabilitas
ticket-title = Nomor antrean { $number }
ticket-heading = Nomor antrean Anda
ticket-status-waiting = Menunggu dipanggil
ticket-status-called = Silakan menuju loket
ticket-status-done = Sudah dilayani
ticket-status-missed = Terlewat; silakan hubungi petugas
ticket-ahead = { $n ->
    [0] Anda antrean berikutnya.
    [one] 1 orang di depan Anda.
   *[other] { $n } orang di depan Anda.
}
ticket-wait = { $n ->
    [0] Perkiraan waktu tunggu: sebentar lagi.
   *[other] Perkiraan waktu tunggu: sekitar { $n } menit.
}
ticket-go-to = Silakan ke { $counter }.
ticket-follow = Pantau dari ponsel
ticket-qr-label = Kode QR untuk memantau nomor antrean ini dari ponsel
ticket-link = Buka halaman nomor antrean ini
display-title = Layar antrean — { $place }
display-now = Sedang dipanggil
display-none = Belum ada nomor yang dipanggil.
display-waiting = Menunggu
display-recent = Panggilan terakhir
display-hint = Perhatikan nomor Anda. Layar ini diperbarui otomatis.
display-say-ticket = Nomor antrean
display-say-counter = silakan ke

# Loket petugas.
counter-nav = Antrean
counter-title = Loket antrean
counter-no-places = Anda belum ditugaskan di lokasi mana pun yang memakai antrean.
counter-current = Sedang dilayani
counter-idle = Belum ada nomor yang dipanggil di loket ini.
counter-next = Panggil berikutnya
counter-recall = Panggil ulang
counter-done = Selesai dilayani
counter-missed = Tidak hadir
counter-calls = { $n ->
    [one] Dipanggil 1 kali
   *[other] Dipanggil { $n } kali
}
counter-booked = Janji temu
counter-waiting = { $n ->
    [0] Tidak ada yang menunggu
    [one] 1 orang menunggu
   *[other] { $n } orang menunggu
}
counter-waiting-caption = Nomor antrean yang menunggu, urutan pemanggilan
counter-none-waiting = Antrean kosong.
counter-number = Nomor
counter-waited = Menunggu
counter-minutes = { $n } menit
counter-display = Layar antrean
counter-kiosk = Kios antrean
counter-change = Ganti loket

# Statistik.
queue-stats-title = Statistik antrean
queue-stats-from = Dari tanggal
queue-stats-to = Sampai tanggal
queue-stats-show = Tampilkan
queue-stats-by-service = Per layanan
queue-stats-by-hour = Per jam kedatangan
queue-stats-by-weekday = Per hari
queue-stats-tickets = Nomor
queue-stats-served = Dilayani
queue-stats-missed = Terlewat
queue-stats-booked = Dengan janji
queue-stats-wait = Rata-rata tunggu (menit)
queue-stats-service = Rata-rata layanan (menit)
queue-stats-total = Jumlah
queue-stats-no-shows = { $n ->
    [0] Tidak ada janji temu yang tidak hadir.
   *[other] Janji temu tidak hadir: { $n }.
}
queue-stats-none = Belum ada lokasi yang dapat Anda lihat.
queue-stats-note = Waktu tunggu dihitung dari pengambilan nomor sampai dipanggil; waktu layanan dari dipanggil sampai selesai.
weekday-1 = Senin
weekday-2 = Selasa
weekday-3 = Rabu
weekday-4 = Kamis
weekday-5 = Jumat
weekday-6 = Sabtu
weekday-7 = Minggu

# Pengelolaan lokasi.
locations-title = Lokasi layanan
locations-intro = Gedung MPP, kantor, Puskesmas dan fasilitas kesehatan: jam buka, layanan dengan kuota per jadwal, dan loket. Jadwal dibuka otomatis untuk hari-hari ke depan.
locations-none = Belum ada lokasi.
locations-services = Layanan
locations-counters = Loket
locations-links = Tautan
locations-kiosk-note = Alamat kios memuat kunci rahasia: bukalah hanya di perangkat kios di lokasi.
locations-closed-on = Tutup { $date }: { $reason }
locations-close-title = Tutup pada hari tertentu
locations-close-reason = Alasan
locations-close = Tutup hari itu
locations-import-title = Impor lokasi
locations-document = Dokumen lokasi (JSON, format satupintu.locations/v1)
locations-document-hint = Lihat docs/staff.md untuk contohnya. Impor berlaku seluruhnya atau tidak sama sekali.
locations-import = Impor
locations-imported = { $locations } lokasi disimpan; { $slots } jadwal baru dibuka.
location-kind-mpp = Mal Pelayanan Publik
location-kind-kantor = Kantor
location-kind-puskesmas = Puskesmas
location-kind-faskes = Fasilitas kesehatan
loc-bad-json = Dokumen bukan JSON yang sah atau tidak sesuai format lokasi.
loc-format = Format harus "satupintu.locations/v1".
loc-duplicate = Kode lokasi ini muncul dua kali.
loc-slug = Kode lokasi hanya huruf kecil, angka dan tanda hubung.
loc-kind = Jenis lokasi harus mpp, kantor, puskesmas atau faskes.
loc-text = Isian ini wajib dan tidak boleh terlalu panjang.
loc-slot-minutes = Panjang jadwal harus 10 sampai 240 menit.
loc-horizon = Jadwal dibuka 1 sampai 90 hari ke depan.
loc-url = Alamat video harus https.
loc-day = Hari harus mon, tue, wed, thu, fri, sat atau sun.
loc-hours = Jam buka tidak sah (JJ:MM, buka sebelum tutup, istirahat di dalam jam buka).
loc-no-services = Lokasi perlu sedikitnya satu layanan.
loc-unknown-service = Layanan ini tidak ada di katalog.
loc-other-agency = Layanan ini milik instansi lain.
loc-capacity = Kuota per jadwal harus 0 sampai 500.
loc-prefix = Huruf antrean: 1–2 huruf kapital, berbeda untuk tiap layanan.
loc-counter-name = Nama loket wajib, unik dan paling panjang 60 karakter.
loc-counter-services = Loket harus melayani layanan yang ada di lokasi ini.
appt-book-visit = Buat janji temu untuk datang ke loket
appt-book-for-application = Buat janji temu untuk permohonan ini
ticket-refresh = Perbarui
counter-changed = Antrean berubah.
counter-refresh = Perbarui daftar
cli-locations-invalid = Lokasi tidak diimpor karena ada masalah berikut (tidak ada yang diubah):
appt-teleconsultation = Telekonsultasi dengan dokter

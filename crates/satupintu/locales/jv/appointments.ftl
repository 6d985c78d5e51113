# Javanese translation of appointments.ftl; untranslated messages fall back to Indonesian.
# Janji temu (booking) lan antrean.
nav-appointments = Janji temu
appt-new-title = Damel janji temu
appt-new-intro = Pilih layanan, papan, dinten lan jam rawuh. Mangga rawuh jumbuh kaliyan jadwal lan tedahaken kode janji temu wonten ing kios antrean.
appt-choose-service = Layanan menapa ingkang panjenengan betahaken?
appt-no-services = Dereng wonten layanan ingkang saged dipunpesen jadwalipun.
appt-no-locations = Layanan menika dereng saged dipunpesen jadwalipun wonten ing papan pundi kemawon.
appt-next = Lajeng
appt-service = Layanan
appt-change = Ewahi
appt-location = Papan
appt-address = Alamat
appt-date = Tanggal
appt-show-slots = Tedahaken jadwal
appt-open-days = Dinten bikak ingkang paling celak
appt-slots-on = Jadwal ingkang wonten: { $date }
appt-no-slots = Mboten wonten jadwal kosong ing dinten menika. Pilih dinten sanes.
appt-choose-slot = Pilih jam rawuh
appt-free = { $n ->
    [one] Kantun 1 panggenan
   *[other] Kantun { $n } panggenan
}
appt-application = Nomer permohonan (menawi wonten)
appt-application-hint = Isi menawi kunjungan menika kangge permohonan daring panjenengan, tuladhanipun SP-2026-000123.
appt-book = Pesen jadwal
appt-mine-title = Janji temu kula
appt-mine-intro = Jadwal kunjungan panjenengan dhateng loket layanan lan telekonsultasi.
appt-mine-none = Panjenengan dereng gadhah janji temu.
appt-booking-title = Janji temu { $code }
appt-booking-caption = Janji temu
appt-code = Kode janji temu
appt-when = Wekdal
appt-ticket = Nomer antrean
appt-ticket-follow = Pantau antrean
appt-open-consultation = Bikak ruang konsultasi
appt-checkin-title = Nalika dumugi ing lokasi
appt-checkin-help = Pindai kode QR menika wonten ing kios antrean utawi ketik kode janji temu. Kios nampi rawuh panjenengan wiwit 1 jam saderengipun jadwal ngantos 30 menit salajengipun.
appt-qr-label = Kode QR janji temu { $code }
appt-calendar = Simpen dhateng kalender (.ics)
appt-move-title = Ewahi jadwal
appt-move-left = { $n ->
    [one] Jadwal taksih saged dipunewahi 1 kaping malih.
   *[other] Jadwal taksih saged dipunewahi { $n } kaping malih.
}
appt-move-none = Jadwal menika sampun mboten saged dipunewahi malih; panjenengan taksih saged mbatalaken.
appt-frozen = Jadwal menika sampun dipunkunci: ewah-ewahan lan pambatalan dipuntutup setunggal jam saderengipun wekdalipun. Menawi panjenengan mboten rawuh, janji temu menika kacathet mboten rawuh.
appt-move = Pindhahaken dhateng jam menika
appt-cancel = Batalaken janji temu
appt-status-booked = Sampun kajadwal
appt-status-checked-in = Sampun dumugi
appt-status-served = Sampun dipunlayani
appt-status-cancelled = Dipunbatalaken
appt-status-no-show = Mboten rawuh
appt-ics-summary = Janji temu
appt-ics-description = Kode janji temu: { $code }. Tedahaken kode menika wonten ing kios antrean.
field-slot-choose = Pilih setunggal jam.
field-slot-unknown = Jadwal menika mboten wonten.
field-slot-other = Pilih jam sanes kangge layanan ingkang sami.
field-booking-application = Nomer permohonan menika sanes permohonan panjenengan kangge layanan menika.
field-booking-unknown = Kode janji temu mboten dipuntepangi. Priksa malih kodenipun.
field-booking-elsewhere = Janji temu menika kangge papan sanes.
field-checkin-time = Rawuh kangge janji temu menika dereng dipunbikak, sampun kliwat, utawi sampun kacathet. Mangga mendhet nomer antrean biasa.
field-date-range = Rentang tanggal mboten sah (paling dangu setunggal taun, lan tanggal wiwitan saderengipun tanggal pungkasan).
error-slot-full = Jadwal menika nembe kemawon kebak. Pilih jam sanes.
error-slot-gone = Jadwal menika sampun kliwat utawi dipuntutup. Pilih jam sanes.
error-booking-active = Panjenengan sampun gadhah janji temu aktif kangge layanan menika. Ewahi utawi batalaken ingkang menika rumiyin.
error-booking-paused = Panjenengan mboten rawuh kaping tiga ing 90 dinten pungkasan, dados pesenan daring dipuntunda 30 dinten. Panjenengan tetep saged mendhet nomer antrean wonten ing lokasi.
error-booking-closed = Janji temu menika sampun mboten saged dipunewahi.
error-booking-frozen = Jadwal mboten saged dipunewahi kirang saking 1 jam saderengipun wekdalipun.
error-reschedule-limit = Jadwal menika sampun dipunewahi kaping kalih; batalaken lajeng pesen enggal menawi perlu.
error-location-closed = Lokasi menika saweg tutup (ing njawi jam bikak utawi dinten libur).
error-queue-empty = Mboten wonten antrean ingkang ngentosi kangge loket menika.
error-counter-idle = Loket menika dereng nimbali nomer.
notify-booking-subject = Janji temu { $code } sampun kajadwal
notify-booking-body = Janji temu { $code }: { $when } wonten ing { $place }. Tedahaken kodenipun wonten ing kios antrean nalika dumugi.
notify-booking-moved-subject = Jadwal janji temu { $code } dipunewahi
notify-booking-moved-body = Jadwal enggal janji temu { $code }: { $when } wonten ing { $place }.
notify-booking-reminder-subject = Pangeling-eling: janji temu { $code } benjang
notify-booking-reminder-body = Ampun kesupen, janji temu { $code }: { $when } wonten ing { $place }. Menawi mboten saged rawuh, batalaken supados jadwalipun saged dipunginakaken tiyang sanes.
notify-booking-no-show-subject = Janji temu { $code } kliwat
notify-booking-no-show-body = Panjenengan mboten rawuh ing janji temu { $code }. Sasampunipun kaping tiga mboten rawuh ing 90 dinten, pesenan daring dipuntunda 30 dinten.

# Kios, karcis lan layar antrean.
kiosk-title = Kios antrean — { $place }
kiosk-heading = Sugeng rawuh
kiosk-booked = Sampun gadhah janji temu?
kiosk-code = Kode janji temu
kiosk-code-hint = Pindai kode QR utawi ketik kodenipun, tuladhanipun JT-2026-000001.
kiosk-check-in = Cathet rawuh
kiosk-walk-in = Dereng gadhah janji temu? Pendhet nomer antrean
kiosk-service = Layanan
kiosk-priority = Layanan prioritas
kiosk-priority-none = Mboten perlu
kiosk-take = Pendhet nomer antrean
kiosk-done = Rampung
queue-priority = Prioritas
queue-priority-lansia = Lanjut usia (60 taun langkung)
queue-priority-hamil = Ibu ingkang saweg ngandheg
queue-priority-disabilitas = Penyandang disabilitas
ticket-title = Nomer antrean { $number }
ticket-heading = Nomer antrean panjenengan
ticket-status-waiting = Ngentosi dipuntimbali
ticket-status-called = Mangga tumuju dhateng loket
ticket-status-done = Sampun dipunlayani
ticket-status-missed = Kliwat; mangga hubungi petugas
ticket-ahead = { $n ->
    [0] Panjenengan antrean salajengipun.
    [one] 1 tiyang wonten ing ngajeng panjenengan.
   *[other] { $n } tiyang wonten ing ngajeng panjenengan.
}
ticket-wait = { $n ->
    [0] Kinten-kinten wekdal ngentosi: sekedhap malih.
   *[other] Kinten-kinten wekdal ngentosi: watawis { $n } menit.
}
ticket-go-to = Mangga dhateng { $counter }.
ticket-follow = Pantau saking ponsel
ticket-qr-label = Kode QR kangge mantau nomer antrean menika saking ponsel
ticket-link = Bikak kaca nomer antrean menika
display-title = Layar antrean — { $place }
display-now = Saweg dipuntimbali
display-none = Dereng wonten nomer ingkang dipuntimbali.
display-waiting = Ngentosi
display-recent = Timbalan pungkasan
display-hint = Mangga nggatosaken nomer panjenengan. Layar menika dipunenggalaken otomatis.
display-say-ticket = Nomer antrean
display-say-counter = mangga dhateng

# Loket petugas.
counter-nav = Antrean
counter-title = Loket antrean
counter-no-places = Panjenengan dereng dipuntugasaken wonten ing lokasi pundi kemawon ingkang ngginakaken antrean.
counter-current = Saweg dipunlayani
counter-idle = Dereng wonten nomer ingkang dipuntimbali wonten ing loket menika.
counter-next = Timbali salajengipun
counter-recall = Timbali malih
counter-done = Rampung dipunlayani
counter-missed = Mboten rawuh
counter-calls = { $n ->
    [one] Dipuntimbali 1 kaping
   *[other] Dipuntimbali { $n } kaping
}
counter-booked = Janji temu
counter-waiting = { $n ->
    [0] Mboten wonten ingkang ngentosi
    [one] 1 tiyang ngentosi
   *[other] { $n } tiyang ngentosi
}
counter-waiting-caption = Nomer antrean ingkang ngentosi, miturut urutan timbalan
counter-none-waiting = Antrean kosong.
counter-number = Nomer
counter-waited = Ngentosi
counter-minutes = { $n } menit
counter-display = Layar antrean
counter-kiosk = Kios antrean
counter-change = Gantos loket

# Statistik.
queue-stats-title = Statistik antrean
queue-stats-from = Saking tanggal
queue-stats-to = Ngantos tanggal
queue-stats-show = Tedahaken
queue-stats-by-service = Saben layanan
queue-stats-by-hour = Saben jam rawuh
queue-stats-by-weekday = Saben dinten
queue-stats-tickets = Nomer
queue-stats-served = Dipunlayani
queue-stats-missed = Kliwat
queue-stats-booked = Mawi janji
queue-stats-wait = Rata-rata ngentosi (menit)
queue-stats-service = Rata-rata layanan (menit)
queue-stats-total = Cacah
queue-stats-no-shows = { $n ->
    [0] Mboten wonten janji temu ingkang mboten rawuh.
   *[other] Janji temu mboten rawuh: { $n }.
}
queue-stats-none = Dereng wonten lokasi ingkang saged panjenengan pirsani.
queue-stats-note = Wekdal ngentosi dipunetang wiwit mendhet nomer ngantos dipuntimbali; wekdal layanan wiwit dipuntimbali ngantos rampung.
weekday-1 = Senin
weekday-2 = Selasa
weekday-3 = Rebo
weekday-4 = Kemis
weekday-5 = Jumat
weekday-6 = Setu
weekday-7 = Minggu

# Pangelolaan lokasi.
locations-title = Lokasi layanan
locations-intro = Gedung MPP, kantor, Puskesmas lan fasilitas kesehatan: jam bikak, layanan mawi kuota saben jadwal, lan loket. Jadwal dipunbikak otomatis kangge dinten-dinten ngajeng.
locations-none = Dereng wonten lokasi.
locations-services = Layanan
locations-counters = Loket
locations-links = Tautan
locations-kiosk-note = Alamat kios ngemot kunci rahasia: bikak namung wonten ing piranti kios ing lokasi.
locations-closed-on = Tutup { $date }: { $reason }
locations-close-title = Tutup ing dinten tartamtu
locations-close-reason = Alesan
locations-close = Tutup dinten menika
locations-import-title = Impor lokasi
locations-document = Dokumen lokasi (JSON, format satupintu.locations/v1)
locations-document-hint = Pirsani docs/staff.md kangge tuladhanipun. Impor lumampah sedayanipun utawi mboten babar pisan.
locations-import = Impor
locations-imported = { $locations } lokasi dipunsimpen; { $slots } jadwal enggal dipunbikak.
location-kind-mpp = Mal Pelayanan Publik
location-kind-kantor = Kantor
location-kind-puskesmas = Puskesmas
location-kind-faskes = Fasilitas kesehatan
loc-bad-json = Dokumen sanes JSON ingkang sah utawi mboten jumbuh kaliyan format lokasi.
loc-format = Format kedah "satupintu.locations/v1".
loc-duplicate = Kode lokasi menika medal kaping kalih.
loc-slug = Kode lokasi namung aksara alit, angka lan tandha hubung.
loc-kind = Jinis lokasi kedah mpp, kantor, puskesmas utawi faskes.
loc-text = Isian menika wajib lan mboten pareng panjang sanget.
loc-slot-minutes = Dangunipun jadwal kedah 10 ngantos 240 menit.
loc-horizon = Jadwal dipunbikak 1 ngantos 90 dinten ngajeng.
loc-url = Alamat video kedah https.
loc-day = Dinten kedah mon, tue, wed, thu, fri, sat utawi sun.
loc-hours = Jam bikak mboten sah (JJ:MM, bikak saderengipun tutup, ngaso ing salebeting jam bikak).
loc-no-services = Lokasi perlu paling sekedhik setunggal layanan.
loc-unknown-service = Layanan menika mboten wonten ing katalog.
loc-other-agency = Layanan menika kagunganipun instansi sanes.
loc-capacity = Kuota saben jadwal kedah 0 ngantos 500.
loc-prefix = Aksara antrean: 1–2 aksara kapital, benten kangge saben layanan.
loc-counter-name = Nami loket wajib, mboten pareng sami, lan paling panjang 60 karakter.
loc-counter-services = Loket kedah ngladosi layanan ingkang wonten ing lokasi menika.
appt-book-visit = Damel janji temu kangge rawuh dhateng loket
appt-book-for-application = Damel janji temu kangge permohonan menika
ticket-refresh = Enggalaken
counter-changed = Antrean ewah.
counter-refresh = Enggalaken daftar
cli-locations-invalid = Lokasi mboten dipunimpor amargi wonten masalah ing ngandhap menika (mboten wonten ingkang dipunewahi):
appt-teleconsultation = Telekonsultasi kaliyan dhokter

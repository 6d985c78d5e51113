# Sundanese translation of appointments.ftl; untranslated messages fall back to Indonesian.
# Jangji patepang (booking) sareng antrian.
nav-appointments = Jangji patepang
appt-new-title = Damel jangji patepang
appt-new-intro = Pilih layanan, tempat, dinten sareng jam sumping. Mangga sumping saluyu sareng jadwal teras tingalikeun kode jangji patepang di kios antrian.
appt-choose-service = Layanan naon anu diperyogikeun ku Sadérék?
appt-no-services = Teu acan aya layanan anu tiasa dipesen jadwalna.
appt-no-locations = Layanan ieu teu acan tiasa dipesen jadwalna di tempat mana waé.
appt-next = Teraskeun
appt-service = Layanan
appt-change = Robih
appt-location = Tempat
appt-address = Alamat
appt-date = Tanggal
appt-show-slots = Tampilkeun jadwal
appt-open-days = Dinten buka pangcaketna
appt-slots-on = Jadwal anu sayogi: { $date }
appt-no-slots = Teu aya jadwal kosong dina dinten ieu. Pilih dinten sanés.
appt-choose-slot = Pilih jam sumping
appt-free = { $n ->
    [one] Kantun 1 tempat
   *[other] Kantun { $n } tempat
}
appt-application = Nomer pangajuan (upami aya)
appt-application-hint = Eusian upami kadatangan ieu kanggo pangajuan daring Sadérék, contona SP-2026-000123.
appt-book = Pesen jadwal
appt-mine-title = Jangji patepang abdi
appt-mine-intro = Jadwal kadatangan Sadérék ka loket layanan sareng telekonsultasi.
appt-mine-none = Sadérék teu acan gaduh jangji patepang.
appt-booking-title = Jangji patepang { $code }
appt-booking-caption = Jangji patepang
appt-code = Kode jangji patepang
appt-when = Waktos
appt-ticket = Nomer antrian
appt-ticket-follow = Pantau antrian
appt-open-consultation = Buka rohangan konsultasi
appt-checkin-title = Nalika dugi ka lokasi
appt-checkin-help = Pindai kode QR ieu di kios antrian atanapi ketik kode jangji patepang. Kios nampi kadatangan ti mimiti 1 jam sateuacan jadwal dugi ka 30 menit saparantosna.
appt-qr-label = Kode QR jangji patepang { $code }
appt-calendar = Simpen kana kalénder (.ics)
appt-move-title = Robih jadwal
appt-move-left = { $n ->
    [one] Jadwal masih tiasa dirobih 1 kali deui.
   *[other] Jadwal masih tiasa dirobih { $n } kali deui.
}
appt-move-none = Jadwal ieu parantos teu tiasa dirobih deui; Sadérék masih tiasa ngabatalkeunana.
appt-frozen = Jadwal ieu parantos dikonci: parobihan sareng pembatalan ditutup sajam sateuacan waktosna. Upami Sadérék henteu sumping, janji temu ieu kacatet henteu hadir.
appt-move = Pindahkeun ka jam ieu
appt-cancel = Batalkeun jangji patepang
appt-status-booked = Parantos dijadwalkeun
appt-status-checked-in = Parantos sumping
appt-status-served = Parantos dilayanan
appt-status-cancelled = Dibatalkeun
appt-status-no-show = Teu sumping
appt-ics-summary = Jangji patepang
appt-ics-description = Kode jangji patepang: { $code }. Tingalikeun kode ieu di kios antrian.
field-slot-choose = Pilih salah sahiji jam.
field-slot-unknown = Jadwal éta teu aya.
field-slot-other = Pilih jam sanés kanggo layanan anu sami.
field-booking-application = Nomer pangajuan éta sanés pangajuan Sadérék kanggo layanan ieu.
field-booking-unknown = Kode jangji patepang teu dipikawanoh. Parios deui kodena.
field-booking-elsewhere = Jangji patepang ieu kanggo tempat sanés.
field-checkin-time = Kadatangan kanggo jangji patepang ieu teu acan dibuka, parantos kaliwat, atanapi parantos kacatet. Mangga candak nomer antrian biasa.
field-date-range = Rentang tanggal teu sah (pangpanjangna sataun, sareng tanggal awal sateuacan tanggal ahir).
error-slot-full = Jadwal éta nembé pinuh. Pilih jam sanés.
error-slot-gone = Jadwal éta parantos kaliwat atanapi ditutup. Pilih jam sanés.
error-booking-active = Sadérék parantos gaduh jangji patepang anu aktip kanggo layanan ieu. Robih atanapi batalkeun heula anu éta.
error-booking-paused = Sadérék teu sumping tilu kali dina 90 dinten pamungkas, janten pamesenan daring ditunda 30 dinten. Sadérék tetep tiasa nyandak nomer antrian di lokasi.
error-booking-closed = Jangji patepang ieu parantos teu tiasa dirobih.
error-booking-frozen = Jadwal teu tiasa dirobih kirang ti 1 jam sateuacan waktosna.
error-reschedule-limit = Jadwal ieu parantos dirobih dua kali; batalkeun teras pesen énggal upami peryogi.
error-location-closed = Lokasi ieu nuju tutup (di luar jam buka atanapi dinten libur).
error-queue-empty = Teu aya antrian anu ngantosan kanggo loket ieu.
error-counter-idle = Loket ieu teu acan nyauran nomer.
notify-booking-subject = Jangji patepang { $code } parantos dijadwalkeun
notify-booking-body = Jangji patepang { $code }: { $when } di { $place }. Tingalikeun kodena di kios antrian nalika sumping.
notify-booking-moved-subject = Jadwal jangji patepang { $code } dirobih
notify-booking-moved-body = Jadwal énggal jangji patepang { $code }: { $when } di { $place }.
notify-booking-reminder-subject = Pangéling: jangji patepang { $code } énjing
notify-booking-reminder-body = Ulah hilap, jangji patepang { $code }: { $when } di { $place }. Upami aya halangan, batalkeun supados jadwalna tiasa dianggo ku jalmi sanés.
notify-booking-no-show-subject = Jangji patepang { $code } kaliwat
notify-booking-no-show-body = Sadérék teu sumping dina jangji patepang { $code }. Saparantos tilu kali teu sumping dina 90 dinten, pamesenan daring ditunda 30 dinten.

# Kios, tikét sareng layar antrian.
kiosk-title = Kios antrian — { $place }
kiosk-heading = Wilujeng sumping
kiosk-booked = Parantos gaduh jangji patepang?
kiosk-code = Kode jangji patepang
kiosk-code-hint = Pindai kode QR atanapi ketik kodena, contona JT-2026-000001.
kiosk-check-in = Catet kadatangan
kiosk-walk-in = Teu acan gaduh jangji patepang? Candak nomer antrian
kiosk-service = Layanan
kiosk-priority = Layanan prioritas
kiosk-priority-none = Teu peryogi
kiosk-take = Candak nomer antrian
kiosk-done = Réngsé
queue-priority = Prioritas
queue-priority-lansia = Lanjut yuswa (60 taun ka luhur)
queue-priority-hamil = Ibu nuju kakandungan
queue-priority-disabilitas = Penyandang disabilitas
ticket-title = Nomer antrian { $number }
ticket-heading = Nomer antrian Sadérék
ticket-status-waiting = Ngantosan disauran
ticket-status-called = Mangga ka loket
ticket-status-done = Parantos dilayanan
ticket-status-missed = Kaliwat; mangga hubungi patugas
ticket-ahead = { $n ->
    [0] Sadérék antrian salajengna.
    [one] 1 jalmi di payuneun Sadérék.
   *[other] { $n } jalmi di payuneun Sadérék.
}
ticket-wait = { $n ->
    [0] Kira-kira waktos ngantosan: sakedap deui.
   *[other] Kira-kira waktos ngantosan: sakitar { $n } menit.
}
ticket-go-to = Mangga ka { $counter }.
ticket-follow = Pantau tina ponsel
ticket-qr-label = Kode QR pikeun mantau nomer antrian ieu tina ponsel
ticket-link = Buka kaca nomer antrian ieu
display-title = Layar antrian — { $place }
display-now = Nuju disauran
display-none = Teu acan aya nomer anu disauran.
display-waiting = Ngantosan
display-recent = Sauran pamungkas
display-hint = Perhatoskeun nomer Sadérék. Layar ieu dianyarkeun otomatis.
display-say-ticket = Nomer antrian
display-say-counter = mangga ka

# Loket patugas.
counter-nav = Antrian
counter-title = Loket antrian
counter-no-places = Sadérék teu acan ditugaskeun di lokasi mana waé anu nganggo antrian.
counter-current = Nuju dilayanan
counter-idle = Teu acan aya nomer anu disauran di loket ieu.
counter-next = Sauran salajengna
counter-recall = Sauran deui
counter-done = Réngsé dilayanan
counter-missed = Teu sumping
counter-calls = { $n ->
    [one] Disauran 1 kali
   *[other] Disauran { $n } kali
}
counter-booked = Jangji patepang
counter-waiting = { $n ->
    [0] Teu aya anu ngantosan
    [one] 1 jalmi ngantosan
   *[other] { $n } jalmi ngantosan
}
counter-waiting-caption = Nomer antrian anu ngantosan, numutkeun urutan disauran
counter-none-waiting = Antrian kosong.
counter-number = Nomer
counter-waited = Ngantosan
counter-minutes = { $n } menit
counter-display = Layar antrian
counter-kiosk = Kios antrian
counter-change = Gentos loket

# Statistik.
queue-stats-title = Statistik antrian
queue-stats-from = Ti tanggal
queue-stats-to = Dugi ka tanggal
queue-stats-show = Tampilkeun
queue-stats-by-service = Per layanan
queue-stats-by-hour = Per jam sumping
queue-stats-by-weekday = Per dinten
queue-stats-tickets = Nomer
queue-stats-served = Dilayanan
queue-stats-missed = Kaliwat
queue-stats-booked = Nganggo jangji
queue-stats-wait = Rata-rata ngantosan (menit)
queue-stats-service = Rata-rata layanan (menit)
queue-stats-total = Jumlah
queue-stats-no-shows = { $n ->
    [0] Teu aya jangji patepang anu teu sumping.
   *[other] Jangji patepang anu teu sumping: { $n }.
}
queue-stats-none = Teu acan aya lokasi anu tiasa ditingali ku Sadérék.
queue-stats-note = Waktos ngantosan diitung ti nyandak nomer dugi ka disauran; waktos layanan ti disauran dugi ka réngsé.
weekday-1 = Senén
weekday-2 = Salasa
weekday-3 = Rebo
weekday-4 = Kemis
weekday-5 = Jumaah
weekday-6 = Saptu
weekday-7 = Minggu

# Ngatur lokasi.
locations-title = Lokasi layanan
locations-intro = Gedong MPP, kantor, Puskesmas sareng fasilitas kaséhatan: jam buka, layanan kalayan kuota per jadwal, sareng loket. Jadwal dibuka otomatis kanggo dinten-dinten ka payun.
locations-none = Teu acan aya lokasi.
locations-services = Layanan
locations-counters = Loket
locations-links = Tautan
locations-kiosk-note = Alamat kios ngandung konci rusiah: buka ngan ukur dina perangkat kios di lokasi.
locations-closed-on = Tutup { $date }: { $reason }
locations-close-title = Tutup dina dinten tangtu
locations-close-reason = Alesan
locations-close = Tutup dinten éta
locations-import-title = Impor lokasi
locations-document = Dokumén lokasi (JSON, format satupintu.locations/v1)
locations-document-hint = Tingali docs/staff.md kanggo contona. Impor lumaku sadayana atanapi henteu pisan.
locations-import = Impor
locations-imported = { $locations } lokasi disimpen; { $slots } jadwal énggal dibuka.
location-kind-mpp = Mal Pelayanan Publik
location-kind-kantor = Kantor
location-kind-puskesmas = Puskesmas
location-kind-faskes = Fasilitas kaséhatan
loc-bad-json = Dokumén sanés JSON anu sah atanapi teu saluyu sareng format lokasi.
loc-format = Format kedah "satupintu.locations/v1".
loc-duplicate = Kode lokasi ieu muncul dua kali.
loc-slug = Kode lokasi ngan ukur hurup alit, angka sareng tanda hubung.
loc-kind = Jinis lokasi kedah mpp, kantor, puskesmas atanapi faskes.
loc-text = Eusian ieu wajib sareng teu kénging panjang teuing.
loc-slot-minutes = Panjang jadwal kedah 10 dugi ka 240 menit.
loc-horizon = Jadwal dibuka 1 dugi ka 90 dinten ka payun.
loc-url = Alamat vidéo kedah https.
loc-day = Dinten kedah mon, tue, wed, thu, fri, sat atanapi sun.
loc-hours = Jam buka teu sah (JJ:MM, buka sateuacan tutup, reureuh di jero jam buka).
loc-no-services = Lokasi peryogi sahenteuna hiji layanan.
loc-unknown-service = Layanan ieu teu aya dina katalog.
loc-other-agency = Layanan ieu kagungan instansi sanés.
loc-capacity = Kuota per jadwal kedah 0 dugi ka 500.
loc-prefix = Hurup antrian: 1–2 hurup kapital, bénten kanggo unggal layanan.
loc-counter-name = Nami loket wajib, unik sareng pangpanjangna 60 karakter.
loc-counter-services = Loket kedah ngalayanan layanan anu aya di lokasi ieu.
appt-book-visit = Damel jangji patepang pikeun sumping ka loket
appt-book-for-application = Damel jangji patepang kanggo pangajuan ieu
ticket-refresh = Anyarkeun
counter-changed = Antrian parantos robih.
counter-refresh = Anyarkeun daptar
cli-locations-invalid = Lokasi henteu diimpor kusabab aya masalah ieu (teu aya anu dirobih):
appt-teleconsultation = Telekonsultasi sareng dokter

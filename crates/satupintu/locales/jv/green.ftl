# Javanese translation of green.ftl; untranslated messages fall back to Indonesian.
# Skipped (staff only under /kelola/hijau, fall back to Indonesian): paperless estimates (green-estimates-*, green-pages-each, green-trips-each, green-custom, green-default-pages), pickup windows and weekly plans (green-windows-title, green-windows-added, green-plan-*, green-window-title, green-first-date, green-date, green-start, green-end, green-capacity, green-weekdays, green-weeks, green-window-submit, green-windows-coming, green-windows-none, green-booked, green-weekday-*, green-kinds-hint), the day's pickup list (green-day-*, green-all-zones, green-outcome, green-reason-missed, green-mark, green-move-to, green-move) and their field errors (field-green-pages, -trips, -date, -time, -end, -capacity, -weekdays, -weeks, -outcome, -reason).
## Layanan ijo (isu 13): angka hemat kertas lan angkut sampah

green-title = Layanan Ijo
green-intro = Saben permohonan ingkang dipunajukaken daring ngirit kertas lan lampah dhateng kantor. Angka ing ngandhap menika dipunetang saking permohonan, dokumen digital, lan pengaduan ingkang saestu mlebet, mawi kira-kira saben layanan.
green-month = Wulan
green-all-months = Sedaya wulan
green-show = Tedahaken
green-total = Cacah
green-pages = Lembar kertas ingkang kairit
green-trips = Lampah ingkang kairit
green-paper-kg = Kertas (kg)
green-co2-kg = CO2e (kg)
green-online = Permohonan daring
green-counter = Dipunajukaken ing loket
green-documents = Dokumen digital
green-reports = Pengaduan daring
green-counter-note = Permohonan ingkang dipunajukaken petugas ing loket (layanan kanthi pambiyantu) mboten dipunetang minangka lampah utawi kertas ingkang kairit: warga tetep rawuh dhateng kantor.
green-table-agencies = Saben instansi
green-table-services = Saben layanan
green-table-months = Saben wulan
green-agency = Instansi
green-service = Layanan
green-estimate = Kira-kira saben permohonan
green-estimate-value = { $pages } lembar, { $trips } lampah
green-chart-agencies = Kertas lan lampah ingkang kairit saben instansi
green-chart-agencies-desc = Diagram batang: lembar kertas lan lampah ingkang kairit saben instansi. Angkanipun wonten ing tabel saben instansi.
green-chart-months = Kertas lan lampah ingkang kairit saben wulan
green-chart-months-desc = Diagram garis: lembar kertas lan lampah ingkang kairit saben wulan. Angkanipun wonten ing tabel saben wulan.
green-how-title = Carane ngetang
green-how-pages = Lembar saben permohonan: saben persyaratan { $copies } lembar (salinan kangge pemohon lan arsip kantor) dipuntambah formulir, setunggal kaca saben { $fields } isian; instansi saged nyetel. Saben dokumen ingkang terbit digital ngirit setunggal lembar malih.
green-how-trips = Lampah saben permohonan: { $trips } (ngaturaken berkas lan mendhet asil), kejawi instansi nemtokaken sanes.
green-how-paper = Bobot kertas: { $grams } g saben lembar A4 80 g/m².
green-how-co2 = Emisi lampah: { $km } km oda-wangsul saben rawuh nitih sepeda motor, { $grams } g CO2e saben km (faktor konversi gas rumah kaca DESNZ/DEFRA 2023, sepeda motor rata-rata).
green-how-paper-co2 = Emisi kertas: { $grams } g CO2e saben kg kertas (DEFRA 2023, panganggen bahan kertas).
green-how-reports = Saben pengaduan daring dipunetang setunggal lampah lan setunggal lembar serat.
green-api-link = Data terbuka (JSON)

green-request-title = Angkut sampah
green-request-intro = Dinas Lingkungan Hidup ngangkut sampah ingkang mboten dipunangkut gerobak limrah: perabot ageng, sampah taman, barang daur ulang, limbah B3 griya (baterai, lampu), lan puing bangunan ingkang sekedhik. Pilih kecamatan panjenengan kangge mirsani jadwal truk ingkang taksih wonten papan.
green-zone = Kecamatan
green-zone-hint = Truk ngladosi saben kecamatan.
green-choose = Pilih
green-kind = Jinis sampah
green-kinds = Jinis sampah ingkang dipunangkut
green-kinds-all = Sedaya jinis
green-kind-bulky = Perabot lan barang ageng
green-kind-garden = Sampah taman (pang, ron)
green-kind-recyclable = Barang daur ulang
green-kind-hazardous = Limbah B3 griya (baterai, lampu)
green-kind-debris = Puing bangunan (sekedhik)
green-volume = Kira-kira volume
green-volume-small = Alit (ngantos 0,5 m³)
green-volume-medium = Sedheng (ngantos 1 m³)
green-volume-large = Ageng (ngantos 2 m³)
green-show-windows = Pirsani jadwal
green-windows-free = Jadwal ingkang taksih wonten papan
green-no-windows = Dereng wonten jadwal ingkang taksih wonten papan ing kecamatan menika. Cobi malih mangke.
green-window = Jadwal angkut
green-free = { $n ->
    [one] Kantun 1 papan
   *[other] Kantun { $n } papan
}
green-address = Alamat
green-address-hint = Nami margi lan nomer griya.
green-kelurahan = Kelurahan
green-rt = RT
green-rw = RW
green-request-submit = Ajukaken angkut sampah
green-mine = Panyuwunan angkut kula
green-mine-none = Panjenengan dereng nate nyuwun angkut sampah.
green-when = Jadwal
green-status = Status
green-status-scheduled = Sampun kajadwal
green-status-picked-up = Sampun dipunangkut
green-status-missed = Mboten kaangkut
green-status-cancelled = Dipunbatalaken
green-pickup-title = Angkut sampah { $code }
green-reason = Alesan
green-pickup-help = Selehaken sampah ing ngajeng griya saderengipun jadwal dipunwiwiti. Panjenengan badhe dipunkabari menawi jadwal ewah lan sasampunipun petugas dhateng.
green-cancel = Batalaken panyuwunan

field-green-zone = Pilih kecamatan.
field-green-kind = Pilih jinis sampah.
field-green-volume = Pilih kira-kira volume.
field-green-address = Isi alamat (5 ngantos 200 aksara).
field-green-kelurahan = Isi nami kelurahan.
field-green-rt = Isi nomer 1 ngantos 999.
field-green-window = Pilih jadwal angkut.
field-green-window-other = Jadwal menika sanes kangge kecamatan utawi jinis sampah menika. Pilih jadwal sanes.
field-green-month = Isi wulan kados 2026-11.
error-window-full = Jadwal menika nembe kemawon kebak. Pilih jadwal sanes.
error-pickup-limit = Panjenengan sampun gadhah 3 panyuwunan angkut ingkang taksih kajadwal.
error-pickup-closed = Panyuwunan menika mboten saged dipunewahi malih.
error-pickup-reschedules = Panyuwunan menika sampun kakerepen dipunpindhah.

notify-pickup-scheduled-subject = Angkut sampah { $code } sampun kajadwal
notify-pickup-scheduled-body = Truk Dinas Lingkungan Hidup dhateng { $when } ing Kecamatan { $place }. Selehaken sampah ing ngajeng griya saderengipun jadwal dipunwiwiti.
notify-pickup-moved-subject = Jadwal angkut sampah { $code } dipunewahi
notify-pickup-moved-body = Jadwal enggal angkut sampah { $code }: { $when } ing Kecamatan { $place }.
notify-pickup-done-subject = Sampah { $code } sampun dipunangkut
notify-pickup-done-body = Matur nuwun, sampah panjenengan ({ $code }) sampun dipunangkut petugas.
notify-pickup-missed-subject = Sampah { $code } mboten kaangkut
notify-pickup-missed-body = Petugas mboten saged ngangkut sampah { $code }: { $reason }. Mangga ajukaken panyuwunan enggal.

# Prakiraan permintaan layanan (staf).
forecast-title = Prakiraan permintaan layanan
forecast-intro = Perkiraan jumlah permohonan daring per layanan dan kunjungan antrean per lokasi untuk 8 minggu ke depan, dihitung ulang setiap hari dari riwayat mingguan, dengan pengaruh kalender (penerimaan sekolah, batas waktu pajak, Ramadan dan Idulfitri, hari libur nasional). Angka galat di samping prakiraan diukur pada minggu-minggu terakhir yang disisihkan.
forecast-empty = Belum ada prakiraan: riwayat mingguan belum cukup (paling sedikit 4 minggu), atau prakiraan belum dihitung.
forecast-online = Permohonan daring (seluruh instansi)
forecast-observed = Tercatat
forecast-forecast = Prakiraan
forecast-upper = Batas atas
forecast-lower = Batas bawah
forecast-chart-desc = Jumlah per minggu: 26 minggu terakhir yang tercatat, lalu prakiraan 8 minggu ke depan dengan batas bawah dan atasnya. Angka yang sama ada di tabel di bawah.
forecast-mape = Galat pada { $weeks } minggu yang disisihkan (MAPE)
forecast-naive = Galat pembanding naif musiman (minggu yang sama tahun lalu)
forecast-mase = Galat berskala (MASE; di bawah 1 lebih baik dari cara naif)
forecast-method = Metode
forecast-method-mstl-ets = MSTL (musim tahunan) dengan tren AutoETS
forecast-method-ets = AutoETS (riwayat kurang dari dua tahun)
forecast-method-mean = Rata-rata minggu terakhir (riwayat terlalu pendek)
forecast-history-weeks = { $count ->
    [one] riwayat 1 minggu
   *[other] riwayat { $count } minggu
}
forecast-computed = Dihitung
forecast-table = Jumlah per minggu: 8 minggu terakhir dan prakiraan (rentang { $level }%)
forecast-week = Minggu mulai
forecast-range = Rentang { $level }%
forecast-events = Pengaruh kalender
forecast-effects = Pengaruh kalender yang diterapkan
forecast-effects-intro = Faktor dihitung dari riwayat layanan ini: jumlah pada minggu yang terkena dibanding minggu biasa di sekitarnya. Faktor 1,30 berarti 30% lebih banyak; pengaruh yang terlihat pada kurang dari 2 minggu tidak diterapkan.
forecast-effect = Pengaruh
forecast-factor = Faktor
forecast-effect-weeks = Minggu dalam riwayat
forecast-applied = Diterapkan
forecast-yes = Ya
forecast-no = Tidak
forecast-event-ramadan = Ramadan
forecast-event-eid = Idulfitri
forecast-event-school = Penerimaan sekolah
forecast-event-tax = Batas waktu pajak
forecast-event-holiday = Hari libur nasional
forecast-all = Semua prakiraan
forecast-service = Layanan
forecast-place = Tempat
forecast-next = Minggu ini
forecast-error-short = Galat (MAPE)
forecast-naive-short = Naif musiman
forecast-none = belum ada
forecast-how = Cara prakiraan dihitung
forecast-how-text = Setiap minggu dalam riwayat ditandai pengaruh kalendernya. Faktor tiap pengaruh diperkirakan dari riwayat, lalu riwayat dibagi faktor itu dan diprakirakan dengan pustaka augurs (dekomposisi MSTL dengan musim tahunan 52 minggu dan tren AutoETS; AutoETS saja bila riwayat kurang dari dua tahun). Hasilnya dikalikan kembali dengan faktor minggu-minggu ke depan. Untuk mengukur galat, cara yang sama dijalankan tanpa 8 minggu terakhir dan hasilnya dibandingkan dengan yang benar-benar terjadi.

# Javanese translation of calendar.ftl; untranslated messages fall back to Indonesian.
holidays-title = Dinten libur lan cuti bersama { $year }
holidays-intro = Watesan wekdal layanan dipunetang mawi dinten kerja: Senin ngantos Jumat, dipunsuda dinten libur nasional lan cuti bersama ing ngandhap menika. Jumbuhaken saben taun kaliyan Surat Keputusan Bersama Menteri.
holidays-years = Taun sanes
holidays-none = Dereng wonten dinten libur kangge taun menika.
holidays-date = Tanggal
holidays-name = Katrangan
holidays-kind = Jinis
holidays-remove = Busak
holidays-add = Tambah utawi ewahi dinten libur
holidays-save = Simpen
holiday-kind-libur-nasional = Libur nasional
holiday-kind-cuti-bersama = Cuti bersama
nav-holidays = Dinten libur

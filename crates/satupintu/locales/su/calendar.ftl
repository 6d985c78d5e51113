# Sundanese translation of calendar.ftl; untranslated messages fall back to Indonesian.
holidays-title = Dinten libur sareng cuti bersama { $year }
holidays-intro = Wates waktos layanan diitung dina dinten damel: Senén dugi ka Jumaah, dikirangan dinten libur nasional sareng cuti bersama di handap ieu. Saluyukeun unggal taun sareng Surat Keputusan Bersama Menteri.
holidays-years = Taun sanés
holidays-none = Teu acan aya dinten libur kanggo taun ieu.
holidays-date = Tanggal
holidays-name = Katerangan
holidays-kind = Jinis
holidays-remove = Hapus
holidays-add = Tambihan atanapi robih dinten libur
holidays-save = Simpen
holiday-kind-libur-nasional = Libur nasional
holiday-kind-cuti-bersama = Cuti bersama
nav-holidays = Dinten libur

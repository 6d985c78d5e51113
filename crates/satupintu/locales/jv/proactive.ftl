# Javanese translation of proactive.ftl; untranslated messages fall back to Indonesian.
## Pemberitahuan proaktif (isu 10)

pro-title = Pemberitahuan proaktif
pro-flash-saved = Ewahan sampun dipunsimpen.
pro-flash-added = Data sampun dipuntambahaken.
pro-flash-deleted = Data sampun dipunbusak.
pro-account-links = Layanan proaktif

pro-consent-title = Pemberitahuan proaktif
pro-consent-intro = SatuPintu saged ngengetaken panjenengan saderengipun panjenengan perlu nyuwun pirsa: dokumen ingkang meh telas masa lakunipun, lare ingkang badhe yuswa 17 taun lan perlu KTP-el, saha layanan ingkang bokmenawi saged panjenengan ginakaken. Pemberitahuan namung dipunkintun menawi panjenengan nyarujuki.
pro-consent-legend = Kula sarujuk nampi pemberitahuan babagan
pro-consent-default = Sedaya pilihan mati ngantos panjenengan centhang. Busak centhang kapan kemawon kangge mandheg; lumampah ing wekdal menika ugi.
pro-consent-expiry = Dokumen ingkang meh telas masa lakunipun
pro-consent-expiry-hint = SIM, paspor, STNK, idin, lan dokumen terbitan SatuPintu: 60, 30, lan 7 dinten saderengipun telas, saben-saben sepisan.
pro-consent-ktp17 = Anggota kulawarga ingkang badhe yuswa 17 taun (KTP-el)
pro-consent-ktp17-hint = Sepisan saben lare, 30 dinten saderengipun ambal warsa kaping 17, mawi tautan dhateng layanan KTP-el enggal.
pro-consent-services = Layanan ingkang bokmenawi saged kula ginakaken
pro-consent-services-hint = Paling kathah sepisan setaun saben layanan, adhedhasar yuswa panjenengan, kulawarga, lan permohonan saderengipun.
pro-channels-title = Lumantar saluran menapa?
pro-channels-text = Pemberitahuan dipunkintun lumantar saluran ingkang panjenengan pilih wonten ing setelan notifikasi (e-mail, SMS/WhatsApp, notifikasi piranti). Mboten wonten saluran sanes.
pro-channels-now = Saluran panjenengan sakmenika:
pro-channels-none = Sakmenika mboten wonten saluran ingkang aktif, dados pemberitahuan mboten badhe dumugi dhateng panjenengan. Aktifaken paling mboten setunggal saluran.
pro-channels-link = Atur saluran notifikasi
pro-stop-text = Kangge mandheg, busak centhang ing nginggil lajeng simpen. Pemberitahuan ingkang dereng kakintun dipunbatalaken ing wekdal menika ugi. Saben e-mail ugi ngemot tautan dhateng kaca menika.
pro-more-title = Data ingkang dipunginakaken
pro-history-title = Riwayat persetujuan
pro-history-none = Dereng wonten ewahan persetujuan.
pro-history-when = Wekdal
pro-history-what = Ewahan
pro-history-given = Dipunsarujuki: { $kind }
pro-history-withdrawn = Dipuncabut: { $kind }

pro-docs-title = Dokumen kula
pro-docs-intro = Cathet dokumen panjenengan lan tanggal telas lakunipun supados kami saged ngengetaken panjenengan pas wekdalipun. Nomer dokumen mboten wajib; namung sekawan karakter pungkasan ingkang dipunsimpen.
pro-docs-not-watched = Panjenengan dereng nyarujuki pangeling-eling dokumen, dados dokumen menika dereng dipunpantau.
pro-docs-none = Dereng wonten dokumen ingkang dipuncathet.
pro-doc-sim-a = SIM A
pro-doc-sim-b = SIM B
pro-doc-sim-c = SIM C
pro-doc-paspor = Paspor
pro-doc-stnk = STNK (pengesahan taunan)
pro-doc-izin-usaha = Izin usaha
pro-doc-izin-reklame = Izin reklame
pro-doc-izin-praktik = Surat izin praktik (SIP)
pro-doc-lainnya = Dokumen sanes
pro-doc-number = Nomer
pro-doc-expires = Lumampah ngantos
pro-doc-status = Status
pro-doc-renew = Panjangaken
pro-doc-edit = Ewahi
pro-doc-valid = Taksih lumampah
pro-doc-expired = Masa lakunipun sampun telas
pro-doc-days-left = { $days ->
    [0] Telas dinten menika
   *[other] { $days } dinten malih
}
pro-doc-add-title = Tambah dokumen
pro-doc-add = Tambah dokumen
pro-doc-kind = Jinis dokumen
pro-doc-kind-choose = Pilih jinis dokumen
pro-doc-label = Nami dokumen (mboten wajib)
pro-doc-label-hint = Tuladhanipun: SIM C sepeda motor, paspor lare.
pro-doc-number-label = Nomer dokumen (mboten wajib)
pro-doc-number-hint = Namung sekawan karakter pungkasan ingkang dipunsimpen, kangge mbentenaken dokumen.
pro-doc-expires-hint = Tanggal telas lakunipun, tuladhanipun 2027-05-31.
pro-doc-edit-title = Ewahi dokumen
pro-doc-number-kept = Nomer ingkang kasimpen: ••••{ $tail }. Kosongaken kolom nomer kangge njagi nomer menika.
pro-doc-delete = Busak dokumen menika

pro-family-title = Kulawarga kula
pro-family-intro = Anggota kulawarga dipunginakaken kangge ngengetaken KTP-el nalika lare yuswa 17 taun lan kangge maringi pamrayogi layanan (akta kelahiran, KIA, pendaftaran sekolah). Isi NIK (tanggal lair dipunwaos saking NIK) utawi tanggal lair. NIK namung dipunsimpen kanthi kasamaraken.
pro-family-none = Dereng wonten anggota kulawarga ingkang dipuncathet.
pro-member-on-kk = Setunggal Kartu Keluarga kaliyan panjenengan
pro-member-age = { $years } taun
pro-member-born = Tanggal lair
pro-member-ktp-soon = Sampun wancinipun damel KTP-el.
pro-member-ktp-link = Ajukaken KTP-el enggal
pro-member-delete = Busak
pro-member-add-title = Tambah anggota kulawarga
pro-member-name = Nami
pro-member-nik = NIK anggota kulawarga (mboten wajib)
pro-member-nik-hint = 16 angka. Tanggal lair dipunpendhet saking NIK (kangge tiyang estri, tanggal dipuntambah 40).
pro-member-birth = Tanggal lair (menawi NIK mboten dipunisi)
pro-member-birth-hint = Tuladhanipun 2009-12-15.
pro-member-add = Tambah anggota kulawarga

pro-suggestions-title = Layanan kangge panjenengan
pro-suggestions-intro = Layanan ingkang bokmenawi saged panjenengan ginakaken, miturut data akun panjenengan. Menika namung pamrayogi; syarat jangkepipun wonten ing kaca saben layanan.
pro-suggestions-none = Sakmenika mboten wonten pamrayogi layanan kangge panjenengan.
pro-why = Kenging menapa kula mirsani menika?
pro-suggestions-notified = Panjenengan ugi nampi pemberitahuan babagan pamrayogi enggal.
pro-suggestions-not-notified = Pamrayogi menika namung katedahaken wonten mriki; panjenengan mboten nampi pemberitahuan babagan menika.

pro-rule-ktp17 = Anggota kulawarga panjenengan badhe utawi nembe kemawon yuswa 17 taun lan perlu KTP-el.
pro-rule-ktp17-why = Wonten anggota kulawarga panjenengan ingkang ambal warsa kaping 17 ing 30 dinten menika utawi nembe kemawon yuswa 17 taun. Penduduk wajib gadhah KTP-el wiwit yuswa 17 taun.
pro-rule-newborn = Bayi wonten ing kulawarga panjenengan mbetahaken akta kelahiran.
pro-rule-newborn-why = Wonten anggota kulawarga ingkang yuswanipun kirang saking 1 taun. Kelahiran dipunlaporaken paling dangu 60 dinten sasampunipun lair kangge pikantuk akta kelahiran.
pro-rule-kia = Lare ing ngandhap 17 taun saged gadhah Kartu Identitas Anak.
pro-rule-kia-why = Wonten anggota kulawarga ingkang yuswanipun ing ngandhap 17 taun. KIA inggih menika kartu identitas resmi lare ngantos piyambakipun pikantuk KTP-el.
pro-rule-school = Lare umur sekolah saged ndaftar dhateng sekolah negeri.
pro-rule-school-why = Wonten anggota kulawarga ingkang yuswa 5 ngantos 15 taun. Pendaftaran sekolah negeri (SPMB) dipunbikak saben taun kangge SD, SMP, lan SMA.
pro-rule-sim = Panjenengan dereng nyathet SIM.
pro-rule-sim-why = Panjenengan yuswa 17 taun utawi langkung lan dereng nyathet SIM wonten ing Dokumen kula. Nyopir wajib gadhah SIM.
pro-rule-jobseeker = Kartu Kuning mbiyantu nglamar padamelan.
pro-rule-jobseeker-why = Panjenengan yuswa 18 ngantos 25 taun. Kartu Pencari Kerja (AK/1) asring dipunsuwun nalika nglamar padamelan.
pro-rule-elderly = Warga lanjut usia saged dipunusulaken nampi bantuan sosial.
pro-rule-elderly-why = Panjenengan yuswa 60 taun utawi langkung. Warga lanjut usia kalebet kelompok ingkang saged dipunusulaken dhateng data penerima bantuan sosial (DTSEN).
pro-rule-business-npwp = Usaha panjenengan mbetahaken NPWP.
pro-rule-business-npwp-why = Panjenengan nate ngajukaken NIB. Pelaku usaha umumipun ugi mbetahaken NPWP.
pro-rule-business-ads = Papan nami usaha saged mbetahaken izin reklame.
pro-rule-business-ads-why = Panjenengan nate ngajukaken NIB. Papan nami utawi spanduk usaha saged mbetahaken izin reklame.
pro-rule-business-building = Bangunan usaha mbetahaken Persetujuan Bangunan Gedung.
pro-rule-business-building-why = Panjenengan nate ngajukaken NIB. Mbangun utawi ngewahi bangunan papan usaha mbetahaken PBG.

field-pro-doc-kind = Pilih jinis dokumen saking daftar
field-pro-doc-label = Nami dokumen paling kathah 80 karakter
field-pro-doc-number = Nomer dokumen paling kathah 30 aksara lan angka
field-pro-doc-date = Isi tanggal telas lakunipun mawi format TTTT-BB-HH, tuladhanipun 2027-05-31
field-pro-doc-date-range = Tanggal telas lakunipun kedah antawis setaun kepengker lan 20 taun ngajeng
field-pro-member-name = Isi nami antawis 2 lan 100 karakter
field-pro-member-birth = Isi tanggal lair ingkang leres (TTTT-BB-HH), sanes ing wekdal ingkang dereng kelampahan
field-pro-member-nik-or-birth = Isi NIK utawi tanggal lair anggota kulawarga
field-pro-consent-kind = Pilih jinis pemberitahuan saking daftar

notify-pro-expiry-subject = Masa laku { $label } badhe telas
notify-pro-expiry-body = { $label } panjenengan lumampah ngantos { $date }. Ajukaken perpanjangan saderengipun tanggal menika.
notify-pro-ktp17-subject = { $name } perlu KTP-el
notify-pro-ktp17-body = { $name } yuswa 17 taun ing { $date } lan wajib gadhah KTP-el. Ajukaken perekaman KTP-el enggal lumantar tautan ing ngandhap menika.
notify-pro-service-subject = Layanan kangge panjenengan wonten ing SatuPintu
notify-pro-service-body = { $label } Pirsani alesanipun wonten ing kaca Layanan kangge panjenengan.

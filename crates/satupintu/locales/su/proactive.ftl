# Sundanese translation of proactive.ftl; untranslated messages fall back to Indonesian.
## Béwara proaktif

pro-title = Béwara proaktif
pro-flash-saved = Parobihan parantos disimpen.
pro-flash-added = Data parantos ditambihkeun.
pro-flash-deleted = Data parantos dihapus.
pro-account-links = Layanan proaktif

pro-consent-title = Béwara proaktif
pro-consent-intro = SatuPintu tiasa ngémutan Sadérék sateuacan Sadérék kedah naroskeun: dokumén anu badé séép mangsa lumakuna, murangkalih anu badé yuswa 17 taun sareng peryogi KTP-el, ogé layanan anu panginten tiasa dianggo ku Sadérék. Béwara ngan ukur dikintun upami Sadérék satuju.
pro-consent-legend = Abdi satuju nampi béwara ngeunaan
pro-consent-default = Sadaya pilihan pareum dugi ka Sadérék nyéntangna. Hapus céntang iraha waé pikeun eureun; lumaku harita kénéh.
pro-consent-expiry = Dokumén anu badé séép mangsa lumakuna
pro-consent-expiry-hint = SIM, paspor, STNK, izin, sareng dokumén anu dimedalkeun ku SatuPintu: 60, 30, sareng 7 dinten sateuacan séép, masing-masing sakali.
pro-consent-ktp17 = Anggota kulawarga anu badé yuswa 17 taun (KTP-el)
pro-consent-ktp17-hint = Sakali per murangkalih, 30 dinten sateuacan milangkala ka-17, kalayan tautan ka layanan KTP-el énggal.
pro-consent-services = Layanan anu panginten tiasa dianggo ku abdi
pro-consent-services-hint = Pangseueurna sakali sataun per layanan, dumasar kana yuswa Sadérék, kulawarga, sareng pangajuan saméméhna.
pro-channels-title = Ngalangkungan saluran naon?
pro-channels-text = Béwara dikintun ngalangkungan saluran anu dipilih ku Sadérék dina setélan notifikasi (e-mail, SMS/WhatsApp, notifikasi perangkat). Teu aya saluran sanés.
pro-channels-now = Saluran Sadérék ayeuna:
pro-channels-none = Ayeuna teu aya saluran anu aktip, janten béwara moal dugi ka Sadérék. Aktipkeun sahenteuna hiji saluran.
pro-channels-link = Atur saluran notifikasi
pro-stop-text = Pikeun eureun, hapus céntang di luhur teras simpen. Béwara anu teu acan kakintun dibatalkeun harita kénéh. Unggal e-mail ogé ngandung tautan ka kaca ieu.
pro-more-title = Data anu dianggo
pro-history-title = Riwayat persetujuan
pro-history-none = Teu acan aya parobihan persetujuan.
pro-history-when = Waktos
pro-history-what = Parobihan
pro-history-given = Disatujuan: { $kind }
pro-history-withdrawn = Dicabut: { $kind }

pro-docs-title = Dokumén abdi
pro-docs-intro = Catet dokumén Sadérék sareng tanggal séép lumakuna supados kami tiasa ngémutan Sadérék pas waktosna. Nomer dokumén teu wajib; ngan ukur opat karakter pamungkasna anu disimpen.
pro-docs-not-watched = Sadérék teu acan nyatujuan pangéling dokumén, janten dokumén ieu teu acan dipantau.
pro-docs-none = Teu acan aya dokumén anu dicatet.
pro-doc-sim-a = SIM A
pro-doc-sim-b = SIM B
pro-doc-sim-c = SIM C
pro-doc-paspor = Paspor
pro-doc-stnk = STNK (pengesahan taunan)
pro-doc-izin-usaha = Izin usaha
pro-doc-izin-reklame = Izin reklame
pro-doc-izin-praktik = Surat izin praktik (SIP)
pro-doc-lainnya = Dokumén sanés
pro-doc-number = Nomer
pro-doc-expires = Lumaku dugi ka
pro-doc-status = Status
pro-doc-renew = Panjangkeun
pro-doc-edit = Robih
pro-doc-valid = Masih lumaku
pro-doc-expired = Mangsa lumakuna parantos séép
pro-doc-days-left = { $days ->
    [0] Séép dinten ieu
   *[other] { $days } dinten deui
}
pro-doc-add-title = Tambihan dokumén
pro-doc-add = Tambihan dokumén
pro-doc-kind = Jinis dokumén
pro-doc-kind-choose = Pilih jinis dokumén
pro-doc-label = Nami dokumén (teu wajib)
pro-doc-label-hint = Contona: SIM C motor, paspor murangkalih.
pro-doc-number-label = Nomer dokumén (teu wajib)
pro-doc-number-hint = Ngan ukur opat karakter pamungkas anu disimpen, pikeun ngabédakeun dokumén.
pro-doc-expires-hint = Tanggal séép lumaku, contona 2027-05-31.
pro-doc-edit-title = Robih dokumén
pro-doc-number-kept = Nomer anu disimpen: ••••{ $tail }. Kosongkeun kolom nomer pikeun ngajagana.
pro-doc-delete = Hapus dokumén ieu

pro-family-title = Kulawarga abdi
pro-family-intro = Anggota kulawarga dianggo pikeun ngémutan KTP-el nalika murangkalih yuswa 17 taun sareng pikeun nyarankeun layanan (akta kelahiran, KIA, pendaftaran sakola). Eusian NIK (tanggal lahir dibaca tina NIK) atanapi tanggal lahir. NIK ngan ukur disimpen sacara disamarkeun.
pro-family-none = Teu acan aya anggota kulawarga anu dicatet.
pro-member-on-kk = Hiji Kartu Keluarga sareng Sadérék
pro-member-age = { $years } taun
pro-member-born = Tanggal lahir
pro-member-ktp-soon = Parantos waktosna ngadamel KTP-el.
pro-member-ktp-link = Ajukeun KTP-el énggal
pro-member-delete = Hapus
pro-member-add-title = Tambihan anggota kulawarga
pro-member-name = Nami
pro-member-nik = NIK anggota kulawarga (teu wajib)
pro-member-nik-hint = 16 angka. Tanggal lahir dicandak tina NIK (kanggo awéwé, tanggalna ditambih 40).
pro-member-birth = Tanggal lahir (upami NIK teu dieusian)
pro-member-birth-hint = Contona 2009-12-15.
pro-member-add = Tambihan anggota kulawarga

pro-suggestions-title = Layanan kanggo Sadérék
pro-suggestions-intro = Layanan anu panginten tiasa dianggo ku Sadérék, numutkeun data akun Sadérék. Ieu ngan ukur saran; sarat lengkepna aya dina kaca unggal layanan.
pro-suggestions-none = Ayeuna teu aya saran layanan kanggo Sadérék.
pro-why = Naha abdi ningali ieu?
pro-suggestions-notified = Sadérék ogé nampi béwara ngeunaan saran énggal.
pro-suggestions-not-notified = Saran ieu ngan ukur ditampilkeun di dieu; Sadérék henteu nampi béwara ngeunaan éta.

pro-rule-ktp17 = Anggota kulawarga Sadérék badé atanapi nembé yuswa 17 taun sareng peryogi KTP-el.
pro-rule-ktp17-why = Aya anggota kulawarga Sadérék anu milangkala ka-17 dina 30 dinten ieu atanapi nembé yuswa 17 taun. Panduduk wajib gaduh KTP-el ti yuswa 17 taun.
pro-rule-newborn = Orok dina kulawarga Sadérék peryogi akta kelahiran.
pro-rule-newborn-why = Aya anggota kulawarga anu yuswana di handap 1 taun. Kalahiran dilaporkeun paling lambat 60 dinten saparantos lahir pikeun nampi akta kelahiran.
pro-rule-kia = Murangkalih di handap 17 taun tiasa gaduh Kartu Identitas Anak.
pro-rule-kia-why = Aya anggota kulawarga anu yuswana di handap 17 taun. KIA mangrupikeun kartu idéntitas resmi murangkalih dugi ka anjeunna nampi KTP-el.
pro-rule-school = Murangkalih yuswa sakola tiasa ngadaptar ka sakola negeri.
pro-rule-school-why = Aya anggota kulawarga anu yuswana 5 dugi ka 15 taun. Pendaftaran sakola negeri (SPMB) dibuka unggal taun kanggo SD, SMP, sareng SMA.
pro-rule-sim = Sadérék teu acan nyatet SIM.
pro-rule-sim-why = Sadérék yuswana 17 taun atanapi langkung sareng teu acan nyatet SIM dina Dokumén abdi. Nyetir wajib gaduh SIM.
pro-rule-jobseeker = Kartu Kuning ngabantos ngalamar padamelan.
pro-rule-jobseeker-why = Sadérék yuswana 18 dugi ka 25 taun. Kartu Pencari Kerja (AK/1) sering dipénta nalika ngalamar padamelan.
pro-rule-elderly = Warga lanjut yuswa tiasa diusulkeun nampi bantuan sosial.
pro-rule-elderly-why = Sadérék yuswana 60 taun atanapi langkung. Warga lanjut yuswa kalebet kelompok anu tiasa diusulkeun ka data panampi bantuan sosial (DTSEN).
pro-rule-business-npwp = Usaha Sadérék peryogi NPWP.
pro-rule-business-npwp-why = Sadérék kantos ngajukeun NIB. Palaku usaha umumna ogé peryogi NPWP.
pro-rule-business-ads = Papan nami usaha tiasa meryogikeun izin reklame.
pro-rule-business-ads-why = Sadérék kantos ngajukeun NIB. Papan nami atanapi spanduk usaha tiasa meryogikeun izin reklame.
pro-rule-business-building = Wangunan usaha peryogi Persetujuan Bangunan Gedung.
pro-rule-business-building-why = Sadérék kantos ngajukeun NIB. Ngawangun atanapi ngarobih wangunan tempat usaha peryogi PBG.

field-pro-doc-kind = Pilih jinis dokumén tina daptar
field-pro-doc-label = Nami dokumén pangseueurna 80 karakter
field-pro-doc-number = Nomer dokumén pangseueurna 30 hurup sareng angka
field-pro-doc-date = Eusian tanggal séép lumaku kalayan format TTTT-BB-HH, contona 2027-05-31
field-pro-doc-date-range = Tanggal séép lumaku kedah antara sataun katukang sareng 20 taun ka payun
field-pro-member-name = Eusian nami antara 2 sareng 100 karakter
field-pro-member-birth = Eusian tanggal lahir anu leres (TTTT-BB-HH), sanés di mangsa payun
field-pro-member-nik-or-birth = Eusian NIK atanapi tanggal lahir anggota kulawarga
field-pro-consent-kind = Pilih jinis béwara tina daptar

notify-pro-expiry-subject = Mangsa lumaku { $label } badé séép
notify-pro-expiry-body = { $label } Sadérék lumaku dugi ka { $date }. Ajukeun perpanjangan sateuacan tanggal éta.
notify-pro-ktp17-subject = { $name } peryogi KTP-el
notify-pro-ktp17-body = { $name } yuswana 17 taun dina { $date } sareng wajib gaduh KTP-el. Ajukeun perekaman KTP-el énggal ngalangkungan tautan ieu.
notify-pro-service-subject = Layanan kanggo Sadérék di SatuPintu
notify-pro-service-body = { $label } Tingali alesanana dina kaca Layanan kanggo Sadérék.

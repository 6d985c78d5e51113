# Javanese translation of guides.ftl; untranslated messages fall back to Indonesian.
# Skipped (staff only under /kelola/panduan, fall back to Indonesian): guide editing (guides-admin-*, guides-new, guides-create, guides-view, guides-edit-*, guides-save, guides-saved, guides-field-*, guides-steps-heading, guides-no-steps, guides-step-*, guides-delete*) and its form errors (field-guide-*, error-guide-action).
# Tuntunan langkah demi langkah, hak warga, lan setelan tampilan (isu 13).

nav-guides = Tuntunan
guides-title = Tuntunan langkah demi langkah
guides-intro = Carane ngurus layanan ingkang asring dipunbetahaken, langkah demi langkah mawi gambar. Saben tuntunan wonten versi Waosan gampil lan versi cithak setunggal kaca.
guides-none = Dereng wonten tuntunan.
guides-home-link = Tuntunan langkah demi langkah
guides-steps = { $count ->
    [one] 1 langkah
   *[other] { $count } langkah
}
guides-more = Pambiyantu sanes
guides-ask-assistant = Taken dhateng asisten virtual
guides-all = Sedaya tuntunan
guide-step-by-step = Tuntunan langkah demi langkah
guide-easy = Waosan gampil
guide-easy-title = { $title } (Waosan gampil)
guide-easy-link = Waos versi gampil: ukara cekak, aksara ageng
guide-full = Waos versi jangkep
guide-print = Cithak tuntunan (setunggal kaca)
guide-service = Standar layanan: { $name }
guide-step = Langkah { $number }
guide-qr-label = Kode QR alamat tuntunan menika
guide-print-back = Wangsul dhateng tuntunan daring
guide-print-hint = Ginakaken menu Cithak ing peramban.
guide-print-foot = Dipuncithak saking SatuPintu. Pindai kode QR kangge versi paling enggal.

guide-icon-idcard = Gambar kertu identitas
guide-icon-camera = Gambar kamera
guide-icon-form = Gambar formulir
guide-icon-office = Gambar kantor pelayanan
guide-icon-phone = Gambar telepon genggam
guide-icon-pin = Gambar tandha lokasi ing peta
guide-icon-ticket = Gambar karcis antrean
guide-icon-check = Gambar tandha centhang: rampung
guide-icon-document = Gambar dokumen
guide-icon-money = Gambar arta
guide-icon-calendar = Gambar kalender
guide-icon-person = Gambar tiyang: akun panjenengan
guide-icon-warning = Gambar tandha pengetan

rights-title = Hak warga
rights-intro = Minangka warga, panjenengan gadhah hak pikantuk pelayanan publik ingkang sae, hak pikantuk informasi, lan hak tumrap data pribadi panjenengan. Ing ngandhap menika hak-hak kasebat, dhasar hukumipun, lan ing pundi panjenengan ngginakaken.
rights-basis-label = Dhasar hukum:
rights-note = Ringkesan menika sanes pitedah hukum. Teks jangkep peraturan wonten ing JDIH (jdih.go.id) lan ing kaca Regulasi.
rights-standard = Pikantuk layanan jumbuh kaliyan standar
rights-standard-text = Saben layanan wajib gadhah standar ingkang dipunumumaken: persyaratan, prosedur, biaya, lan dangunipun wekdal. Panjenengan gadhah hak mangertosi isinipun lan pikantuk layanan jumbuh kaliyan standar kasebat, tanpa biaya tambahan.
rights-standard-basis = UU 25/2009 tentang Pelayanan Publik, Pasal 18 lan Pasal 21.
rights-complaint = Ngadu lan pikantuk tanggapan
rights-complaint-text = Menawi layanan mboten jumbuh kaliyan standar, panjenengan gadhah hak ngadu dhateng penyelenggara lan pikantuk tanggapan. Laporan panjenengan dipunparingi nomer supados saged dipunpantau.
rights-complaint-basis = UU 25/2009 tentang Pelayanan Publik, Pasal 18 lan Pasal 36.
rights-compensation = Ganti rugi
rights-compensation-text = Menawi panjenengan rugi amargi layanan mboten jumbuh kaliyan standar, panjenengan saged nyuwun ganti rugi lumantar pengaduan, lan Ombudsman saged mutusaken ganti rugi kasebat.
rights-compensation-basis = UU 25/2009 tentang Pelayanan Publik, Pasal 50.
rights-satisfaction = Maringi biji layanan
rights-satisfaction-text = Panjenengan saged maringi biji layanan lumantar Survei Kepuasan Masyarakat. Asilipun dipunumumaken lan dipunginakaken kangge ndandosi layanan.
rights-satisfaction-basis = UU 25/2009 tentang Pelayanan Publik, Pasal 39; PermenPAN-RB 14/2017.
rights-information = Pikantuk informasi publik
rights-information-text = Panjenengan gadhah hak mirsani lan pikantuk informasi publik: anggaran, pengadaan, peraturan, lan data terbuka. Panyuwunan informasi dipunajukaken dhateng PPID (Pejabat Pengelola Informasi dan Dokumentasi) instansi.
rights-information-basis = UU 14/2008 tentang Keterbukaan Informasi Publik, Pasal 4 lan Pasal 22.
rights-personal-data = Ngakses, mbeneraken, lan mbusak data pribadi
rights-personal-data-text = Panjenengan gadhah hak mangertosi data menapa ingkang dipunsimpen bab panjenengan lan sinten ingkang ngakses, pikantuk salinanipun, mbeneraken data ingkang lepat, lan nyuwun supados data ingkang mboten wajib dipunsimpen dipunbusak.
rights-personal-data-basis = UU 27/2022 tentang Pelindungan Data Pribadi, Pasal 5 ngantos Pasal 8.
rights-ombudsman = Lapor dhateng Ombudsman RI
rights-ombudsman-text = Menawi pengaduan panjenengan mboten dipuntanggapi utawi pamrampunganipun mboten adil, panjenengan saged lapor dhateng Ombudsman Republik Indonesia, lembaga negara ingkang ngawasi pelayanan publik. Lapor mboten dipunpungut biaya.
rights-ombudsman-basis = UU 37/2008 tentang Ombudsman Republik Indonesia; UU 25/2009, Pasal 18.
rights-link-services = Pirsani standar layanan
rights-link-report = Damel laporan utawi pengaduan
rights-link-my-reports = Pantau laporan kula
rights-link-skm = Asil survei kepuasan
rights-link-open = Portal keterbukaan informasi
rights-link-data = Data terbuka
rights-link-my-data = Data kula: unduh, leresaken, utawi busak
rights-link-access-log = Sinten ingkang ngakses data kula
rights-link-ombudsman = Situs Ombudsman RI (ombudsman.go.id)

appearance-title = Setelan tampilan
appearance-link = Setelan tampilan: aksara ageng, kontras inggil, ngirit data
appearance-intro = Atur tampilan supados langkung gampil dipunwaos utawi langkung ngirit kuota. Setelan lumampah ing sedaya kaca.
appearance-saved-account = Setelan dipunsimpen ing akun panjenengan lan lumampah ing saben piranti ingkang panjenengan ginakaken kangge mlebet.
appearance-saved-device = Setelan dipunsimpen ing peramban menika. Menawi panjenengan mlebet, setelan ugi dipunsimpen ing akun panjenengan.
appearance-legend = Pilih tampilan
appearance-hint = Centhang ingkang panjenengan betahaken.
appearance-large-text = Aksara ageng
appearance-large-text-hint = Sedaya seratan kinten-kinten 1,4 kaping langkung ageng.
appearance-high-contrast = Kontras inggil
appearance-high-contrast-hint = Seratan pethak lan jene ing latar cemeng.
appearance-low-data = Ngirit data
appearance-low-data-hint = Gambar, foto, lan peta mboten dipunmuat; saben kaca gadhah tautan kangge nedahaken.
appearance-save = Simpen setelan
appearance-saved = Setelan tampilan sampun dipunsimpen.
appearance-now = Tampilan sakmenika
appearance-on = aktif
appearance-off = mboten aktif
appearance-images-hidden = Mode ngirit data: gambar mboten dipunmuat.
appearance-show-images = Tedahaken gambar ing kaca menika
field-display-choice = Pilihan mboten dipuntepangi.

privacy-record-display = Setelan tampilan
privacy-basis-display = Mboten wonten kuwajiban nyimpen.

# Sundanese translation of guides.ftl; untranslated messages fall back to Indonesian.
# Dilarapkeun ka Indonésia (kaca admin /kelola/panduan): guides-admin-*, guides-new, guides-create, guides-view, guides-edit-*, guides-save, guides-saved, guides-field-*, guides-steps-heading, guides-no-steps, guides-step-*, guides-delete-heading, guides-delete, field-guide-*, error-guide-action.

nav-guides = Pituduh
guides-title = Pituduh léngkah demi léngkah
guides-intro = Cara ngurus layanan anu sering diperyogikeun, léngkah demi léngkah kalayan gambar. Unggal pituduh aya vérsi Bacaan gampil sareng vérsi citak hiji kaca.
guides-none = Teu acan aya pituduh.
guides-home-link = Pituduh léngkah demi léngkah
guides-steps = { $count ->
    [one] 1 léngkah
   *[other] { $count } léngkah
}
guides-more = Bantosan sanés
guides-ask-assistant = Taroskeun ka asistén virtual
guides-all = Sadaya pituduh
guide-step-by-step = Pituduh léngkah demi léngkah
guide-easy = Bacaan gampil
guide-easy-title = { $title } (Bacaan gampil)
guide-easy-link = Baca vérsi gampil: kalimah pondok, hurup ageung
guide-full = Baca vérsi lengkep
guide-print = Citak pituduh (hiji kaca)
guide-service = Standar layanan: { $name }
guide-step = Léngkah { $number }
guide-qr-label = Kode QR alamat pituduh ieu
guide-print-back = Wangsul ka pituduh daring
guide-print-hint = Anggo ménu Citak (Print) dina peramban.
guide-print-foot = Dicitak tina SatuPintu. Pindai kode QR kanggo vérsi panganyarna.

guide-icon-idcard = Gambar kartu idéntitas
guide-icon-camera = Gambar kaméra
guide-icon-form = Gambar formulir
guide-icon-office = Gambar kantor palayanan
guide-icon-phone = Gambar telepon genggam
guide-icon-pin = Gambar tanda lokasi dina peta
guide-icon-ticket = Gambar tikét antrian
guide-icon-check = Gambar tanda centang: réngsé
guide-icon-document = Gambar dokumén
guide-icon-money = Gambar artos
guide-icon-calendar = Gambar kalénder
guide-icon-person = Gambar jalmi: akun Sadérék
guide-icon-warning = Gambar tanda pépéling

rights-title = Hak warga
rights-intro = Salaku warga, Sadérék gaduh hak kana palayanan publik anu saé, kana informasi, sareng kana data pribadi Sadérék. Di handap ieu hak-hak éta, dasar hukumna, sareng dimana Sadérék ngagunakeunana.
rights-basis-label = Dasar hukum:
rights-note = Ringkesan ieu sanés naséhat hukum. Téks lengkep peraturan aya di JDIH (jdih.go.id) sareng dina kaca Regulasi.
rights-standard = Nampi layanan saluyu sareng standar
rights-standard-text = Unggal layanan wajib gaduh standar anu diumumkeun: sarat-sarat, prosedur, biaya, sareng lami waktosna. Sadérék gaduh hak terang eusina sareng nampi layanan saluyu sareng standar éta, tanpa biaya tambihan.
rights-standard-basis = UU 25/2009 tentang Pelayanan Publik, Pasal 18 sareng Pasal 21.
rights-complaint = Ngadu sareng nampi tanggapan
rights-complaint-text = Upami layanan henteu saluyu sareng standar, Sadérék gaduh hak ngadu ka panyelenggara sareng nampi tanggapan. Laporan Sadérék dipasihan nomer supados tiasa dipantau.
rights-complaint-basis = UU 25/2009 tentang Pelayanan Publik, Pasal 18 sareng Pasal 36.
rights-compensation = Ganti rugi
rights-compensation-text = Upami Sadérék dirugikeun kusabab layanan henteu saluyu sareng standar, Sadérék tiasa nyuhunkeun ganti rugi ngalangkungan pangaduan, sareng Ombudsman tiasa mutuskeun ganti rugi éta.
rights-compensation-basis = UU 25/2009 tentang Pelayanan Publik, Pasal 50.
rights-satisfaction = Meunteun layanan
rights-satisfaction-text = Sadérék tiasa meunteun layanan ngalangkungan Survei Kepuasan Masyarakat. Hasilna diumumkeun sareng dianggo pikeun ngalereskeun layanan.
rights-satisfaction-basis = UU 25/2009 tentang Pelayanan Publik, Pasal 39; PermenPAN-RB 14/2017.
rights-information = Nampi informasi publik
rights-information-text = Sadérék gaduh hak ningali sareng nampi informasi publik: anggaran, pengadaan, peraturan, sareng data terbuka. Pamundut informasi diajukeun ka PPID (Pejabat Pengelola Informasi dan Dokumentasi) instansi.
rights-information-basis = UU 14/2008 tentang Keterbukaan Informasi Publik, Pasal 4 sareng Pasal 22.
rights-personal-data = Ngaksés, ngalereskeun, sareng ngahapus data pribadi
rights-personal-data-text = Sadérék gaduh hak terang data naon anu disimpen ngeunaan Sadérék sareng saha anu ngaksésna, nampi salinanana, ngalereskeun data anu lepat, sareng nyuhunkeun ngahapus data anu henteu wajib disimpen.
rights-personal-data-basis = UU 27/2022 tentang Pelindungan Data Pribadi, Pasal 5 dugi ka Pasal 8.
rights-ombudsman = Ngalaporkeun ka Ombudsman RI
rights-ombudsman-text = Upami pangaduan Sadérék henteu ditanggapi atanapi panyelesaianana henteu adil, Sadérék tiasa ngalaporkeun ka Ombudsman Republik Indonesia, lembaga nagara anu ngawaskeun palayanan publik. Ngalaporkeun henteu dipungut biaya.
rights-ombudsman-basis = UU 37/2008 tentang Ombudsman Republik Indonesia; UU 25/2009, Pasal 18.
rights-link-services = Tingali standar layanan
rights-link-report = Damel laporan atanapi pangaduan
rights-link-my-reports = Pantau laporan abdi
rights-link-skm = Hasil survei kasugemaan
rights-link-open = Portal katerbukaan informasi
rights-link-data = Data terbuka
rights-link-my-data = Data abdi: unduh, lereskeun, atanapi hapus
rights-link-access-log = Saha anu ngaksés data abdi
rights-link-ombudsman = Situs Ombudsman RI (ombudsman.go.id)

appearance-title = Setélan tampilan
appearance-link = Setélan tampilan: hurup ageung, kontras luhur, hémat data
appearance-intro = Atur tampilan supados langkung gampil dibaca atanapi langkung hémat kuota. Setélan lumaku di sadaya kaca.
appearance-saved-account = Setélan disimpen dina akun Sadérék sareng lumaku di unggal perangkat tempat Sadérék lebet.
appearance-saved-device = Setélan disimpen dina peramban ieu. Upami Sadérék lebet, setélan ogé disimpen dina akun Sadérék.
appearance-legend = Pilih tampilan
appearance-hint = Centang anu Sadérék peryogikeun.
appearance-large-text = Hurup ageung
appearance-large-text-hint = Sadaya tulisan kirang langkung 1,4 kali langkung ageung.
appearance-high-contrast = Kontras luhur
appearance-high-contrast-hint = Tulisan bodas sareng konéng dina latar hideung.
appearance-low-data = Hémat data
appearance-low-data-hint = Gambar, poto, sareng peta henteu dimuat; unggal kaca gaduh tautan pikeun nampilkeunana.
appearance-save = Simpen setélan
appearance-saved = Setélan tampilan parantos disimpen.
appearance-now = Tampilan ayeuna
appearance-on = aktip
appearance-off = henteu aktip
appearance-images-hidden = Mode hémat data: gambar henteu dimuat.
appearance-show-images = Tampilkeun gambar dina kaca ieu
field-display-choice = Pilihan teu dikenal.

privacy-record-display = Setélan tampilan
privacy-basis-display = Teu aya kawajiban nyimpen.

# Javanese translation of announcements.ftl; untranslated messages fall back to Indonesian.
# Skipped (staff only under /kelola/pengumuman, fall back to Indonesian): ann-status-*, ann-admin-*, ann-new-title, ann-edit-title, ann-view-public, ann-field-*, ann-save, ann-withdraw, ann-withdrawn-note, field-ann-*, error-ann-slug, error-ann-withdrawn.
## Woro-woro lan pawartos instansi

ann-title = Woro-woro lan pawartos
ann-intro = Woro-woro resmi lan pawartos saking instansi pelayanan publik: ewahan jam layanan, jadwal, lan kegiatan.
ann-home-title = Woro-woro paling enggal
ann-home-all = Sedaya woro-woro
ann-filter-agency = Instansi
ann-filter-all = Sedaya instansi
ann-filter-button = Tedahaken
ann-empty = Dereng wonten woro-woro.
ann-pages = Kaca woro-woro
ann-prev = Saderengipun
ann-next = Salajengipun
ann-page-of = Kaca { $page }
ann-feed-title = Woro-woro SatuPintu
ann-feed-description = Woro-woro resmi lan pawartos instansi pelayanan publik.
ann-feed-link = Umpan Atom (kangge aplikasi pamaos pawartos)
ann-kind-pengumuman = Woro-woro
ann-kind-berita = Pawartos
ann-share = Bagekaken
ann-share-email = E-mail
ann-subscribe-title = Langganan pemberitahuan
ann-subscribe-legend = Kabari kula bab woro-woro enggal saking
ann-subscribe-hint = Pemberitahuan dipunkintun lumantar e-mail lan notifikasi piranti jumbuh kaliyan setelan notifikasi akun panjenengan. Kosongaken sedaya pilihan kangge mandheg langganan.
ann-subscribe-all = Sedaya instansi
ann-subscribe-button = Simpen langganan
ann-subscribe-saved = Langganan panjenengan sampun dipunsimpen.
ann-subscribe-sign-in = Mlebet kangge langganan pemberitahuan woro-woro
ann-subscribe-citizens = Langganan pemberitahuan namung kangge akun warga.
notify-announcement-subject = { $title }
notify-announcement-body = Woro-woro enggal saking { $agency }: { $title }
privacy-record-announcement-subscriptions = Langganan pemberitahuan woro-woro
privacy-basis-announcement-subscriptions = Mboten wonten kuwajiban nyimpen; menawi dipunbusak, pemberitahuan mandheg.
privacy-file-langganan-pengumuman = instansi ingkang woro-woronipun panjenengan langgani (kosong: sedaya instansi).

# Javanese translation of oidc.ftl; untranslated messages fall back to Indonesian.
# Mlebet mawi identitas digital nasional (OpenID Connect)
oidc-login-button = Mlebet mawi { $label }
oidc-or = utawi
oidc-login-hint = Akun panjenengan kagandheng lumantar NIK ingkang sampun dipunverifikasi penyedia identitas. Menawi dereng gadhah akun, akun enggal dipundamel saking data menika.
oidc-linked-title = Identitas digital ingkang kagandheng
oidc-linked-since = Kagandheng wiwit { $date }
oidc-unlink = Pedhot gandhengan
oidc-unlink-last = Gandhengan menika setunggal-setunggalipun cara mlebet dhateng akun panjenengan, dados mboten saged dipunpedhot.
oidc-unlinked = Gandhengan identitas digital sampun dipunpedhot. Panjenengan tetep saged mlebet mawi kata sandi.
error-oidc-unavailable = Layanan identitas digital saweg mboten saged dipunhubungi. Mangga cobi malih mangke utawi mlebet mawi kata sandi.
error-oidc-denied = Proses mlebet dipunbatalaken wonten ing penyedia identitas digital. Mangga cobi malih menawi panjenengan kersa mlebet.
error-oidc-provider = Penyedia identitas digital nolak panyuwunan mlebet. Mangga cobi malih.
error-oidc-state = Panyuwunan mlebet menika sampun kedaluwarsa utawi sampun dipunginakaken. Mangga wiwiti malih saking kaca Mlebet.
error-oidc-token = Wangsulan saking penyedia identitas digital mboten saged dipunverifikasi, dados panjenengan dereng mlebet. Mangga wiwiti malih.
error-oidc-nik-unverified = Penyedia identitas digital mboten ngintun NIK ingkang sampun dipunverifikasi, dados akun mboten saged kagandheng. Rampungaken verifikasi NIK wonten ing penyedia identitas, utawi mlebet mawi kata sandi.
error-oidc-disabled = Akun menika dipunnonaktifaken. Hubungi petugas layanan kangge pitulungan.
error-oidc-claims = Data saking penyedia identitas digital mboten jangkep (nami mboten sah), dados akun mboten saged dipundamel. Mangga ndaftar mawi formulir.
error-oidc-retry = Akun panjenengan saweg dipungandheng saking panyuwunan sanes. Mangga cobi mlebet malih.
error-oidc-last-way = Gandhengan menika setunggal-setunggalipun cara mlebet dhateng akun panjenengan, dados mboten saged dipunpedhot.

# Sundanese translation of oidc.ftl; untranslated messages fall back to Indonesian.
# Lebet nganggo idéntitas digital nasional (OpenID Connect)
oidc-login-button = Lebet nganggo { $label }
oidc-or = atanapi
oidc-login-hint = Akun Sadérék disambungkeun ngalangkungan NIK anu parantos diverifikasi ku panyadia idéntitas. Upami teu acan gaduh akun, akun énggal didamel tina data éta.
oidc-linked-title = Idéntitas digital anu nyambung
oidc-linked-since = Nyambung ti saprak { $date }
oidc-unlink = Pegatkeun sambungan
oidc-unlink-last = Sambungan ieu hiji-hijina cara lebet ka akun Sadérék, janten teu tiasa dipegatkeun.
oidc-unlinked = Sambungan idéntitas digital parantos dipegatkeun. Sadérék tetep tiasa lebet nganggo kecap sandi.
error-oidc-unavailable = Layanan idéntitas digital nuju teu tiasa dihubungi. Mangga cobian deui engké atanapi lebet nganggo kecap sandi.
error-oidc-denied = Prosés lebet dibatalkeun di panyadia idéntitas digital. Mangga cobian deui upami Sadérék hoyong lebet.
error-oidc-provider = Panyadia idéntitas digital nolak paménta lebet. Mangga cobian deui.
error-oidc-state = Paménta lebet ieu parantos kadaluwarsa atanapi parantos dianggo. Mangga mimitian deui ti kaca Lebet.
error-oidc-token = Waleran ti panyadia idéntitas digital teu tiasa diverifikasi, janten Sadérék teu acan lebet. Mangga mimitian deui.
error-oidc-nik-unverified = Panyadia idéntitas digital henteu ngintun NIK anu parantos diverifikasi, janten akun teu tiasa disambungkeun. Réngsékeun verifikasi NIK di panyadia idéntitas, atanapi lebet nganggo kecap sandi.
error-oidc-disabled = Akun ieu dinonaktipkeun. Hubungi patugas layanan pikeun bantosan.
error-oidc-claims = Data ti panyadia idéntitas digital teu lengkep (nami teu sah), janten akun teu tiasa didamel. Mangga daptar nganggo formulir.
error-oidc-retry = Akun Sadérék nuju disambungkeun tina paménta sanés. Mangga cobian lebet deui.
error-oidc-last-way = Sambungan ieu hiji-hijina cara lebet ka akun Sadérék, janten teu tiasa dipegatkeun.

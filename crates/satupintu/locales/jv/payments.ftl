# Javanese translation of payments.ftl; untranslated messages fall back to Indonesian.
# --- statement
pay-statement-error-empty = Baris { $line }: berkas menika mboten ngemot rekening koran (MT940 mbetahaken :20:, :25:, :60F:, :61: lan :62F:).
pay-statement-error-encoding = Baris { $line }: berkas sanes teks UTF-8; ekspor malih rekening koran minangka UTF-8.
pay-statement-error-syntax = Baris { $line }: sanes field MT940 ingkang dipuntepangi utawi sambunganipun.
pay-statement-error-order = Baris { $line }: field mboten urut (rekening :25: lan saldo awal :60F: kedah sakderengipun baris mutasi :61:).
pay-statement-error-incomplete = Baris { $line }: rekening koran rampung tanpa saldo akhir (:62F:).
pay-statement-error-date = Baris { $line }: tanggal mboten sah (MT940: TTBBHH; CSV: HH/BB/TTTT utawi TTTT-BB-HH).
pay-statement-error-mark = Baris { $line }: mboten cetha kredit utawi debet (MT940: C, D, RC utawi RD; CSV: isi kolom kredit utawi debet, ampun kekalihipun).
pay-statement-error-amount = Baris { $line }: jumlah mboten sah (tuladha: 150.000,00 utawi 150000.00; MT940: 150000,00).
pay-statement-error-cents = Baris { $line }: jumlah ngemot sen; jumlah rupiah kedah bunder (,00).
pay-statement-error-currency = Baris { $line }: rekening koran sanes ing rupiah (IDR).
pay-statement-error-balance = Baris { $line }: saldo akhir mboten sami kaliyan saldo awal dipuntambah kredit dipunsuda debet; berkas kepotong utawi dipunewahi.
pay-statement-error-header = Baris { $line }: mboten wonten baris irah-irahan ingkang nyebat kolom tanggal lan jumlah (utawi kredit lan debet).
pay-statement-error-columns = Baris { $line }: kolom baris menika langkung sekedhik tinimbang baris irah-irahan.
pay-statement-error-quote = Baris { $line }: tandha petik mboten dipuntutup utawi wonten ing tengah kolom.
pay-statement-error-too-long = Baris { $line }: berkas ngemot langkung saking 100.000 baris mutasi; pecah dados pinten-pinten berkas.
pay-statement-nothing-changed = Mboten wonten ingkang dipunewahi; dandosi berkas lajeng impor malih.
pay-statement-settled = settled: { $count } (tagihan dipunlunasi dening rekening koran menika)
pay-statement-confirmed = confirmed: { $count } (pambayaran lumantar gateway dipunkonfirmasi bank)
pay-statement-duplicate = duplicate: { $count } (sampun dipunimpor rumiyin, mboten dipunewahi)
pay-statement-double = double: { $count } (tagihan sampun lunas; mlebet antrean bendahara supados dipunwangsulaken)
pay-statement-unmatched = unmatched: { $count } (mboten wonten tagihan ingkang cocog; mlebet antrean bendahara)
pay-statement-skipped = skipped: { $count } (debet lan koreksi, dipunlangkungi)

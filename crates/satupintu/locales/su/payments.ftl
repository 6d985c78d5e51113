# Sundanese translation of payments.ftl; untranslated messages fall back to Indonesian.
# --- statement
pay-statement-error-empty = Baris { $line }: berkas ieu teu ngandung rekening koran (MT940 merlukeun :20:, :25:, :60F:, :61: sareng :62F:).
pay-statement-error-encoding = Baris { $line }: berkas sanés téks UTF-8; ékspor deui rekening koran salaku UTF-8.
pay-statement-error-syntax = Baris { $line }: sanés field MT940 anu dikenal atanapi tuluyanana.
pay-statement-error-order = Baris { $line }: field teu saluyu urutan (rekening :25: sareng saldo awal :60F: kedah sateuacan baris mutasi :61:).
pay-statement-error-incomplete = Baris { $line }: rekening koran réngsé tanpa saldo ahir (:62F:).
pay-statement-error-date = Baris { $line }: tanggal teu sah (MT940: TTBBPP; CSV: PP/BB/TTTT atanapi TTTT-BB-PP).
pay-statement-error-mark = Baris { $line }: teu écés kiridit atanapi debet (MT940: C, D, RC atanapi RD; CSV: eusian kolom kiridit atanapi debet, ulah duanana).
pay-statement-error-amount = Baris { $line }: jumlah teu sah (conto: 150.000,00 atanapi 150000.00; MT940: 150000,00).
pay-statement-error-cents = Baris { $line }: jumlah ngandung sén; jumlah rupiah kedah buleud (,00).
pay-statement-error-currency = Baris { $line }: rekening koran sanés dina rupiah (IDR).
pay-statement-error-balance = Baris { $line }: saldo ahir teu sami sareng saldo awal ditambah kiridit dikurangan debet; berkas kapotong atanapi dirobih.
pay-statement-error-header = Baris { $line }: teu aya baris judul anu nyebatkeun kolom tanggal sareng jumlah (atanapi kiridit sareng debet).
pay-statement-error-columns = Baris { $line }: kolom baris ieu langkung saeutik tibatan baris judul.
pay-statement-error-quote = Baris { $line }: tanda petik teu ditutup atanapi aya di tengah kolom.
pay-statement-error-too-long = Baris { $line }: berkas ngandung langkung ti 100.000 baris mutasi; bagi janten sababaraha berkas.
pay-statement-nothing-changed = Teu aya anu dirobih; oméan berkas teras impor deui.
pay-statement-settled = settled: { $count } (tagihan dilunasan ku rekening koran ieu)
pay-statement-confirmed = confirmed: { $count } (pamayaran ngalangkungan gateway dikonfirmasi bank)
pay-statement-duplicate = duplicate: { $count } (parantos diimpor saméméhna, teu dirobih)
pay-statement-double = double: { $count } (tagihan parantos lunas; lebet antrian bendahara pikeun dipulangkeun)
pay-statement-unmatched = unmatched: { $count } (teu aya tagihan anu cocog; lebet antrian bendahara)
pay-statement-skipped = skipped: { $count } (debet sareng koréksi, dilangkungan)

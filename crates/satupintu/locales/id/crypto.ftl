# Data pribadi terenkripsi saat tersimpan (satupintu keys ...)
cli-keys-status-head = Kunci data (yang terakhir dipakai untuk enkripsi):
cli-keys-status-current = kunci aktif: { $id } ({ $source })
cli-keys-status-row = { $place }: { $count } nilai dengan kunci { $key }
cli-keys-rotated = Kunci data baru { $id } aktif; { $count } nilai dienkripsi ulang. Cadangkan berkas kunci sekarang, lalu mulai ulang setiap proses satupintu.

# Penerimaan data sensor IoT (MQTT dan HTTP)
iot-error-too-large = Data terlalu besar (paling banyak 256 KiB per kiriman).
iot-error-json = Data bukan JSON yang sah: kirim satu objek dengan kolom sensor, value dan ts (opsional), atau larik objek seperti itu.
iot-error-empty = Larik bacaan kosong.
iot-error-too-many = Terlalu banyak bacaan dalam satu kiriman (paling banyak 1.000).
iot-error-reading = Bacaan harus berupa objek JSON.
iot-error-sensor = Kode sensor tidak ada atau tidak sah.
iot-error-value = Nilai bacaan harus berupa angka.
iot-error-ts = Waktu bacaan tidak sah (RFC 3339), terlalu jauh di masa depan, atau lebih lama dari masa simpan data mentah.
iot-error-unknown-sensor = Sensor tidak dikenal atau bukan milik perangkat ini.
iot-error-inactive = Perangkat ini dinonaktifkan.
iot-error-token = Token perangkat tidak ada atau tidak sah.
iot-error-busy = Penerimaan data sedang penuh; coba kirim lagi sebentar lagi.
cli-iot-mosquitto-auth = Berkas Mosquitto ditulis: { $devices } perangkat.
cli-iot-mosquitto-skipped = Perangkat tanpa hash MQTT dilewati (buat token baru untuknya): { $ids }

# Open311 GeoReport v2 (/open311/v2): texts that Open311 clients show to people.
open311-service-notice = Laporan diteruskan ke instansi yang menangani dalam { $dispatch } hari kerja dan ditanggapi dalam { $response } hari kerja setelahnya.
open311-key-service = Kunci API (api_key) untuk mengirim laporan diterbitkan oleh pengelola platform. Hubungi: { $contact }
open311-service-description = Ditangani oleh { $agency }.
open311-service-description-coordinator = Koordinator pengaduan meneruskannya ke instansi yang tepat.
open311-group-infrastruktur = Infrastruktur
open311-group-lingkungan = Lingkungan
open311-group-pelayanan = Pelayanan publik
open311-group-lainnya = Lainnya
open311-privacy-datatype = Salah satu: public, anonymous, confidential. Bawaan: anonymous.
open311-privacy-description = Siapa yang boleh melihat laporan dan pelapornya.
open311-region-datatype = Kode wilayah Kemendagri: 4 digit (kabupaten/kota) atau 6 digit (kecamatan).
open311-region-description = Wilayah tempat masalah berada; wajib bila tidak mengirim lat dan long.
cli-api-key-created = Kunci API dibuat (id { $id }). Simpan sekarang: kunci ini tidak dapat ditampilkan lagi.
cli-api-key-revoked = Kunci API dicabut.
cli-api-key-not-found = Tidak ada kunci API aktif dengan id itu.

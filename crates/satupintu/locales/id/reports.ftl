# Pengaduan dan laporan warga (LAPOR!).
report-category-jalan = Jalan rusak
report-category-sampah = Sampah
report-category-drainase-banjir = Saluran air dan banjir
report-category-penerangan-jalan = Lampu penerangan jalan
report-category-air-bersih = Air bersih
report-category-pencemaran = Pencemaran lingkungan
report-category-fasilitas-umum = Fasilitas umum
report-category-pelayanan-petugas = Pelayanan dan sikap petugas
report-category-pungli = Pungutan liar (pungli)
report-category-lainnya = Lainnya
report-privacy-public = Publik: laporan dan nama Anda dapat dilihat semua orang
report-privacy-anonymous = Anonim: laporan dapat dilihat publik, nama Anda tidak
report-privacy-confidential = Rahasia: laporan tidak tampil untuk publik, dan identitas Anda tidak diberitahukan kepada instansi yang menangani

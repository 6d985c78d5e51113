# Citizens' complaints and reports (LAPOR!).
report-category-jalan = Damaged road
report-category-sampah = Rubbish
report-category-drainase-banjir = Drains and flooding
report-category-penerangan-jalan = Street lights
report-category-air-bersih = Clean water
report-category-pencemaran = Pollution
report-category-fasilitas-umum = Public facilities
report-category-pelayanan-petugas = Service and conduct of officers
report-category-pungli = Illegal fees (pungli)
report-category-lainnya = Other
report-privacy-public = Public: everyone can see the report and your name
report-privacy-anonymous = Anonymous: the report is public, your name is not
report-privacy-confidential = Confidential: the report is not shown to the public, and the handling agency is not told who you are

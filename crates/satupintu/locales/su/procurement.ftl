# Sundanese translation of procurement.ftl; untranslated messages fall back to Indonesian.

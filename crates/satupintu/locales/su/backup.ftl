# Sundanese translation of backup.ftl; untranslated messages fall back to Indonesian.

# Javanese translation of crypto.ftl; untranslated messages fall back to Indonesian.

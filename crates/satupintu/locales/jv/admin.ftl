# Javanese translation of admin.ftl; untranslated messages fall back to Indonesian.

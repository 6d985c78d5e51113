# Javanese translation of partners.ftl; untranslated messages fall back to Indonesian.

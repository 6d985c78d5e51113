# Javanese translation of open311.ftl; untranslated messages fall back to Indonesian.

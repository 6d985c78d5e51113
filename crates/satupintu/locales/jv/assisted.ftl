# Javanese translation of assisted.ftl; untranslated messages fall back to Indonesian.

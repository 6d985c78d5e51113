# Javanese translation of performance.ftl; untranslated messages fall back to Indonesian.

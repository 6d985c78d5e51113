# Javanese translation of observe.ftl; untranslated messages fall back to Indonesian.

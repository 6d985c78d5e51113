# Sundanese translation of green.ftl; untranslated messages fall back to Indonesian.

# Sundanese translation of guides.ftl; untranslated messages fall back to Indonesian.

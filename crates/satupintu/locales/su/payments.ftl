# Sundanese translation of payments.ftl; untranslated messages fall back to Indonesian.

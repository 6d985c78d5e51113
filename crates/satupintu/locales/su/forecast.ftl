# Sundanese translation of forecast.ftl; untranslated messages fall back to Indonesian.

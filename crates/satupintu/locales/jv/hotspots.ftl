# Javanese translation of hotspots.ftl; untranslated messages fall back to Indonesian.

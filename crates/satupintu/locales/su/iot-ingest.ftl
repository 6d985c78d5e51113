# Sundanese translation of iot-ingest.ftl; untranslated messages fall back to Indonesian.

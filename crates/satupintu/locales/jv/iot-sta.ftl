# Javanese translation of iot-sta.ftl; untranslated messages fall back to Indonesian.

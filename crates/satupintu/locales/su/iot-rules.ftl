# Sundanese translation of iot-rules.ftl; untranslated messages fall back to Indonesian.

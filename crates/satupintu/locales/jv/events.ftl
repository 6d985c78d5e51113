# Javanese translation of events.ftl: not translated yet; every message falls back to Indonesian.

# Sundanese translation of announcements.ftl: not translated yet; every message falls back to Indonesian.

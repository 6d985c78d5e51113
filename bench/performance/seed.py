"""Seed a SatuPintu SQLite database (migrated, with the demo data) with APPS applications and
their workflow events and REPORTS reports with their events and ratings, spread over the last two
years, by direct bulk insert (as an import of past records would be). Deterministic.

usage: seed.py DB APPS REPORTS
"""
import random
import sqlite3
import sys
import time

db_path, n_apps, n_reports = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
rng = random.Random(20261130)
db = sqlite3.connect(db_path)
db.execute("PRAGMA journal_mode=WAL")
db.execute("PRAGMA synchronous=OFF")
services = db.execute("SELECT id, agency_id FROM services").fetchall()
citizens = [r[0] for r in db.execute("SELECT id FROM users WHERE role = 'citizen'")]
officers = {}
for uid, agency in db.execute("SELECT id, agency_id FROM users WHERE role IN ('officer', 'supervisor') AND agency_id IS NOT NULL"):
    officers.setdefault(agency, []).append(uid)
regions = ["357801", "357802", "351501", "327301", "317101", "337401", "647101", "737101"]
now = int(time.time()) - 2 * 86400
span = 730 * 86400
start = now - span
base_app = db.execute("SELECT COALESCE(MAX(id), 0) FROM applications").fetchone()[0]
base_rep = db.execute("SELECT COALESCE(MAX(id), 0) FROM reports").fetchone()[0]

def day(ts):
    return time.strftime("%Y-%m-%d", time.gmtime(ts + 7 * 3600))

apps, events = [], []
def flush():
    db.executemany(
        "INSERT INTO applications (id, code, service_id, service_version, agency_id, citizen_id, status, fields_json, "
        "assigned_to, submitted_at, due_date, created_at, updated_at) VALUES (?, ?, ?, 1, ?, ?, ?, '{}', ?, ?, ?, ?, ?)",
        apps)
    db.executemany(
        "INSERT INTO application_events (application_id, at, actor_id, actor_role, action, from_status, to_status) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)", events)
    apps.clear(); events.clear()

for i in range(n_apps):
    aid = base_app + i + 1
    service, agency = services[rng.randrange(len(services))]
    staff = officers.get(agency) or [None]
    officer = staff[rng.randrange(len(staff))]
    citizen = citizens[rng.randrange(len(citizens))]
    t = start + rng.randrange(span)
    due = day(t + 5 * 86400)
    ev = [(aid, t, citizen, "citizen", "submit", "draft", "submitted")]
    t += 1800 + rng.randrange(20 * 3600); ev.append((aid, t, officer, "officer", "claim", "submitted", "verification"))
    r = rng.random()
    if r < 0.1:
        t += rng.randrange(10 * 3600); ev.append((aid, t, officer, "officer", "request_revision", "verification", "revision_requested"))
        t += rng.randrange(60 * 3600); ev.append((aid, t, citizen, "citizen", "resubmit", "revision_requested", "verification"))
    if r > 0.95:
        t += rng.randrange(24 * 3600); ev.append((aid, t, officer, "officer", "reject", "verification", "rejected"))
        status = "rejected"
    else:
        t += rng.randrange(12 * 3600); ev.append((aid, t, officer, "officer", "verify", "verification", "processing"))
        t += rng.randrange((110 if rng.random() < 0.15 else 30) * 3600)
        ev.append((aid, t, officer, "officer", "complete", "processing", "completed"))
        status = "completed"
    ev = [e for e in ev if e[1] < now]
    status = ev[-1][6]
    apps.append((aid, f"SP-BENCH-{aid:08d}", service, agency, citizen, status, officer, ev[0][1], due, ev[0][1], ev[-1][1]))
    events.extend(ev)
    if len(apps) >= 50000:
        flush()
flush()

reports, revents, ratings = [], [], []
def flush_reports():
    db.executemany(
        "INSERT INTO reports (id, code, category, description, privacy, status, agency_id, region_code, created_at, updated_at) "
        "VALUES (?, ?, ?, 'Laporan contoh tolok ukur', 'confidential', ?, ?, ?, ?, ?)", reports)
    db.executemany(
        "INSERT INTO report_events (report_id, at, actor_id, actor_role, action, to_status, public) VALUES (?, ?, ?, 'officer', ?, ?, 1)",
        revents)
    db.executemany("INSERT INTO report_ratings (report_id, stars, at) VALUES (?, ?, ?)", ratings)
    reports.clear(); revents.clear(); ratings.clear()

agencies = sorted(officers)
for i in range(n_reports):
    rid = base_rep + i + 1
    agency = agencies[rng.randrange(len(agencies))] if agencies else None
    officer = (officers.get(agency) or [None])[0]
    t = start + rng.randrange(span)
    status = "received"
    if rng.random() < 0.8:
        t1 = t + 1800 + rng.randrange(48 * 3600)
        if t1 < now:
            revents.append((rid, t1, officer, "respond", "in_progress")); status = "in_progress"
            if rng.random() < 0.85:
                t2 = t1 + rng.randrange(96 * 3600)
                if t2 < now:
                    revents.append((rid, t2, officer, "resolve", "resolved")); status = "resolved"
                    if rng.random() < 0.3 and t2 + 86400 < now:
                        ratings.append((rid, 1 + rng.randrange(5), t2 + 86400))
    reports.append((rid, f"LP-BENCH-{rid:08d}", ["jalan", "sampah", "drainase_banjir", "penerangan_jalan"][rng.randrange(4)],
                    status, agency, regions[rng.randrange(len(regions))], t, t))
    if len(reports) >= 50000:
        flush_reports()
flush_reports()
db.commit()
db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
print(db.execute("SELECT COUNT(*) FROM applications").fetchone()[0], db.execute("SELECT COUNT(*) FROM application_events").fetchone()[0],
      db.execute("SELECT COUNT(*) FROM reports").fetchone()[0], db.execute("SELECT COUNT(*) FROM report_events").fetchone()[0])

-- Partners (issue 13): NGOs, CSR programmes of companies, volunteer teams and waste banks
-- registered as organisations; their members, programmes and activity reports; complaints
-- passed to them by the agency handling them; the customers (nasabah) of waste banks and their
-- deposits.
CREATE TABLE partner_orgs (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    slug           TEXT NOT NULL UNIQUE,
    name           TEXT NOT NULL,
    -- lsm, csr, komunitas, bank_sampah
    kind           TEXT NOT NULL,
    legal_basis    TEXT NOT NULL DEFAULT '',
    -- report categories, comma-separated
    fields         TEXT NOT NULL,
    -- region codes (regency or district), comma-separated
    regions        TEXT NOT NULL,
    contact        TEXT NOT NULL,
    description    TEXT NOT NULL,
    -- pending, verified, refused
    status         TEXT NOT NULL DEFAULT 'pending',
    refusal_reason TEXT NOT NULL DEFAULT '',
    decided_by     INTEGER REFERENCES users(id),
    decided_at     INTEGER,
    created_at     INTEGER NOT NULL
);
CREATE INDEX partner_orgs_status ON partner_orgs(status, kind);

CREATE TABLE partner_members (
    org_id     INTEGER NOT NULL REFERENCES partner_orgs(id),
    user_id    INTEGER NOT NULL REFERENCES users(id),
    -- coordinator, member
    role       TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (org_id, user_id)
);
CREATE INDEX partner_members_user ON partner_members(user_id);

CREATE TABLE partner_programmes (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    org_id      INTEGER NOT NULL REFERENCES partner_orgs(id),
    title       TEXT NOT NULL,
    field       TEXT NOT NULL,
    region      TEXT NOT NULL,
    starts_on   TEXT NOT NULL,
    ends_on     TEXT NOT NULL,
    description TEXT NOT NULL,
    company     TEXT NOT NULL DEFAULT '',
    budget      INTEGER,
    created_at  INTEGER NOT NULL
);
CREATE INDEX partner_programmes_org ON partner_programmes(org_id);

CREATE TABLE partner_activities (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    org_id         INTEGER NOT NULL REFERENCES partner_orgs(id),
    programme_id   INTEGER REFERENCES partner_programmes(id),
    done_on        TEXT NOT NULL,
    body           TEXT NOT NULL,
    waste_grams    INTEGER NOT NULL DEFAULT 0,
    people_reached INTEGER NOT NULL DEFAULT 0,
    trees_planted  INTEGER NOT NULL DEFAULT 0,
    created_at     INTEGER NOT NULL
);
CREATE INDEX partner_activities_org ON partner_activities(org_id, done_on);

-- A complaint passed to a partner: the agency stays responsible, the partner helps.
CREATE TABLE partner_reports (
    org_id      INTEGER NOT NULL REFERENCES partner_orgs(id),
    report_code TEXT NOT NULL,
    -- assigned, done
    status      TEXT NOT NULL DEFAULT 'assigned',
    assigned_by INTEGER NOT NULL REFERENCES users(id),
    assigned_at INTEGER NOT NULL,
    done_at     INTEGER,
    PRIMARY KEY (org_id, report_code)
);

CREATE TABLE waste_customers (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    org_id     INTEGER NOT NULL REFERENCES partner_orgs(id),
    user_id    INTEGER NOT NULL REFERENCES users(id),
    member_no  TEXT NOT NULL UNIQUE,
    full_name  TEXT NOT NULL,
    address    TEXT NOT NULL,
    rt         TEXT NOT NULL,
    rw         TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    UNIQUE (org_id, user_id)
);
CREATE INDEX waste_customers_user ON waste_customers(user_id);

-- Weights in grams per kind; the value in rupiah.
CREATE TABLE waste_deposits (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    customer_id    INTEGER NOT NULL REFERENCES waste_customers(id),
    deposited_on   TEXT NOT NULL,
    plastik_grams  INTEGER NOT NULL DEFAULT 0,
    kertas_grams   INTEGER NOT NULL DEFAULT 0,
    logam_grams    INTEGER NOT NULL DEFAULT 0,
    kaca_grams     INTEGER NOT NULL DEFAULT 0,
    organik_grams  INTEGER NOT NULL DEFAULT 0,
    value_rupiah   INTEGER NOT NULL,
    recorded_by    INTEGER NOT NULL REFERENCES users(id),
    created_at     INTEGER NOT NULL
);
CREATE INDEX waste_deposits_customer ON waste_deposits(customer_id, deposited_on);

-- A report's history names the organisation that wrote a partner's step.
ALTER TABLE report_events ADD COLUMN actor_label TEXT;

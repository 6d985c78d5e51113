-- Payments (issue 15): bills with their billing codes, tax objects imported from the tax
-- agencies, the payments received for bills (by QRIS, virtual account, at a counter or found
-- in a bank statement) and refunds. Amounts are whole rupiah.

-- A tax object of the region: a PBB-P2 land and building object by its NOP (18 digits), or a
-- vehicle by its plate number (letters and digits, no spaces). Imported from the tax agency.
CREATE TABLE tax_objects (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    kind          TEXT NOT NULL,
    object_number TEXT NOT NULL,
    agency_id     TEXT NOT NULL,
    owner_name    TEXT NOT NULL,
    citizen_id    INTEGER REFERENCES users(id),
    description   TEXT NOT NULL,
    updated_at    INTEGER NOT NULL,
    UNIQUE (kind, object_number)
);

-- A bill: what someone owes for an application's fee, an officer's levy or a tax object's
-- period. `code` is the billing code (digits, with a Luhn check digit); it expires at
-- `expires_at`. `resume_status` and `paused_at`: the application state to return to once paid,
-- and when its time limit stopped.
CREATE TABLE bills (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    code           TEXT NOT NULL UNIQUE,
    kind           TEXT NOT NULL,
    revenue_type   TEXT NOT NULL,
    agency_id      TEXT NOT NULL,
    citizen_id     INTEGER REFERENCES users(id),
    application_id INTEGER REFERENCES applications(id),
    tax_object_id  INTEGER REFERENCES tax_objects(id),
    period         TEXT,
    description    TEXT NOT NULL,
    basis          TEXT,
    amount_idr     INTEGER NOT NULL CHECK (amount_idr > 0),
    due_date       TEXT NOT NULL,
    expires_at     INTEGER NOT NULL,
    status         TEXT NOT NULL,
    resume_status  TEXT,
    paused_at      INTEGER,
    paid_at        INTEGER,
    reminded_due   INTEGER NOT NULL DEFAULT 0,
    reminded_expiry INTEGER NOT NULL DEFAULT 0,
    created_by     INTEGER REFERENCES users(id),
    created_at     INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL
);
CREATE INDEX bills_citizen ON bills(citizen_id, created_at);
CREATE INDEX bills_application ON bills(application_id);
CREATE INDEX bills_status_expiry ON bills(status, expires_at);
CREATE UNIQUE INDEX bills_tax_period ON bills(tax_object_id, period) WHERE tax_object_id IS NOT NULL AND status <> 'cancelled';

-- Money received. `provider` + `provider_ref` identify it once (a gateway's transaction id, a
-- statement line, a counter receipt): the same notification twice changes nothing.
-- `status`: settled (it paid its bill), double (its bill was already paid), unmatched (no bill
-- fits: wrong amount, unknown or expired code), assigned (a treasurer matched it to a bill),
-- refunded. Double and unmatched payments wait in the treasurer's queue.
CREATE TABLE payments (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    bill_id        INTEGER REFERENCES bills(id),
    bill_code      TEXT,
    channel        TEXT NOT NULL,
    provider       TEXT NOT NULL,
    provider_ref   TEXT NOT NULL,
    amount_idr     INTEGER NOT NULL,
    paid_at        INTEGER NOT NULL,
    received_at    INTEGER NOT NULL,
    status         TEXT NOT NULL,
    receipt_number TEXT UNIQUE,
    receipt_signature TEXT,
    recorded_by    INTEGER REFERENCES users(id),
    note           TEXT,
    reconciled_at  INTEGER,
    decided_by     INTEGER REFERENCES users(id),
    decided_at     INTEGER,
    UNIQUE (provider, provider_ref)
);
CREATE INDEX payments_bill ON payments(bill_id);
CREATE INDEX payments_status ON payments(status, received_at);
CREATE INDEX payments_paid_at ON payments(paid_at);

CREATE TABLE refunds (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    payment_id  INTEGER NOT NULL UNIQUE REFERENCES payments(id),
    amount_idr  INTEGER NOT NULL CHECK (amount_idr > 0),
    reason      TEXT NOT NULL,
    decided_by  INTEGER REFERENCES users(id),
    decided_at  INTEGER NOT NULL
);

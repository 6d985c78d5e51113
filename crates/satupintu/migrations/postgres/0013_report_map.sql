-- The public map (`GET /api/v1/reports?bbox=…`, newest first): every report with a place gets its
-- cell of a tenth of a degree (about 11 km; row * 4000 + column from the south-west corner of the
-- world, computed exactly as `reports::store` computes it), and public reports are indexed by cell
-- and time, so a city's newest reports are read a few cells at a time instead of sorting every
-- report in its box; and by cell and category, and by cell and status, so that a rare filter does
-- not walk a whole city. Public reports are also indexed by time alone, for a list without a box
-- or with a box too big for cells.
ALTER TABLE reports ADD COLUMN cell BIGINT GENERATED ALWAYS AS
    (CAST(floor((lat + 90) * 10) AS BIGINT) * 4000 + CAST(floor((lon + 180) * 10) AS BIGINT)) STORED;
CREATE INDEX reports_map ON reports(cell, created_at, id) WHERE privacy <> 'confidential' AND hidden = 0;
CREATE INDEX reports_map_category ON reports(cell, category, created_at, id)
    WHERE privacy <> 'confidential' AND hidden = 0;
CREATE INDEX reports_map_status ON reports(cell, status, created_at, id) WHERE privacy <> 'confidential' AND hidden = 0;
CREATE INDEX reports_public_recent ON reports(created_at, id) WHERE privacy <> 'confidential' AND hidden = 0;

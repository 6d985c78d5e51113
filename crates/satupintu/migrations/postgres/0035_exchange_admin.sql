-- Exchange administration (issue 12): a purpose can be retired from /kelola/pertukaran-data.
-- A retired purpose stays (the log and the consent record refer to it) but no query is served
-- for it and citizens no longer see it as one they can consent to.
ALTER TABLE exchange_purposes ADD COLUMN retired_at BIGINT;

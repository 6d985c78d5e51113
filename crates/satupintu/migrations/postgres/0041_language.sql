-- Regional languages (issue 13): the interface language a person chose with `?lang=`
-- (id, en, jv or su), remembered for every device they sign in on. NULL: not chosen yet.
ALTER TABLE users ADD COLUMN lang TEXT;

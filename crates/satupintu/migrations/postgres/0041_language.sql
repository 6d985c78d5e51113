-- Regional languages (issue 13): `users.lang` (id, en, jv or su; notifications are written in
-- it) becomes the person's own choice once they pick a language with `?lang=`; from then on it
-- is the interface language on every device they sign in on. NULL here: never chosen, so the
-- device's cookie or the browser's preference decides.
ALTER TABLE users ADD COLUMN lang_chosen_at BIGINT;

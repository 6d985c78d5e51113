site-description = SatuPintu: every public service through one door. Find a service, read its official standard and apply.
skip-to-content = Skip to main content
lang-switch-label = Language
lang-choose = Choose a language
nav-label = Main menu
nav-home = Home
nav-services = All services
nav-agencies = Agencies
nav-manage = Manage services
nav-account = My account
nav-login = Sign in
nav-register = Register
notice-success = Success
footer-links = Links
footer-about = SatuPintu is open-source software for integrated public services. Your personal data is protected under Law No. 27 of 2022.
breadcrumbs = Breadcrumbs
warning = Warning
error-summary-title = There is a problem
error-prefix = Error:
error-home-link = Back to the home page
error-status = Status code
status-400 = The request could not be processed
status-401 = Please sign in
status-403 = Access denied
status-404 = Page not found
status-405 = Method not allowed
status-409 = Conflict
status-413 = File too large
status-422 = Some answers need correcting
status-429 = Too many attempts
status-500 = Something went wrong
status-503 = Service unavailable
search-label = Search for a service
search-hint = Use your own words, for example "birth certificate" or "renew driving licence".
search-button = Search
search-title = Search for a service
search-title-q = Search results for "{ $q }"
search-count = { $count ->
    [0] No matching services
    [one] 1 service found
   *[other] { $count } services found
}
search-none = Try other words, or browse
home-title = Public services through one door
home-heading = Every public service, one door
home-lead = Find a service, read its requirements, fee and time limit, and get it done without queuing at several offices.
home-categories = Browse by category
home-popular = Popular services
home-all-services = See all { $count } services
home-all-agencies = { $count } agencies
service-count = { $count ->
    [one] 1 service
   *[other] { $count } services
}
cli-migrated = The database is up to date.
cli-import-invalid = The catalogue was not imported because of these problems (nothing was changed):
cli-bad-role = Unknown role. Choose: citizen, officer, supervisor, agency_admin, auditor, super_admin.
cli-user-created = Account created
cli-user-totp = This role must use two-step verification (TOTP); it is set up at the first sign-in.
cli-docverify-signature = The platform's signature over the document's content
cli-docverify-entry = The document's record in the ledger
cli-docverify-inclusion = The record's inclusion proof in the checkpoint
cli-docverify-checkpoint = The checkpoint's signature by the ledger key
cli-docverify-fail-tag = FAILED
cli-docverify-ok = Document { $number } is authentic and recorded in the ledger.
cli-docverify-failed = Document { $number } is NOT verified.
cli-docverify-missing = This file carries no SatuPintu verification data (the "Verification data" page).
cli-docverify-damaged = The verification data in this file is damaged

## Proactive notices (issue 10)

pro-title = Proactive notices
pro-flash-saved = Changes saved.
pro-flash-added = Added.
pro-flash-deleted = Deleted.
pro-account-links = Proactive service

pro-consent-title = Proactive notices
pro-consent-intro = SatuPintu can remind you before you need to ask: documents about to expire, a child turning 17 who needs a KTP-el, and services you are likely eligible for. Notices are only sent with your consent.
pro-consent-legend = I agree to be told about
pro-consent-default = Every choice is off until you tick it. Untick at any time to stop; it takes effect at once.
pro-consent-expiry = Documents about to expire
pro-consent-expiry-hint = Driving licences, passports, STNK, permits and documents issued by SatuPintu: 60, 30 and 7 days before they expire, each once.
pro-consent-ktp17 = Family members turning 17 (KTP-el)
pro-consent-ktp17-hint = Once per child, 30 days before the 17th birthday, with a link to the new KTP-el service.
pro-consent-services = Services I am likely eligible for
pro-consent-services-hint = At most once a year per service, based on your age, family and past applications.
pro-channels-title = Through which channels?
pro-channels-text = Notices go out through the channels you chose in your notification settings (e-mail, SMS/WhatsApp, device notifications). No other channel.
pro-channels-now = Your channels now:
pro-channels-none = No channel is on at the moment, so notices would not reach you. Turn on at least one channel.
pro-channels-link = Choose notification channels
pro-stop-text = To stop, untick above and save. Notices not yet sent are cancelled at once. Every e-mail also links to this page.
pro-more-title = Data used
pro-history-title = Consent history
pro-history-none = No consent changes yet.
pro-history-when = When
pro-history-what = Change
pro-history-given = Given: { $kind }
pro-history-withdrawn = Withdrawn: { $kind }

pro-docs-title = My documents
pro-docs-intro = Record your documents and their expiry dates so we can remind you in time. The document number is optional; only its last four characters are kept.
pro-docs-not-watched = You have not agreed to document reminders, so these documents are not watched yet.
pro-docs-none = No documents recorded yet.
pro-doc-sim-a = Driving licence A (car)
pro-doc-sim-b = Driving licence B (truck, bus)
pro-doc-sim-c = Driving licence C (motorcycle)
pro-doc-paspor = Passport
pro-doc-stnk = STNK (annual endorsement)
pro-doc-izin-usaha = Business permit
pro-doc-izin-reklame = Advertisement permit
pro-doc-izin-praktik = Practice licence (SIP)
pro-doc-lainnya = Other document
pro-doc-number = Number
pro-doc-expires = Valid until
pro-doc-status = Status
pro-doc-renew = Renew
pro-doc-edit = Edit
pro-doc-valid = Valid
pro-doc-expired = Expired
pro-doc-days-left = { $days ->
    [0] Expires today
    [one] 1 day left
   *[other] { $days } days left
}
pro-doc-add-title = Add a document
pro-doc-add = Add document
pro-doc-kind = Kind of document
pro-doc-kind-choose = Choose a kind of document
pro-doc-label = Document name (optional)
pro-doc-label-hint = For example: motorcycle licence, child's passport.
pro-doc-number-label = Document number (optional)
pro-doc-number-hint = Only the last four characters are kept, to tell documents apart.
pro-doc-expires-hint = The expiry date, for example 2027-05-31.
pro-doc-edit-title = Edit document
pro-doc-number-kept = Stored number: ••••{ $tail }. Leave the number empty to keep it.
pro-doc-delete = Delete this document

pro-family-title = My family
pro-family-intro = Family members are used to remind you of the KTP-el when a child turns 17 and to suggest services (birth certificate, child ID card, school admission). Give a NIK (the birth date is read from it) or a birth date. A NIK is only kept masked.
pro-family-none = No family members recorded yet.
pro-member-on-kk = On the same family card (KK) as you
pro-member-age = { $years ->
    [one] 1 year old
   *[other] { $years } years old
}
pro-member-born = Birth date
pro-member-ktp-soon = It is time to get a KTP-el.
pro-member-ktp-link = Apply for a new KTP-el
pro-member-delete = Remove
pro-member-add-title = Add a family member
pro-member-name = Name
pro-member-nik = Family member's NIK (optional)
pro-member-nik-hint = 16 digits. The birth date is taken from the NIK (for women the day has 40 added).
pro-member-birth = Birth date (when no NIK is given)
pro-member-birth-hint = For example 2009-12-15.
pro-member-add = Add family member

pro-suggestions-title = Services for you
pro-suggestions-intro = Services you are likely eligible for, based on your account. These are suggestions only; each service page lists its full requirements.
pro-suggestions-none = There are no suggestions for you at the moment.
pro-why = Why am I seeing this?
pro-suggestions-notified = You are also notified of new suggestions.
pro-suggestions-not-notified = These suggestions are only shown here; you are not notified of them.

pro-rule-ktp17 = A member of your family is turning or has just turned 17 and needs a KTP-el.
pro-rule-ktp17-why = A member of your family turns 17 within 30 days or has just turned 17. Every resident must have a KTP-el from the age of 17.
pro-rule-newborn = The baby in your family needs a birth certificate.
pro-rule-newborn-why = A member of your family is under 1 year old. A birth is reported within 60 days to get the birth certificate.
pro-rule-kia = Children under 17 can have a Child Identity Card.
pro-rule-kia-why = A member of your family is under 17. The KIA is a child's official identity card until they get a KTP-el.
pro-rule-school = School-age children can apply to public schools.
pro-rule-school-why = A member of your family is 5 to 15 years old. Public school admission (SPMB) opens every year for primary, junior and senior high schools.
pro-rule-sim = You have not recorded a driving licence.
pro-rule-sim-why = You are 17 or older and have not recorded a driving licence under My documents. Driving requires a licence.
pro-rule-jobseeker = The Yellow Card helps when applying for jobs.
pro-rule-jobseeker-why = You are 18 to 25 years old. The Job Seeker Card (AK/1) is often asked for in job applications.
pro-rule-elderly = Older residents can be proposed for social assistance.
pro-rule-elderly-why = You are 60 or older. Older residents are among those who can be proposed for the social assistance register (DTSEN).
pro-rule-business-npwp = Your business needs a taxpayer number (NPWP).
pro-rule-business-npwp-why = You applied for an NIB. Businesses usually also need an NPWP.
pro-rule-business-ads = Your business sign may need an advertisement permit.
pro-rule-business-ads-why = You applied for an NIB. A business sign or banner may need an advertisement permit.
pro-rule-business-building = Business premises need a Building Approval.
pro-rule-business-building-why = You applied for an NIB. Building or altering business premises needs a PBG.

field-pro-doc-kind = Choose a kind of document from the list
field-pro-doc-label = The document name can have at most 80 characters
field-pro-doc-number = The document number can have at most 30 letters and digits
field-pro-doc-date = Enter the expiry date as YYYY-MM-DD, for example 2027-05-31
field-pro-doc-date-range = The expiry date must be between a year ago and 20 years ahead
field-pro-member-name = Enter a name of 2 to 100 characters
field-pro-member-birth = Enter a real birth date (YYYY-MM-DD), not in the future
field-pro-member-nik-or-birth = Enter the family member's NIK or birth date
field-pro-consent-kind = Choose a kind of notice from the list

notify-pro-expiry-subject = { $label } is about to expire
notify-pro-expiry-body = Your { $label } is valid until { $date }. Apply for renewal before then.
notify-pro-ktp17-subject = { $name } needs a KTP-el
notify-pro-ktp17-body = { $name } turns 17 on { $date } and must have a KTP-el. Apply for a new KTP-el through the link below.
notify-pro-service-subject = Services for you on SatuPintu
notify-pro-service-body = { $label } See why on the Services for you page.

## Open data: the catalogue, datasets, publishing, statistics, agency performance.

od-list-title = Open data
od-list-intro = Data published by government agencies and SatuPintu's public service statistics, free to download and reuse under their licences.
od-search = Search data
od-search-button = Show
od-filter-organization = Agency
od-filter-theme = Theme
od-filter-format = Format
od-filter-all = All
od-count = { $count ->
    [0] No matching data
    [one] 1 dataset
   *[other] { $count } datasets
}
od-none = No datasets yet.
od-automatic = Automatic statistics
od-modified = Updated
od-pages = Result pages
od-prev = Previous
od-next = Next
od-page-of = Page { $page }
od-machine = For machines
od-dcat-link = DCAT catalogue (JSON-LD)
od-ckan-link = CKAN API (JSON)
od-back = Back to all data
od-metadata = About this data
od-publisher = Publisher
od-license = Licence
od-themes = Themes
od-keywords = Keywords
od-temporal = Time covered
od-spatial = Area covered
od-frequency = Update frequency
od-issued = Published
od-rows = { $count ->
    [one] 1 row
   *[other] { $count } rows
}
od-download-csv = Download CSV
od-download-json = Download JSON
od-preview = Preview
od-preview-rows = { $count ->
    [one] first row
   *[other] first { $count } rows
}

od-admin-title = Publish open data
od-admin-intro = Upload a CSV file (UTF-8, first row holds the column names) or JSON (a list of objects) with its description. The same name updates your dataset.
od-name = Dataset name (for the address)
od-name-hint = Lower-case letters, digits, - or _, for example population-2026.
od-title = Title
od-notes = Description
od-keywords-hint = Separate with commas.
od-temporal-start = Time covered: from
od-temporal-end = Time covered: to
od-spatial-hint = Kemendagri region code: 2 digits for a province, 4 for a regency/city, 6 for a district, for example 3578.
od-file = Data file
od-file-hint = CSV or JSON, at most 2 MB.
od-publish = Publish
od-admin-mine = Published datasets
od-stats-title = Automatic statistics
od-stats-intro = Statistics of applications, complaints and queues are regenerated every day. This button does it now.
od-stats-button = Regenerate statistics now
od-stats-done = { $count ->
    [0] Statistics are up to date; nothing changed.
    [one] 1 statistics dataset updated.
   *[other] { $count } statistics datasets updated.
}

od-field-name = Enter a name of 2–100 characters: lower-case letters, digits, - or _.
od-field-name-taken = Another agency already uses this name. Choose another.
od-field-title = Enter a title (at most 200 characters).
od-field-notes = Enter a description (at most 5,000 characters).
od-field-license = Choose a licence.
od-field-themes = Choose at least one theme.
od-field-keywords = At most 20 keywords, each at most 50 characters.
od-field-temporal = Enter real dates; the start may not be after the end.
od-field-spatial = Unknown region code.
od-field-frequency = Choose an update frequency.
od-field-publisher = Choose the publishing agency.
od-field-file = Choose a CSV or JSON file.

od-csv-too-large = The file is too large (at most 2 MB).
od-csv-not-utf8 = The file is not UTF-8 text. Save it again as CSV UTF-8.
od-csv-quote = Unmatched quotation mark on line { $line }.
od-csv-columns = Line { $line } does not have as many columns as the header row.
od-csv-empty = The file is empty.
od-csv-header = Every column needs a different name in the first row.
od-csv-cell = A cell is too long (at most 2,000 characters).
od-csv-rows = Too many rows (at most 50,000).
od-csv-too-many-columns = Too many columns (at most 100).
od-json-shape = JSON must be a list of objects with text or number values (problem at item { $line }).

od-theme-kependudukan = Population
od-theme-kependudukan-desc = Population size and distribution, births, deaths, migration.
od-theme-infrastruktur = Infrastructure
od-theme-infrastruktur-desc = Roads, bridges, drainage, clean water, street lighting.
od-theme-kesehatan = Health
od-theme-kesehatan-desc = Health facilities and services, immunisation, mother and child health.
od-theme-keuangan = Finance
od-theme-keuangan-desc = Budget, revenue, regional spending.
od-theme-pendidikan = Education
od-theme-pendidikan-desc = Schools, pupils, teachers, enrolment rates.
od-theme-lingkungan = Environment
od-theme-lingkungan-desc = Waste, air and water quality, green space.
od-theme-pelayanan-publik = Public services
od-theme-pelayanan-publik-desc = Applications, complaints, queues and service performance.
od-theme-sosial = Social
od-theme-sosial-desc = Social assistance, welfare, employment.

od-freq-daily = Daily
od-freq-weekly = Weekly
od-freq-monthly = Monthly
od-freq-quarterly = Quarterly
od-freq-annual = Yearly
od-freq-irreg = Irregular
od-freq-never = Not updated

od-perf-link = This agency's service performance

# Budget transparency (regional budget).
nav-budget = Budget
budget-title = Regional budget
budget-intro = Where public money goes: the plan (pagu) and realised spending of every agency, by programme, activity and account code.
budget-year = Fiscal year
budget-show = Show
budget-none = No budget has been published yet.
budget-plan = Plan
budget-realised = Realised
budget-agency = Agency
budget-by-agency = Plan and realisation by agency
budget-by-agency-table = Plan and realisation by agency (the figures of the chart above)
budget-chart-agencies = Plan and realisation by agency, { $year }
budget-chart-agencies-desc = Horizontal bar chart: for each agency the first bar is the plan and the second the realisation. The full figures are in the table below it.
budget-by-month = Monthly realisation
budget-by-month-table = Realisation by month, cumulative, and the planned pace (the figures of the chart above)
budget-chart-months = Cumulative realisation against the planned pace, { $year }
budget-chart-months-desc = Line chart: the dashed line is the cumulative realisation month by month, the solid line the plan spread evenly over the months. The full figures are in the table below it.
budget-month = Month
budget-cumulative = Cumulative realisation
budget-planned-pace = Planned pace
budget-downloads = Download the data
budget-download-csv = Budget { $year } (CSV)
budget-download-json = Budget { $year } (JSON)
budget-api = Budget API (JSON)
budget-back = Back to the budget
budget-programme = Programme
budget-activity = Activity
budget-account = Account code
budget-ledger = Ledger
budget-ledger-ok = Matches the ledger
budget-ledger-changed = Changed since import
budget-warning = Warning
budget-changed = { $count ->
    [one] 1 budget line no longer matches its record in the transparency ledger: this data was changed after it was published.
   *[other] { $count } budget lines no longer match their records in the transparency ledger: this data was changed after it was published.
}
budget-import-title = Import a budget
budget-import-intro = Upload a CSV file (the first row names the columns) or satupintu.budget/v1 JSON. The whole file is checked first: if there is any problem, nothing changes. The budget of each year and agency in the file is replaced as a whole, and every line is recorded in the transparency ledger.
budget-import-file = Budget file
budget-import-hint = CSV with the columns fiscal_year, agency, programme_code, programme_name, activity_code, activity_name, account_code, account_name, plan, real_01 … real_12; or satupintu.budget/v1 JSON.
budget-import-submit = Import
budget-import-done = Budget imported
budget-import-lines = { $count ->
    [one] 1 budget line
   *[other] { $count } budget lines
}
budget-import-problems = The file was not imported. Fix these problems:
budget-err-empty = The file holds no budget lines.
budget-err-too-many = Too many lines in one file.
budget-err-json = The JSON cannot be read.
budget-err-format = The format must be satupintu.budget/v1.
budget-err-csv = The CSV cannot be read (unbalanced quotes).
budget-err-column = A required column is missing from the header row.
budget-err-number = Must be a whole number.
budget-err-year = The fiscal year is not valid.
budget-err-agency = The agency is not in the catalogue.
budget-err-code = Codes may hold only letters, digits, dots and hyphens.
budget-err-account = The account code must be numbers separated by dots, for example 5.1.02.01.01.0024.
budget-err-name = A name is required (at most 300 characters).
budget-err-amount = The rupiah amount is not valid (it may not be negative).
budget-err-months = Realisation covers at most 12 months.
budget-err-duplicate = This account code already appears for the same activity in this file.
budget-err-not-your-agency = You can only import your own agency's budget.

## Public information portal
nav-open = Open government
open-title = Open government
open-intro = Where public money goes, the rules in force, data anyone may reuse, and how to take part in decisions.
open-budget = Budget
open-budget-summary = Regional budget plans and realisation by agency, programme, activity and account, with charts and downloads.
open-procurement = Procurement
open-procurement-summary = Procurement packages from plan, tender and award to contract and payments, in the Open Contracting Data Standard.
open-regulations = Regulations and policies
open-regulations-summary = Regulations, decrees, circulars and SOPs with every version.
open-data = Open data
open-data-summary = Agencies' datasets and service statistics to download and reuse (CKAN-compatible API).
open-participation = Participation
open-participation-summary = Propose ideas, support other citizens' proposals, comment on draft regulations and vote in participatory budgeting.
open-performance = Agency performance
open-performance-summary = Each agency's speed, accuracy and complaint handling.
open-ledger = Transparency ledger
open-ledger-summary = A record that cannot be silently changed of every decision, document and rupiah, with proofs anyone can check.
open-ledger-size = { $count ->
    [0] The ledger has no entries yet.
    [one] The ledger holds 1 entry.
   *[other] The ledger holds { $count } entries.
}

# Open311 GeoReport v2 (/open311/v2): texts that Open311 clients show to people.
open311-service-notice = The report is passed to the agency that handles it within { $dispatch } working days, and answered within { $response } working days after that.
open311-key-service = API keys (api_key) for sending reports are issued by the platform's administrators. Contact: { $contact }
open311-service-description = Handled by { $agency }.
open311-service-description-coordinator = The complaints coordinator passes it to the right agency.
open311-group-infrastruktur = Infrastructure
open311-group-lingkungan = Environment
open311-group-pelayanan = Public services
open311-group-lainnya = Other
open311-privacy-datatype = One of: public, anonymous, confidential. Default: anonymous.
open311-privacy-description = Who may see the report and who sent it.
open311-region-datatype = A Ministry of Home Affairs region code: 4 digits (regency or city) or 6 digits (district).
open311-region-description = The region where the problem is; required when lat and long are not sent.
cli-api-key-created = API key created (id { $id }). Keep it now: it cannot be shown again.
cli-api-key-revoked = API key revoked.
cli-api-key-not-found = No active API key has that id.

//! What the platform holds about a citizen, as data: the files of the export archive and the
//! tables each comes from ([`EXPORTS`], and [`LEFT_OUT`] for the tables that point at users
//! but hold no citizen's data), the record types with what a deletion does to them and why
//! ([`RECORDS`]), the periods of the retention job ([`RETENTION`]), and the parsed forms.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::web::FieldError;

/// Version of the archive's layout (`manifest.json`).
pub const FORMAT: &str = "satupintu.data-export/v1";

/// Columns never written to the archive, whatever table they are in: secrets and keys.
pub const SECRET_COLUMNS: &[&str] = &[
    "password_hash",
    "totp_secret",
    "token_hash",
    "token",
    "token_sha256",
    "p256dh",
    "auth",
    "endpoint",
    "session_hash",
    "external_key",
    "receipt_hash",
    "idempotency_key",
];

/// One file of the archive: its name (without `.json`), the tables it covers, and the query
/// that reads the citizen's rows (`$1` is the citizen's id). The profile is not here: it is read
/// through the identity store.
pub struct Export {
    pub file: &'static str,
    pub tables: &'static [&'static str],
    pub sql: &'static str,
}

pub const PROFILE_FILE: &str = "profil";

pub const EXPORTS: &[Export] = &[
    Export {
        file: "sesi",
        tables: &["sessions"],
        sql: "SELECT kind, stage, created_at, expires_at FROM sessions WHERE user_id = $1 ORDER BY created_at",
    },
    Export {
        file: "permohonan",
        tables: &["applications"],
        sql: "SELECT * FROM applications WHERE citizen_id = $1 ORDER BY id",
    },
    Export {
        file: "permohonan-riwayat",
        tables: &["application_events"],
        sql: "SELECT e.* FROM application_events e JOIN applications a ON a.id = e.application_id \
              WHERE a.citizen_id = $1 ORDER BY e.id",
    },
    Export {
        file: "permohonan-verifikasi",
        tables: &["application_verifications"],
        sql: "SELECT a.code, v.field, v.item, v.purpose_id, v.provider_member, v.provider_name, v.status, v.code AS reason, \
              v.request_id, v.asked_at, v.created_at FROM application_verifications v \
              JOIN applications a ON a.id = v.application_id WHERE v.citizen_id = $1 ORDER BY v.id",
    },
    Export {
        file: "unggahan",
        tables: &["uploads"],
        sql: "SELECT id, sha256, mime, size, created_at FROM uploads WHERE owner_id = $1 ORDER BY created_at, id",
    },
    Export {
        file: "dokumen-terbit",
        tables: &["documents"],
        sql: "SELECT d.* FROM documents d JOIN applications a ON a.id = d.application_id \
              WHERE a.citizen_id = $1 ORDER BY d.id",
    },
    Export {
        file: "tampilan",
        tables: &["display_settings"],
        sql: "SELECT large_text, high_contrast, low_data, updated_at FROM display_settings WHERE user_id = $1",
    },
    Export {
        file: "akses-data",
        tables: &["data_access_log"],
        sql: "SELECT application_id, reason, at FROM data_access_log WHERE citizen_id = $1 ORDER BY at, id",
    },
    Export { file: "pengaduan", tables: &["reports"], sql: "SELECT * FROM reports WHERE reporter_id = $1 ORDER BY id" },
    Export {
        file: "pengaduan-riwayat",
        tables: &["report_events"],
        sql: "SELECT e.id, e.report_id, e.at, e.action, e.from_status, e.to_status, e.note FROM report_events e \
              JOIN reports r ON r.id = e.report_id WHERE r.reporter_id = $1 AND e.public = 1 ORDER BY e.id",
    },
    Export {
        file: "pengaduan-foto",
        tables: &["report_photos"],
        sql: "SELECT p.id, p.report_id, p.sha256, p.mime, p.size FROM report_photos p \
              JOIN reports r ON r.id = p.report_id WHERE r.reporter_id = $1 ORDER BY p.id",
    },
    Export {
        file: "pengaduan-penilaian",
        tables: &["report_ratings"],
        sql: "SELECT g.* FROM report_ratings g JOIN reports r ON r.id = g.report_id WHERE r.reporter_id = $1 \
              ORDER BY g.report_id",
    },
    Export {
        file: "pengaduan-dukungan",
        tables: &["report_supporters"],
        sql: "SELECT s.report_id, r.code, s.at FROM report_supporters s JOIN reports r ON r.id = s.report_id \
              WHERE s.user_id = $1 ORDER BY s.at",
    },
    Export {
        file: "notifikasi",
        tables: &["outbox"],
        sql: "SELECT id, kind, channel, payload_json, created_at, delivered_at FROM outbox WHERE recipient_id = $1 \
              ORDER BY id",
    },
    Export {
        file: "notifikasi-pengaturan",
        tables: &["notification_prefs"],
        sql: "SELECT email, webhook, push FROM notification_prefs WHERE user_id = $1",
    },
    Export {
        file: "perangkat-push",
        tables: &["push_subscriptions"],
        sql: "SELECT id, created_at FROM push_subscriptions WHERE user_id = $1 ORDER BY id",
    },
    Export {
        file: "asisten-percakapan",
        tables: &["assistant_conversations"],
        sql: "SELECT id, channel, lang, status, agency_id, handoff_at, created_at, updated_at \
              FROM assistant_conversations WHERE user_id = $1 ORDER BY created_at",
    },
    Export {
        file: "asisten-pesan",
        tables: &["assistant_messages"],
        sql: "SELECT m.id, m.conversation_id, m.author, m.text, m.intent, m.service_id, m.created_at \
              FROM assistant_messages m JOIN assistant_conversations c ON c.id = m.conversation_id \
              WHERE c.user_id = $1 ORDER BY m.id",
    },
    Export { file: "janji-temu", tables: &["bookings"], sql: "SELECT * FROM bookings WHERE user_id = $1 ORDER BY id" },
    Export {
        file: "antrean",
        tables: &["tickets"],
        sql: "SELECT t.* FROM tickets t JOIN bookings b ON b.id = t.booking_id WHERE b.user_id = $1 ORDER BY t.id",
    },
    Export {
        file: "telekonsultasi",
        tables: &["consultations"],
        sql: "SELECT c.* FROM consultations c JOIN bookings b ON b.id = c.booking_id WHERE b.user_id = $1 \
              ORDER BY c.booking_id",
    },
    Export {
        file: "telekonsultasi-pesan",
        tables: &["consultation_messages"],
        sql: "SELECT m.* FROM consultation_messages m JOIN bookings b ON b.id = m.booking_id WHERE b.user_id = $1 \
              ORDER BY m.id",
    },
    Export {
        file: "resep",
        tables: &["prescriptions"],
        sql: "SELECT p.* FROM prescriptions p JOIN bookings b ON b.id = p.booking_id WHERE b.user_id = $1 \
              ORDER BY p.id",
    },
    Export {
        file: "akses-data-kesehatan",
        tables: &["health_access_log"],
        sql: "SELECT * FROM health_access_log WHERE patient_id = $1 ORDER BY id",
    },
    Export {
        file: "survei-undangan",
        tables: &["skm_invitations"],
        sql: "SELECT * FROM skm_invitations WHERE citizen_id = $1 ORDER BY id",
    },
    Export {
        file: "survei-jawaban",
        tables: &["skm_responses"],
        sql: "SELECT s.* FROM skm_responses s JOIN skm_invitations i ON i.id = s.invitation_id \
              WHERE i.citizen_id = $1 ORDER BY s.id",
    },
    Export {
        file: "partisipasi-gagasan",
        tables: &["part_ideas"],
        sql: "SELECT * FROM part_ideas WHERE author_id = $1 ORDER BY id",
    },
    Export {
        file: "partisipasi-dukungan",
        tables: &["part_supports"],
        sql: "SELECT * FROM part_supports WHERE user_id = $1",
    },
    Export {
        file: "partisipasi-komentar",
        tables: &["part_comments"],
        sql: "SELECT * FROM part_comments WHERE author_id = $1 ORDER BY id",
    },
    Export {
        file: "partisipasi-laporan",
        tables: &["part_reports"],
        sql: "SELECT * FROM part_reports WHERE reporter_id = $1",
    },
    Export {
        file: "partisipasi-usulan-anggaran",
        tables: &["part_pb_projects"],
        sql: "SELECT * FROM part_pb_projects WHERE author_id = $1 ORDER BY id",
    },
    Export {
        file: "partisipasi-pemilih",
        tables: &["part_pb_voters", "part_poll_voters"],
        sql: "SELECT 'anggaran' AS kind, process_id AS item_id FROM part_pb_voters WHERE user_id = $1 \
              UNION ALL SELECT 'jajak' AS kind, poll_id AS item_id FROM part_poll_voters WHERE user_id = $1",
    },
    Export {
        file: "partisipasi-komentar-pasal",
        tables: &["part_paragraph_comments"],
        sql: "SELECT * FROM part_paragraph_comments WHERE author_id = $1 ORDER BY id",
    },
    Export {
        file: "proaktif-persetujuan",
        tables: &["proactive_consents", "proactive_consent_log"],
        sql: "SELECT 'current' AS entry, kind, granted, updated_at AS at FROM proactive_consents WHERE user_id = $1 \
              UNION ALL SELECT 'change' AS entry, kind, granted, created_at AS at FROM proactive_consent_log \
              WHERE user_id = $1",
    },
    Export {
        file: "proaktif-dokumen",
        tables: &["proactive_documents"],
        sql: "SELECT * FROM proactive_documents WHERE user_id = $1 ORDER BY id",
    },
    Export {
        file: "proaktif-keluarga",
        tables: &["proactive_family"],
        sql: "SELECT * FROM proactive_family WHERE user_id = $1 ORDER BY id",
    },
    Export {
        file: "proaktif-terkirim",
        tables: &["proactive_sent"],
        sql: "SELECT kind, created_at FROM proactive_sent WHERE user_id = $1 ORDER BY created_at",
    },
    Export {
        file: "persetujuan-pertukaran",
        tables: &["exchange_consents"],
        sql: "SELECT purpose_id, granted, updated_at FROM exchange_consents WHERE user_id = $1 ORDER BY purpose_id",
    },
    Export {
        file: "persetujuan-pertukaran-riwayat",
        tables: &["exchange_consent_log"],
        sql: "SELECT purpose_id, granted, created_at FROM exchange_consent_log WHERE user_id = $1 ORDER BY id",
    },
    Export {
        file: "akses-pertukaran",
        tables: &["exchange_log"],
        sql: "SELECT direction, request_id, client_member, client_subsystem, service_member, item, purpose_id, basis, \
              basis_ref, outcome, answer, issued_at, created_at FROM exchange_log WHERE subject_user_id = $1 ORDER BY id",
    },
    Export {
        file: "identitas-digital",
        tables: &["oidc_identities"],
        sql: "SELECT issuer, subject, linked_at FROM oidc_identities WHERE user_id = $1 ORDER BY linked_at",
    },
    Export {
        file: "pendampingan",
        tables: &["assisted_sessions"],
        sql: "SELECT s.id, s.assistant_kind, s.agency_id, u.full_name AS assistant_name, s.place, s.consent_method, \
              s.consent_version, s.scope, s.registered, s.started_at, s.expires_at, s.ended_at, s.end_reason \
              FROM assisted_sessions s JOIN users u ON u.id = s.assistant_id WHERE s.citizen_id = $1 ORDER BY s.id",
    },
    Export {
        file: "pendampingan-tindakan",
        tables: &["assisted_acts"],
        sql: "SELECT a.session_id, a.kind, a.reference, a.at FROM assisted_acts a \
              JOIN assisted_sessions s ON s.id = a.session_id WHERE s.citizen_id = $1 ORDER BY a.id",
    },
    Export {
        file: "relawan",
        tables: &["assisted_volunteers"],
        sql: "SELECT agency_id, active, appointed_at, deactivated_at FROM assisted_volunteers WHERE user_id = $1 \
              ORDER BY id",
    },
    Export {
        file: "permintaan-data",
        tables: &["privacy_requests"],
        sql: "SELECT id, kind, field, problem, correct_value, status, reason, outcome_json, created_at, decided_at \
              FROM privacy_requests WHERE user_id = $1 ORDER BY id",
    },
    Export {
        file: "mitra-keanggotaan",
        tables: &["partner_members"],
        sql: "SELECT o.slug, o.name, m.role, m.created_at FROM partner_members m \
              JOIN partner_orgs o ON o.id = m.org_id WHERE m.user_id = $1 ORDER BY m.created_at",
    },
    Export {
        file: "bank-sampah-nasabah",
        tables: &["waste_customers"],
        sql: "SELECT o.name AS bank, c.member_no, c.full_name, c.address, c.rt, c.rw, c.created_at \
              FROM waste_customers c JOIN partner_orgs o ON o.id = c.org_id WHERE c.user_id = $1 ORDER BY c.id",
    },
    Export {
        file: "bank-sampah-setoran",
        tables: &["waste_deposits"],
        sql: "SELECT c.member_no, d.deposited_on, d.plastik_grams, d.kertas_grams, d.logam_grams, d.kaca_grams, \
              d.organik_grams, d.value_rupiah, d.created_at FROM waste_deposits d \
              JOIN waste_customers c ON c.id = d.customer_id WHERE c.user_id = $1 ORDER BY d.id",
    },
    Export {
        file: "angkut-sampah",
        tables: &["green_pickups"],
        sql: "SELECT * FROM green_pickups WHERE user_id = $1 ORDER BY id",
    },
    Export {
        file: "langganan-pengumuman",
        tables: &["announcement_subscriptions"],
        sql: "SELECT agency_id, created_at FROM announcement_subscriptions WHERE user_id = $1 ORDER BY agency_id",
    },
    Export {
        file: "tagihan",
        tables: &["bills"],
        sql: "SELECT code, kind, revenue_type, agency_id, period, description, amount_idr, due_date, expires_at, \
              status, paid_at, created_at FROM bills WHERE citizen_id = $1 ORDER BY id",
    },
    Export {
        file: "pembayaran",
        tables: &["payments", "refunds"],
        sql: "SELECT b.code AS bill, p.channel, p.amount_idr, p.paid_at, p.status, p.receipt_number, \
              r.amount_idr AS refunded_idr, r.decided_at AS refunded_at FROM payments p \
              JOIN bills b ON b.id = p.bill_id LEFT JOIN refunds r ON r.payment_id = p.id \
              WHERE b.citizen_id = $1 ORDER BY p.id",
    },
    Export {
        file: "objek-pajak",
        tables: &["tax_objects"],
        sql: "SELECT kind, object_number, agency_id, owner_name, description, updated_at FROM tax_objects \
              WHERE citizen_id = $1 ORDER BY id",
    },
    Export {
        file: "acara",
        tables: &["event_registrations"],
        sql: "SELECT e.slug, e.title, e.starts_at, r.status, r.queued_at, r.created_at, r.updated_at \
              FROM event_registrations r JOIN events e ON e.id = r.event_id WHERE r.user_id = $1 ORDER BY r.id",
    },
];

/// Tables that point at `users` but are not in the archive, and why. The completeness test
/// fails for any table with a reference to users that is in neither list.
pub const LEFT_OUT: &[(&str, &str)] = &[
    ("users", "read through the identity store into profil.json"),
    ("service_versions", "staff work: who edited a service standard"),
    ("practitioners", "staff accounts of health workers"),
    ("part_moderation", "staff work: moderation of contributions"),
    ("part_accountability_updates", "staff work: progress updates of projects"),
    ("part_consultations", "staff work: consultations opened by an agency"),
    ("iot_on_duty", "staff work: the on-call roster of IoT responders"),
    ("partner_orgs", "staff work: who verified an organisation (its applicant is in partner_members)"),
    ("partner_reports", "staff work: who passed a report to a partner (the report is exported with reports)"),
    ("announcements", "staff work: announcements written for an agency"),
    ("events", "staff work: events published by an agency"),
    ("admin_audit", "staff work: the append-only audit log of admin acts (who changed what), kept for oversight"),
];

/// What a deletion does to a record type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OnErasure {
    /// Deleted at once.
    Delete,
    /// Kept for the period the law sets (in years; `None`: as long as the record is public), linked
    /// to the pseudonymized account.
    Keep(Option<i64>),
}

/// A record type of the deletion table: its key (message `privacy-record-<key>` names it and
/// `privacy-basis-<key>` gives the legal basis), the tables it spans, and what a deletion does.
pub struct Record {
    pub kind: &'static str,
    pub tables: &'static [&'static str],
    pub on_erasure: OnErasure,
}

pub const RECORDS: &[Record] = &[
    Record {
        kind: "applications",
        tables: &["applications", "application_events", "application_verifications", "uploads"],
        on_erasure: OnErasure::Keep(Some(10)),
    },
    Record { kind: "documents", tables: &["documents"], on_erasure: OnErasure::Keep(Some(10)) },
    Record {
        kind: "payments",
        tables: &["bills", "payments", "refunds", "tax_objects"],
        on_erasure: OnErasure::Keep(Some(10)),
    },
    Record {
        kind: "reports",
        tables: &["reports", "report_events", "report_photos", "report_ratings"],
        on_erasure: OnErasure::Keep(Some(5)),
    },
    Record {
        kind: "health",
        tables: &["consultations", "consultation_messages", "prescriptions"],
        on_erasure: OnErasure::Keep(Some(25)),
    },
    Record { kind: "appointments", tables: &["bookings", "tickets"], on_erasure: OnErasure::Keep(Some(2)) },
    Record {
        kind: "access_logs",
        tables: &["data_access_log", "health_access_log"],
        on_erasure: OnErasure::Keep(Some(5)),
    },
    Record { kind: "surveys", tables: &["skm_invitations", "skm_responses"], on_erasure: OnErasure::Keep(Some(5)) },
    Record {
        kind: "participation",
        tables: &[
            "part_ideas",
            "part_comments",
            "part_pb_projects",
            "part_paragraph_comments",
            "part_supports",
            "part_pb_voters",
            "part_poll_voters",
        ],
        on_erasure: OnErasure::Keep(None),
    },
    Record { kind: "requests", tables: &["privacy_requests"], on_erasure: OnErasure::Keep(Some(5)) },
    Record {
        kind: "assisted",
        tables: &["assisted_sessions", "assisted_acts", "assisted_volunteers"],
        on_erasure: OnErasure::Keep(Some(5)),
    },
    Record {
        kind: "exchange_log",
        tables: &["exchange_consent_log", "exchange_log"],
        on_erasure: OnErasure::Keep(Some(5)),
    },
    Record { kind: "exchange_consents", tables: &["exchange_consents"], on_erasure: OnErasure::Delete },
    Record { kind: "national_id", tables: &["oidc_identities"], on_erasure: OnErasure::Delete },
    Record { kind: "sessions", tables: &["sessions"], on_erasure: OnErasure::Delete },
    Record {
        kind: "notifications",
        tables: &["outbox", "notification_prefs", "push_subscriptions"],
        on_erasure: OnErasure::Delete,
    },
    Record {
        kind: "assistant",
        tables: &["assistant_conversations", "assistant_messages"],
        on_erasure: OnErasure::Delete,
    },
    Record {
        kind: "proactive",
        tables: &[
            "proactive_consents",
            "proactive_consent_log",
            "proactive_documents",
            "proactive_family",
            "proactive_sent",
        ],
        on_erasure: OnErasure::Delete,
    },
    Record { kind: "supports", tables: &["report_supporters", "part_reports"], on_erasure: OnErasure::Delete },
    Record { kind: "partners", tables: &["partner_members"], on_erasure: OnErasure::Delete },
    Record { kind: "waste_bank", tables: &["waste_customers", "waste_deposits"], on_erasure: OnErasure::Keep(Some(5)) },
    Record { kind: "waste_pickups", tables: &["green_pickups"], on_erasure: OnErasure::Delete },
    Record { kind: "display", tables: &["display_settings"], on_erasure: OnErasure::Delete },
    Record {
        kind: "announcement_subscriptions",
        tables: &["announcement_subscriptions"],
        on_erasure: OnErasure::Delete,
    },
    // A seat given back on deletion goes to nobody automatically; the organiser sees it free.
    Record { kind: "event_registrations", tables: &["event_registrations"], on_erasure: OnErasure::Delete },
];

/// What the retention job does when a record's period is over.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    Delete,
    /// Contact details and the link to the account are removed; the record stays for statistics.
    Anonymize,
}

/// One rule of the retention job: the record type (`privacy-retention-<key>` describes it),
/// the period in days, and the action.
pub struct Retention {
    pub kind: &'static str,
    pub days: i64,
    pub action: Action,
}

pub const RETENTION: &[Retention] = &[
    Retention { kind: "sessions", days: 0, action: Action::Delete },
    // Sign-in attempts name the login tried (personal data); the lockout only needs minutes of
    // them, 90 days leave room to investigate an attack.
    Retention { kind: "login_attempts", days: 90, action: Action::Delete },
    Retention { kind: "notifications", days: 180, action: Action::Delete },
    Retention { kind: "assistant", days: crate::assistant::service::RETENTION_DAYS, action: Action::Delete },
    Retention { kind: "proactive_sent", days: 2 * 365, action: Action::Delete },
    Retention { kind: "report_pending", days: 0, action: Action::Delete },
    Retention { kind: "reports", days: 5 * 365, action: Action::Anonymize },
    Retention { kind: "access_logs", days: 5 * 365, action: Action::Delete },
    Retention { kind: "requests", days: 5 * 365, action: Action::Delete },
];

/// One use of a citizen's data, from any of the logs that record one: an officer opening their
/// application data (`application`), a health worker reading their health records (`health`),
/// or another agency's query through the data exchange (`exchange`). Officials are named as
/// acting in office (name, role, agency), with nothing else about them.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct AccessEvent {
    /// Unix seconds (UTC).
    pub at: i64,
    /// `application`, `health`, `exchange`, or `assisted` (a volunteer or an officer acted for
    /// the citizen in an assisted session: `what` lists the acts consented to, `reference` the
    /// codes of what was filed, `purpose` the place, `basis_ref` how consent was given,
    /// `outcome` the session's state).
    pub source: String,
    /// The officer's agency id, or the asking exchange member's id.
    pub agency: String,
    /// The officer's name, or the exchange member's registered name.
    pub actor: String,
    /// The officer's role (`officer`, `supervisor`, ...), or `system` for a member agency's system.
    pub role: String,
    /// What was read: `application`; the health record (`consultation`, `prescription`,
    /// `fhir`); or the exchange item (`family-at-address`, ...).
    pub what: String,
    /// The application code, the consultation or prescription code, or the exchange request id.
    pub reference: String,
    /// Why: the reason recorded with the access, or the exchange purpose id.
    pub purpose: String,
    /// Exchange only: `consent` or `legal` (empty when refused before it was decided).
    pub basis: String,
    /// Exchange only: the consent record or the legal basis given.
    pub basis_ref: String,
    /// Exchange only: `answered` or the refusal code; empty for staff access.
    pub outcome: String,
}

/// What a correction request can name.
pub const FIELDS: &[&str] =
    &["full_name", "email", "phone", "address", "birth_place", "birth_date", "gender", "nik", "kk_number", "other"];

#[derive(Debug, Default, Clone, Deserialize)]
pub struct CorrectionInput {
    #[serde(default)]
    pub field: String,
    #[serde(default)]
    pub problem: String,
    #[serde(default)]
    pub correct_value: String,
}

/// A checked correction request.
pub struct Correction {
    pub field: String,
    pub problem: String,
    pub correct_value: String,
}

const MAX_TEXT: usize = 1000;

pub fn check_correction(input: &CorrectionInput) -> Result<Correction, Vec<FieldError>> {
    let mut errs = vec![];
    let field = input.field.trim();
    if !FIELDS.contains(&field) {
        errs.push(FieldError::new("field", "field-privacy-field"));
    }
    let problem = input.problem.trim();
    if problem.is_empty() || problem.chars().count() > MAX_TEXT {
        errs.push(FieldError::new("problem", "field-privacy-problem"));
    }
    let value = input.correct_value.trim();
    if value.is_empty() || value.chars().count() > 200 {
        errs.push(FieldError::new("correct_value", "field-privacy-value"));
    } else {
        let ok = match field {
            "email" => crate::identity::model::Email::parse(value).is_some(),
            "phone" => crate::identity::model::Phone::parse(value).is_some(),
            "full_name" => crate::identity::model::parse_full_name(value).is_ok(),
            _ => true,
        };
        if !ok {
            errs.push(FieldError::new("correct_value", "field-privacy-value-format"));
        }
    }
    if !errs.is_empty() {
        return Err(errs);
    }
    Ok(Correction { field: field.to_string(), problem: problem.to_string(), correct_value: value.to_string() })
}

/// A staff decision on a correction request.
#[derive(Debug, Default, Clone, Deserialize)]
pub struct DecisionInput {
    #[serde(default)]
    pub decision: String,
    #[serde(default)]
    pub reason: String,
}

pub fn check_decision(input: &DecisionInput) -> Result<(&'static str, String), Vec<FieldError>> {
    let mut errs = vec![];
    let status = match input.decision.as_str() {
        "applied" => Some("applied"),
        "refused" => Some("refused"),
        _ => None,
    };
    if status.is_none() {
        errs.push(FieldError::new("decision", "field-privacy-decision"));
    }
    let reason = input.reason.trim();
    if (status == Some("refused") && reason.is_empty()) || reason.chars().count() > MAX_TEXT {
        errs.push(FieldError::new("reason", "field-privacy-reason"));
    }
    match status {
        Some(s) if errs.is_empty() => Ok((s, reason.to_string())),
        _ => Err(errs),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_export_table_is_in_a_record_type_or_left_out() {
        for e in EXPORTS {
            for t in e.tables {
                assert!(
                    RECORDS.iter().any(|r| r.tables.contains(t)) || *t == "sessions",
                    "{t} has no record type in the deletion table"
                );
            }
        }
        let mut files: Vec<_> = EXPORTS.iter().map(|e| e.file).collect();
        files.sort();
        files.dedup();
        assert_eq!(files.len(), EXPORTS.len(), "file names are unique");
    }

    #[test]
    fn corrections_are_checked() {
        let bad = CorrectionInput { field: "salary".into(), problem: " ".into(), correct_value: String::new() };
        let errs = check_correction(&bad).err().expect("refused");
        assert_eq!(errs.len(), 3);
        let email = CorrectionInput { field: "email".into(), problem: "typo".into(), correct_value: "nope".into() };
        assert_eq!(check_correction(&email).err().expect("refused")[0].key, "field-privacy-value-format");
        let ok =
            CorrectionInput { field: "address".into(), problem: "moved".into(), correct_value: "Jl. Baru 1".into() };
        assert_eq!(check_correction(&ok).ok().expect("fine").correct_value, "Jl. Baru 1");
        let refuse = DecisionInput { decision: "refused".into(), reason: String::new() };
        assert!(check_decision(&refuse).is_err());
        let apply = DecisionInput { decision: "applied".into(), reason: String::new() };
        assert_eq!(check_decision(&apply).ok().expect("fine").0, "applied");
    }
}

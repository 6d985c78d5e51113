//! One typed configuration: defaults < TOML file < `SATUPINTU_*` environment < command-line flags.
//! Secrets may be given as files: `SATUPINTU_DATABASE_URL_FILE=/run/secrets/db`.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use figment::providers::{Env, Format, Serialized, Toml};
use figment::Figment;
use serde::{Deserialize, Serialize};

/// A category's time limits, in working days.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ReportSla {
    /// From receipt to dispatch to an agency.
    pub dispatch_days: i64,
    /// From dispatch to the agency's first response.
    pub response_days: i64,
}

impl Default for ReportSla {
    fn default() -> Self {
        ReportSla { dispatch_days: 3, response_days: 5 }
    }
}

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(default)]
pub struct Config {
    /// Address to listen on.
    pub listen: SocketAddr,
    /// Directory for the embedded database, uploads, ledger and keys.
    pub data_dir: PathBuf,
    /// `postgres://...` or `sqlite://...`; empty means the embedded SQLite file in `data_dir`.
    pub database_url: Option<String>,
    /// File holding the database URL (for container secrets).
    pub database_url_file: Option<PathBuf>,
    /// The public base URL (`https://layanan.example.go.id`); used in links and to decide
    /// whether cookies carry the `Secure` flag.
    pub public_url: Option<String>,
    /// Force the `Secure` cookie flag on or off; by default it is on unless the public URL is
    /// plain `http://` (local development).
    pub secure_cookies: Option<bool>,
    /// Trust `X-Forwarded-For` for the client address (only behind your own proxy).
    pub trust_proxy: bool,
    /// Log format: `json` (default) or `pretty`.
    pub log_format: String,
    /// The agency's time zone label: WIB (UTC+7), WITA (UTC+8) or WIT (UTC+9).
    pub timezone: String,
    /// Failed sign-ins allowed per account within `login_window_secs` before a pause.
    pub login_max_failures: i64,
    /// Failed sign-ins allowed per client address within the window.
    pub login_max_failures_per_ip: i64,
    pub login_window_secs: i64,
    /// Lifetime of a browser session and an API token, in hours.
    pub session_hours: i64,
    /// SMTP relay for e-mail notifications (none: no e-mail is sent).
    pub smtp_host: Option<String>,
    pub smtp_port: u16,
    /// Use STARTTLS with the relay.
    pub smtp_starttls: bool,
    pub smtp_username: Option<String>,
    pub smtp_password_file: Option<PathBuf>,
    pub smtp_from: String,
    /// Outgoing webhook for an SMS or WhatsApp gateway (none: not used).
    pub webhook_url: Option<String>,
    /// Secret for the webhook's `X-SatuPintu-Signature` (HMAC-SHA256 of the body), from a file.
    pub webhook_secret_file: Option<PathBuf>,
    /// How often the notification worker looks for due messages, in milliseconds.
    pub outbox_interval_ms: u64,
    /// How long a worker holds a message it is delivering; if its process dies, another
    /// worker retries the message after this many seconds.
    pub outbox_lease_secs: i64,
    /// The agency whose officers verify incoming reports and dispatch them (*disposisi*) to the
    /// agency that handles them.
    pub reports_coordinator: String,
    /// URL template of the raster map tiles under the report maps (`https://tiles.example.go.id/{z}/{x}/{y}.png`,
    /// for instance the agency's own OpenStreetMap tile server); none: the maps draw a plain grid.
    /// Its origin is allowed for images in the Content-Security-Policy.
    pub map_tiles: Option<String>,
    /// The Open Contracting ocid prefix registered for this publisher (`ocds-xxxxxx-`); a
    /// procurement package's ocid is this prefix followed by the package id.
    pub ocds_prefix: String,
    /// The publisher named in OCDS release and record packages.
    pub ocds_publisher: String,
    /// The secret Telegram sends in `X-Telegram-Bot-Api-Secret-Token` (set with the bot's
    /// `setWebhook`); none: the Telegram webhook is off.
    pub telegram_webhook_secret: Option<String>,
    /// The token Meta sends when verifying the WhatsApp Cloud API webhook; none: it is off.
    pub whatsapp_verify_token: Option<String>,
    /// The WhatsApp app secret: every webhook call must carry its HMAC (`X-Hub-Signature-256`).
    pub whatsapp_app_secret: Option<String>,
    /// The access token for sending WhatsApp replies.
    pub whatsapp_token: Option<String>,
    /// The WhatsApp Cloud API base URL.
    pub whatsapp_api_url: String,
    /// An OpenAI-compatible chat endpoint (e.g. a local Ollama: `http://127.0.0.1:11434/v1`) that
    /// may reword the assistant's replies; it never decides facts (a rewording that loses one is
    /// not used). None: off.
    pub assistant_llm_url: Option<String>,
    pub assistant_llm_model: String,
    pub assistant_llm_key: Option<String>,
    /// How long to wait for a rewording before sending the reply as composed.
    pub assistant_llm_timeout_secs: u64,
    /// Files holding the gateway secrets above, instead of the values themselves.
    pub telegram_webhook_secret_file: Option<PathBuf>,
    pub whatsapp_verify_token_file: Option<PathBuf>,
    pub whatsapp_app_secret_file: Option<PathBuf>,
    pub whatsapp_token_file: Option<PathBuf>,
    /// A GeoJSON FeatureCollection of region boundaries (features with `properties.code`, a 2-,
    /// 4- or 6-digit Kemendagri code): a report's region is then found from its map point.
    pub region_boundaries: Option<PathBuf>,
    /// Time limits of reports in working days, per category (`[reports_sla.pungli]
    /// dispatch_days = 1`); a category not named here has 3 days to be dispatched and 5 to be
    /// answered, as LAPOR! commits.
    pub reports_sla: std::collections::BTreeMap<String, ReportSla>,
    /// Directory of per-service workflow definitions (`*.json`, see docs/deploy.md); services
    /// not named there follow the default workflow.
    pub workflows_dir: Option<PathBuf>,
    /// The transparency ledger's origin (its checkpoints' first line and its key's name);
    /// default: the public URL's host, or this machine's host name.
    pub ledger_origin: Option<String>,
    /// Verifier keys (C2SP vkey, type 0x04 cosignature) of the witnesses whose cosignatures the
    /// ledger takes at `POST /ledger/cosignature` and serves with its checkpoint.
    pub ledger_witnesses: Vec<String>,
    /// An S3-compatible object store for uploads (MinIO, Ceph RGW, cloud object storage),
    /// e.g. `http://127.0.0.1:9000`; none: uploads stay in `data_dir/uploads`.
    pub s3_endpoint: Option<String>,
    pub s3_bucket: Option<String>,
    /// The region the signatures name; S3-compatible servers mostly accept `us-east-1`.
    pub s3_region: String,
    pub s3_access_key: Option<String>,
    /// File holding the secret key (for container secrets; never put it in the TOML file).
    pub s3_secret_key_file: Option<PathBuf>,
    /// Path-style URLs (`endpoint/bucket/key`), which every S3-compatible server accepts;
    /// `false` for virtual-hosted style (`bucket.endpoint/key`).
    pub s3_path_style: bool,
    /// The VAPID private key for Web Push (P-256: PEM, or 32 bytes in base64url). None: the
    /// key in `<data_dir>/keys/vapid.p256`, created on first start. Every process behind one
    /// site must use the same key: browsers subscribe to it.
    pub vapid_private_key_file: Option<PathBuf>,
    /// Who push services may contact about our messages: `mailto:` or `https:` (RFC 8292).
    pub vapid_subject: String,
    /// Hosts of the push services that subscriptions may point to (a name covers its
    /// subdomains); empty allows any `https://` host. Plain `http://` is only ever allowed to
    /// this machine, for tests.
    pub push_hosts: Vec<String>,
    /// Supports an idea needs before the agency it is addressed to must answer it officially;
    /// none: 100 (and 3 when serving the demo, which has only a few citizens).
    pub participation_support_threshold: Option<i64>,
    /// Reports by different people that hide an idea or a comment until staff review it.
    pub participation_report_threshold: i64,
    /// Satisfaction survey: days after an invitation before its one reminder.
    pub skm_reminder_days: i64,
    /// Satisfaction survey: days an invitation can be answered.
    pub skm_invitation_days: i64,
    /// IoT: the MQTT broker to subscribe to for sensor readings (`mqtt://host:1883`); none: no
    /// MQTT subscriber (devices can still send through `POST /api/v1/iot/readings`). `serve
    /// --demo` uses `mqtt://127.0.0.1:1883` when none is set.
    pub mqtt_url: Option<String>,
    /// IoT: the MQTT client id prefix (the process id is appended, so several processes differ).
    pub mqtt_client_id: String,
    /// IoT: a shared-subscription group (`$share/<group>/...`): several processes with the same
    /// group share the readings instead of each receiving all of them. None: a plain subscription.
    pub mqtt_share_group: Option<String>,
    /// IoT: days raw readings are kept (hourly aggregates are kept for good).
    pub iot_raw_days: i64,
    /// The key file of personal data encrypted at rest (NIK, health notes); none:
    /// `<data_dir>/keys/data.key`, created on first start. Back it up apart from the database.
    pub data_key_file: Option<PathBuf>,
    /// The data keys themselves (`SATUPINTU_DATA_KEY`: base64 master secrets, oldest first,
    /// separated by commas); when set, the key file is not used.
    pub data_key: Option<String>,
    /// Data exchange: this instance's member id in the exchange (`ID-GOV-DISDUKCAPIL-3578`).
    pub exchange_member_id: String,
    /// Data exchange: this instance's system name within its member (`satupintu`).
    pub exchange_subsystem: String,
    /// Data exchange: the Ed25519 private key file (hex seed); none: `<data_dir>/keys/exchange.ed25519`,
    /// made on first use with mode 0600.
    pub exchange_key_file: Option<PathBuf>,
    /// Data subject requests: the agency whose admins act as the data protection officer
    /// (pejabat pelindungan data pribadi) for the platform's account data and decide citizens'
    /// correction requests at `/kelola/permintaan-data`; none: only super admins do.
    pub privacy_officer_agency: Option<String>,
    /// Green services: the agency whose trucks collect waste on request (its admins plan the
    /// pickup windows, its officers work the route lists at `/kelola/hijau/angkut`).
    pub green_pickup_agency: String,
    /// Green services: the regency or city (4-digit Kemendagri code) whose kecamatan are the
    /// pickup zones; the default is the demo's Kota Surabaya.
    pub green_city: String,
    /// National sign-in: the OpenID Connect issuer (`https://id.example.go.id`); none: the
    /// feature is off (no button on the sign-in page, `/auth/oidc/login` answers 404).
    pub oidc_issuer: Option<String>,
    /// National sign-in: this platform's client id at the provider.
    pub oidc_client_id: Option<String>,
    /// National sign-in: the client secret (or `oidc_client_secret_file`).
    pub oidc_client_secret: Option<String>,
    pub oidc_client_secret_file: Option<PathBuf>,
    /// National sign-in: the claim holding the verified NIK (`<claim>_verified` says it is verified).
    pub oidc_nik_claim: String,
    /// National sign-in: the provider's name on the button ("Masuk dengan <label>").
    pub oidc_label: String,
    /// The bearer token a Prometheus scraper must send to read `GET /metrics`
    /// (`SATUPINTU_METRICS_TOKEN`, or `metrics_token_file`); none: only clients on this
    /// machine (loopback, not forwarded by a proxy) may read them.
    pub metrics_token: Option<String>,
    pub metrics_token_file: Option<PathBuf>,
    /// The payment gateway's server key, which signs its payment notifications
    /// (`SATUPINTU_PAYMENT_SERVER_KEY`, or `payment_server_key_file`); none: the notification
    /// endpoint is off. `serve --demo` uses a demo key when none is given.
    pub payment_server_key: Option<String>,
    pub payment_server_key_file: Option<PathBuf>,
    /// Billing, QRIS merchant and virtual account settings.
    pub payments: PaymentSettings,
}

/// Billing codes, the QRIS merchant and the banks that issue virtual accounts.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PaymentSettings {
    /// Hours a billing code for a service fee or a levy stays payable.
    pub bill_valid_hours: i64,
    /// Payment notifications older than this (by their transaction time) are refused.
    pub max_notification_age_hours: i64,
    /// Days before a due date, and hours before a billing code expires, the citizen is reminded.
    pub remind_days_before_due: i64,
    pub remind_hours_before_expiry: i64,
    /// QRIS: the national merchant id (NMID) and criteria (UMI, UKE, UME, UBE, URE).
    pub qris_nmid: String,
    pub qris_criteria: String,
    /// QRIS: the acquirer's reverse-domain id and the merchant PAN it assigned.
    pub qris_acquirer: String,
    pub qris_merchant_pan: String,
    pub qris_merchant_id: String,
    /// Merchant name (at most 25 characters), city (at most 15), postal code, category code.
    pub qris_merchant_name: String,
    pub qris_merchant_city: String,
    pub qris_postal_code: String,
    pub qris_mcc: String,
    /// The agency of the regional treasury (BUD): its treasurers act on every agency's money.
    pub treasury_agency: String,
    /// Regional tax lookups (by NOP or plate) allowed per client address within
    /// `tax_lookup_window_secs`, so that the register cannot be walked number by number.
    pub tax_lookups_per_ip: i64,
    pub tax_lookup_window_secs: i64,
    /// Banks issuing virtual accounts: a virtual account number is the bank's prefix followed
    /// by the billing code.
    pub banks: Vec<VaBank>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VaBank {
    pub id: String,
    pub name: String,
    pub va_prefix: String,
}

impl Default for PaymentSettings {
    fn default() -> Self {
        PaymentSettings {
            bill_valid_hours: 72,
            max_notification_age_hours: 72,
            remind_days_before_due: 3,
            remind_hours_before_expiry: 24,
            qris_nmid: "ID1026000000001".into(),
            qris_criteria: "UME".into(),
            qris_acquirer: "ID.CO.BANKPEMDA.WWW".into(),
            qris_merchant_pan: "9360000000000000001".into(),
            qris_merchant_id: "SATUPINTU01".into(),
            qris_merchant_name: "PEMDA SATUPINTU".into(),
            qris_merchant_city: "SURABAYA".into(),
            qris_postal_code: "60111".into(),
            qris_mcc: "9399".into(),
            treasury_agency: "bapenda".into(),
            tax_lookups_per_ip: 60,
            tax_lookup_window_secs: 600,
            banks: vec![
                VaBank { id: "bpd".into(), name: "Bank Pembangunan Daerah".into(), va_prefix: "8801".into() },
                VaBank { id: "bri".into(), name: "BRI".into(), va_prefix: "8802".into() },
                VaBank { id: "bni".into(), name: "BNI".into(), va_prefix: "8803".into() },
            ],
        }
    }
}

/// The object store settings, checked: all of them or none.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct S3Settings {
    pub endpoint: url::Url,
    pub bucket: String,
    pub region: String,
    pub access_key: String,
    pub secret_key_file: PathBuf,
    pub path_style: bool,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            listen: SocketAddr::from(([127, 0, 0, 1], 8080)),
            data_dir: PathBuf::from("./data"),
            database_url: None,
            database_url_file: None,
            public_url: None,
            secure_cookies: None,
            trust_proxy: false,
            log_format: "json".into(),
            timezone: "WIB".into(),
            login_max_failures: 5,
            login_max_failures_per_ip: 30,
            login_window_secs: 15 * 60,
            session_hours: 12,
            smtp_host: None,
            smtp_port: 25,
            smtp_starttls: false,
            smtp_username: None,
            smtp_password_file: None,
            smtp_from: "SatuPintu <noreply@satupintu.invalid>".into(),
            webhook_url: None,
            webhook_secret_file: None,
            outbox_interval_ms: 1000,
            outbox_lease_secs: 60,
            vapid_private_key_file: None,
            vapid_subject: "mailto:admin@localhost".into(),
            push_hosts: [
                "fcm.googleapis.com",        // Chrome, Android, Opera, Samsung Internet
                "push.services.mozilla.com", // Firefox
                "push.apple.com",            // Safari
                "notify.windows.com",        // Edge
            ]
            .map(String::from)
            .to_vec(),
            reports_coordinator: "diskominfo".into(),
            map_tiles: None,
            ocds_prefix: "ocds-spintu-".into(),
            ocds_publisher: "Pemerintah Daerah (SatuPintu)".into(),
            telegram_webhook_secret: None,
            whatsapp_verify_token: None,
            whatsapp_app_secret: None,
            whatsapp_token: None,
            whatsapp_api_url: "https://graph.facebook.com/v21.0".into(),
            assistant_llm_url: None,
            assistant_llm_model: "llama3.2".into(),
            assistant_llm_key: None,
            assistant_llm_timeout_secs: 4,
            telegram_webhook_secret_file: None,
            whatsapp_verify_token_file: None,
            whatsapp_app_secret_file: None,
            whatsapp_token_file: None,
            region_boundaries: None,
            reports_sla: Default::default(),
            workflows_dir: None,
            ledger_origin: None,
            ledger_witnesses: Vec::new(),
            s3_endpoint: None,
            s3_bucket: None,
            s3_region: "us-east-1".into(),
            s3_access_key: None,
            s3_secret_key_file: None,
            s3_path_style: true,
            participation_support_threshold: None,
            participation_report_threshold: 3,
            skm_reminder_days: 3,
            skm_invitation_days: 30,
            mqtt_url: None,
            mqtt_client_id: "satupintu".into(),
            mqtt_share_group: None,
            iot_raw_days: 14,
            data_key_file: None,
            data_key: None,
            exchange_member_id: "ID-GOV-SATUPINTU".into(),
            exchange_subsystem: "satupintu".into(),
            exchange_key_file: None,
            privacy_officer_agency: None,
            green_pickup_agency: "dlh".into(),
            green_city: "3578".into(),
            oidc_issuer: None,
            oidc_client_id: None,
            oidc_client_secret: None,
            oidc_client_secret_file: None,
            oidc_nik_claim: "nik".into(),
            oidc_label: "Identitas Digital Nasional".into(),
            metrics_token: None,
            metrics_token_file: None,
            payment_server_key: None,
            payment_server_key_file: None,
            payments: PaymentSettings::default(),
        }
    }
}

/// Values given on the command line; `None` leaves the lower layers in force.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Overrides {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub listen: Option<SocketAddr>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub data_dir: Option<PathBuf>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub database_url: Option<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("configuration: {0}")]
    Figment(#[from] Box<figment::Error>),
    #[error("cannot read {path}: {source}")]
    SecretFile { path: PathBuf, source: std::io::Error },
    #[error("timezone must be WIB, WITA or WIT, not {0:?}")]
    Timezone(String),
    #[error("vapid_subject must be a mailto: or https: URL, not {0:?}")]
    VapidSubject(String),
    #[error("S3 upload store: {0}")]
    S3(&'static str),
    #[error("ledger_witnesses: {key:?} {problem}")]
    LedgerWitness { key: String, problem: String },
}

impl Config {
    /// Load the layers. `file` is the TOML file (`--config`); when absent, `satupintu.toml`
    /// in the working directory is read if it exists.
    pub fn load(file: Option<&Path>, overrides: &Overrides) -> Result<Config, ConfigError> {
        let mut fig = Figment::from(Serialized::defaults(Config::default()));
        match file {
            Some(f) => fig = fig.merge(Toml::file_exact(f)),
            None => fig = fig.merge(Toml::file("satupintu.toml")),
        }
        fig = fig.merge(Env::prefixed("SATUPINTU_").ignore(&["config"])).merge(Serialized::defaults(overrides));
        let mut cfg: Config = fig.extract().map_err(Box::new)?;
        if cfg.database_url.as_deref().is_some_and(str::is_empty) {
            cfg.database_url = None;
        }
        if cfg.database_url.is_none() {
            if let Some(path) = &cfg.database_url_file {
                let url = std::fs::read_to_string(path)
                    .map_err(|source| ConfigError::SecretFile { path: path.clone(), source })?;
                cfg.database_url = Some(url.trim().to_string());
            }
        }
        let secrets = [
            (&mut cfg.telegram_webhook_secret, &cfg.telegram_webhook_secret_file),
            (&mut cfg.whatsapp_verify_token, &cfg.whatsapp_verify_token_file),
            (&mut cfg.whatsapp_app_secret, &cfg.whatsapp_app_secret_file),
            (&mut cfg.whatsapp_token, &cfg.whatsapp_token_file),
            (&mut cfg.oidc_client_secret, &cfg.oidc_client_secret_file),
            (&mut cfg.metrics_token, &cfg.metrics_token_file),
            (&mut cfg.payment_server_key, &cfg.payment_server_key_file),
        ];
        for (value, file) in secrets {
            if value.as_deref().is_none_or(|v| v.trim().is_empty()) {
                *value = match file {
                    Some(path) => Some(
                        std::fs::read_to_string(path)
                            .map_err(|source| ConfigError::SecretFile { path: path.clone(), source })?
                            .trim()
                            .to_string(),
                    ),
                    None => None,
                };
            }
        }
        for v in [&mut cfg.oidc_issuer, &mut cfg.metrics_token, &mut cfg.payment_server_key] {
            if v.as_deref().is_some_and(|s| s.trim().is_empty()) {
                *v = None;
            }
        }
        for v in [&mut cfg.s3_endpoint, &mut cfg.s3_bucket, &mut cfg.s3_access_key] {
            if v.as_deref().is_some_and(|s| s.trim().is_empty()) {
                *v = None;
            }
        }
        cfg.utc_offset_hours()?;
        cfg.s3()?;
        cfg.ledger_witness_keys()?;
        if !(cfg.vapid_subject.starts_with("mailto:") || cfg.vapid_subject.starts_with("https://")) {
            return Err(ConfigError::VapidSubject(cfg.vapid_subject));
        }
        Ok(cfg)
    }

    /// The database URL in force.
    pub fn effective_database_url(&self) -> String {
        self.database_url.clone().unwrap_or_else(|| crate::db::sqlite_url(&self.data_dir))
    }

    pub fn cookies_secure(&self) -> bool {
        match (self.secure_cookies, &self.public_url) {
            (Some(v), _) => v,
            (None, Some(url)) => !url.starts_with("http://"),
            (None, None) => !self.listen.ip().is_loopback(),
        }
    }

    /// The object store for uploads, when `s3_endpoint` is set; the other `s3_*` settings are
    /// then required, and without it they must be absent (a half-done setting is refused
    /// rather than silently storing uploads on local disk).
    pub fn s3(&self) -> Result<Option<S3Settings>, ConfigError> {
        let Some(endpoint) = &self.s3_endpoint else {
            if self.s3_bucket.is_some() || self.s3_access_key.is_some() || self.s3_secret_key_file.is_some() {
                return Err(ConfigError::S3(
                    "s3_bucket, s3_access_key or s3_secret_key_file is set but s3_endpoint is not",
                ));
            }
            return Ok(None);
        };
        let endpoint = url::Url::parse(endpoint.trim())
            .ok()
            .filter(|u| matches!(u.scheme(), "http" | "https") && u.host_str().is_some())
            .ok_or(ConfigError::S3("s3_endpoint must be an http:// or https:// URL"))?;
        if !endpoint.username().is_empty() || endpoint.password().is_some() {
            return Err(ConfigError::S3(
                "s3_endpoint must not carry credentials: use s3_access_key and s3_secret_key_file",
            ));
        }
        let (Some(bucket), Some(access_key), Some(secret_key_file)) =
            (&self.s3_bucket, &self.s3_access_key, &self.s3_secret_key_file)
        else {
            return Err(ConfigError::S3(
                "s3_endpoint is set, so s3_bucket, s3_access_key and s3_secret_key_file are needed too",
            ));
        };
        Ok(Some(S3Settings {
            endpoint,
            bucket: bucket.trim().to_string(),
            region: self.s3_region.trim().to_string(),
            access_key: access_key.trim().to_string(),
            secret_key_file: secret_key_file.clone(),
            path_style: self.s3_path_style,
        }))
    }

    /// The trusted witnesses' keys, parsed: each a C2SP vkey of a cosignature key (type 0x04).
    pub fn ledger_witness_keys(&self) -> Result<Vec<ledger::Verifier>, ConfigError> {
        let mut keys: Vec<ledger::Verifier> = Vec::new();
        for text in &self.ledger_witnesses {
            let problem = |problem: String| ConfigError::LedgerWitness { key: text.clone(), problem };
            let key = ledger::Verifier::from_vkey(text.trim())
                .map_err(|e| problem(format!("is not a verifier key (name+keyid+base64): {e}")))?;
            if key.key_type() != ledger::KeyType::Cosignature {
                return Err(problem("is not a witness cosignature key (C2SP tlog-cosignature, type 0x04)".into()));
            }
            if keys.iter().any(|k| k.name() == key.name() && k.key_id() == key.key_id()) {
                return Err(problem("is listed twice".into()));
            }
            keys.push(key);
        }
        Ok(keys)
    }

    /// The agency's offset from UTC.
    pub fn utc_offset_hours(&self) -> Result<i8, ConfigError> {
        match self.timezone.to_ascii_uppercase().as_str() {
            "WIB" => Ok(7),
            "WITA" => Ok(8),
            "WIT" => Ok(9),
            other => Err(ConfigError::Timezone(other.to_string())),
        }
    }
}

/// Write a secret (a private key) atomically, readable by its owner only.
pub fn write_secret_file(path: &Path, contents: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let mut tmp = path.as_os_str().to_owned();
    tmp.push(".tmp");
    let tmp = PathBuf::from(tmp);
    {
        let mut f = std::fs::File::create(&tmp)?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            f.set_permissions(std::fs::Permissions::from_mode(0o600))?;
        }
        f.write_all(contents)?;
        f.sync_all()?;
    }
    std::fs::rename(&tmp, path)
}

#[cfg(test)]
#[allow(clippy::result_large_err)]
mod tests {
    use super::*;

    #[test]
    fn layers_apply_in_order() {
        figment::Jail::expect_with(|jail| {
            jail.create_file("satupintu.toml", "listen = \"127.0.0.1:9000\"\ndata_dir = \"/srv/sp\"\n")?;
            jail.set_env("SATUPINTU_DATA_DIR", "/var/lib/sp");
            let cfg = Config::load(None, &Overrides::default()).expect("config");
            assert_eq!(cfg.listen.port(), 9000, "file overrides default");
            assert_eq!(cfg.data_dir, PathBuf::from("/var/lib/sp"), "env overrides file");
            let flags = Overrides { data_dir: Some("/flag".into()), ..Default::default() };
            let cfg = Config::load(None, &flags).expect("config");
            assert_eq!(cfg.data_dir, PathBuf::from("/flag"), "flag overrides env");
            Ok(())
        });
    }

    #[test]
    fn secret_file_supplies_database_url() {
        figment::Jail::expect_with(|jail| {
            jail.create_file("db.secret", "postgres://u:p@db/sp\n")?;
            jail.set_env("SATUPINTU_DATABASE_URL_FILE", "db.secret");
            let cfg = Config::load(None, &Overrides::default()).expect("config");
            assert_eq!(cfg.database_url.as_deref(), Some("postgres://u:p@db/sp"));
            Ok(())
        });
    }

    #[test]
    fn gateway_secrets_come_from_files() {
        figment::Jail::expect_with(|jail| {
            jail.create_file("wa.token", "EAAG-rahasia\n")?;
            jail.set_env("SATUPINTU_WHATSAPP_TOKEN_FILE", "wa.token");
            jail.set_env("SATUPINTU_TELEGRAM_WEBHOOK_SECRET", "langsung");
            let cfg = Config::load(None, &Overrides::default()).expect("config");
            assert_eq!(cfg.whatsapp_token.as_deref(), Some("EAAG-rahasia"));
            assert_eq!(cfg.telegram_webhook_secret.as_deref(), Some("langsung"));
            assert_eq!(cfg.whatsapp_app_secret, None);
            jail.set_env("SATUPINTU_WHATSAPP_APP_SECRET_FILE", "missing.secret");
            assert!(Config::load(None, &Overrides::default()).is_err(), "a named file that cannot be read is an error");
            Ok(())
        });
    }

    #[test]
    fn s3_settings_come_all_together_or_not_at_all() {
        figment::Jail::expect_with(|jail| {
            let cfg = Config::load(None, &Overrides::default()).expect("config");
            assert_eq!(cfg.s3().expect("s3"), None, "local storage by default");
            jail.set_env("SATUPINTU_S3_ENDPOINT", "http://127.0.0.1:9000");
            assert!(Config::load(None, &Overrides::default()).is_err(), "endpoint without bucket and keys");
            jail.set_env("SATUPINTU_S3_BUCKET", "berkas");
            jail.set_env("SATUPINTU_S3_ACCESS_KEY", "satupintu");
            jail.set_env("SATUPINTU_S3_SECRET_KEY_FILE", "/run/secrets/s3");
            let s3 = Config::load(None, &Overrides::default()).expect("config").s3().expect("s3").expect("on");
            assert_eq!((s3.bucket.as_str(), s3.region.as_str(), s3.path_style), ("berkas", "us-east-1", true));
            jail.set_env("SATUPINTU_S3_ENDPOINT", "ftp://127.0.0.1:9000");
            assert!(Config::load(None, &Overrides::default()).is_err(), "not http(s)");
            jail.set_env("SATUPINTU_S3_ENDPOINT", "http://key:secret@127.0.0.1:9000");
            assert!(Config::load(None, &Overrides::default()).is_err(), "credentials in the URL");
            jail.set_env("SATUPINTU_S3_ENDPOINT", "");
            assert!(Config::load(None, &Overrides::default()).is_err(), "bucket without endpoint");
            Ok(())
        });
    }

    #[test]
    fn vapid_subject_must_be_a_contact() {
        figment::Jail::expect_with(|jail| {
            jail.set_env("SATUPINTU_VAPID_SUBJECT", "admin@contoh.go.id");
            assert!(Config::load(None, &Overrides::default()).is_err());
            jail.set_env("SATUPINTU_VAPID_SUBJECT", "mailto:admin@contoh.go.id");
            assert!(Config::load(None, &Overrides::default()).is_ok());
            Ok(())
        });
    }

    #[test]
    fn ledger_witnesses_must_be_cosignature_keys() {
        let witness = ledger::Signer::from_seed("witness.example/w1", ledger::KeyType::Cosignature, [3; 32])
            .expect("key")
            .verifier()
            .to_vkey();
        let plain = ledger::Signer::from_seed("witness.example/w1", ledger::KeyType::Ed25519, [3; 32])
            .expect("key")
            .verifier()
            .to_vkey();
        figment::Jail::expect_with(|jail| {
            assert!(Config::load(None, &Overrides::default()).expect("config").ledger_witnesses.is_empty());
            jail.create_file("satupintu.toml", &format!("ledger_witnesses = [{witness:?}]\n"))?;
            let cfg = Config::load(None, &Overrides::default()).expect("config");
            assert_eq!(cfg.ledger_witness_keys().expect("keys")[0].to_vkey(), witness);
            jail.set_env("SATUPINTU_LEDGER_WITNESSES", format!("[{plain:?}]"));
            let err = Config::load(None, &Overrides::default()).expect_err("an Ed25519 note key is not a witness key");
            assert!(err.to_string().contains("type 0x04"), "{err}");
            jail.set_env("SATUPINTU_LEDGER_WITNESSES", "[\"witness.example/w1+00000000+AAAA\"]");
            assert!(Config::load(None, &Overrides::default()).is_err(), "a malformed key");
            jail.set_env("SATUPINTU_LEDGER_WITNESSES", format!("[{witness:?}, {witness:?}]"));
            assert!(Config::load(None, &Overrides::default()).is_err(), "the same key twice");
            // The example in docs/deploy.md.
            let example = "saksi.example.org/w1+f2b43a10+BHdLvGxcurBGb+mbJpzKirliXTDLnkio1xSKpqFthqpt";
            jail.set_env("SATUPINTU_LEDGER_WITNESSES", format!("[{example:?}]"));
            assert!(Config::load(None, &Overrides::default()).is_ok());
            Ok(())
        });
    }

    #[test]
    fn the_metrics_token_comes_from_the_environment_or_a_file() {
        figment::Jail::expect_with(|jail| {
            assert_eq!(Config::load(None, &Overrides::default()).expect("load").metrics_token, None);
            jail.set_env("SATUPINTU_METRICS_TOKEN", "");
            assert_eq!(Config::load(None, &Overrides::default()).expect("load").metrics_token, None, "blank: none");
            jail.set_env("SATUPINTU_METRICS_TOKEN", "rahasia-pemantau");
            let cfg = Config::load(None, &Overrides::default()).expect("load");
            assert_eq!(cfg.metrics_token.as_deref(), Some("rahasia-pemantau"));
            jail.set_env("SATUPINTU_METRICS_TOKEN", "");
            jail.create_file("metrics.token", "dari-berkas\n")?;
            jail.set_env("SATUPINTU_METRICS_TOKEN_FILE", "metrics.token");
            let cfg = Config::load(None, &Overrides::default()).expect("load");
            assert_eq!(cfg.metrics_token.as_deref(), Some("dari-berkas"));
            Ok(())
        });
    }

    #[test]
    fn bad_timezone_is_refused() {
        figment::Jail::expect_with(|jail| {
            jail.set_env("SATUPINTU_TIMEZONE", "CET");
            assert!(Config::load(None, &Overrides::default()).is_err());
            Ok(())
        });
    }
}

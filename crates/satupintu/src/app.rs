//! The application state and the server's life: connect, migrate, serve, shut down gracefully.

use std::net::SocketAddr;
use std::sync::Arc;

use anyhow::Context;
use tokio::net::TcpListener;

use crate::config::Config;
use crate::db::Db;

pub struct Inner {
    pub db: Db,
    pub config: Config,
    pub catalog: crate::catalog::service::Cache,
    /// The holiday calendar (for time limits).
    pub holidays: crate::calendar::Cache,
    /// The virtual assistant trained on the current catalogue.
    pub assistant: crate::assistant::Cache,
    /// The platform's document-signing key.
    pub keys: crate::documents::Keys,
    /// This instance's exchange member identity and signing key (read once at start-up).
    pub exchange_key: crate::exchange::keys::MemberKey,
    /// Live updates for open pages.
    pub live: crate::notify::Live,
    /// The transparency ledger.
    pub ledger: crate::ledger::Ledger,
    /// The VAPID key and the client for Web Push.
    pub push: crate::notify::push::Pusher,
    /// The application workflows in force.
    pub workflows: crate::applications::workflow::Workflows,
    /// Where upload content lives: the data directory or an S3-compatible store.
    pub blobs: crate::uploads::blobs::BlobStore,
    /// Region boundaries, to tell a report's region from its map point (none configured: empty).
    pub regions: crate::reports::regions::Boundaries,
    /// The monitoring's live snapshot for the live pages.
    pub iot_live: crate::iot::live::Hub,
    /// IoT ingestion: the sensor map, the queue to the batch writer and its counters.
    pub iot: crate::iot::ingest::Ingest,
    /// Request counters and latency histograms for `GET /metrics`.
    pub metrics: crate::observe::Metrics,
}

/// Shared state handed to every handler; cheap to clone.
#[derive(Clone)]
pub struct AppState(Arc<Inner>);

impl std::ops::Deref for AppState {
    type Target = Inner;
    fn deref(&self) -> &Inner {
        &self.0
    }
}

impl AppState {
    /// Open the data directory and database, and run migrations.
    pub async fn open(config: Config) -> anyhow::Result<AppState> {
        std::fs::create_dir_all(&config.data_dir)
            .with_context(|| format!("cannot create data directory {}", config.data_dir.display()))?;
        let url = config.effective_database_url();
        let db =
            Db::connect(&url).await.with_context(|| format!("cannot open database {}", crate::db::redact_url(&url)))?;
        db.migrate().await.context("database migration failed")?;
        crate::crypto::open(&config, &db).await.context("personal data encryption key")?;
        crate::web::set_timezone(config.utc_offset_hours()?);
        let keys = crate::documents::Keys::load_or_create(&config.data_dir).context("document-signing key")?;
        let exchange_key = crate::exchange::keys::MemberKey::load_or_create(&config).context("exchange member key")?;
        let push = crate::notify::push::Pusher::load(&config).context("VAPID key for Web Push")?;
        let blobs = crate::uploads::blobs::BlobStore::open(&config).await?;
        let ledger = crate::ledger::Ledger::open(&config, &db).await?;
        let workflows = crate::applications::workflow::Workflows::default();
        if let Some(dir) = &config.workflows_dir {
            let n = workflows.load_dir(dir)?;
            tracing::info!(files = n, dir = %dir.display(), "workflows loaded");
        }
        let regions = match &config.region_boundaries {
            Some(path) => {
                let b = crate::reports::regions::Boundaries::load(path).context("region boundaries")?;
                tracing::info!(regions = b.len(), "region boundaries loaded");
                b
            }
            None => Default::default(),
        };
        Ok(AppState(Arc::new(Inner {
            regions,
            live: crate::notify::Live::new(db.backend()),
            db,
            config,
            catalog: Default::default(),
            holidays: Default::default(),
            assistant: Default::default(),
            keys,
            exchange_key,
            workflows,
            blobs,
            ledger,
            push,
            iot_live: Default::default(),
            iot: Default::default(),
            metrics: Default::default(),
        })))
    }
}

impl Inner {
    /// The public base URL, for links that leave the site (QR codes, e-mails).
    pub fn base_url(&self) -> String {
        self.config.public_url.clone().unwrap_or_else(|| format!("http://{}", self.config.listen))
    }
}

/// A running server (used by `serve` and by the integration tests).
pub struct Running {
    pub addr: SocketAddr,
    pub state: AppState,
    shutdown: tokio::sync::watch::Sender<bool>,
    handle: tokio::task::JoinHandle<std::io::Result<()>>,
    workers: Vec<tokio::task::JoinHandle<()>>,
}

impl Running {
    /// Stop accepting, finish requests in flight, close the database.
    pub async fn shutdown(self) -> anyhow::Result<()> {
        let _ = self.shutdown.send(true);
        self.state.live.close();
        self.handle.await??;
        for w in &self.workers {
            w.abort();
        }
        self.state.db.close().await;
        Ok(())
    }

    /// Wait until the server stops (after SIGTERM or Ctrl-C when started by [`serve`]).
    pub async fn wait(self) -> anyhow::Result<()> {
        let state = self.state.clone();
        self.handle.await??;
        for w in &self.workers {
            w.abort();
        }
        state.db.close().await;
        Ok(())
    }
}

/// Bind `state.config.listen` (port 0 picks a free port) and serve in the background.
pub async fn start(state: AppState) -> anyhow::Result<Running> {
    let listener = TcpListener::bind(state.config.listen)
        .await
        .with_context(|| format!("cannot listen on {}", state.config.listen))?;
    let addr = listener.local_addr()?;
    state.catalog.refresh(&state.db, true).await?;
    // A lone process is the ledger's sequencer (and has signed a first checkpoint) before it
    // answers; with several on one PostgreSQL, one of them is.
    let seat = crate::ledger::sequencer::try_lead_now(&state).await;
    // Live events from every process (PostgreSQL), listened to before the first page is served.
    let live = crate::notify::live::listen(&state).await.context("live events (LISTEN)")?;
    let app = crate::web::router::build(state.clone());
    let (tx, mut rx) = tokio::sync::watch::channel(false);
    let handle = tokio::spawn(async move {
        axum::serve(listener, app.into_make_service_with_connect_info::<SocketAddr>())
            .with_graceful_shutdown(async move {
                let _ = rx.wait_for(|stop| *stop).await;
            })
            .await
    });
    let mut workers = vec![
        crate::notify::worker::spawn(state.clone()),
        crate::ledger::spawn_sequencer(state.clone(), seat),
        crate::reports::service::spawn_deadlines(state.clone()),
        crate::assistant::service::spawn_purge(state.clone()),
        crate::appointments::service::spawn_jobs(state.clone()),
        crate::opendata::stats::spawn(state.clone()),
        crate::skm::service::spawn_invitations(state.clone()),
        crate::forecast::service::spawn(state.clone()),
        crate::hotspots::service::spawn(state.clone()),
        crate::proactive::service::spawn_job(state.clone()),
        crate::performance::service::spawn(state.clone()),
        crate::iot::live::spawn(state.clone()),
        crate::iot::rules::spawn_silence(state.clone()),
        crate::iot::ingest::spawn(state.clone()),
        crate::iot::ingest::spawn_retention(state.clone()),
        crate::iot::mqtt::spawn(state.clone()),
        crate::privacy::service::spawn_retention(state.clone()),
        crate::exchange::verify::spawn(state.clone()),
        crate::announcements::service::spawn(state.clone()),
        crate::payments::jobs::spawn(state.clone()),
    ];
    workers.extend(live);
    Ok(Running { addr, state, shutdown: tx, handle, workers })
}

/// Serve until SIGTERM or Ctrl-C, then shut down gracefully.
pub async fn serve(state: AppState) -> anyhow::Result<()> {
    let running = start(state).await?;
    tracing::info!(addr = %running.addr, "SatuPintu is listening");
    let stop = running.shutdown.clone();
    let live_state = running.state.clone();
    tokio::spawn(async move {
        shutdown_signal().await;
        tracing::info!("shutting down");
        let _ = stop.send(true);
        live_state.live.close();
    });
    running.wait().await
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! { _ = ctrl_c => {}, _ = term => {} }
}

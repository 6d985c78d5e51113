//! The SQLite writer thread. SQLite has one writer at a time, so a write transaction holds the
//! one write connection from `BEGIN` to `COMMIT`, and every statement in it is a round trip to
//! the connection's own thread. On the shared request workers each of those round trips also
//! waits until a worker is free to go on with the transaction, while everyone else waits for the
//! connection. The transactions that run at every submission ([`super::Db::write`]) therefore run
//! one after another on a thread of their own that does nothing else: the connection is held
//! only for as long as the statements take.

use futures_core::future::BoxFuture;
use tokio::sync::mpsc;

/// A unit of work for the writer thread (it owns everything it needs and reports back itself).
pub(super) type Job = Box<dyn FnOnce() -> BoxFuture<'static, ()> + Send>;

/// The sending side; the thread ends when every sender is gone.
#[derive(Clone, Debug)]
pub(super) struct Writer {
    jobs: mpsc::UnboundedSender<Job>,
}

impl Writer {
    pub(super) fn start() -> std::io::Result<Writer> {
        let (jobs, mut rx) = mpsc::unbounded_channel::<Job>();
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
        std::thread::Builder::new().name("sqlite-writer".into()).spawn(move || {
            runtime.block_on(async move {
                while let Some(job) = rx.recv().await {
                    // A job that panics loses its answer (its caller sees an error), not the thread.
                    let _ = futures_util::FutureExt::catch_unwind(std::panic::AssertUnwindSafe(job())).await;
                }
            })
        })?;
        Ok(Writer { jobs })
    }

    /// Queue a job; false when the thread is gone.
    pub(super) fn send(&self, job: Job) -> bool {
        self.jobs.send(job).is_ok()
    }
}

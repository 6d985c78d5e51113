//! The MQTT subscriber: `satupintu/v1/devices/+/readings` at QoS 1 (through
//! `$share/<group>/...` when `mqtt_share_group` is set, so several processes split the
//! readings), each message checked and queued for the batch writer and acknowledged to the
//! broker only once its batch is committed (at least once; a reading delivered twice is
//! stored once). Reconnects with backoff; a bad message is counted on its device and never
//! stops the subscriber.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use rumqttc::{AsyncClient, Event, MqttOptions, Packet, QoS};

use super::ingest::Submission;
use super::payload::{self, Window};
use crate::app::AppState;

/// The readings topic filter.
pub const TOPIC: &str = "satupintu/v1/devices/+/readings";

/// The topic a device publishes its readings to.
pub fn topic(device_id: &str) -> String {
    format!("satupintu/v1/devices/{device_id}/readings")
}

/// The subscription: the readings filter, shared when a group is configured.
pub fn subscription(share_group: Option<&str>) -> String {
    match share_group.filter(|g| !g.is_empty()) {
        Some(group) => format!("$share/{group}/{TOPIC}"),
        None => TOPIC.to_string(),
    }
}

static CLIENTS: AtomicU64 = AtomicU64::new(0);

/// Broker options from `mqtt://[user:password@]host[:port]` (`tcp://` too; port 1883 by default).
pub fn options(url: &str, client_prefix: &str) -> anyhow::Result<MqttOptions> {
    let parsed = url::Url::parse(url).map_err(|e| anyhow::anyhow!("mqtt_url: {e}"))?;
    if !matches!(parsed.scheme(), "mqtt" | "tcp") {
        anyhow::bail!("mqtt_url: only mqtt:// (plain TCP) is supported");
    }
    let host = parsed.host_str().ok_or_else(|| anyhow::anyhow!("mqtt_url: no host"))?;
    let port = parsed.port().unwrap_or(1883);
    // Unique per process and per subscriber in it (the broker drops a client whose id is taken).
    let id = format!("{client_prefix}-{}-{}", std::process::id(), CLIENTS.fetch_add(1, Ordering::Relaxed));
    let mut opts = MqttOptions::new(id, host, port);
    opts.set_keep_alive(Duration::from_secs(30))
        .set_clean_session(true)
        .set_manual_acks(true)
        .set_inflight(100)
        .set_request_channel_capacity(10_000)
        // Room for the largest payload accepted and its topic; larger ones are refused when read.
        .set_max_packet_size(payload::MAX_BYTES * 4, 64 * 1024);
    if let Some((user, password)) = super::mosquitto::platform_account(Some(url)) {
        opts.set_credentials(user, password);
    }
    Ok(opts)
}

/// Start the subscriber when `mqtt_url` is set (a task that ends at once otherwise).
pub fn spawn(state: AppState) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let Some(url) = state.config.mqtt_url.clone() else { return };
        match options(&url, &state.config.mqtt_client_id) {
            Ok(opts) => run(state, opts).await,
            Err(e) => tracing::error!(error = %e, "MQTT subscriber not started"),
        }
    })
}

/// Subscribe and handle messages until the task is stopped.
pub async fn run(state: AppState, opts: MqttOptions) {
    let sub = subscription(state.config.mqtt_share_group.as_deref());
    let broker = opts.broker_address();
    let (client, mut events) = AsyncClient::new(opts, 10_000);
    let mut backoff = Duration::from_millis(100);
    loop {
        match events.poll().await {
            Ok(Event::Incoming(Packet::ConnAck(_))) => {
                backoff = Duration::from_millis(100);
                tracing::info!(host = %broker.0, port = broker.1, subscription = %sub, "MQTT subscriber connected");
                if let Err(e) = client.try_subscribe(sub.clone(), QoS::AtLeastOnce) {
                    tracing::warn!(error = %e, "MQTT subscribe not sent");
                }
            }
            Ok(Event::Incoming(Packet::Publish(p))) => handle(&state, &client, p).await,
            Ok(Event::Incoming(Packet::SubAck(_))) => {
                state.iot.stats.subscribed.fetch_add(1, Ordering::Relaxed);
            }
            Ok(_) => {}
            Err(e) => {
                tracing::warn!(error = %e, retry_in_ms = backoff.as_millis() as u64, "MQTT connection lost");
                tokio::time::sleep(backoff).await;
                backoff = (backoff * 2).min(Duration::from_secs(10));
            }
        }
    }
}

/// One message: parse, check, queue; acknowledged once stored (or when there is nothing to store).
/// A message the registry does not know yet waits for it to be read again; it waits aside, so
/// a stream of messages from unregistered devices does not hold up the registered ones.
async fn handle(state: &AppState, client: &AsyncClient, p: rumqttc::Publish) {
    let ack: Ack = {
        let client = client.clone();
        let p = rumqttc::Publish { payload: Default::default(), ..p.clone() };
        Box::new(move |_ok: bool| {
            // A batch that could not be stored after its retries is acknowledged too: the broker
            // would not send it again on this connection anyway (it is logged and counted).
            if p.qos != QoS::AtMostOnce {
                let _ = client.try_ack(&p);
            }
        })
    };
    let Some(device_id) = payload::topic_device(&p.topic) else {
        ack(true);
        return;
    };
    let parsed = payload::parse(&p.payload, Window::new(super::ingest::now_ms(), state.config.iot_raw_days));
    let would_wait = state.iot.would_wait(device_id, parsed.as_deref().unwrap_or_default());
    if would_wait {
        if let Ok(permit) = state.iot.aside.clone().try_acquire_owned() {
            let (state, device_id) = (state.clone(), device_id.to_string());
            tokio::spawn(async move {
                let _permit = permit;
                queue(&state, &device_id, parsed, ack).await;
            });
            return;
        }
    }
    queue(state, device_id, parsed, ack).await;
}

type Ack = Box<dyn FnOnce(bool) + Send>;

/// Check a parsed message against the registry and queue it for the writer.
async fn queue(state: &AppState, device_id: &str, parsed: Result<payload::Parsed, payload::ErrorKey>, ack: Ack) {
    let (readings, refusals) = match parsed {
        Ok(parsed) => match check_until_read(state, device_id, parsed).await {
            Some(c) => (c.readings, c.refused.into_iter().map(|(_, k)| k).collect()),
            None => {
                state.iot.stats.unknown_device.fetch_add(1, Ordering::Relaxed);
                ack(true);
                return;
            }
        },
        Err(key) => match state.iot.check(&state.db, device_id, vec![]).await {
            Ok(Some(_)) => (vec![], vec![key]),
            _ => {
                state.iot.stats.unknown_device.fetch_add(1, Ordering::Relaxed);
                ack(true);
                return;
            }
        },
    };
    let sub = Submission { device_id: device_id.to_string(), readings, refusals, done: Some(ack) };
    if state.iot.submit(sub).await.is_err() {
        tracing::debug!("ingestion stopped; MQTT message not queued");
    }
}

/// Check readings against the registry, trying again (with back-off, holding up the subscriber)
/// while the registry cannot be read: a broker does not send an unacknowledged message again on
/// the same session, so giving up would lose it. `None`: no such device.
async fn check_until_read(
    state: &AppState,
    device_id: &str,
    parsed: super::payload::Parsed,
) -> Option<super::ingest::Checked> {
    let mut wait = std::time::Duration::from_millis(100);
    loop {
        match state.iot.check(&state.db, device_id, parsed.clone()).await {
            Ok(checked) => return checked,
            Err(e) => {
                tracing::warn!(error = %e, "registry not readable; trying again");
                tokio::time::sleep(wait).await;
                wait = (wait * 2).min(std::time::Duration::from_secs(5));
            }
        }
    }
}

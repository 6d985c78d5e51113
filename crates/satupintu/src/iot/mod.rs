//! Real-time monitoring of public infrastructure: things (bridges, pump houses, junctions, river
//! gauges, air-quality stations) with devices that send sensor readings over MQTT
//! (`satupintu/v1/devices/{device_id}/readings`) or HTTP (`POST /api/v1/iot/readings`); readings
//! stored raw for days and hourly for years; rules with hysteresis that open work orders for the
//! owner agency; live views; and a SensorThings-style read API at `/sta/v1.1`.

pub mod alert_api;
pub mod alert_pages;
pub mod alerts;
pub mod api;
pub mod demo;
pub mod ingest;
pub mod live;
pub mod manage;
pub mod model;
pub mod mosquitto;
pub mod mqtt;
pub mod pages;
pub mod payload;
pub mod public;
pub mod readings;
pub mod registry;
pub mod rules;
pub mod sta;
pub mod views;

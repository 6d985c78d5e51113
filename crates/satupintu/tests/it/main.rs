//! Integration tests: each starts the real server on port 0 against a fresh database, once on
//! SQLite and once on PostgreSQL (`SATUPINTU_TEST_PG`, default postgres://postgres@127.0.0.1:5432/test).

mod common;

mod applications;
mod appointments;
mod assistant;
mod assisted;
mod authz;
mod budget;
mod calendar;
mod catalog;
mod cli;
mod crash;
mod identity;
mod ledger_go;
mod notify;
mod open311;
mod procurement;
mod opendata;
mod participation;
mod proactive;
mod push;
mod regulations;
mod report_pages;
mod reports;
mod search;
mod skm;
mod storage;
mod telemedicine;
mod transparency;
mod web;
mod witness;
mod forecast;
mod hotspots;
mod performance;
mod iot_sta;
mod iot_views;
mod iot_rules;
mod iot_ingest;
mod crypt;
mod exchange;
mod oidc;
mod oidc_staff;
mod privacy;
mod verify;

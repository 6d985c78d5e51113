//! Telemedicine (issue 8): a booking of a practitioner's slot is a teleconsultation.
//!
//! The patient answers a short pre-consultation form; from ten minutes before the slot both the
//! patient and the practitioner get a room (a Jitsi Meet link made from the facility's
//! `video_url` and an unguessable room name: the platform carries no video) and a text chat.
//! The practitioner writes notes and an e-prescription that completes the consultation; the
//! patient downloads it as a PDF whose QR code leads a pharmacy to its verification page, where
//! it is marked dispensed once. Health data is seen only by the patient and the treating
//! practitioner, and every staff read is in the patient's health-access log.
//!
//! [`model`] the vocabulary, [`store`] the tables, [`service`] the rules, [`pages`] the pages,
//! [`pdf`] the prescription, [`fhir`] the HL7 FHIR R4 API at `/fhir/R4`, [`demo`] the demo
//! practitioner.

pub mod demo;
pub mod fhir;
pub mod model;
pub mod pages;
pub mod pdf;
pub mod service;
pub mod store;

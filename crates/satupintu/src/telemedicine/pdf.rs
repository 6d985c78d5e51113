//! The PDF of an e-prescription: who prescribed what for whom, the platform's signature, and a
//! QR code to the pharmacy's verification page. Drawn with the documents' PDF writer.

use super::store::Prescription;
use crate::app::AppState;
use crate::documents::pdf::{self, line, Font, Page, Qr};

/// The prescription on one A4 page (items beyond what fits go on following pages).
pub fn render(state: &AppState, rx: &Prescription) -> Vec<u8> {
    use Font::{Bold, Mono, Regular};
    let c = &rx.content;
    let url = super::service::verify_url(&state.base_url(), rx);
    let mut lines = vec![
        line(56.0, 790.0, 11.0, Regular, c.facility.clone()),
        line(56.0, 760.0, 20.0, Bold, "Resep Elektronik / E-prescription"),
        line(56.0, 734.0, 12.0, Regular, format!("Nomor resep / Prescription number: {}", c.code)),
        line(56.0, 716.0, 12.0, Regular, format!("Konsultasi / Consultation: {}", c.consultation)),
        line(56.0, 698.0, 12.0, Regular, format!("Tanggal / Date: {}", c.issued_on)),
        line(56.0, 672.0, 12.0, Regular, format!("Pasien / Patient: {}", c.patient)),
        line(56.0, 654.0, 12.0, Regular, format!("Dokter / Practitioner: {}", c.practitioner)),
        line(56.0, 636.0, 12.0, Regular, format!("SIP / Licence: {}", c.license)),
        line(56.0, 604.0, 14.0, Bold, "R/"),
    ];
    let mut pages = vec![];
    let mut y = 584.0;
    for (i, item) in c.items.iter().enumerate() {
        if y < 250.0 {
            pages.push(Page { lines: std::mem::take(&mut lines), qr: None });
            y = 790.0;
        }
        lines.push(line(56.0, y, 12.0, Bold, format!("{}. {} {}", i + 1, item.medicine, item.strength)));
        lines.push(line(
            72.0,
            y - 16.0,
            11.0,
            Regular,
            format!("Jumlah / Quantity: {}    Dosis / Dose: {}", item.quantity, item.dose),
        ));
        if !item.instructions.is_empty() {
            lines.push(line(
                72.0,
                y - 31.0,
                11.0,
                Regular,
                format!("Aturan pakai / Instructions: {}", item.instructions),
            ));
        }
        y -= 52.0;
    }
    let half = rx.signature.len() / 2;
    lines.extend([
        line(
            56.0,
            210.0,
            10.0,
            Regular,
            "Apotek: pindai kode QR untuk memeriksa keaslian resep ini dan apakah sudah diserahkan.",
        ),
        line(
            56.0,
            196.0,
            10.0,
            Regular,
            "Pharmacy: scan the QR code to check this prescription and whether it was dispensed.",
        ),
        line(56.0, 170.0, 8.0, Regular, format!("Tanda tangan elektronik (Ed25519, kunci {}):", rx.key_id)),
        line(56.0, 158.0, 7.0, Mono, rx.signature[..half].to_string()),
        line(56.0, 148.0, 7.0, Mono, rx.signature[half..].to_string()),
        line(
            56.0,
            60.0,
            8.0,
            Regular,
            format!("Diterbitkan melalui SatuPintu. Verifikasi: {}", url.split('?').next().unwrap_or("")),
        ),
    ]);
    pages.push(Page { lines, qr: Some(Qr { text: url, x: 390.0, y: 40.0, size: 150.0 }) });
    pdf::render(&pages)
}

//! The PDF of a payment receipt (kuitansi): what was paid, for what, to which agency, when and
//! how, the amount in words, the platform's signature and a QR code to its verification page.
//! Drawn with the documents' PDF writer.

use super::model;
use super::service::{receipt_url, Receipt};
use crate::app::AppState;
use crate::documents::pdf::{self, line, Font, Page, Qr};

/// The channel as the receipt prints it (both languages).
fn channel(c: &str) -> &'static str {
    match c {
        "qris" => "QRIS",
        "va" => "Virtual account",
        "counter" => "Loket / Counter",
        "transfer" => "Transfer bank / Bank transfer",
        _ => "Gerbang pembayaran / Payment gateway",
    }
}

/// The receipt on one A4 page.
pub fn render(state: &AppState, r: &Receipt, agency_name: &str) -> Vec<u8> {
    use Font::{Bold, Mono, Regular};
    let c = &r.content;
    let offset = state.config.utc_offset_hours().unwrap_or(7);
    let url = receipt_url(&state.base_url(), &c.number, &r.signature);
    let paid = crate::web::fmt_datetime(c.paid_at, crate::web::i18n::Lang::Id);
    let paid_on = crate::calendar::local_date(c.paid_at, offset);
    let rows = [
        ("Nomor kuitansi / Receipt number", c.number.clone()),
        ("Kode bayar / Billing code", super::pages::grouped(&c.bill)),
        ("Untuk / For", c.description.clone()),
        ("Instansi / Agency", agency_name.to_string()),
        ("Jenis pendapatan / Revenue type", r.bill.revenue_type.to_uppercase()),
        ("Dibayar / Paid", paid),
        ("Cara bayar / Paid by", channel(&c.channel).to_string()),
    ];
    let mut lines = vec![
        line(56.0, 790.0, 11.0, Regular, format!("SatuPintu - {agency_name}")),
        line(56.0, 760.0, 20.0, Bold, "Kuitansi Pembayaran / Payment receipt"),
    ];
    let mut y = 724.0;
    for (label, value) in rows {
        lines.push(line(56.0, y, 9.0, Regular, label));
        lines.push(line(56.0, y - 14.0, 12.0, Bold, value));
        y -= 34.0;
    }
    lines.push(line(56.0, y, 9.0, Regular, "Jumlah / Amount"));
    lines.push(line(56.0, y - 20.0, 18.0, Bold, model::rupiah(c.amount_idr)));
    lines.push(line(56.0, y - 38.0, 11.0, Regular, format!("Terbilang: {}", model::terbilang(c.amount_idr))));
    if r.refunded {
        lines.push(line(56.0, y - 66.0, 14.0, Bold, "DIKEMBALIKAN / REFUNDED: kuitansi ini tidak berlaku lagi."));
    }
    let half = r.signature.len() / 2;
    lines.extend([
        line(
            56.0,
            250.0,
            10.0,
            Regular,
            format!("Kuitansi ini sah tanpa tanda tangan basah: ditandatangani elektronik pada {paid_on}."),
        ),
        line(56.0, 236.0, 10.0, Regular, "This receipt is signed electronically and needs no wet signature."),
        line(56.0, 216.0, 10.0, Regular, "Pindai kode QR untuk memeriksa keasliannya / Scan the QR code to verify it."),
        line(56.0, 190.0, 8.0, Regular, format!("Tanda tangan elektronik (Ed25519, kunci {}):", state.keys.key_id())),
        line(56.0, 178.0, 7.0, Mono, r.signature[..half].to_string()),
        line(56.0, 168.0, 7.0, Mono, r.signature[half..].to_string()),
        line(56.0, 60.0, 8.0, Regular, format!("Verifikasi: {}", url.split('?').next().unwrap_or(""))),
    ]);
    pdf::render(&[Page { lines, qr: Some(Qr { text: url, x: 390.0, y: 40.0, size: 150.0 }) }])
}

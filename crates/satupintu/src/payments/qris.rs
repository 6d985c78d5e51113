//! The QRIS payload of a bill: an EMVCo merchant-presented QR code (EMV QRCPS-MPM) with the
//! Indonesian QRIS tags, dynamic (point of initiation 12) with the amount and the billing code,
//! ending in its CRC-16/CCITT-FALSE. Tags used:
//!
//! | tag | content |
//! | --- | --- |
//! | 00 | payload format indicator `01` |
//! | 01 | point of initiation `12` (dynamic: one payment) |
//! | 26 | the acquirer's merchant account: 00 its reverse-domain id, 01 merchant PAN, 02 merchant id, 03 criteria |
//! | 51 | the national QRIS merchant account: 00 `ID.CO.QRIS.WWW`, 02 NMID, 03 criteria |
//! | 52 | merchant category code |
//! | 53 | currency `360` (rupiah) |
//! | 54 | amount, whole rupiah |
//! | 58 | country `ID` |
//! | 59, 60, 61 | merchant name, city, postal code |
//! | 62 | additional data: 01 bill number, 05 reference label (both the billing code) |
//! | 63 | CRC of everything before it, `6304` included |

use crate::config::PaymentSettings;

/// The national QRIS globally unique identifier (tag 51, sub-tag 00).
pub const QRIS_GUI: &str = "ID.CO.QRIS.WWW";

/// One data object: tag, two-digit length, value (ASCII only: anything else becomes a space,
/// and the value is cut to 99 characters).
fn tlv(tag: &str, value: &str) -> String {
    let value: String =
        value.chars().map(|c| if c.is_ascii() && !c.is_ascii_control() { c } else { ' ' }).take(99).collect();
    format!("{tag}{:02}{value}", value.len())
}

fn cut(s: &str, n: usize) -> String {
    s.chars().take(n).collect()
}

/// CRC-16/CCITT-FALSE (polynomial 0x1021, initial 0xFFFF, no reflection, no final XOR).
pub fn crc16(data: &[u8]) -> u16 {
    let mut crc: u16 = 0xFFFF;
    for byte in data {
        crc ^= u16::from(*byte) << 8;
        for _ in 0..8 {
            crc = if crc & 0x8000 != 0 { (crc << 1) ^ 0x1021 } else { crc << 1 };
        }
    }
    crc
}

/// The QRIS payload for paying `amount_idr` on the bill `bill_code`.
pub fn payload(m: &PaymentSettings, amount_idr: i64, bill_code: &str) -> String {
    let mut s = String::new();
    s += &tlv("00", "01");
    s += &tlv("01", "12");
    let acquirer = tlv("00", &m.qris_acquirer)
        + &tlv("01", &m.qris_merchant_pan)
        + &tlv("02", &m.qris_merchant_id)
        + &tlv("03", &m.qris_criteria);
    s += &tlv("26", &acquirer);
    s += &tlv("51", &(tlv("00", QRIS_GUI) + &tlv("02", &m.qris_nmid) + &tlv("03", &m.qris_criteria)));
    s += &tlv("52", &m.qris_mcc);
    s += &tlv("53", "360");
    s += &tlv("54", &amount_idr.to_string());
    s += &tlv("58", "ID");
    s += &tlv("59", &cut(&m.qris_merchant_name, 25));
    s += &tlv("60", &cut(&m.qris_merchant_city, 15));
    s += &tlv("61", &cut(&m.qris_postal_code, 10));
    s += &tlv("62", &(tlv("01", bill_code) + &tlv("05", bill_code)));
    s += "6304";
    let crc = crc16(s.as_bytes());
    s + &format!("{crc:04X}")
}

/// The data objects of a payload, top level, in order, if it parses and its CRC is right.
pub fn decode(payload: &str) -> Option<Vec<(String, String)>> {
    let (body, crc) = payload.split_at_checked(payload.len().checked_sub(4)?)?;
    if !body.ends_with("6304") || u16::from_str_radix(crc, 16).ok()? != crc16(body.as_bytes()) {
        return None;
    }
    let mut out = Vec::new();
    let mut rest = payload;
    while !rest.is_empty() {
        let tag = rest.get(0..2)?;
        let len: usize = rest.get(2..4)?.parse().ok()?;
        let value = rest.get(4..4 + len)?;
        out.push((tag.to_string(), value.to_string()));
        rest = &rest[4 + len..];
    }
    Some(out)
}

/// An SVG image of a QR code for `text`: dark modules as one path, with a quiet zone.
pub fn svg(text: &str) -> String {
    let Ok(code) = qrcode::QrCode::with_error_correction_level(text.as_bytes(), qrcode::EcLevel::M) else {
        return String::new();
    };
    let width = code.width();
    let colors = code.to_colors();
    let mut path = String::new();
    for (i, color) in colors.iter().enumerate() {
        if *color == qrcode::Color::Dark {
            let (x, y) = (i % width + 4, i / width + 4);
            path += &format!("M{x} {y}h1v1h-1z");
        }
    }
    let size = width + 8;
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {size} {size}\" shape-rendering=\"crispEdges\">\
         <rect width=\"{size}\" height=\"{size}\" fill=\"#fff\"/><path fill=\"#000\" d=\"{path}\"/></svg>"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crc_is_ccitt_false() {
        // The standard check value of CRC-16/CCITT-FALSE.
        assert_eq!(crc16(b"123456789"), 0x29B1);
    }

    #[test]
    fn payload_has_the_qris_tags_amount_and_a_correct_crc() {
        let m = PaymentSettings::default();
        let p = payload(&m, 75_000, "2610123456789012");
        let objects = decode(&p).expect("decodes with a correct CRC");
        let get = |tag: &str| objects.iter().find(|(t, _)| t == tag).map(|(_, v)| v.as_str());
        assert_eq!(get("00"), Some("01"));
        assert_eq!(get("01"), Some("12"));
        assert_eq!(get("53"), Some("360"));
        assert_eq!(get("54"), Some("75000"));
        assert_eq!(get("58"), Some("ID"));
        assert_eq!(get("59"), Some("PEMDA SATUPINTU"));
        assert!(get("51").is_some_and(|v| v.starts_with("0014ID.CO.QRIS.WWW")));
        assert!(get("62").is_some_and(|v| v.contains("2610123456789012")));
        // A changed amount no longer passes the CRC.
        assert_eq!(decode(&p.replace("540575000", "540575001")), None);
        assert!(svg(&p).starts_with("<svg"));
    }
}

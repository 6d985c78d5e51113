//! Billing codes, tax object numbers and the statuses of bills and payments.

use rand::Rng;
use serde::Serialize;
use utoipa::ToSchema;

/// What a bill is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum BillKind {
    /// The fee of a catalogue service, billed when the application is submitted.
    ServiceFee,
    /// A levy an officer set while processing an application (e.g. PBG retribusi).
    Levy,
    /// PBB-P2, by NOP.
    Pbb,
    /// Vehicle tax (PKB), by plate number.
    Pkb,
}

impl BillKind {
    pub fn as_str(self) -> &'static str {
        match self {
            BillKind::ServiceFee => "service_fee",
            BillKind::Levy => "levy",
            BillKind::Pbb => "pbb",
            BillKind::Pkb => "pkb",
        }
    }

    pub fn parse(s: &str) -> Option<BillKind> {
        [BillKind::ServiceFee, BillKind::Levy, BillKind::Pbb, BillKind::Pkb].into_iter().find(|k| k.as_str() == s)
    }

    /// The two digits a billing code starts with after the year.
    fn code_digits(self) -> &'static str {
        match self {
            BillKind::ServiceFee => "10",
            BillKind::Levy => "20",
            BillKind::Pbb => "31",
            BillKind::Pkb => "32",
        }
    }
}

/// Bill statuses.
pub const UNPAID: &str = "unpaid";
pub const PAID: &str = "paid";
pub const EXPIRED: &str = "expired";
pub const CANCELLED: &str = "cancelled";
pub const REFUNDED: &str = "refunded";

/// Payment statuses: it paid its bill; its bill was already paid; no bill fits; a treasurer
/// matched it to a bill; it was paid back.
pub const SETTLED: &str = "settled";
pub const DOUBLE: &str = "double";
pub const UNMATCHED: &str = "unmatched";
pub const ASSIGNED: &str = "assigned";
pub const PAID_BACK: &str = "refunded";

/// The application state while its bill waits to be paid.
pub const AWAITING_PAYMENT: &str = "awaiting_payment";

/// The Luhn check digit of a string of digits.
pub fn luhn_digit(digits: &str) -> char {
    let sum: u32 = digits
        .bytes()
        .rev()
        .enumerate()
        .map(|(i, b)| {
            let d = u32::from(b - b'0');
            match i % 2 {
                0 => match d * 2 {
                    x if x > 9 => x - 9,
                    x => x,
                },
                _ => d,
            }
        })
        .sum();
    char::from_digit((10 - sum % 10) % 10, 10).unwrap_or('0')
}

/// A new billing code: 16 digits, the year (2), the kind (2), 11 random digits and a Luhn check
/// digit, so that a mistyped digit is caught before a bank is asked and codes cannot be guessed
/// in order.
pub fn new_code(kind: BillKind, year: i32) -> String {
    let mut rng = rand::thread_rng();
    let body: String = (0..11).map(|_| char::from(b'0' + rng.gen_range(0..10u8))).collect();
    let digits = format!("{:02}{}{}", year.rem_euclid(100), kind.code_digits(), body);
    let check = luhn_digit(&digits);
    format!("{digits}{check}")
}

/// A billing code as typed (spaces, dots and dashes dropped), if well formed.
pub fn parse_code(input: &str) -> Option<String> {
    let code: String = input.chars().filter(|c| !matches!(c, ' ' | '.' | '-')).collect();
    let ok = code.len() == 16 && code.bytes().all(|b| b.is_ascii_digit());
    (ok && luhn_digit(&code[..15]) == code.as_bytes()[15] as char).then_some(code)
}

/// A NOP (Nomor Objek Pajak, 18 digits: province, regency, district, village, block, object
/// number, code) as typed with or without its dots and dashes.
pub fn parse_nop(input: &str) -> Option<String> {
    let nop: String = input.chars().filter(|c| !matches!(c, ' ' | '.' | '-')).collect();
    (nop.len() == 18 && nop.bytes().all(|b| b.is_ascii_digit())).then_some(nop)
}

/// A NOP as printed: `35.78.010.001.001-0001.0`.
pub fn format_nop(nop: &str) -> String {
    if nop.len() != 18 {
        return nop.to_string();
    }
    format!(
        "{}.{}.{}.{}.{}-{}.{}",
        &nop[0..2],
        &nop[2..4],
        &nop[4..7],
        &nop[7..10],
        &nop[10..13],
        &nop[13..17],
        &nop[17..]
    )
}

/// A plate number (tanda nomor kendaraan bermotor) as typed: one or two letters for the region,
/// one to four digits, up to three letters; kept without spaces, upper case.
pub fn parse_plate(input: &str) -> Option<String> {
    let plate: String = input.chars().filter(|c| !c.is_whitespace() && *c != '-').collect::<String>().to_uppercase();
    let b = plate.as_bytes();
    let region = b.iter().take_while(|c| c.is_ascii_uppercase()).count();
    let number = b[region..].iter().take_while(|c| c.is_ascii_digit()).count();
    let suffix = &b[region + number..];
    let ok = (1..=2).contains(&region)
        && (1..=4).contains(&number)
        && suffix.len() <= 3
        && suffix.iter().all(|c| c.is_ascii_uppercase());
    ok.then_some(plate)
}

/// A plate number as printed: `L 1234 AB`.
pub fn format_plate(plate: &str) -> String {
    let b = plate.as_bytes();
    let region = b.iter().take_while(|c| c.is_ascii_uppercase()).count();
    let number = b[region..].iter().take_while(|c| c.is_ascii_digit()).count();
    [&plate[..region], &plate[region..region + number], &plate[region + number..]]
        .iter()
        .filter(|p| !p.is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Rupiah as Indonesians write it: `Rp75.000`.
pub fn rupiah(amount: i64) -> String {
    let digits = amount.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push('.');
        }
        out.push(c);
    }
    format!("{}Rp{out}", if amount < 0 { "-" } else { "" })
}

/// An amount of rupiah in Indonesian words, as receipts write it ("terbilang"):
/// 75.000 is `tujuh puluh lima ribu rupiah`.
pub fn terbilang(amount: i64) -> String {
    const ONES: [&str; 12] =
        ["", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan", "sepuluh", "sebelas"];
    fn join(head: String, rest: String) -> String {
        if rest.is_empty() {
            head
        } else {
            format!("{head} {rest}")
        }
    }
    fn words(n: u64) -> String {
        const T: u64 = 1_000_000_000_000;
        match n {
            0..=11 => ONES[n as usize].to_string(),
            12..=19 => format!("{} belas", words(n - 10)),
            20..=99 => join(format!("{} puluh", words(n / 10)), words(n % 10)),
            100..=199 => join("seratus".into(), words(n - 100)),
            200..=999 => join(format!("{} ratus", words(n / 100)), words(n % 100)),
            1_000..=1_999 => join("seribu".into(), words(n - 1_000)),
            2_000..=999_999 => join(format!("{} ribu", words(n / 1_000)), words(n % 1_000)),
            1_000_000..=999_999_999 => join(format!("{} juta", words(n / 1_000_000)), words(n % 1_000_000)),
            1_000_000_000..=999_999_999_999 => {
                join(format!("{} miliar", words(n / 1_000_000_000)), words(n % 1_000_000_000))
            }
            _ => join(format!("{} triliun", words(n / T)), words(n % T)),
        }
    }
    let n = amount.unsigned_abs();
    let text = if n == 0 { "nol".to_string() } else { words(n) };
    format!("{}{text} rupiah", if amount < 0 { "minus " } else { "" })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn billing_codes_carry_a_check_digit() {
        let code = new_code(BillKind::ServiceFee, 2026);
        assert_eq!(code.len(), 16);
        assert!(code.starts_with("2610"));
        assert_eq!(parse_code(&code).as_deref(), Some(code.as_str()));
        let spaced = format!("{} {} {} {}", &code[0..4], &code[4..8], &code[8..12], &code[12..]);
        assert_eq!(parse_code(&spaced).as_deref(), Some(code.as_str()));
        // One digit wrong, or two neighbours swapped: refused.
        let mut wrong = code.clone().into_bytes();
        wrong[7] = if wrong[7] == b'9' { b'0' } else { wrong[7] + 1 };
        assert_eq!(parse_code(&String::from_utf8(wrong).unwrap_or_default()), None);
        assert_eq!(parse_code("12345"), None);
        assert_eq!(parse_code("26100000000000x0"), None);
        // The Luhn digit of the classic example.
        assert_eq!(luhn_digit("7992739871"), '3');
    }

    #[test]
    fn nops_and_plates_are_normalised() {
        assert_eq!(parse_nop("35.78.010.001.001-0001.0").as_deref(), Some("357801000100100010"));
        assert_eq!(format_nop("357801000100100010"), "35.78.010.001.001-0001.0");
        assert_eq!(parse_nop("35.78.010"), None);
        assert_eq!(parse_plate("l 1234 ab").as_deref(), Some("L1234AB"));
        assert_eq!(format_plate("L1234AB"), "L 1234 AB");
        assert_eq!(parse_plate("B 1 A").as_deref(), Some("B1A"));
        assert_eq!(parse_plate("ABC 12"), None);
        assert_eq!(parse_plate("B 12345"), None);
        assert_eq!(parse_plate("B 12 ABCD"), None);
        assert_eq!(parse_plate(""), None);
    }

    #[test]
    fn rupiah_is_grouped_with_dots() {
        assert_eq!(rupiah(75_000), "Rp75.000");
        assert_eq!(rupiah(1_500_000), "Rp1.500.000");
        assert_eq!(rupiah(500), "Rp500");
    }

    #[test]
    fn amounts_are_written_out_in_indonesian() {
        assert_eq!(terbilang(75_000), "tujuh puluh lima ribu rupiah");
        assert_eq!(terbilang(1_500_000), "satu juta lima ratus ribu rupiah");
        assert_eq!(terbilang(115), "seratus lima belas rupiah");
        assert_eq!(terbilang(11_000), "sebelas ribu rupiah");
        assert_eq!(terbilang(1_001), "seribu satu rupiah");
        assert_eq!(terbilang(212_019), "dua ratus dua belas ribu sembilan belas rupiah");
        assert_eq!(terbilang(2_000_000_000), "dua miliar rupiah");
        assert_eq!(terbilang(0), "nol rupiah");
    }
}

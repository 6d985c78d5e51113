//! `satupintu skm ikm FILE.csv`: the IKM of a paper survey, without a database.

use std::path::Path;
use std::process::ExitCode;

use super::model::{self, Ikm};

/// The line printed for people: `IKM 82.50 (B), 120 responden`.
pub fn text(ikm: &Ikm) -> String {
    format!("IKM {} ({}), {} responden", ikm.text(), ikm.category, ikm.respondents)
}

/// The JSON printed with `--json`: `{"ikm": 82.5, "category": "B", "respondents": 120}`.
pub fn json(ikm: &Ikm) -> String {
    format!(
        "{{\"ikm\": {}, \"category\": \"{}\", \"respondents\": {}}}",
        serde_json::Value::from(ikm.value()),
        ikm.category,
        ikm.respondents
    )
}

/// Read `file` (`-` for standard input), print its IKM; every bad row on standard error with its
/// line and a non-zero exit, with nothing computed.
pub fn ikm(file: &Path, as_json: bool) -> ExitCode {
    let read = if file == Path::new("-") {
        let mut s = String::new();
        std::io::Read::read_to_string(&mut std::io::stdin(), &mut s).map(|_| s)
    } else {
        std::fs::read_to_string(file)
    };
    let text_in = match read {
        Ok(t) => t,
        Err(e) => {
            eprintln!("satupintu: {}: {e}", file.display());
            return ExitCode::from(2);
        }
    };
    match model::parse_csv(&text_in) {
        Ok(rows) => match Ikm::of(&rows) {
            Some(ikm) => {
                println!("{}", if as_json { json(&ikm) } else { text(&ikm) });
                ExitCode::SUCCESS
            }
            None => ExitCode::FAILURE,
        },
        Err(problems) => {
            for p in &problems {
                eprintln!("{}: {p}", file.display());
            }
            eprintln!(
                "{} baris bermasalah; IKM tidak dihitung / {} invalid rows; nothing was computed",
                problems.len(),
                problems.len()
            );
            ExitCode::FAILURE
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn output_formats() {
        let ikm = Ikm::from_sums(&[330; 9], 100).expect("ikm");
        // 25 × 3.30 = 82.50.
        assert_eq!(text(&ikm), "IKM 82.50 (B), 100 responden");
        assert_eq!(json(&ikm), r#"{"ikm": 82.5, "category": "B", "respondents": 100}"#);
    }
}

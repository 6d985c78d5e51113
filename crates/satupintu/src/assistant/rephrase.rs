//! Optional: a language model behind an OpenAI-compatible chat endpoint (a local Ollama, for
//! instance) may reword the assistant's replies to sound more natural. It never decides facts:
//! the reply is composed first, from the standard, and the rewording is used only when every
//! fact of it survived (every number and amount, every tracking code, every list item word for
//! word); otherwise, or when the model is slow or down, the composed reply goes out as it is.
//! Off unless `assistant_llm_url` is set.

use std::time::Duration;

use serde_json::{json, Value};

use crate::config::Config;
use crate::web::Lang;

/// Runs of digits with their separators ("350.000", "2026", "SP-2026-000123" gives its parts).
fn numbers(text: &str) -> Vec<String> {
    let mut out = vec![];
    let mut cur = String::new();
    let chars: Vec<char> = text.chars().collect();
    for (i, c) in chars.iter().enumerate() {
        let inner_sep =
            (*c == '.' || *c == ',') && !cur.is_empty() && chars.get(i + 1).is_some_and(char::is_ascii_digit);
        if c.is_ascii_digit() || inner_sep {
            cur.push(*c);
        } else if !cur.is_empty() {
            out.push(std::mem::take(&mut cur));
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// Whether `reworded` keeps every fact of `original`: its numbers, its list items (lines that
/// begin with "• " or a number), and is not much longer.
pub fn keeps_facts(original: &str, reworded: &str) -> bool {
    let reworded = reworded.trim();
    if reworded.is_empty() || reworded.chars().count() > original.chars().count() * 2 + 200 {
        return false;
    }
    let items = original.lines().map(str::trim).filter(|l| {
        l.starts_with("• ")
            || l.split_once(". ").is_some_and(|(n, _)| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
    });
    let item_text = |l: &str| -> String {
        l.trim_start_matches("• ")
            .split_once(". ")
            .filter(|(n, _)| n.chars().all(|c| c.is_ascii_digit()))
            .map_or(l.trim_start_matches("• "), |(_, t)| t)
            .to_string()
    };
    // The numbering of a list is not a fact; what the items say is.
    let without_numbering: String = original.lines().map(item_text).collect::<Vec<_>>().join("\n");
    numbers(&without_numbering).iter().all(|n| reworded.contains(n.as_str()))
        && items.map(item_text).all(|t| reworded.contains(&t))
}

/// The reworded reply, or `None` (not configured, the model failed, or a fact did not survive).
pub async fn reword(config: &Config, text: &str, lang: Lang) -> Option<String> {
    let base = config.assistant_llm_url.as_deref()?;
    let language = match lang {
        Lang::Id => "Bahasa Indonesia yang ramah dan sederhana",
        Lang::En => "plain, friendly English",
        Lang::Jv => "basa Jawa krama ingkang prasaja (polite, simple Javanese)",
        Lang::Su => "basa Sunda lemes anu basajan (polite, simple Sundanese)",
    };
    let system = format!(
        "You reword replies of a local government's public service assistant into {language}. \
         Keep every fact exactly: numbers, amounts, dates, names, codes, and every list item word for \
         word. Add nothing, remove nothing, give no advice of your own. Answer with the reworded reply only."
    );
    let body = json!({
        "model": config.assistant_llm_model,
        "temperature": 0.2,
        "messages": [{"role": "system", "content": system}, {"role": "user", "content": text}],
    });
    let url = format!("{}/chat/completions", base.trim_end_matches('/'));
    let mut req = super::http().post(url).timeout(Duration::from_secs(config.assistant_llm_timeout_secs)).json(&body);
    if let Some(key) = config.assistant_llm_key.as_deref() {
        req = req.bearer_auth(key);
    }
    let answer: Value = match req.send().await.and_then(reqwest::Response::error_for_status) {
        Ok(r) => r.json().await.ok()?,
        Err(e) => {
            tracing::warn!(error = %e.without_url(), "assistant language model did not answer");
            return None;
        }
    };
    let reworded = answer["choices"][0]["message"]["content"].as_str()?.trim().to_string();
    if keeps_facts(text, &reworded) {
        Some(reworded)
    } else {
        tracing::info!("assistant language model changed a fact: its wording was not used");
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rewording_must_keep_every_fact() {
        let original =
            "Biaya Paspor: Rp 350.000.\nPersyaratan:\n• KTP-el asli\n• Kartu Keluarga\n1. Datang ke kantor imigrasi";
        let good = "Untuk paspor, biayanya Rp 350.000 ya. Yang perlu dibawa:\n• KTP-el asli\n• Kartu Keluarga\nLalu: Datang ke kantor imigrasi";
        assert!(keeps_facts(original, good));
        assert!(!keeps_facts(original, &good.replace("350.000", "300.000")), "a changed amount");
        assert!(!keeps_facts(original, &good.replace("• Kartu Keluarga\n", "")), "a dropped requirement");
        assert!(!keeps_facts(original, ""), "nothing");
        assert!(
            !keeps_facts("Lama proses: 4 hari kerja.", &"Empat hari kerja saja. ".repeat(40)),
            "a number in words, and too long"
        );
        assert_eq!(numbers("SP-2026-000123 Rp 1.500.000, 3."), ["2026", "000123", "1.500.000", "3"]);
    }
}

//! Languages and messages: Bahasa Indonesia first, English second, from Fluent files in
//! `locales/{id,en}/*.ftl`; the citizen-facing interface also in Javanese and Sundanese
//! (`locales/{jv,su}/*.ftl`), whose missing messages fall back to Indonesian. The visitor's
//! language comes from `?lang=`, then the signed-in person's saved choice, then the `sp_lang`
//! cookie, then `Accept-Language`; Indonesian when nothing says otherwise.

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    Id,
    En,
    /// Basa Jawa.
    Jv,
    /// Basa Sunda.
    Su,
}

impl Lang {
    pub const ALL: [Lang; 4] = [Lang::Id, Lang::En, Lang::Jv, Lang::Su];

    pub fn code(self) -> &'static str {
        match self {
            Lang::Id => "id",
            Lang::En => "en",
            Lang::Jv => "jv",
            Lang::Su => "su",
        }
    }

    /// The language's own name, for the language choice.
    pub fn name(self) -> &'static str {
        match self {
            Lang::Id => "Bahasa Indonesia",
            Lang::En => "English",
            Lang::Jv => "Basa Jawa",
            Lang::Su => "Basa Sunda",
        }
    }

    pub fn parse(s: &str) -> Option<Lang> {
        match s.trim().to_ascii_lowercase().as_str() {
            "id" | "id-id" | "in" => Some(Lang::Id),
            "en" | "en-us" | "en-gb" | "en-au" => Some(Lang::En),
            "jv" | "jv-id" | "jw" => Some(Lang::Jv),
            "su" | "su-id" => Some(Lang::Su),
            _ => None,
        }
    }

    /// The best match in an `Accept-Language` header.
    pub fn from_accept_language(header: &str) -> Option<Lang> {
        let mut best: Option<(f32, Lang)> = None;
        for part in header.split(',') {
            let mut it = part.split(';');
            let tag = it.next().unwrap_or("").trim();
            let q = it.find_map(|p| p.trim().strip_prefix("q=").and_then(|v| v.parse::<f32>().ok())).unwrap_or(1.0);
            let primary = tag.split('-').next().unwrap_or("");
            if let Some(lang) = Lang::parse(primary) {
                if best.is_none_or(|(bq, _)| q > bq) {
                    best = Some((q, lang));
                }
            }
        }
        best.map(|(_, l)| l)
    }

    /// The language of content kept in two languages (the catalogue, agencies' texts):
    /// English for English, Indonesian for the rest.
    pub fn content(self) -> Lang {
        match self {
            Lang::En => Lang::En,
            _ => Lang::Id,
        }
    }

    /// Whether this language writes numbers the Indonesian way (`1.250,5`).
    pub fn indonesian_numbers(self) -> bool {
        self != Lang::En
    }

    /// The language the quick switch in the header offers: English from Indonesian,
    /// Indonesian from every other.
    pub fn other(self) -> Lang {
        match self {
            Lang::Id => Lang::En,
            _ => Lang::Id,
        }
    }
}

tokio::task_local! {
    /// The language of the request being handled, so errors can be localised wherever
    /// they are turned into responses.
    pub static REQUEST_LANG: Lang;
}

/// The language of the current request (Indonesian outside a request).
pub fn current_lang() -> Lang {
    REQUEST_LANG.try_with(|l| *l).unwrap_or_default()
}

pub struct Locales {
    id: FluentBundle<FluentResource>,
    en: FluentBundle<FluentResource>,
    jv: FluentBundle<FluentResource>,
    su: FluentBundle<FluentResource>,
}

/// The Fluent files, by name: every language has each of them (a regional language's file may
/// hold only the citizen-facing messages, or none yet).
macro_rules! ftl_files {
    ($lang:literal: $($file:literal),* $(,)?) => {
        [$(($file, include_str!(concat!("../../locales/", $lang, "/", $file, ".ftl")))),*]
    };
    ($lang:literal) => {
        ftl_files!($lang:
            "main", "identity", "catalog", "errors", "applications", "calendar", "ledger",
            "reports", "assistant", "open311", "appointments", "telemedicine", "regulations",
            "publicinfo", "budget", "procurement", "opendata", "participation", "skm", "forecast",
            "hotspots", "proactive", "performance", "iot-sta", "iot-views", "iot-rules",
            "iot-ingest", "crypto", "exchange", "oidc", "privacy", "partners", "green", "guides",
            "assisted", "announcements", "events", "admin", "backup", "observe", "payments",
        )
    };
}

/// Every Fluent file of a language, as (name, source) (also used by the tests).
pub fn files(lang: Lang) -> Vec<(&'static str, &'static str)> {
    match lang {
        Lang::Id => ftl_files!("id").to_vec(),
        Lang::En => ftl_files!("en").to_vec(),
        Lang::Jv => ftl_files!("jv").to_vec(),
        Lang::Su => ftl_files!("su").to_vec(),
    }
}

/// Every Fluent source of a language.
pub fn sources(lang: Lang) -> Vec<&'static str> {
    files(lang).into_iter().map(|(_, src)| src).collect()
}

fn bundle(lang: Lang) -> FluentBundle<FluentResource> {
    let tag: unic_langid::LanguageIdentifier = lang.code().parse().expect("static language tag");
    let mut bundle = FluentBundle::new_concurrent(vec![tag]);
    bundle.set_use_isolating(false);
    for src in sources(lang) {
        let res = FluentResource::try_new(src.to_string()).expect("Fluent files parse (checked by tests)");
        bundle.add_resource(res).expect("no duplicate Fluent message ids");
    }
    bundle
}

impl Default for Locales {
    fn default() -> Self {
        Locales { id: bundle(Lang::Id), en: bundle(Lang::En), jv: bundle(Lang::Jv), su: bundle(Lang::Su) }
    }
}

impl Locales {
    fn bundle(&self, lang: Lang) -> &FluentBundle<FluentResource> {
        match lang {
            Lang::Id => &self.id,
            Lang::En => &self.en,
            Lang::Jv => &self.jv,
            Lang::Su => &self.su,
        }
    }

    /// A message; falls back to Indonesian, then to the key itself.
    pub fn msg(&self, lang: Lang, key: &str, args: Option<&FluentArgs>) -> String {
        for l in [lang, Lang::Id] {
            let b = self.bundle(l);
            if let Some(pattern) = b.get_message(key).and_then(|m| m.value()) {
                let mut errors = vec![];
                return b.format_pattern(pattern, args, &mut errors).into_owned();
            }
        }
        key.to_string()
    }

    pub fn has(&self, lang: Lang, key: &str) -> bool {
        self.bundle(lang).has_message(key)
    }
}

/// What templates use to translate: `{{ t.t("key") }}`.
#[derive(Clone, Copy)]
pub struct T<'a> {
    pub locales: &'a Locales,
    pub lang: Lang,
}

impl<'a> T<'a> {
    pub fn t(&self, key: &str) -> String {
        self.locales.msg(self.lang, key, None)
    }

    /// A message with one argument.
    pub fn t1(&self, key: &str, name: &str, value: impl std::fmt::Display) -> String {
        let mut args = FluentArgs::new();
        args.set(name.to_string(), FluentValue::from(value.to_string()));
        self.locales.msg(self.lang, key, Some(&args))
    }

    /// A message with two arguments.
    pub fn t2(&self, key: &str, a: (&str, impl std::fmt::Display), b: (&str, impl std::fmt::Display)) -> String {
        let mut args = FluentArgs::new();
        args.set(a.0.to_string(), FluentValue::from(a.1.to_string()));
        args.set(b.0.to_string(), FluentValue::from(b.1.to_string()));
        self.locales.msg(self.lang, key, Some(&args))
    }

    /// A message with one numeric argument (for plurals).
    pub fn tn(&self, key: &str, name: &str, value: impl std::borrow::Borrow<i64>) -> String {
        let mut args = FluentArgs::new();
        args.set(name.to_string(), FluentValue::from(*value.borrow()));
        self.locales.msg(self.lang, key, Some(&args))
    }

    pub fn code(&self) -> &'static str {
        self.lang.code()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    fn keys(lang: Lang) -> BTreeSet<String> {
        let mut out = BTreeSet::new();
        for src in sources(lang) {
            let res = FluentResource::try_new(src.to_string()).expect("Fluent file parses");
            for entry in res.entries() {
                if let fluent_syntax::ast::Entry::Message(m) = entry {
                    out.insert(m.id.name.to_string());
                }
            }
        }
        out
    }

    #[test]
    fn every_message_exists_in_both_languages() {
        let id = keys(Lang::Id);
        let en = keys(Lang::En);
        let only_id: Vec<_> = id.difference(&en).collect();
        let only_en: Vec<_> = en.difference(&id).collect();
        assert!(only_id.is_empty() && only_en.is_empty(), "id only: {only_id:?}; en only: {only_en:?}");
        assert!(id.len() > 50);
    }

    #[test]
    fn every_key_used_in_templates_and_code_exists() {
        let locales = Locales::default();
        let root = concat!(env!("CARGO_MANIFEST_DIR"), "/");
        let mut missing = vec![];
        let mut seen = 0;
        for dir in ["templates", "src"] {
            for path in walk(&format!("{root}{dir}")).into_iter().filter(|p| !p.ends_with("i18n.rs")) {
                let text = std::fs::read_to_string(&path).expect("readable source");
                for key in used_keys(&text) {
                    seen += 1;
                    if !locales.has(Lang::Id, &key) {
                        missing.push(format!("{path}: {key}"));
                    }
                }
            }
        }
        assert!(seen > 50, "the scan found too few keys ({seen})");
        assert!(missing.is_empty(), "messages missing from locales/id: {missing:#?}");
    }

    /// Keys in `t("...")`, `t1("...")`, `tn("...")` calls and `msg_key: "..."` literals.
    fn used_keys(text: &str) -> Vec<String> {
        let mut out = vec![];
        for pat in [".t(\"", ".t1(\"", ".tn(\"", "key: \""] {
            let mut rest = text;
            while let Some(i) = rest.find(pat) {
                let after = &rest[i + pat.len()..];
                if let Some(end) = after.find('"') {
                    let key = &after[..end];
                    if !key.is_empty() && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
                        out.push(key.to_string());
                    }
                }
                rest = &rest[i + pat.len()..];
            }
        }
        out
    }

    fn walk(dir: &str) -> Vec<String> {
        let mut out = vec![];
        if let Ok(rd) = std::fs::read_dir(dir) {
            for e in rd.flatten() {
                let p = e.path();
                if p.is_dir() {
                    out.extend(walk(&p.to_string_lossy()));
                } else if p.extension().is_some_and(|x| x == "html" || x == "rs") {
                    out.push(p.to_string_lossy().into_owned());
                }
            }
        }
        out
    }

    /// A message's shape: its variables and its attributes' names.
    type Shape = (BTreeSet<String>, BTreeSet<String>);

    /// Every message of a Fluent source with its shape; fails on anything that does not parse.
    fn shapes(file: &str, src: &str) -> std::collections::BTreeMap<String, Shape> {
        use fluent_syntax::ast::{Entry, Expression, InlineExpression, Pattern, PatternElement};
        fn vars(p: &Pattern<&str>, out: &mut BTreeSet<String>) {
            for el in &p.elements {
                if let PatternElement::Placeable { expression } = el {
                    expr(expression, out);
                }
            }
        }
        fn expr(e: &Expression<&str>, out: &mut BTreeSet<String>) {
            match e {
                Expression::Select { selector, variants } => {
                    inline(selector, out);
                    for v in variants {
                        vars(&v.value, out);
                    }
                }
                Expression::Inline(i) => inline(i, out),
            }
        }
        fn inline(i: &InlineExpression<&str>, out: &mut BTreeSet<String>) {
            match i {
                InlineExpression::VariableReference { id } => {
                    out.insert(id.name.to_string());
                }
                InlineExpression::Placeable { expression } => expr(expression, out),
                InlineExpression::FunctionReference { arguments, .. } => {
                    for a in &arguments.positional {
                        inline(a, out);
                    }
                }
                _ => {}
            }
        }
        let res = fluent_syntax::parser::parse(src).unwrap_or_else(|(_, errs)| panic!("{file}: {errs:?}"));
        let mut out = std::collections::BTreeMap::new();
        for entry in res.body {
            if let Entry::Message(m) = entry {
                let mut v = BTreeSet::new();
                if let Some(p) = &m.value {
                    vars(p, &mut v);
                }
                for a in &m.attributes {
                    vars(&a.value, &mut v);
                }
                let attrs = m.attributes.iter().map(|a| a.id.name.to_string()).collect();
                out.insert(m.id.name.to_string(), (v, attrs));
            }
        }
        out
    }

    #[test]
    fn regional_translations_keep_each_message_shape() {
        let id: std::collections::BTreeMap<_, _> = files(Lang::Id).into_iter().collect();
        for lang in [Lang::Jv, Lang::Su] {
            let mut problems = vec![];
            for (file, src) in files(lang) {
                let source = shapes(file, id[file]);
                for (key, shape) in shapes(file, src) {
                    match source.get(&key) {
                        None => problems.push(format!("{file}: {key} is not in locales/id/{file}.ftl")),
                        Some(s) if *s != shape => {
                            problems.push(format!("{file}: {key} has {shape:?}, Indonesian has {s:?}"))
                        }
                        Some(_) => {}
                    }
                }
            }
            assert!(problems.is_empty(), "{}: {problems:#?}", lang.code());
        }
    }

    /// The files every message of which a citizen meets: complete in every regional language.
    const CITIZEN_FILES: &[&str] = &[
        "main",
        "identity",
        "errors",
        "catalog",
        "applications",
        "reports",
        "assistant",
        "appointments",
        "calendar",
        "ledger",
    ];

    #[test]
    fn regional_translations_cover_the_citizen_pages() {
        let id: std::collections::BTreeMap<_, _> = files(Lang::Id).into_iter().collect();
        for lang in [Lang::Jv, Lang::Su] {
            let theirs: std::collections::BTreeMap<_, _> = files(lang).into_iter().collect();
            let mut missing = vec![];
            for file in CITIZEN_FILES {
                let have = shapes(file, theirs[file]);
                missing.extend(
                    shapes(file, id[file])
                        .into_keys()
                        .filter(|k| !have.contains_key(k))
                        .map(|k| format!("{file}: {k}")),
                );
            }
            assert!(missing.is_empty(), "{} lacks: {missing:#?}", lang.code());
        }
    }

    #[test]
    fn accept_language_prefers_highest_quality() {
        assert_eq!(Lang::from_accept_language("en-US,en;q=0.9,id;q=0.8"), Some(Lang::En));
        assert_eq!(Lang::from_accept_language("fr, id;q=0.5, en;q=0.3"), Some(Lang::Id));
        assert_eq!(Lang::from_accept_language("fr"), None);
        assert_eq!(Lang::from_accept_language("jv-ID, id;q=0.8"), Some(Lang::Jv));
        assert_eq!(Lang::from_accept_language("su;q=0.9, en;q=0.2"), Some(Lang::Su));
    }
}

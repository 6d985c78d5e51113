//! Understanding a citizen's message: its intent, the service and the aspect of it asked about,
//! a complaint's category, a tracking code, and the language to answer in.
//!
//! Three small softmax models ([`super::learn`]) share one vocabulary of features built with
//! the `bahasa` analyser (informal spelling, abbreviations, Javanese and Sundanese words
//! normalised; words stemmed), with unknown words corrected to the nearest known word:
//! - the intent model learns from our labelled examples (`data/assistant/train.jsonl`), from
//!   every service's names, keywords and FAQ questions (service_info), and from the report
//!   classifier's examples (complaint);
//! - the service model learns from the catalogue (names, keywords, summaries, FAQ) and the
//!   labelled examples of services the catalogue has: a newly imported catalogue gets an
//!   assistant for its services without new training data;
//! - the category model learns from the labelled complaints and the report classifier's
//!   examples.
//!
//! The test part of the labelled set (`data/assistant/test.jsonl`) is never learned from.

use std::collections::{HashMap, HashSet};

use serde::{Deserialize, Serialize};

use super::learn::{balance, Bayes, Example, Features, Softmax, Vocabulary};
use crate::catalog::model::Service;
use crate::reports::model::Category;
use crate::web::Lang;

/// Our labelled examples (the training part only).
pub const TRAINING: &str = include_str!("../../data/assistant/train.jsonl");

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Intent {
    ServiceInfo,
    Complaint,
    Status,
    Handoff,
    Greeting,
    Thanks,
    OutOfScope,
}

impl Intent {
    pub const ALL: [Intent; 7] = [
        Intent::ServiceInfo,
        Intent::Complaint,
        Intent::Status,
        Intent::Handoff,
        Intent::Greeting,
        Intent::Thanks,
        Intent::OutOfScope,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Intent::ServiceInfo => "service_info",
            Intent::Complaint => "complaint",
            Intent::Status => "status",
            Intent::Handoff => "handoff",
            Intent::Greeting => "greeting",
            Intent::Thanks => "thanks",
            Intent::OutOfScope => "out_of_scope",
        }
    }

    pub fn parse(s: &str) -> Option<Intent> {
        Intent::ALL.into_iter().find(|i| i.as_str() == s)
    }
}

/// What about a service the citizen asks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Aspect {
    Requirements,
    Fee,
    Time,
    Place,
    Online,
    Eligibility,
    Procedure,
    General,
}

impl Aspect {
    pub fn as_str(self) -> &'static str {
        match self {
            Aspect::Requirements => "requirements",
            Aspect::Fee => "fee",
            Aspect::Time => "time",
            Aspect::Place => "place",
            Aspect::Online => "online",
            Aspect::Eligibility => "eligibility",
            Aspect::Procedure => "procedure",
            Aspect::General => "general",
        }
    }
}

/// What the assistant understood of one message.
#[derive(Clone, Debug, PartialEq)]
pub struct Understanding {
    pub intent: Intent,
    /// The probability of the intent (0 to 1), and of the service for service_info.
    pub confidence: f64,
    /// The best service for service_info, with the other likely ones (id, probability).
    pub services: Vec<(String, f64)>,
    pub category: Option<Category>,
    pub aspect: Aspect,
    pub tracking_code: Option<String>,
    pub lang: Lang,
    /// The model is unsure (low confidence or a narrow margin): ask before answering.
    pub unsure: bool,
    /// A question about a service that names none clearly ("and what does it cost?"): the
    /// conversation's last service may be meant.
    pub vague: bool,
    /// Content words never seen in the assistant's own domain ("iphone", "rendang").
    pub unknown_words: usize,
}

impl Understanding {
    pub fn service(&self) -> Option<&str> {
        match self.intent {
            Intent::ServiceInfo => self.services.first().map(|(s, _)| s.as_str()),
            _ => None,
        }
    }
}

/// Below this probability, or with less than [`MARGIN`] between the two best candidates, the
/// assistant asks instead of answering.
pub const THRESHOLD: f64 = 0.45;
pub const MARGIN: f64 = 0.12;
/// A service question whose intent and service probabilities multiply to less than this is
/// taken as out of scope.
pub const NOT_A_SERVICE: f64 = 0.1;

/// One labelled question (the evaluation file's line format).
#[derive(Clone, Debug, Deserialize, Serialize)]
pub struct Labelled {
    pub q: String,
    pub intent: String,
    #[serde(default)]
    pub service: Option<String>,
    #[serde(default)]
    pub category: Option<String>,
    #[serde(default)]
    pub tracking_code: Option<String>,
    #[serde(default)]
    pub aspect: Option<String>,
    #[serde(default)]
    pub informal: Option<bool>,
    /// Earlier messages of the same conversation, oldest first (for follow-up questions).
    #[serde(default)]
    pub context: Vec<String>,
}

/// Parse JSON Lines of labelled questions; blank lines are skipped. Errors name the line.
pub fn parse_labelled(text: &str) -> Result<Vec<Labelled>, String> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| {
            let item: Labelled = serde_json::from_str(l).map_err(|e| format!("line {}: {e}", i + 1))?;
            if Intent::parse(&item.intent).is_none() {
                return Err(format!("line {}: unknown intent {:?}", i + 1, item.intent));
            }
            Ok(item)
        })
        .collect()
}

/// The trained models for one catalogue.
pub struct Model {
    vocab: Vocabulary,
    /// Known normalised words and their stems, for correcting typos.
    surface: HashMap<String, String>,
    /// Stems seen in anything but out-of-scope examples.
    domain: HashSet<String>,
    intent: Softmax,
    service: Softmax,
    category: Bayes,
    /// Features some complaint example had (the category model ignores the others).
    category_seen: HashSet<u32>,
}

/// Words of a text as the models see them: normalised words and their stems.
struct Words {
    surface: Vec<String>,
    stems: Vec<String>,
}

fn words(text: &str) -> Words {
    let surface = bahasa::tokens(text);
    let stems = surface.iter().map(|w| bahasa::stem(w)).collect();
    Words { surface, stems }
}

/// English function words: cues for the intent, noise for the service and category models.
const ENGLISH_FUNCTION: &[&str] = &[
    "the", "a", "an", "at", "of", "on", "in", "to", "for", "is", "are", "was", "were", "our", "my", "i", "we", "it",
    "and", "or", "has", "have", "had", "been", "be", "this", "that", "there", "with", "from", "by", "up", "out", "do",
    "does", "did", "how", "what", "me", "you", "your", "its", "so", "very", "can", "could", "would", "will", "should",
    "here", "some", "any", "about", "into", "just", "now", "they", "them", "their", "he", "she", "his", "her", "get",
    "got", "s", "if", "not", "no", "yes", "too", "all", "as",
];

fn is_function_word(w: &str) -> bool {
    bahasa::is_stop_word(w) || ENGLISH_FUNCTION.contains(&w)
}

/// The feature names of a text: content stems (`w:`), function words (`f:`), pairs of content
/// stems (`b:`), and character trigrams of content words (`c:`).
fn feature_names(w: &Words, code: bool) -> Vec<String> {
    let mut out = Vec::with_capacity(w.stems.len() * 6);
    let mut prev: Option<&str> = None;
    for (word, stem) in w.surface.iter().zip(&w.stems) {
        if is_function_word(word) {
            out.push(format!("f:{word}"));
            continue;
        }
        out.push(format!("w:{stem}"));
        if let Some(p) = prev {
            out.push(format!("b:{p}_{stem}"));
        }
        prev = Some(stem);
        if word.chars().count() >= 4 {
            let padded: Vec<char> = format!("^{stem}$").chars().collect();
            for tri in padded.windows(3) {
                out.push(format!("c:{}", tri.iter().collect::<String>()));
            }
        }
    }
    if code {
        out.push("x:code".into());
    }
    if w.stems.is_empty() {
        out.push("x:empty".into());
    }
    out
}

impl Model {
    /// Train on the catalogue's services and the labelled examples.
    pub fn build(services: &[Service], labelled: &[Labelled]) -> Model {
        let mut vocab = Vocabulary::default();
        let mut surface = HashMap::new();
        let mut domain = HashSet::new();
        let mut encode = |text: &str, in_domain: bool| -> Features {
            let w = words(text);
            for (s, st) in w.surface.iter().zip(&w.stems) {
                if s.chars().count() >= 3 {
                    surface.entry(s.clone()).or_insert_with(|| st.clone());
                }
                if in_domain && !is_function_word(s) {
                    domain.insert(st.clone());
                }
            }
            let names = feature_names(&w, tracking_code(text).is_some());
            let mut f: Vec<u32> = names.iter().map(|n| vocab.learn(n)).collect();
            f.sort_unstable();
            f.dedup();
            f
        };

        let service_ids: Vec<String> = services.iter().map(|s| s.id.clone()).collect();
        let service_index: HashMap<&str, usize> =
            service_ids.iter().enumerate().map(|(i, s)| (s.as_str(), i)).collect();
        let intent_index = |i: Intent| Intent::ALL.iter().position(|x| *x == i).unwrap_or(0);
        let category_index = |c: Category| Category::ALL.iter().position(|x| *x == c).unwrap_or(0);

        let mut intents = Vec::new();
        let mut by_service = Vec::new();
        let mut by_category = Vec::new();
        let ex = |features: Features, label: usize| Example { features, label, weight: 1.0 };

        for (si, s) in services.iter().enumerate() {
            let mut questions: Vec<String> = s.name.all().map(str::to_string).collect();
            questions.extend(s.keywords.iter().cloned());
            questions.extend(s.faq.iter().flat_map(|f| f.q.all().map(str::to_string)));
            for q in &questions {
                let f = encode(q, true);
                intents.push(ex(f.clone(), intent_index(Intent::ServiceInfo)));
                by_service.push(ex(f, si));
            }
            let mut about: Vec<String> = s.summary.all().map(str::to_string).collect();
            about.extend(s.output.all().map(str::to_string));
            for text in about {
                by_service.push(ex(encode(&text, true), si));
            }
        }
        for (category, text) in crate::reports::classify::EXAMPLES {
            let f = encode(text, true);
            intents.push(ex(f.clone(), intent_index(Intent::Complaint)));
            by_category.push(ex(f, category_index(*category)));
        }
        for l in labelled {
            let Some(intent) = Intent::parse(&l.intent) else { continue };
            if intent == Intent::ServiceInfo && l.service.as_deref().is_none_or(|s| !service_index.contains_key(s)) {
                // A question about a service this catalogue does not have teaches nothing true.
                continue;
            }
            let f = encode(&l.q, intent != Intent::OutOfScope);
            intents.push(Example { features: f.clone(), label: intent_index(intent), weight: 2.0 });
            if let Some(&si) = l.service.as_deref().and_then(|s| service_index.get(s)) {
                by_service.push(Example { features: f.clone(), label: si, weight: 2.0 });
            }
            if let Some(c) = l.category.as_deref().and_then(Category::parse) {
                by_category.push(Example { features: f, label: category_index(c), weight: 2.0 });
            }
        }
        for e in by_service.iter_mut().chain(by_category.iter_mut()) {
            // The service and category models read words and word pairs only: character
            // trigrams help tell intents apart in misspelt text, but blur one service into another.
            e.features = vocab.content_only(&e.features);
        }
        let n = vocab.len();
        balance(&mut intents, Intent::ALL.len());
        balance(&mut by_category, Category::ALL.len());
        let intent = Softmax::train(Intent::ALL.iter().map(|i| i.as_str().to_string()).collect(), n, &intents, 30);
        let service = Softmax::train(service_ids, n, &by_service, 30);
        let category_seen = by_category.iter().flat_map(|e| e.features.iter().copied()).collect();
        let category = Bayes::train(Category::ALL.iter().map(|c| c.as_str().to_string()).collect(), n, &by_category);
        Model { vocab, surface, domain, intent, service, category, category_seen }
    }

    /// The word itself when known, else the nearest known word within the typos its length
    /// allows.
    fn correct(&self, word: &str) -> Option<String> {
        if self.surface.contains_key(word) {
            return None;
        }
        let len = word.chars().count();
        let max = bahasa::max_typos(len);
        if len < 5 || max == 0 {
            return None;
        }
        let mut best: Option<(usize, &str)> = None;
        for (known, stem) in &self.surface {
            if let Some(d) = bahasa::edit_distance_within(word, known, max) {
                if best.is_none_or(|(bd, bs)| d < bd || (d == bd && stem.as_str() < bs)) {
                    best = Some((d, stem));
                }
            }
        }
        best.map(|(_, s)| s.to_string())
    }

    fn features(&self, text: &str, code: bool) -> (Features, Features, Words) {
        let mut w = words(text);
        for (word, stem) in w.surface.iter().zip(w.stems.iter_mut()) {
            if self.vocab.get(&format!("w:{stem}")).is_none() && !is_function_word(word) {
                if let Some(fixed) = self.correct(word) {
                    *stem = fixed;
                }
            }
        }
        let mut f: Vec<u32> = feature_names(&w, code).iter().filter_map(|n| self.vocab.get(n)).collect();
        f.sort_unstable();
        f.dedup();
        let words = self.vocab.content_only(&f);
        (f, words, w)
    }

    /// Understand one message of a new conversation (Indonesian unless it is clearly English).
    pub fn understand(&self, text: &str) -> Understanding {
        self.understand_in(text, Lang::Id)
    }

    /// Understand a message that follows others: a service question naming no service ("and
    /// how much is it?") is about `last_service`, the service talked about last.
    pub fn understand_after(&self, text: &str, lang: Lang, last_service: Option<&str>) -> Understanding {
        let mut u = self.understand_in(text, lang);
        let known = last_service.filter(|s| self.service.labels.iter().any(|l| l == s));
        // Only about an aspect, in words of our own domain: a follow-up, even when taken alone
        // it looked out of scope ("persyaratannya apa?").
        let follow_up = u.aspect != Aspect::General
            && u.tracking_code.is_none()
            && (u.vague || (u.intent == Intent::OutOfScope && u.unknown_words == 0));
        if let (true, Some(s)) = (follow_up, known) {
            u.services.retain(|(id, _)| id != s);
            u.services.insert(0, (s.to_string(), 0.5));
            (u.intent, u.confidence, u.unsure, u.vague) = (Intent::ServiceInfo, 0.5, false, false);
        }
        u
    }

    /// Understand one message; `lang` is the conversation's language so far, kept when the
    /// message does not tell.
    pub fn understand_in(&self, text: &str, lang: Lang) -> Understanding {
        let code = tracking_code(text);
        let lang = language(text).unwrap_or(lang);
        let (features, word_features, w) = self.features(text, code.is_some());
        let aspect = aspect(&w.surface);
        let content: Vec<&String> =
            w.surface.iter().zip(&w.stems).filter(|(s, _)| !is_function_word(s)).map(|(_, st)| st).collect();
        let known = content.iter().filter(|s| self.domain.contains(s.as_str())).count();

        let ranked = self.intent.rank(&features);
        let (mut intent, mut confidence) =
            (Intent::parse(&self.intent.labels[ranked[0].0]).unwrap_or(Intent::OutOfScope), ranked[0].1);
        let margin = ranked[0].1 - ranked.get(1).map_or(0.0, |r| r.1);
        let mut unsure = confidence < THRESHOLD || margin < MARGIN;
        if code.is_some() {
            // A tracking code in the text is the strongest sign there is.
            (intent, confidence, unsure) = (Intent::Status, confidence.max(0.95), false);
        } else if let Some(social) = courtesy(&w.surface) {
            // Only greeting or thanking words (in any of the languages people use here).
            (intent, confidence, unsure) = (social, confidence.max(0.9), false);
        } else if !content.is_empty() && known == 0 && !matches!(intent, Intent::Greeting | Intent::Thanks) {
            // Nothing in the text is a word this assistant has ever seen in its own domain.
            (intent, confidence, unsure) = (Intent::OutOfScope, confidence.max(0.9), false);
        }
        let mut services = vec![];
        let mut category = None;
        let mut vague = false;
        match intent {
            Intent::ServiceInfo => {
                let ranked = self.service.rank(&word_features);
                services = ranked.iter().take(3).map(|(i, p)| (self.service.labels[*i].clone(), *p)).collect();
                if let [(_, p1), rest @ ..] = services.as_slice() {
                    let p2 = rest.first().map_or(0.0, |r| r.1);
                    unsure |= *p1 < THRESHOLD * 0.8 || p1 - p2 < MARGIN;
                    // One word ("akta", "izin") rarely says which service: ask unless sure.
                    unsure |= content.len() <= 1 && *p1 < 0.9;
                    confidence *= p1;
                }
                vague = unsure;
                if confidence < NOT_A_SERVICE {
                    vague = true;
                    // Neither the intent nor any service is anywhere near sure: this is not
                    // about a service we offer, and guessing one would mislead.
                    (intent, confidence, unsure, services) = (Intent::OutOfScope, 1.0 - confidence, false, vec![]);
                }
            }
            Intent::Complaint => {
                let ranked = self.category.rank(&word_features, |f| self.category_seen.contains(&f));
                category = ranked.first().and_then(|(i, _)| Category::parse(&self.category.labels[*i]));
            }
            _ => {}
        }
        let unknown_words = content.len() - known;
        Understanding {
            intent,
            confidence,
            services,
            category,
            aspect,
            tracking_code: code,
            lang,
            unsure,
            vague,
            unknown_words,
        }
    }
}

/// Greeting or thanks when every word is a greeting or thanking word or a courtesy filler.
fn courtesy(words: &[String]) -> Option<Intent> {
    const GREETING: &[&str] = &[
        "halo",
        "hallo",
        "helo",
        "hai",
        "hi",
        "hello",
        "hey",
        "pagi",
        "siang",
        "sore",
        "malam",
        "selamat",
        "assalamualaikum",
        "assalamu",
        "alaikum",
        "salam",
        "permisi",
        "misi",
        "punten",
        "sampurasun",
        "sugeng",
        "enjing",
        "injing",
        "rahayu",
        "morning",
        "afternoon",
        "evening",
        "good",
        "kulonuwun",
    ];
    const THANKS: &[&str] = &[
        "terima", "kasih", "makasih", "thanks", "thank", "thx", "tengkyu", "suwun", "nuwun", "matur", "hatur", "nuhun",
        "trims", "tq", "ty",
    ];
    const FILLER: &[&str] = &[
        "kak",
        "min",
        "admin",
        "pak",
        "bu",
        "ibu",
        "bapak",
        "mas",
        "mbak",
        "ya",
        "yah",
        "dong",
        "sih",
        "nih",
        "deh",
        "sanget",
        "banget",
        "sekali",
        "atas",
        "bantuan",
        "bantuannya",
        "nya",
        "semua",
        "mau",
        "tanya",
        "nanya",
        "ingin",
        "bertanya",
        "very",
        "much",
        "you",
        "for",
        "your",
        "help",
        "so",
        "a",
        "lot",
        "all",
        "sir",
        "madam",
        "there",
        "everyone",
        "the",
        "wr",
        "wb",
        "warahmatullahi",
        "wabarakatuh",
        "sedulur",
        "lur",
        "akang",
        "teteh",
        "kang",
        "teh",
        "pisan",
        "juga",
        "infonya",
        "jawabannya",
        "ok",
        "oke",
        "sip",
        "baik",
        "pak",
        "om",
    ];
    if words.is_empty()
        || words.len() > 10
        || !words
            .iter()
            .all(|w| GREETING.contains(&w.as_str()) || THANKS.contains(&w.as_str()) || FILLER.contains(&w.as_str()))
    {
        return None;
    }
    if words.iter().any(|w| THANKS.contains(&w.as_str())) {
        Some(Intent::Thanks)
    } else if words.iter().any(|w| GREETING.contains(&w.as_str())) {
        Some(Intent::Greeting)
    } else {
        None
    }
}

/// A tracking code in the text (`SP-2026-000123`, `lp 2026 000045`), upper-cased and hyphenated.
pub fn tracking_code(text: &str) -> Option<String> {
    let chars: Vec<char> = text.to_ascii_uppercase().chars().collect();
    let digits = |from: usize, n: usize| -> Option<(String, usize)> {
        let s: String = chars.get(from..from + n)?.iter().collect();
        s.chars().all(|c| c.is_ascii_digit()).then_some((s, from + n))
    };
    let sep = |at: usize| -> usize {
        let mut i = at;
        while i < chars.len() && (chars[i] == '-' || chars[i] == ' ' || chars[i] == '/') && i < at + 3 {
            i += 1;
        }
        i
    };
    for start in 0..chars.len().saturating_sub(1) {
        let prefix = (chars[start], chars[start + 1]);
        if !matches!(prefix, ('S', 'P') | ('L', 'P')) || (start > 0 && chars[start - 1].is_ascii_alphanumeric()) {
            continue;
        }
        let Some((year, next)) = digits(sep(start + 2), 4) else { continue };
        let Some((number, end)) = digits(sep(next), 6) else { continue };
        if chars.get(end).is_some_and(|c| c.is_ascii_alphanumeric()) {
            continue;
        }
        return Some(format!("{}{}-{year}-{number}", prefix.0, prefix.1));
    }
    None
}

/// The language with the most of its own everyday words in the message: English, Indonesian,
/// Javanese or Sundanese (Indonesian on a tie with a regional language, which shares many
/// words with it), and `None` when it does not tell ("SP-2026-000123", "KTP?").
pub fn language(text: &str) -> Option<Lang> {
    const EN: &[&str] = &[
        "how", "what", "where", "when", "which", "who", "is", "are", "the", "do", "does", "i", "my", "can", "need",
        "much", "long", "get", "apply", "to", "for", "a", "an", "of", "you", "please", "thanks", "thank", "hello",
        "hi", "want", "cost", "many", "with", "it", "me", "should", "there", "in",
    ];
    const ID: &[&str] = &[
        "apa",
        "bagaimana",
        "gimana",
        "gmn",
        "berapa",
        "brp",
        "di",
        "ke",
        "dan",
        "yang",
        "yg",
        "saya",
        "sy",
        "aku",
        "bisa",
        "mau",
        "cara",
        "ada",
        "untuk",
        "utk",
        "dengan",
        "dgn",
        "tidak",
        "ga",
        "gak",
        "nggak",
        "kok",
        "min",
        "kak",
        "tolong",
        "sudah",
        "udah",
        "udh",
        "belum",
        "dimana",
        "dmn",
        "kapan",
        "bikin",
        "buat",
        "urus",
        "ngurus",
        "syarat",
        "biaya",
        "lama",
        "terima",
        "kasih",
        "makasih",
        "halo",
        "selamat",
        "pak",
        "bu",
        "nya",
        "lah",
        "dong",
        "sih",
        "cek",
        "lapor",
        "laporan",
        "permohonan",
        "mana",
        "sampai",
        "gimana",
        "kok",
        "bagaimana",
    ];
    const JV: &[&str] = &[
        "piye",
        "kepiye",
        "pripun",
        "kados",
        "opo",
        "napa",
        "menapa",
        "pira",
        "pinten",
        "kulo",
        "kula",
        "sampeyan",
        "panjenengan",
        "njenengan",
        "nggih",
        "inggih",
        "mboten",
        "ora",
        "wis",
        "sampun",
        "durung",
        "dereng",
        "arep",
        "badhe",
        "ajeng",
        "pengin",
        "kepengin",
        "nyuwun",
        "matur",
        "nuwun",
        "suwun",
        "sugeng",
        "endi",
        "ngendi",
        "pundi",
        "teng",
        "wonten",
        "ana",
        "saged",
        "iso",
        "isa",
        "iki",
        "niki",
        "kuwi",
        "niku",
        "kanggo",
        "kangge",
        "sing",
        "ingkang",
        "damel",
        "gawe",
        "ngurus",
        "dalan",
        "mas",
        "mbak",
        "lur",
        "sedulur",
        "biayane",
        "syarate",
        "carane",
        "suwe",
        "dinten",
        "kulonuwun",
        "sak",
        "lan",
        "kaliyan",
        "ngapunten",
        "nopo",
        "monggo",
        "mangga",
    ];
    const SU: &[&str] = &[
        "kumaha",
        "naon",
        "sabaraha",
        "abdi",
        "anjeun",
        "hoyong",
        "palay",
        "bade",
        "tiasa",
        "teu",
        "henteu",
        "acan",
        "teacan",
        "parantos",
        "atos",
        "geus",
        "punten",
        "hatur",
        "nuhun",
        "haturnuhun",
        "iraha",
        "saha",
        "ieu",
        "éta",
        "eta",
        "jeung",
        "sareng",
        "nu",
        "ka",
        "kana",
        "kedah",
        "nyieun",
        "ngadamel",
        "ngurus",
        "carana",
        "biayana",
        "syaratna",
        "lami",
        "sampurasun",
        "wilujeng",
        "akang",
        "teteh",
        "kang",
        "teh",
        "pisan",
        "mah",
        "kitu",
        "kieu",
        "dimana",
        "mangga",
        "sumuhun",
        "muhun",
        "lain",
        "jalan",
        "rusak",
    ];
    let lower = text.to_lowercase();
    let words: Vec<&str> = lower.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).collect();
    let count = |list: &[&str]| words.iter().filter(|w| list.contains(w)).count();
    let (en, id, jv, su) = (count(EN), count(ID), count(JV), count(SU));
    // A regional language wins only with more of its own words than Indonesian has.
    let regional = match jv.cmp(&su) {
        std::cmp::Ordering::Greater if jv > id => Some((jv, Lang::Jv)),
        std::cmp::Ordering::Less if su > id => Some((su, Lang::Su)),
        _ => None,
    };
    let (local, local_lang) = regional.unwrap_or((id, Lang::Id));
    match en.cmp(&local) {
        std::cmp::Ordering::Greater => Some(Lang::En),
        std::cmp::Ordering::Less => Some(local_lang),
        std::cmp::Ordering::Equal => None,
    }
}

/// The aspect asked about, from normalised words (Indonesian or English), most specific first.
pub fn aspect(words: &[String]) -> Aspect {
    // A word or its stem ("persyaratannya" is "syarat", "biayanya" is "biaya").
    let stems: Vec<String> = words.iter().map(|w| bahasa::stem(w)).collect();
    let has = |list: &[&str]| words.iter().chain(&stems).any(|w| list.contains(&w.as_str()));
    let pair = |a: &str, b: &[&str]| words.windows(2).any(|p| p[0] == a && b.contains(&p[1].as_str()));
    if has(&[
        "biaya",
        "biayanya",
        "bayar",
        "tarif",
        "harga",
        "gratis",
        "ongkos",
        "retribusi",
        "fee",
        "cost",
        "costs",
        "price",
        "pay",
        "free",
        "charge",
        "mahal",
        "murah",
        "rupiah",
        "duit",
        "uang",
    ]) || pair("how", &["much"])
    {
        Aspect::Fee
    } else if has(&["lama", "lamanya", "durasi", "kapan", "waktu", "hari", "jam", "minggu", "cepat", "sla"])
        || pair("how", &["long"])
        || pair("berapa", &["lama", "hari"])
    {
        Aspect::Time
    } else if has(&[
        "syarat",
        "persyaratan",
        "syaratnya",
        "dokumen",
        "berkas",
        "bawa",
        "dibawa",
        "lampiran",
        "requirement",
        "requirements",
        "documents",
        "document",
        "bring",
        "perlu",
        "butuh",
        "diperlukan",
        "dibutuhkan",
        "need",
        "needed",
    ]) {
        Aspect::Requirements
    } else if has(&["online", "daring", "internet", "website", "aplikasi", "app", "hp", "web", "situs"]) {
        Aspect::Online
    } else if has(&["mana", "lokasi", "alamat", "tempat", "kantor", "where", "office", "address", "loket"]) {
        Aspect::Place
    } else if has(&["siapa", "boleh", "usia", "umur", "berhak", "eligible", "who", "allowed", "age", "syaratnya"]) {
        Aspect::Eligibility
    } else if has(&[
        "cara",
        "caranya",
        "bagaimana",
        "prosedur",
        "langkah",
        "alur",
        "proses",
        "how",
        "steps",
        "procedure",
        "urus",
        "buat",
        "daftar",
        "apply",
    ]) {
        Aspect::Procedure
    } else {
        Aspect::General
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tracking_codes_are_found_in_text() {
        assert_eq!(tracking_code("status SP-2026-000123 gmn?").as_deref(), Some("SP-2026-000123"));
        assert_eq!(tracking_code("laporan lp 2025 000045 sdh sampai mana").as_deref(), Some("LP-2025-000045"));
        assert_eq!(tracking_code("cek sp2026000001").as_deref(), Some("SP-2026-000001"));
        assert_eq!(tracking_code("ESP-2026-000001"), None);
        assert_eq!(tracking_code("SP-2026-0001234"), None);
        assert_eq!(tracking_code("sp-26-000123"), None);
    }

    #[test]
    fn the_language_is_the_citizens() {
        assert_eq!(language("how much does a passport cost?"), Some(Lang::En));
        assert_eq!(language("brp biaya paspor?"), Some(Lang::Id));
        assert_eq!(language("mau apply SKCK online bisa?"), Some(Lang::Id));
        assert_eq!(language("cek status LP-2026-000001"), Some(Lang::Id));
        assert_eq!(language("SP-2026-000123"), None);
        assert_eq!(language("pinten biayane damel KTP, mas?"), Some(Lang::Jv));
        assert_eq!(language("kula badhe ngurus akta kelahiran, syarate menapa mawon?"), Some(Lang::Jv));
        assert_eq!(language("sabaraha biayana nyieun KTP teh?"), Some(Lang::Su));
        assert_eq!(language("punten, abdi hoyong ngadamel akta kalahiran, kumaha carana?"), Some(Lang::Su));
        assert_eq!(language("bagaimana cara mengurus akta kelahiran?"), Some(Lang::Id));
    }

    #[test]
    fn aspects_are_read_from_everyday_words() {
        let a = |t: &str| aspect(&bahasa::tokens(t));
        assert_eq!(a("ktp sy ilang, brp biayanya?"), Aspect::Fee);
        assert_eq!(a("syarat bikin paspor apa aja"), Aspect::Requirements);
        assert_eq!(a("berapa lama skck jadi"), Aspect::Time);
        assert_eq!(a("bikin npwp bisa online?"), Aspect::Online);
        assert_eq!(a("dmn tempat rekam ktp"), Aspect::Place);
        assert_eq!(a("gmn cara bikin akte anak"), Aspect::Procedure);
        assert_eq!(a("how long does it take to get a passport"), Aspect::Time);
    }
}

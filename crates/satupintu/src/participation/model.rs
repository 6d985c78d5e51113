//! The vocabulary of e-participation and its pure rules: parsing what citizens and staff send,
//! the participatory-budgeting ballot check, the tally and the choice of winners. No database.

use std::collections::BTreeMap;

use crate::web::FieldError;

pub const MAX_TITLE: usize = 150;
pub const MAX_BODY: usize = 4000;
pub const MAX_COMMENT: usize = 2000;
pub const MAX_REASON: usize = 500;

/// Idea categories (Fluent `part-category-<id>`).
pub const CATEGORIES: [&str; 8] =
    ["infrastruktur", "lingkungan", "kesehatan", "pendidikan", "sosial", "ekonomi", "tata-kelola", "lainnya"];

/// A comment's position on the idea.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stance {
    For,
    Against,
    Neutral,
}

impl Stance {
    pub const ALL: [Stance; 3] = [Stance::For, Stance::Against, Stance::Neutral];

    pub fn as_str(self) -> &'static str {
        match self {
            Stance::For => "for",
            Stance::Against => "against",
            Stance::Neutral => "neutral",
        }
    }

    pub fn parse(s: &str) -> Option<Stance> {
        Stance::ALL.into_iter().find(|x| x.as_str() == s)
    }
}

/// The official answer to an idea.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Answer {
    Accepted,
    Rejected,
    Studying,
}

impl Answer {
    pub const ALL: [Answer; 3] = [Answer::Accepted, Answer::Studying, Answer::Rejected];

    pub fn as_str(self) -> &'static str {
        match self {
            Answer::Accepted => "accepted",
            Answer::Rejected => "rejected",
            Answer::Studying => "studying",
        }
    }

    pub fn parse(s: &str) -> Option<Answer> {
        Answer::ALL.into_iter().find(|x| x.as_str() == s)
    }
}

/// What can be reported and moderated.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ItemKind {
    Idea,
    Comment,
}

impl ItemKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ItemKind::Idea => "idea",
            ItemKind::Comment => "comment",
        }
    }

    pub fn parse(s: &str) -> Option<ItemKind> {
        match s {
            "idea" => Some(ItemKind::Idea),
            "comment" => Some(ItemKind::Comment),
            _ => None,
        }
    }

    /// The table that holds the items of this kind (a fixed name, never from input).
    pub fn table(self) -> &'static str {
        match self {
            ItemKind::Idea => "part_ideas",
            ItemKind::Comment => "part_comments",
        }
    }
}

/// A participatory-budgeting process's phases, in order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Phase {
    Proposing,
    Reviewing,
    Voting,
    Results,
}

impl Phase {
    pub const ALL: [Phase; 4] = [Phase::Proposing, Phase::Reviewing, Phase::Voting, Phase::Results];

    pub fn as_str(self) -> &'static str {
        match self {
            Phase::Proposing => "proposing",
            Phase::Reviewing => "reviewing",
            Phase::Voting => "voting",
            Phase::Results => "results",
        }
    }

    pub fn parse(s: &str) -> Option<Phase> {
        Phase::ALL.into_iter().find(|x| x.as_str() == s)
    }

    /// The phase after this one (none after the results).
    pub fn next(self) -> Option<Phase> {
        match self {
            Phase::Proposing => Some(Phase::Reviewing),
            Phase::Reviewing => Some(Phase::Voting),
            Phase::Voting => Some(Phase::Results),
            Phase::Results => None,
        }
    }
}

fn text(field: &str, value: &str, min: usize, max: usize, errors: &mut Vec<FieldError>) -> String {
    let v = value.trim().to_string();
    let n = v.chars().count();
    if n == 0 {
        errors.push(FieldError::new(field, "field-required"));
    } else if n < min {
        errors.push(FieldError::new(field, "part-field-too-short"));
    } else if n > max {
        errors.push(FieldError::new(field, "field-too-long"));
    }
    v
}

/// A new idea, checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewIdea {
    pub title: String,
    pub body: String,
    pub category: String,
    pub agency_id: Option<String>,
    pub region: String,
}

impl NewIdea {
    /// `agency_known` tells whether an agency id exists.
    pub fn parse(
        title: &str,
        body: &str,
        category: &str,
        agency: &str,
        region: &str,
        agency_known: impl Fn(&str) -> bool,
    ) -> Result<NewIdea, Vec<FieldError>> {
        let mut errors = vec![];
        let title = text("title", title, 5, MAX_TITLE, &mut errors);
        let body = text("body", body, 20, MAX_BODY, &mut errors);
        let category = category.trim().to_string();
        if !CATEGORIES.contains(&category.as_str()) {
            errors.push(FieldError::new("category", "part-field-category"));
        }
        let agency = agency.trim();
        let agency_id = (!agency.is_empty()).then(|| agency.to_string());
        if agency_id.as_deref().is_some_and(|a| !agency_known(a)) {
            errors.push(FieldError::new("agency", "part-field-agency"));
        }
        let region = region.trim().to_string();
        if region.chars().count() > 120 {
            errors.push(FieldError::new("region", "field-too-long"));
        }
        if errors.is_empty() {
            Ok(NewIdea { title, body, category, agency_id, region })
        } else {
            Err(errors)
        }
    }
}

/// A comment's text, checked.
pub fn comment_body(body: &str) -> Result<String, Vec<FieldError>> {
    let mut errors = vec![];
    let v = text("body", body, 2, MAX_COMMENT, &mut errors);
    if errors.is_empty() {
        Ok(v)
    } else {
        Err(errors)
    }
}

/// A reason (for a report, a moderation act, a review), checked under `field`.
pub fn reason(field: &str, value: &str) -> Result<String, Vec<FieldError>> {
    let mut errors = vec![];
    let v = text(field, value, 3, MAX_REASON, &mut errors);
    if errors.is_empty() {
        Ok(v)
    } else {
        Err(errors)
    }
}

/// Whole rupiah from what a person typed: `Rp 150.000.000`, `150000000`, `150 000 000`.
pub fn parse_rupiah(s: &str) -> Option<i64> {
    let s = s.trim();
    let s = s.strip_prefix("Rp").or_else(|| s.strip_prefix("rp")).unwrap_or(s);
    let digits: String = s.chars().filter(|c| !matches!(c, '.' | ' ' | '_' | '\u{a0}')).collect();
    if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit()) || digits.len() > 15 {
        return None;
    }
    digits.parse().ok()
}

/// A new participatory-budgeting project, checked: its cost must fit the process's budget.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewProject {
    pub title: String,
    pub description: String,
    pub cost: i64,
}

impl NewProject {
    pub fn parse(title: &str, description: &str, cost: &str, total_budget: i64) -> Result<NewProject, Vec<FieldError>> {
        let mut errors = vec![];
        let title = text("title", title, 5, MAX_TITLE, &mut errors);
        let description = text("description", description, 20, MAX_BODY, &mut errors);
        let cost = match parse_rupiah(cost) {
            None => {
                errors.push(FieldError::new("cost", "part-field-cost"));
                0
            }
            Some(c) if c <= 0 || c > total_budget => {
                errors.push(FieldError::new("cost", "part-field-cost-range"));
                0
            }
            Some(c) => c,
        };
        if errors.is_empty() {
            Ok(NewProject { title, description, cost })
        } else {
            Err(errors)
        }
    }
}

/// A new process, checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewProcess {
    pub title: String,
    pub description: String,
    pub region: String,
    pub total_budget: i64,
    pub voter_limit: i64,
    pub proposing_until: String,
    pub reviewing_until: String,
    pub voting_until: String,
}

fn date(field: &str, value: &str, errors: &mut Vec<FieldError>) -> String {
    let v = value.trim();
    if v.is_empty() {
        return String::new();
    }
    if crate::calendar::parse_date(v).is_none() {
        errors.push(FieldError::new(field, "field-date"));
    }
    v.to_string()
}

impl NewProcess {
    #[allow(clippy::too_many_arguments)]
    pub fn parse(
        title: &str,
        description: &str,
        region: &str,
        total_budget: &str,
        voter_limit: &str,
        dates: [&str; 3],
    ) -> Result<NewProcess, Vec<FieldError>> {
        let mut errors = vec![];
        let title = text("title", title, 5, MAX_TITLE, &mut errors);
        let description = description.trim().to_string();
        if description.chars().count() > MAX_BODY {
            errors.push(FieldError::new("description", "field-too-long"));
        }
        let region = text("region", region, 2, 120, &mut errors);
        let total = parse_rupiah(total_budget).filter(|v| *v > 0);
        if total.is_none() {
            errors.push(FieldError::new("total_budget", "part-field-cost"));
        }
        let limit = parse_rupiah(voter_limit).filter(|v| *v > 0);
        match (limit, total) {
            (None, _) => errors.push(FieldError::new("voter_limit", "part-field-cost")),
            (Some(l), Some(t)) if l > t => errors.push(FieldError::new("voter_limit", "part-field-limit")),
            _ => {}
        }
        let proposing_until = date("proposing_until", dates[0], &mut errors);
        let reviewing_until = date("reviewing_until", dates[1], &mut errors);
        let voting_until = date("voting_until", dates[2], &mut errors);
        if errors.is_empty() {
            Ok(NewProcess {
                title,
                description,
                region,
                total_budget: total.unwrap_or(0),
                voter_limit: limit.unwrap_or(0),
                proposing_until,
                reviewing_until,
                voting_until,
            })
        } else {
            Err(errors)
        }
    }
}

/// Check a ballot: the chosen project ids (as sent) against the projects on the ballot
/// `(id, cost)` and the per-voter limit. Returns the chosen ids, ascending and distinct.
pub fn check_ballot(chosen: &[String], on_ballot: &[(i64, i64)], limit: i64) -> Result<Vec<i64>, FieldError> {
    let mut ids = Vec::new();
    for c in chosen {
        let id: i64 = c.trim().parse().map_err(|_| FieldError::new("projects", "part-ballot-unknown"))?;
        if !on_ballot.iter().any(|(p, _)| *p == id) {
            return Err(FieldError::new("projects", "part-ballot-unknown"));
        }
        ids.push(id);
    }
    ids.sort_unstable();
    ids.dedup();
    if ids.is_empty() {
        return Err(FieldError::new("projects", "part-ballot-empty"));
    }
    let total: i64 = on_ballot.iter().filter(|(p, _)| ids.contains(p)).map(|(_, cost)| *cost).sum();
    if total > limit {
        return Err(FieldError::new("projects", "part-ballot-over"));
    }
    Ok(ids)
}

/// A ballot as stored and published: the chosen ids, ascending, comma-separated.
pub fn ballot_text(ids: &[i64]) -> String {
    ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",")
}

/// The ids of a stored ballot (anything unreadable is skipped).
pub fn ballot_ids(text: &str) -> Vec<i64> {
    text.split(',').filter_map(|s| s.trim().parse().ok()).collect()
}

/// Votes per project from the published ballots `(receipt_hash, projects)`.
pub fn tally(ballots: &[(String, String)]) -> BTreeMap<i64, i64> {
    let mut out = BTreeMap::new();
    for (_, projects) in ballots {
        for id in ballot_ids(projects) {
            *out.entry(id).or_insert(0) += 1;
        }
    }
    out
}

/// The digest over all ballots that the ledger holds: SHA-256 of one line per ballot,
/// `receipt_hash:projects\n`, in ascending receipt-hash order.
pub fn ballots_digest(ballots: &[(String, String)]) -> String {
    let mut sorted: Vec<&(String, String)> = ballots.iter().collect();
    sorted.sort();
    let text: String = sorted.iter().map(|(h, p)| format!("{h}:{p}\n")).collect();
    crate::ledger::sha256_hex(text.as_bytes())
}

/// The winners: projects `(id, cost, votes)` ranked by votes (more first; then cheaper; then
/// older), taken greedily while they fit the total budget, skipping those that no longer fit.
/// Returns the ranking and the winning ids.
pub fn winners(projects: &[(i64, i64, i64)], total_budget: i64) -> (Vec<(i64, i64, i64)>, Vec<i64>) {
    let mut ranked = projects.to_vec();
    ranked.sort_by(|a, b| b.2.cmp(&a.2).then(a.1.cmp(&b.1)).then(a.0.cmp(&b.0)));
    let mut left = total_budget;
    let mut won = vec![];
    for (id, cost, votes) in &ranked {
        if *votes > 0 && *cost <= left {
            left -= cost;
            won.push(*id);
        }
    }
    (ranked, won)
}

/// A progress percentage from a form.
pub fn progress(s: &str) -> Option<i64> {
    s.trim().trim_end_matches('%').trim().parse::<i64>().ok().filter(|p| (0..=100).contains(p))
}

/// A draft regulation split into paragraphs `(label, text)`. Blocks are separated by blank lines;
/// a block that starts with `Pasal N` starts a new article (its first line is the heading), a
/// block that starts with `(n)` is a clause (`ayat`) of the current article; any other block is
/// numbered on its own (`Bagian k`, "part k").
pub fn split_draft(text: &str) -> Vec<(String, String)> {
    let mut out = vec![];
    let mut article: Option<String> = None;
    let mut other = 0;
    let normalized = text.replace("\r\n", "\n");
    for block in normalized.split("\n\n").map(str::trim).filter(|b| !b.is_empty()) {
        let (first, rest) = block.split_once('\n').map_or((block, ""), |(a, b)| (a.trim(), b.trim()));
        let lower = first.to_lowercase();
        if lower.starts_with("pasal ") && first.len() <= 20 {
            article = Some(first.to_string());
            if !rest.is_empty() {
                push_clauses(&mut out, first, rest);
            }
        } else if let (Some(a), Some(n)) = (article.as_deref(), clause_number(block)) {
            out.push((format!("{a} ayat ({n})"), block.to_string()));
        } else {
            other += 1;
            out.push((format!("Bagian {other}"), block.to_string()));
        }
    }
    out
}

/// The clauses in the body of an article: lines that start with `(n)` begin one each.
fn push_clauses(out: &mut Vec<(String, String)>, article: &str, body: &str) {
    let mut current: Option<(String, String)> = None;
    for line in body.lines().map(str::trim).filter(|l| !l.is_empty()) {
        match clause_number(line) {
            Some(n) => {
                out.extend(current.take());
                current = Some((format!("{article} ayat ({n})"), line.to_string()));
            }
            None => match &mut current {
                Some((_, text)) => {
                    text.push(' ');
                    text.push_str(line);
                }
                None => current = Some((article.to_string(), line.to_string())),
            },
        }
    }
    out.extend(current);
}

fn clause_number(text: &str) -> Option<u32> {
    let rest = text.strip_prefix('(')?;
    let (n, _) = rest.split_once(')')?;
    n.trim().parse().ok()
}

/// A new consultation, checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewConsultation {
    pub title: String,
    pub summary: String,
    pub opens_on: String,
    pub closes_on: String,
    pub paragraphs: Vec<(String, String)>,
}

impl NewConsultation {
    pub fn parse(
        title: &str,
        summary: &str,
        opens_on: &str,
        closes_on: &str,
        draft: &str,
    ) -> Result<Self, Vec<FieldError>> {
        let mut errors = vec![];
        let title = text("title", title, 5, MAX_TITLE, &mut errors);
        let summary = summary.trim().to_string();
        if summary.chars().count() > MAX_BODY {
            errors.push(FieldError::new("summary", "field-too-long"));
        }
        let opens = crate::calendar::parse_date(opens_on.trim());
        let closes = crate::calendar::parse_date(closes_on.trim());
        if opens.is_none() {
            errors.push(FieldError::new("opens_on", "field-date"));
        }
        match (opens, closes) {
            (_, None) => errors.push(FieldError::new("closes_on", "field-date")),
            (Some(o), Some(c)) if c < o => errors.push(FieldError::new("closes_on", "part-field-closes")),
            _ => {}
        }
        let paragraphs = split_draft(draft);
        if paragraphs.is_empty() {
            errors.push(FieldError::new("draft", "field-required"));
        } else if paragraphs.len() > 500 || draft.chars().count() > 200_000 {
            errors.push(FieldError::new("draft", "field-too-long"));
        }
        if errors.is_empty() {
            Ok(NewConsultation {
                title,
                summary,
                opens_on: opens_on.trim().to_string(),
                closes_on: closes_on.trim().to_string(),
                paragraphs,
            })
        } else {
            Err(errors)
        }
    }
}

/// A new poll, checked: a question, two to ten options (one per line), a closing date.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewPoll {
    pub question: String,
    pub options: Vec<String>,
    pub closes_on: String,
}

impl NewPoll {
    pub fn parse(question: &str, options: &str, closes_on: &str) -> Result<NewPoll, Vec<FieldError>> {
        let mut errors = vec![];
        let question = text("question", question, 5, MAX_TITLE, &mut errors);
        let mut list: Vec<String> = vec![];
        for o in options.lines().map(str::trim).filter(|o| !o.is_empty()) {
            if !list.iter().any(|x| x == o) {
                list.push(o.chars().take(MAX_TITLE).collect());
            }
        }
        if !(2..=10).contains(&list.len()) {
            errors.push(FieldError::new("options", "part-field-options"));
        }
        if crate::calendar::parse_date(closes_on.trim()).is_none() {
            errors.push(FieldError::new("closes_on", "field-date"));
        }
        if errors.is_empty() {
            Ok(NewPoll { question, options: list, closes_on: closes_on.trim().to_string() })
        } else {
            Err(errors)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ballots_within_the_limit_only() {
        let on = [(1, 50), (2, 40), (3, 30)];
        assert_eq!(check_ballot(&["3".into(), "1".into(), "1".into()], &on, 80), Ok(vec![1, 3]));
        assert_eq!(check_ballot(&["1".into(), "2".into()], &on, 80).expect_err("refused").key, "part-ballot-over");
        assert_eq!(check_ballot(&[], &on, 80).expect_err("refused").key, "part-ballot-empty");
        assert_eq!(check_ballot(&["9".into()], &on, 80).expect_err("refused").key, "part-ballot-unknown");
        assert_eq!(check_ballot(&["x".into()], &on, 80).expect_err("refused").key, "part-ballot-unknown");
    }

    #[test]
    fn tally_and_winners_are_reproducible() {
        let ballots = vec![("b".to_string(), "1,3".to_string()), ("a".to_string(), "1".to_string())];
        let t = tally(&ballots);
        assert_eq!(t.get(&1), Some(&2));
        assert_eq!(t.get(&3), Some(&1));
        let mut reversed = ballots.clone();
        reversed.reverse();
        assert_eq!(ballots_digest(&ballots), ballots_digest(&reversed));
        // 1 (2 votes, 70) wins; 2 (1 vote, 50) no longer fits; 3 (1 vote, 30) does.
        let (ranked, won) = winners(&[(1, 70, 2), (2, 50, 1), (3, 30, 1), (4, 10, 0)], 100);
        assert_eq!(ranked.iter().map(|r| r.0).collect::<Vec<_>>(), vec![1, 3, 2, 4]);
        assert_eq!(won, vec![1, 3]);
    }

    #[test]
    fn drafts_split_into_articles_and_clauses() {
        let draft = "Menimbang bahwa ruang terbuka hijau perlu dijaga.\n\nPasal 1\n(1) Setiap RW menyediakan taman.\n(2) Taman \nterbuka untuk umum.\n\nPasal 2\nWali kota menetapkan pedoman.\n\n(2) Pedoman ditinjau tiap tahun.";
        let p = split_draft(draft);
        let labels: Vec<&str> = p.iter().map(|(l, _)| l.as_str()).collect();
        assert_eq!(labels, ["Bagian 1", "Pasal 1 ayat (1)", "Pasal 1 ayat (2)", "Pasal 2", "Pasal 2 ayat (2)"]);
        assert_eq!(p[2].1, "(2) Taman terbuka untuk umum.");
        assert!(NewPoll::parse("Jam buka taman?", "Pagi\nPagi", "2026-12-01").is_err());
        assert!(NewPoll::parse("Jam buka taman?", "Pagi\nSore", "2026-12-01").is_ok());
    }

    #[test]
    fn rupiah_and_inputs() {
        assert_eq!(parse_rupiah("Rp 150.000.000"), Some(150_000_000));
        assert_eq!(parse_rupiah("12a"), None);
        assert_eq!(parse_rupiah(""), None);
        assert!(NewProject::parse("Lampu jalan gang", "Dua puluh lampu tenaga surya di gang sempit", "Rp 900", 500)
            .is_err());
        assert!(NewIdea::parse(
            "Taman baca",
            "Taman baca anak di balai RW setiap sore hari",
            "pendidikan",
            "x",
            "",
            |_| { false }
        )
        .is_err());
        assert_eq!(Phase::Voting.next(), Some(Phase::Results));
        assert_eq!(progress("75%"), Some(75));
        assert_eq!(progress("101"), None);
    }
}

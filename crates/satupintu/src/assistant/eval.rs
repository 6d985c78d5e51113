//! `satupintu assistant eval`: how well the assistant understands a labelled set of questions.
//! Each question is a fresh conversation: understood and answered, and timed. A line may give
//! `context`, the messages before it in its conversation, to measure follow-up questions.

use std::collections::{BTreeMap, HashSet};
use std::time::Instant;

use serde::Serialize;

use super::answer::Assistant;
use super::nlu::{self, Intent, Labelled};

#[derive(Debug, Serialize)]
pub struct IntentFigures {
    pub gold: usize,
    pub predicted: usize,
    pub correct: usize,
    pub precision: f64,
    pub recall: f64,
}

#[derive(Debug, Serialize)]
pub struct Miss {
    pub q: String,
    pub expected: String,
    pub got: String,
    pub confidence: f64,
}

#[derive(Debug, Serialize)]
pub struct Report {
    pub n: usize,
    /// Lines whose intent and, where given, service or category are right.
    pub accuracy: f64,
    pub intent_accuracy: f64,
    pub service_accuracy: f64,
    pub category_accuracy: f64,
    pub tracking_code_accuracy: f64,
    pub oos_precision: f64,
    pub oos_recall: f64,
    /// Share of questions the assistant would have asked about instead of answering.
    pub unsure_rate: f64,
    pub p50_ms: f64,
    pub p99_ms: f64,
    pub per_intent: BTreeMap<String, IntentFigures>,
    pub misses: Vec<Miss>,
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        1.0
    } else {
        a as f64 / b as f64
    }
}

fn label(intent: &str, service: Option<&str>, category: Option<&str>) -> String {
    match (service, category) {
        (Some(s), _) => format!("{intent}:{s}"),
        (None, Some(c)) => format!("{intent}:{c}"),
        _ => intent.to_string(),
    }
}

/// Run every line through `assistant`.
pub fn run(assistant: &Assistant, lines: &[Labelled]) -> Report {
    let mut times = Vec::with_capacity(lines.len());
    let (mut right, mut intent_right, mut unsure) = (0, 0, 0);
    let (mut services, mut services_right, mut complaints, mut categories_right) = (0, 0, 0, 0);
    let (mut codes, mut codes_right) = (0, 0);
    let mut per: BTreeMap<String, (usize, usize, usize)> =
        Intent::ALL.iter().map(|i| (i.as_str().to_string(), (0, 0, 0))).collect();
    let mut misses = vec![];
    for l in lines {
        // A follow-up is asked after its context, as in one conversation.
        let mut last: Option<String> = None;
        for earlier in &l.context {
            let u = assistant.model.understand_after(earlier, crate::web::Lang::Id, last.as_deref());
            last = u.service().map(str::to_string).or(last);
        }
        let started = Instant::now();
        let u = assistant.model.understand_after(&l.q, crate::web::Lang::Id, last.as_deref());
        let reply = assistant.reply(&u, &l.q);
        times.push(started.elapsed().as_secs_f64() * 1000.0);
        std::hint::black_box(reply);

        let got_intent = u.intent.as_str();
        let got_service = u.service();
        let got_category = u.category.map(|c| c.as_str());
        let intent_ok = got_intent == l.intent;
        let service_ok = l.service.as_deref().is_none_or(|s| got_service == Some(s));
        let category_ok = l.category.as_deref().is_none_or(|c| intent_ok && got_category == Some(c));
        if l.service.is_some() {
            services += 1;
            services_right += usize::from(service_ok);
        }
        if l.category.is_some() {
            complaints += 1;
            categories_right += usize::from(category_ok);
        }
        if l.intent == "status" {
            codes += 1;
            let gold = l.tracking_code.as_deref().and_then(nlu::tracking_code);
            codes_right += usize::from(gold == u.tracking_code);
        }
        intent_right += usize::from(intent_ok);
        unsure += usize::from(u.unsure);
        per.entry(l.intent.clone()).or_default().0 += 1;
        per.entry(got_intent.to_string()).or_default().1 += 1;
        if intent_ok {
            per.entry(l.intent.clone()).or_default().2 += 1;
        }
        if intent_ok && service_ok && category_ok {
            right += 1;
        } else {
            misses.push(Miss {
                q: l.q.clone(),
                expected: label(&l.intent, l.service.as_deref(), l.category.as_deref()),
                got: label(got_intent, got_service.filter(|_| l.service.is_some()), got_category.filter(|_| l.category.is_some())),
                confidence: (u.confidence * 1000.0).round() / 1000.0,
            });
        }
    }
    times.sort_by(f64::total_cmp);
    let pct = |p: f64| times.get(((times.len() as f64 * p).ceil() as usize).saturating_sub(1)).copied().unwrap_or(0.0);
    let oos = per.get("out_of_scope").map(|x| (x.0, x.1, x.2)).unwrap_or_default();
    let n = lines.len();
    Report {
        n,
        accuracy: ratio(right, n),
        intent_accuracy: ratio(intent_right, n),
        service_accuracy: ratio(services_right, services),
        category_accuracy: ratio(categories_right, complaints),
        tracking_code_accuracy: ratio(codes_right, codes),
        oos_precision: ratio(oos.2, oos.1),
        oos_recall: ratio(oos.2, oos.0),
        unsure_rate: ratio(unsure, n),
        p50_ms: pct(0.5),
        p99_ms: pct(0.99),
        per_intent: per
            .into_iter()
            .map(|(k, (gold, predicted, correct))| {
                let f = IntentFigures {
                    gold,
                    predicted,
                    correct,
                    precision: ratio(correct, predicted),
                    recall: ratio(correct, gold),
                };
                (k, f)
            })
            .collect(),
        misses,
    }
}

/// The report as people read it.
pub fn print(r: &Report) -> String {
    use std::fmt::Write as _;
    let mut out = String::new();
    let pc = |x: f64| format!("{:.1}%", x * 100.0);
    let _ = writeln!(out, "questions            {}", r.n);
    let _ = writeln!(out, "accuracy             {}", pc(r.accuracy));
    let _ = writeln!(out, "intent accuracy      {}", pc(r.intent_accuracy));
    let _ = writeln!(out, "service accuracy     {}  (service_info questions)", pc(r.service_accuracy));
    let _ = writeln!(out, "category accuracy    {}  (complaints)", pc(r.category_accuracy));
    let _ = writeln!(out, "tracking codes       {}  (status questions)", pc(r.tracking_code_accuracy));
    let _ = writeln!(out, "out of scope         precision {}  recall {}", pc(r.oos_precision), pc(r.oos_recall));
    let _ = writeln!(out, "would ask instead    {}", pc(r.unsure_rate));
    let _ = writeln!(out, "latency              p50 {:.3} ms  p99 {:.3} ms", r.p50_ms, r.p99_ms);
    let _ = writeln!(out, "\n{:<14} {:>5} {:>9} {:>9} {:>9}", "intent", "lines", "predicted", "precision", "recall");
    for (k, f) in &r.per_intent {
        let _ = writeln!(out, "{k:<14} {:>5} {:>9} {:>9} {:>9}", f.gold, f.predicted, pc(f.precision), pc(f.recall));
    }
    if !r.misses.is_empty() {
        let _ = writeln!(out, "\nmisses (expected -> got, confidence):");
        for m in &r.misses {
            let _ = writeln!(out, "  {:?}: {} -> {} ({:.2})", m.q, m.expected, m.got, m.confidence);
        }
    }
    out
}

/// Build the assistant for `catalog` (JSON text; the demo catalogue when `None`) with our
/// training examples, refusing an evaluation file that shares questions with them.
pub fn assistant_for(catalog: Option<&str>, eval: &[Labelled]) -> Result<Assistant, String> {
    let catalog = crate::catalog::model::parse_catalog(catalog.unwrap_or(crate::demo::CATALOG), &HashSet::new())
        .map_err(|problems| {
            problems.iter().map(|p| format!("{}: {}", p.path, p.key)).collect::<Vec<_>>().join("; ")
        })?;
    let training = nlu::parse_labelled(nlu::TRAINING)?;
    let seen: HashSet<String> = training.iter().map(|l| l.q.trim().to_lowercase()).collect();
    if let Some(l) = eval.iter().find(|l| seen.contains(&l.q.trim().to_lowercase())) {
        return Err(format!("the evaluation file repeats a training question: {:?}", l.q));
    }
    Ok(Assistant::new(catalog.services, catalog.agencies, &training))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The held-out part of our labelled set (never learned from) keeps the accuracy the issue
    /// asks for. Latency is measured by the benchmark, not here.
    #[test]
    fn the_held_out_questions_are_understood() {
        let lines = nlu::parse_labelled(include_str!("../../data/assistant/test.jsonl")).expect("test set");
        assert!(lines.len() >= 200, "{}", lines.len());
        let assistant = assistant_for(None, &lines).expect("assistant");
        let r = run(&assistant, &lines);
        assert!(r.accuracy >= 0.90, "accuracy {:.3}\n{}", r.accuracy, print(&r));
        assert!(r.oos_precision >= 0.85 && r.oos_recall >= 0.85, "{}", print(&r));
        assert!(r.tracking_code_accuracy >= 0.95, "{}", print(&r));
    }

    /// Follow-up questions that name no service are about the service talked about before.
    #[test]
    fn follow_up_questions_keep_their_service() {
        let lines = nlu::parse_labelled(include_str!("../../data/assistant/followups.jsonl")).expect("follow-ups");
        assert!(lines.len() >= 10 && lines.iter().all(|l| !l.context.is_empty()));
        let assistant = assistant_for(None, &lines).expect("assistant");
        let r = run(&assistant, &lines);
        assert!(r.accuracy >= 0.9, "{}", print(&r));
    }

    #[test]
    fn training_and_test_parts_do_not_overlap() {
        let test = nlu::parse_labelled(include_str!("../../data/assistant/test.jsonl")).expect("test set");
        let train = nlu::parse_labelled(nlu::TRAINING).expect("training set");
        assert!(train.len() + test.len() >= 600);
        let informal = train.iter().chain(&test).filter(|l| l.informal == Some(true)).count();
        assert!(informal * 3 >= train.len() + test.len(), "at least a third informal");
        assert!(assistant_for(None, &test).is_ok());
        assert!(assistant_for(None, &train[..5]).is_err(), "an evaluation file repeating training questions is refused");
    }
}

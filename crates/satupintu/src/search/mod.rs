//! Search that understands Indonesian: an in-memory BM25 index over weighted fields, with the
//! `bahasa` analyser (informal spelling, affixes, stop words), typo tolerance and prefixes.
//! Built from the catalogue snapshot; rebuilt whenever the catalogue revision changes.

pub mod api;
pub mod pages;

use std::collections::HashMap;

/// A document to index: (weight, text) per field. The first field is the title.
pub struct Doc {
    pub fields: Vec<(f32, String)>,
}

#[derive(Default)]
pub struct Index {
    postings: HashMap<String, Vec<(u32, f32)>>,
    /// Raw normalised words seen in documents, mapped to their stems (for typo matching).
    surface: HashMap<String, String>,
    title_terms: Vec<Vec<String>>,
    doc_len: Vec<f32>,
    avg_len: f32,
}

const K1: f32 = 1.2;
const B: f32 = 0.75;

impl Index {
    pub fn build(docs: &[Doc]) -> Index {
        let mut idx = Index::default();
        for (d, doc) in docs.iter().enumerate() {
            let mut tf: HashMap<String, f32> = HashMap::new();
            let mut len = 0.0;
            for (fi, (weight, text)) in doc.fields.iter().enumerate() {
                for word in bahasa::tokens(text) {
                    if bahasa::is_stop_word(&word) {
                        continue;
                    }
                    let stem = bahasa::stem(&word);
                    idx.surface.entry(word).or_insert_with(|| stem.clone());
                    if fi == 0 {
                        if idx.title_terms.len() <= d {
                            idx.title_terms.resize(d + 1, vec![]);
                        }
                        idx.title_terms[d].push(stem.clone());
                    }
                    *tf.entry(stem).or_default() += weight;
                    len += weight;
                }
            }
            idx.title_terms.resize(d + 1, vec![]);
            idx.doc_len.push(len);
            for (term, w) in tf {
                idx.postings.entry(term).or_default().push((d as u32, w));
            }
        }
        let n = idx.doc_len.len().max(1) as f32;
        idx.avg_len = idx.doc_len.iter().sum::<f32>() / n;
        idx
    }

    fn idf(&self, df: usize) -> f32 {
        let n = self.doc_len.len() as f32;
        ((n - df as f32 + 0.5) / (df as f32 + 0.5) + 1.0).ln()
    }

    /// Index terms a query word stands for, with a confidence: the exact stem 1.0; otherwise
    /// the words nearest by typos (only the closest distance found counts: 0.8 for one typo,
    /// 0.5 for two) and words it is a prefix of (0.6).
    fn expand(&self, word: &str) -> Vec<(String, f32)> {
        let stem = bahasa::stem(word);
        if self.postings.contains_key(&stem) {
            return vec![(stem, 1.0)];
        }
        let max = bahasa::max_typos(word.chars().count());
        let mut fuzzy: Vec<(String, usize)> = vec![];
        let mut prefix: HashMap<String, f32> = HashMap::new();
        for (surface, s) in &self.surface {
            if let Some(d) = (max > 0).then(|| bahasa::edit_distance_within(word, surface, max)).flatten() {
                fuzzy.push((s.clone(), d));
            } else if word.chars().count() >= 3 && surface.starts_with(word) {
                prefix.insert(s.clone(), 0.6);
            }
        }
        if max > 0 {
            for term in self.postings.keys() {
                if let Some(d) = bahasa::edit_distance_within(&stem, term, max) {
                    fuzzy.push((term.clone(), d));
                }
            }
        }
        let mut out = prefix;
        if let Some(best) = fuzzy.iter().map(|(_, d)| *d).min() {
            let conf = if best <= 1 { 0.8 } else { 0.5 };
            for (term, d) in fuzzy {
                if d == best {
                    let e = out.entry(term).or_default();
                    *e = e.max(conf);
                }
            }
        }
        out.into_iter().collect()
    }

    /// Documents matching `query`, best first, with their scores.
    pub fn search(&self, query: &str, limit: usize) -> Vec<(usize, f32)> {
        let words: Vec<String> = bahasa::tokens(query).into_iter().filter(|w| !bahasa::is_stop_word(w)).collect();
        if words.is_empty() || self.doc_len.is_empty() {
            return vec![];
        }
        let mut scores: HashMap<u32, (f32, usize, usize)> = HashMap::new();
        for word in &words {
            let mut seen_in: HashMap<u32, bool> = HashMap::new();
            for (term, conf) in self.expand(word) {
                let Some(list) = self.postings.get(&term) else {
                    continue;
                };
                let idf = self.idf(list.len());
                for &(d, tf) in list {
                    let len = self.doc_len[d as usize];
                    let norm = tf * (K1 + 1.0) / (tf + K1 * (1.0 - B + B * len / self.avg_len.max(1.0)));
                    let e = scores.entry(d).or_default();
                    e.0 += conf * idf * norm;
                    let in_title = self.title_terms[d as usize].contains(&term);
                    let entry = seen_in.entry(d).or_insert(false);
                    *entry |= in_title;
                }
            }
            for (d, in_title) in seen_in {
                let e = scores.entry(d).or_default();
                e.1 += 1;
                if in_title {
                    e.2 += 1;
                }
            }
        }
        let n = words.len() as f32;
        let mut out: Vec<(usize, f32)> = scores
            .into_iter()
            .map(|(d, (s, matched, in_title))| {
                let coverage = matched as f32 / n;
                let title_bonus = 1.0 + 0.6 * (in_title as f32 / n);
                (d as usize, s * (0.4 + 0.6 * coverage * coverage) * title_bonus)
            })
            .collect();
        out.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        out.truncate(limit);
        out
    }
}

//! A small multinomial logistic regression (softmax) over sparse binary features, trained with
//! plain stochastic gradient descent. Enough for a few thousand short texts and a few dozen
//! labels: it trains in milliseconds on one core and answers in microseconds.

use std::collections::HashMap;

/// Features of one text: indices into the model's vocabulary (unknown features are dropped).
pub type Features = Vec<u32>;

/// The vocabulary shared by a text's encoder and the models trained on it.
#[derive(Default)]
pub struct Vocabulary {
    ids: HashMap<String, u32>,
    /// Which features only give context (character n-grams `c:...`, function words `f:...`).
    context: Vec<bool>,
}

impl Vocabulary {
    /// The index of `feature`, adding it while learning.
    pub fn learn(&mut self, feature: &str) -> u32 {
        let next = self.ids.len() as u32;
        let id = *self.ids.entry(feature.to_string()).or_insert(next);
        if id == next {
            self.context.push(feature.starts_with("c:") || feature.starts_with("f:"));
        }
        id
    }

    /// The features of `f` that are content (words and word pairs), without those that only
    /// give context (character n-grams, function words).
    pub fn content_only(&self, f: &[u32]) -> Features {
        f.iter().copied().filter(|id| !self.context.get(*id as usize).copied().unwrap_or(false)).collect()
    }

    pub fn get(&self, feature: &str) -> Option<u32> {
        self.ids.get(feature).copied()
    }

    pub fn len(&self) -> usize {
        self.ids.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }
}

/// A trained classifier over `labels`.
pub struct Softmax {
    pub labels: Vec<String>,
    /// Weights, feature-major: `weights[f * labels + l]`.
    weights: Vec<f32>,
    bias: Vec<f32>,
    features: usize,
}

/// One training example: its features, label index and weight (to balance rare labels).
pub struct Example {
    pub features: Features,
    pub label: usize,
    pub weight: f32,
}

impl Softmax {
    /// Train on `examples`; `features` is the vocabulary size. Deterministic: the same data
    /// gives the same model.
    pub fn train(labels: Vec<String>, features: usize, examples: &[Example], epochs: usize) -> Softmax {
        let n = labels.len().max(1);
        let mut m = Softmax { labels, weights: vec![0.0; features * n], bias: vec![0.0; n], features };
        if examples.is_empty() {
            return m;
        }
        let mut order: Vec<usize> = (0..examples.len()).collect();
        let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
        let l2 = 1e-4_f32;
        let mut probs = vec![0.0f32; n];
        for epoch in 0..epochs {
            // Fisher-Yates with a fixed-seed xorshift: reproducible shuffles.
            for i in (1..order.len()).rev() {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                order.swap(i, (seed % (i as u64 + 1)) as usize);
            }
            let rate = 0.5 / (1.0 + epoch as f32 * 0.15);
            for &i in &order {
                let ex = &examples[i];
                if ex.features.is_empty() {
                    continue;
                }
                m.probabilities_into(&ex.features, &mut probs);
                let scale = 1.0 / (ex.features.len() as f32).sqrt();
                for (l, p) in probs.iter().enumerate() {
                    let target = if l == ex.label { 1.0 } else { 0.0 };
                    let g = (p - target) * rate * ex.weight;
                    m.bias[l] -= g * 0.1;
                    for &f in &ex.features {
                        let w = &mut m.weights[f as usize * n + l];
                        *w -= g * scale + l2 * *w;
                    }
                }
            }
        }
        m
    }

    fn probabilities_into(&self, features: &[u32], out: &mut [f32]) {
        let n = self.labels.len();
        out.copy_from_slice(&self.bias[..n]);
        let scale = 1.0 / (features.len().max(1) as f32).sqrt();
        for &f in features {
            if (f as usize) < self.features {
                let row = &self.weights[f as usize * n..f as usize * n + n];
                for (o, w) in out.iter_mut().zip(row) {
                    *o += w * scale;
                }
            }
        }
        let max = out.iter().copied().fold(f32::MIN, f32::max);
        let mut sum = 0.0;
        for o in out.iter_mut() {
            *o = (*o - max).exp();
            sum += *o;
        }
        for o in out.iter_mut() {
            *o /= sum;
        }
    }

    /// Every label with its probability, most likely first.
    pub fn rank(&self, features: &[u32]) -> Vec<(usize, f64)> {
        let mut probs = vec![0.0f32; self.labels.len()];
        if probs.is_empty() {
            return vec![];
        }
        self.probabilities_into(features, &mut probs);
        let mut ranked: Vec<(usize, f64)> = probs.into_iter().map(f64::from).enumerate().collect();
        ranked.sort_by(|a, b| b.1.total_cmp(&a.1));
        ranked
    }
}

/// Weights that give every label the same total weight (rare labels are not drowned out).
pub fn balance(examples: &mut [Example], labels: usize) {
    let mut counts = vec![0usize; labels];
    for e in examples.iter() {
        counts[e.label] += 1;
    }
    let total = examples.len() as f32;
    let present = counts.iter().filter(|c| **c > 0).count().max(1) as f32;
    for e in examples.iter_mut() {
        e.weight *= total / (present * counts[e.label] as f32);
    }
}

/// Multinomial naive Bayes with add-one smoothing: steadier than [`Softmax`] on few examples
/// per label with many shared words.
pub struct Bayes {
    pub labels: Vec<String>,
    /// log P(feature | label), feature-major.
    log_likelihood: Vec<f32>,
    log_prior: Vec<f32>,
    features: usize,
}

impl Bayes {
    pub fn train(labels: Vec<String>, features: usize, examples: &[Example]) -> Bayes {
        let n = labels.len().max(1);
        let mut counts = vec![0f32; features * n];
        let mut totals = vec![0f32; n];
        let mut docs = vec![0f32; n];
        for e in examples {
            docs[e.label] += e.weight;
            for &f in &e.features {
                counts[f as usize * n + e.label] += e.weight;
                totals[e.label] += e.weight;
            }
        }
        let vocabulary = examples.iter().flat_map(|e| e.features.iter()).collect::<std::collections::HashSet<_>>().len() as f32;
        let all_docs: f32 = docs.iter().sum::<f32>().max(1.0);
        let log_prior = docs.iter().map(|d| ((d + 0.5) / (all_docs + 0.5 * n as f32)).ln()).collect();
        let log_likelihood = counts
            .iter()
            .enumerate()
            .map(|(i, c)| ((c + 1.0) / (totals[i % n] + vocabulary + 1.0)).ln())
            .collect();
        Bayes { labels, log_likelihood, log_prior, features }
    }

    /// Every label with its probability, most likely first; features no example had are ignored.
    pub fn rank(&self, features: &[u32], seen: impl Fn(u32) -> bool) -> Vec<(usize, f64)> {
        let n = self.labels.len();
        let mut logs: Vec<f64> = self.log_prior.iter().map(|p| f64::from(*p)).collect();
        for &f in features.iter().filter(|f| (**f as usize) < self.features && seen(**f)) {
            for (l, v) in logs.iter_mut().enumerate() {
                *v += f64::from(self.log_likelihood[f as usize * n + l]);
            }
        }
        let max = logs.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let sum: f64 = logs.iter().map(|l| (l - max).exp()).sum();
        let mut ranked: Vec<(usize, f64)> = logs.iter().map(|l| (l - max).exp() / sum).enumerate().collect();
        ranked.sort_by(|a, b| b.1.total_cmp(&a.1));
        ranked
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn learns_separable_labels() {
        let examples: Vec<Example> = (0..20)
            .map(|i| Example { features: vec![i % 2, 2 + (i % 3)], label: (i % 2) as usize, weight: 1.0 })
            .collect();
        let m = Softmax::train(vec!["a".into(), "b".into()], 5, &examples, 20);
        assert_eq!(m.rank(&[0])[0].0, 0);
        assert_eq!(m.rank(&[1])[0].0, 1);
        assert!(m.rank(&[1])[0].1 > 0.8);
    }
}

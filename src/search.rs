//! Search over places (Chinese and English names, aliases, ids) and clauses (numbers written
//! `49` or `（四十九）`, titles and text). Pure functions: the UI shows what they return.

use crate::data::Place;
use crate::plan::{Plan, from_chinese};

/// One result.
#[derive(Debug, Clone, PartialEq)]
pub enum Hit {
    /// Index into the places.
    Place(usize),
    /// A clause, with a snippet of its text around the match (empty for a number match).
    Clause { number: u32, snippet: String },
}

/// Results grouped: places first, then clauses, each best first.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Results {
    pub places: Vec<usize>,
    pub clauses: Vec<(u32, String)>,
}

impl Results {
    pub fn len(&self) -> usize {
        self.places.len() + self.clauses.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The `i`-th result in display order (places, then clauses).
    pub fn get(&self, i: usize) -> Option<Hit> {
        if let Some(&p) = self.places.get(i) {
            return Some(Hit::Place(p));
        }
        self.clauses
            .get(i - self.places.len())
            .map(|(number, snippet)| Hit::Clause {
                number: *number,
                snippet: snippet.clone(),
            })
    }
}

/// A clause number the query names: `49`, `四十九`, `（四十九）`, `(49)`.
pub fn clause_number(query: &str) -> Option<u32> {
    let q = query
        .trim()
        .trim_start_matches(['（', '(', '第'])
        .trim_end_matches(['）', ')', '条']);
    let n = q.parse::<u32>().ok().or_else(|| from_chinese(q))?;
    (1..=crate::plan::CLAUSE_COUNT).contains(&n).then_some(n)
}

fn score_place(p: &Place, q: &str, q_lower: &str) -> Option<u32> {
    let en = p.name_en.to_lowercase();
    let mut best = None::<u32>;
    let mut consider = |s: u32| best = Some(best.map_or(s, |b| b.max(s)));
    if p.name_zh == q || en == q_lower || p.id == q_lower {
        consider(100);
    }
    if p.name_zh.starts_with(q) || en.starts_with(q_lower) {
        consider(85);
    }
    if p.name_zh.contains(q) {
        consider(70);
    }
    if en.split([' ', '-', '(']).any(|w| w.starts_with(q_lower)) {
        consider(65);
    }
    if en.contains(q_lower) || p.id.contains(q_lower) {
        consider(50);
    }
    for a in p.aliases() {
        if a == q || a.to_lowercase() == q_lower {
            consider(90);
        } else if a.contains(q) || a.to_lowercase().contains(q_lower) {
            consider(55);
        }
    }
    best
}

fn snippet(text: &str, at: usize, len: usize) -> String {
    let before: String = {
        let chars: Vec<char> = text[..at].chars().collect();
        chars[chars.len().saturating_sub(12)..].iter().collect()
    };
    let after: String = text[at + len..].chars().take(18).collect();
    let line = format!("…{before}{}{after}…", &text[at..at + len]);
    line.replace('\n', " ")
}

/// Searches places and clauses. An empty query finds nothing.
pub fn search(plan: &Plan, places: &[Place], query: &str) -> Results {
    let q = query.trim();
    if q.is_empty() {
        return Results::default();
    }
    let q_lower = q.to_lowercase();
    let mut scored: Vec<(u32, usize)> = places
        .iter()
        .enumerate()
        .filter_map(|(i, p)| score_place(p, q, &q_lower).map(|s| (s, i)))
        .collect();
    scored.sort_by(|a, b| {
        b.0.cmp(&a.0)
            .then(places[a.1].name_en.cmp(&places[b.1].name_en))
    });

    let mut clauses: Vec<(u32, u32, String)> = Vec::new();
    if let Some(n) = clause_number(q) {
        clauses.push((1000, n, String::new()));
    }
    for c in &plan.clauses {
        if clauses.iter().any(|(_, n, _)| *n == c.number) {
            continue;
        }
        let text = c.text();
        if c.title.contains(q) {
            clauses.push((500, c.number, String::new()));
        } else if let Some(at) = text.find(q).or_else(|| text.to_lowercase().find(&q_lower)) {
            let count = text.matches(q).count() as u32;
            clauses.push((100 + count, c.number, snippet(&text, at, q.len())));
        }
    }
    clauses.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    Results {
        places: scored.into_iter().map(|(_, i)| i).take(50).collect(),
        clauses: clauses.into_iter().map(|(_, n, s)| (n, s)).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clause_numbers_in_every_form() {
        for q in [
            "49",
            " 49 ",
            "四十九",
            "（四十九）",
            "(四十九)",
            "(49)",
            "第49条",
        ] {
            assert_eq!(clause_number(q), Some(49), "{q}");
        }
        assert_eq!(clause_number("67"), None);
        assert_eq!(clause_number("0"), None);
        assert_eq!(clause_number("横琴"), None);
    }

    #[test]
    fn finds_clauses_by_number_first_then_text() {
        let plan = Plan::bundled().expect("plan");
        let r = search(&plan, &[], "（四十九）");
        assert_eq!(r.clauses.first().map(|c| c.0), Some(49));
        let r = search(&plan, &[], "横琴");
        assert!(r.clauses.iter().any(|c| c.0 == 51), "{r:?}");
        // The clause whose title names 横琴 comes before those that only mention it.
        assert_eq!(r.clauses.first().map(|c| c.0), Some(51));
        let snippet = r
            .clauses
            .iter()
            .find(|c| !c.1.is_empty())
            .map(|c| c.1.clone());
        assert!(snippet.is_some_and(|s| s.contains("横琴")));
    }

    #[test]
    fn empty_query_finds_nothing() {
        let plan = Plan::bundled().expect("plan");
        assert!(search(&plan, &[], "  ").is_empty());
    }
}

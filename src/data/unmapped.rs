//! `data/unmapped.json`: names the plan gives that have no site on the map (programmes,
//! mechanisms, institutions without a stated location), each with its clauses and the reason.
//! The Coverage view lists them as "named but not mapped".

use serde_json::Value;

use super::issue::{Issues, Locator};
use super::model::ClauseRef;
use super::parse::{json_issue, parse_clause_refs};
use crate::plan::Plan;

/// Why a name is not on the map, in one word; `reason` says it in full.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Gap {
    /// No site: a programme, a role, a title, or something the plan asks to set up somewhere not
    /// stated.
    #[default]
    NoSite,
    /// A real place outside the map's region (another part of China, abroad).
    Outside,
    /// A real site that is not located yet: it belongs on the map once someone finds it.
    NotLocated,
}

impl Gap {
    pub const ALL: [Gap; 3] = [Gap::NoSite, Gap::Outside, Gap::NotLocated];

    pub fn key(self) -> &'static str {
        match self {
            Gap::NoSite => "none",
            Gap::Outside => "outside",
            Gap::NotLocated => "not_located",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Gap::NoSite => "no site",
            Gap::Outside => "outside the map",
            Gap::NotLocated => "not located yet",
        }
    }
}

/// A name the plan gives that is not on the map, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unmapped {
    pub name_zh: String,
    pub name_en: String,
    pub clauses: Vec<ClauseRef>,
    pub reason: String,
    pub site: Gap,
}

impl Unmapped {
    pub fn cites(&self, n: u32) -> bool {
        self.clauses.iter().any(|c| c.clause == n)
    }
}

/// Reads the file's text: `{"unmapped": [{"name_zh", "name_en", "clauses", "reason", "site"?}, ...]}`.
pub fn parse_unmapped(text: &str, plan: &Plan, issues: &mut Issues) -> Vec<Unmapped> {
    let root: Value = match serde_json::from_str(text) {
        Ok(v) => v,
        Err(e) => {
            json_issue(&e, issues);
            return Vec::new();
        }
    };
    let Some(items) = root.get("unmapped").and_then(Value::as_array) else {
        issues.push(
            Locator::File,
            "unmapped",
            "expected an object {\"unmapped\": [...]} listing names with no site",
        );
        return Vec::new();
    };
    let mut out = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let name = item.get("name_zh").and_then(Value::as_str).unwrap_or("");
        let at = Locator::Feature(if name.is_empty() {
            format!("#{i}")
        } else {
            name.to_string()
        });
        let text_field = |field: &str, issues: &mut Issues| match item.get(field) {
            Some(Value::String(s)) if !s.trim().is_empty() => Some(s.clone()),
            _ => {
                issues.push(at.clone(), field, "missing (a non-empty string)");
                None
            }
        };
        let name_zh = text_field("name_zh", issues);
        let name_en = text_field("name_en", issues);
        let reason = text_field("reason", issues);
        let clauses = parse_clause_refs(item.get("clauses"), &at, plan, issues);
        let site = match item.get("site") {
            None => Gap::default(),
            Some(v) => match Gap::ALL.into_iter().find(|g| v.as_str() == Some(g.key())) {
                Some(g) => g,
                None => {
                    let keys: Vec<&str> = Gap::ALL.iter().map(|g| g.key()).collect();
                    issues.push(
                        at.clone(),
                        "site",
                        format!("expected one of: {}", keys.join(", ")),
                    );
                    Gap::default()
                }
            },
        };
        if let (Some(name_zh), Some(name_en), Some(reason)) = (name_zh, name_en, reason) {
            out.push(Unmapped {
                name_zh,
                name_en,
                clauses,
                reason,
                site,
            });
        }
    }
    out
}

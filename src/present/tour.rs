//! Tours: an ordered list of stops (a view or a clause, a caption, the clauses it is about, notes
//! for the speaker), kept in `data/tours.json`, several per file; and tours generated from the
//! plan: one stop per mapped clause of a section, or of the whole plan.

use std::path::Path;

use serde::{Deserialize, Serialize};

use super::views::to_text;
use super::{PresentError, read_json};
use crate::app::View;
use crate::data::Dataset;
use crate::plan::Plan;

pub const TOURS_FILE: &str = "tours.json";

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Stop {
    /// Where the stop looks; `None` fits the map to the stop's clause's places.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub view: Option<View>,
    /// The clause read at this stop (its places emphasised, its text the caption's detail).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub clause: Option<u32>,
    pub caption: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub clauses: Vec<u32>,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub notes: String,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Tour {
    pub name: String,
    pub stops: Vec<Stop>,
}

/// `data/tours.json`: `{"tours": [{"name": …, "stops": [{"caption": …, "clause": 49, …}]}]}`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ToursFile {
    #[serde(default)]
    pub tours: Vec<Tour>,
}

impl ToursFile {
    pub fn load(path: &Path) -> Result<ToursFile, PresentError> {
        read_json(path)
    }

    pub fn save(&self, path: &Path) -> Result<(), PresentError> {
        crate::data::format::save_atomic(path, &to_text(&self.tours, "tours"))?;
        Ok(())
    }

    pub fn find(&self, name: &str) -> Option<usize> {
        self.tours.iter().position(|t| t.name == name)
    }
}

/// The stop for a clause: fitted to its places, captioned with its number and title.
pub fn clause_stop(plan: &Plan, number: u32) -> Option<Stop> {
    let clause = plan.clause(number)?;
    Some(Stop {
        view: None,
        clause: Some(number),
        caption: format!("{}{}", clause.marker(), clause.title),
        clauses: vec![number],
        notes: String::new(),
    })
}

/// One stop per clause of section `numeral` (一 … 十一) that names a mapped place.
pub fn section_tour(plan: &Plan, data: &Dataset, numeral: &str) -> Option<Tour> {
    let section = plan.sections.iter().find(|s| s.numeral == numeral)?;
    let stops = section
        .clauses
        .iter()
        .filter(|n| data.places_citing(**n).next().is_some())
        .filter_map(|n| clause_stop(plan, *n))
        .collect();
    Some(Tour {
        name: format!("section:{numeral}"),
        stops,
    })
}

/// One stop per clause that names a mapped place, in the plan's order.
pub fn plan_tour(plan: &Plan, data: &Dataset) -> Tour {
    Tour {
        name: "plan".to_string(),
        stops: plan
            .clauses
            .iter()
            .filter(|c| data.places_citing(c.number).next().is_some())
            .filter_map(|c| clause_stop(plan, c.number))
            .collect(),
    }
}

/// A tour by name: a saved one, `section:十` for a section, `plan` for every mapped clause.
pub fn resolve(name: &str, saved: &ToursFile, plan: &Plan, data: &Dataset) -> Option<Tour> {
    if let Some(i) = saved.find(name) {
        return Some(saved.tours[i].clone());
    }
    if let Some(numeral) = name.strip_prefix("section:") {
        return section_tour(plan, data, numeral.trim());
    }
    (name == "plan").then(|| plan_tour(plan, data))
}

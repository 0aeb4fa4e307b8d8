//! Saved views: a name and a [`View`] (centre, zoom, layers, selection, clause, language), kept
//! in `data/views.json` beside the data so a team shares them.

use std::path::Path;

use serde::{Deserialize, Serialize};

use super::{PresentError, read_json};
use crate::app::View;

pub const VIEWS_FILE: &str = "views.json";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SavedView {
    pub name: String,
    /// The language the view was saved in; a view without one keeps the current language.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lang: Option<crate::i18n::Lang>,
    #[serde(flatten)]
    pub view: View,
}

/// `data/views.json`: `{"views": [{"name": …, "center": [lon, lat], "zoom": z, …}, …]}`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ViewsFile {
    #[serde(default)]
    pub views: Vec<SavedView>,
}

impl ViewsFile {
    pub fn load(path: &Path) -> Result<ViewsFile, PresentError> {
        read_json(path)
    }

    /// Writes the file atomically, keeping the previous version as a backup.
    pub fn save(&self, path: &Path) -> Result<(), PresentError> {
        crate::data::format::save_atomic(path, &to_text(&self.views, "views"))?;
        Ok(())
    }

    pub fn find(&self, name: &str) -> Option<usize> {
        self.views.iter().position(|v| v.name == name)
    }

    /// Adds a view, or replaces the one of that name.
    pub fn put(&mut self, saved: SavedView) {
        match self.find(&saved.name) {
            Some(i) => self.views[i] = saved,
            None => self.views.push(saved),
        }
    }
}

/// `{"key": [\n one item per line \n]}`: small diffs when a team edits the file.
pub(crate) fn to_text<T: Serialize>(items: &[T], key: &str) -> String {
    let lines: Vec<String> = items
        .iter()
        .filter_map(|v| serde_json::to_string(v).ok())
        .collect();
    if lines.is_empty() {
        return format!("{{\"{key}\":[]}}\n");
    }
    format!("{{\"{key}\":[\n{}\n]}}\n", lines.join(",\n"))
}

//! Problems found in data files, reported as `file:feature: field: message`.

use std::fmt;

/// Where in a file a problem is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Locator {
    /// The file as a whole.
    File,
    /// A JSON syntax error at a line and column (1-based).
    Position { line: usize, column: usize },
    /// A feature, by its id when it has a usable one, else by its index (`#3`).
    Feature(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Issue {
    /// The file's path as given to the loader.
    pub file: String,
    pub at: Locator,
    /// The field at fault (`kind`, `clauses[1].quotes[0]`, `geometry`, `json` for syntax).
    pub field: String,
    pub message: String,
}

impl Issue {
    pub fn feature_id(&self) -> Option<&str> {
        match &self.at {
            Locator::Feature(id) => Some(id),
            _ => None,
        }
    }
}

impl fmt::Display for Issue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.at {
            Locator::File => write!(f, "{}: {}: {}", self.file, self.field, self.message),
            Locator::Position { line, column } => write!(
                f,
                "{}:{}:{}: {}: {}",
                self.file, line, column, self.field, self.message
            ),
            Locator::Feature(id) => {
                write!(f, "{}:{}: {}: {}", self.file, id, self.field, self.message)
            }
        }
    }
}

/// Collects issues for one file.
#[derive(Debug, Default)]
pub struct Issues {
    pub file: String,
    pub list: Vec<Issue>,
}

impl Issues {
    pub fn new(file: impl Into<String>) -> Self {
        Self {
            file: file.into(),
            list: Vec::new(),
        }
    }

    pub fn push(&mut self, at: Locator, field: impl Into<String>, message: impl Into<String>) {
        self.list.push(Issue {
            file: self.file.clone(),
            at,
            field: field.into(),
            message: message.into(),
        });
    }
}

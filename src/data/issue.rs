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

/// How bad a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, PartialOrd, Ord)]
pub enum Severity {
    /// Something to look at (e.g. a clause that names a place but is not linked); the data is
    /// usable as it is. `check` reports it and still succeeds (unless `--deny-warnings`).
    Warning,
    /// The data is wrong: the feature or field is not used as written.
    #[default]
    Error,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Issue {
    /// The file's path as given to the loader.
    pub file: String,
    pub at: Locator,
    /// The field at fault (`kind`, `clauses[1].quotes[0]`, `geometry`, `json` for syntax).
    pub field: String,
    pub message: String,
    pub severity: Severity,
}

impl Issue {
    pub fn error(
        file: impl Into<String>,
        at: Locator,
        field: impl Into<String>,
        message: impl Into<String>,
    ) -> Issue {
        Issue {
            file: file.into(),
            at,
            field: field.into(),
            message: message.into(),
            severity: Severity::Error,
        }
    }

    pub fn is_warning(&self) -> bool {
        self.severity == Severity::Warning
    }

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
            Locator::File => write!(f, "{}: ", self.file)?,
            Locator::Position { line, column } => write!(f, "{}:{}:{}: ", self.file, line, column)?,
            Locator::Feature(id) => write!(f, "{}:{}: ", self.file, id)?,
        }
        if self.is_warning() {
            write!(f, "warning: ")?;
        }
        write!(f, "{}: {}", self.field, self.message)
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
        self.list
            .push(Issue::error(self.file.clone(), at, field, message));
    }

    /// Adds a warning: something to look at, not an error.
    pub fn warn(&mut self, at: Locator, field: impl Into<String>, message: impl Into<String>) {
        let mut issue = Issue::error(self.file.clone(), at, field, message);
        issue.severity = Severity::Warning;
        self.list.push(issue);
    }
}

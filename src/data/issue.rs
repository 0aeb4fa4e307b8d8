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
        let file = printable(&self.file, MAX_NAME);
        match &self.at {
            Locator::File => write!(f, "{file}: ")?,
            Locator::Position { line, column } => write!(f, "{file}:{line}:{column}: ")?,
            Locator::Feature(id) => write!(f, "{file}:{}: ", printable(id, MAX_NAME))?,
        }
        if self.is_warning() {
            write!(f, "warning: ")?;
        }
        write!(
            f,
            "{}: {}",
            printable(&self.field, MAX_NAME),
            printable(&self.message, MAX_MESSAGE)
        )
    }
}

/// The longest file name, id or field a message prints, in characters.
const MAX_NAME: usize = 160;
/// The longest message printed, in characters: values quoted from a file (a 10 MB string) are cut.
const MAX_MESSAGE: usize = 400;

/// `text` safe to print on a terminal and short enough to read: control characters (an escape
/// in an id could recolour or clear the terminal) are written as escapes, and text past `max`
/// characters is cut, saying how much was left out.
pub fn printable(text: &str, max: usize) -> std::borrow::Cow<'_, str> {
    let clean = text.chars().all(|c| !c.is_control()) && text.len() <= max;
    if clean {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::new();
    let mut shown = 0;
    let total = text.chars().count();
    for c in text.chars() {
        if shown == max {
            break;
        }
        shown += 1;
        if c.is_control() {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    if total > shown {
        out.push_str(&format!("… ({} more characters)", total - shown));
    }
    std::borrow::Cow::Owned(out)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_escaped_and_long_values_cut() {
        let issue = Issue::error(
            "places/x.geojson",
            Locator::Feature("bad\u{1b}[2Jid".into()),
            "name_zh",
            format!("\"{}\" is too long", "长".repeat(10_000)),
        );
        let text = issue.to_string();
        assert!(!text.contains('\u{1b}'), "{text}");
        assert!(text.contains("bad\\u{1b}[2Jid"), "{text}");
        assert!(
            text.chars().count() < 700,
            "{} characters",
            text.chars().count()
        );
        assert!(text.contains("more characters)"), "{text}");
        // Ordinary text is left as it is.
        assert_eq!(printable("前海 zone", 20), "前海 zone");
    }
}

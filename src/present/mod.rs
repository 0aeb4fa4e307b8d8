//! Presenting the plan: presentation mode, saved views, tours and the animated flight between
//! them. Plain data, changed through the app's commands.

pub mod flight;
pub mod tour;
pub mod views;

pub use flight::Flight;
pub use tour::{Stop, Tour, ToursFile};
pub use views::{SavedView, ViewsFile};

/// Presentation mode: full screen, panels hidden but a caption, larger type and lines.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Presentation {
    /// Type and line scale (a setting; 1.6 reads on a 1080p share shown at half size).
    pub scale: f32,
    /// The cursor drawn as a laser pointer (a red dot with a fading trail).
    pub laser: bool,
    /// The clause's text under the caption, its names highlighted.
    pub text: bool,
}

impl Default for Presentation {
    fn default() -> Self {
        Presentation {
            scale: 1.6,
            laser: false,
            text: true,
        }
    }
}

/// The errors of reading and writing the views and tours files.
#[derive(Debug, thiserror::Error)]
pub enum PresentError {
    #[error("{file}: {line}:{column}: json: {message}")]
    Json {
        file: String,
        line: usize,
        column: usize,
        message: String,
    },
    #[error("{file}: cannot read: {source}")]
    Read {
        file: String,
        source: std::io::Error,
    },
    #[error("{0}")]
    Save(#[from] crate::data::format::SaveError),
}

pub(crate) fn json_error(file: &std::path::Path, e: &serde_json::Error) -> PresentError {
    PresentError::Json {
        file: file.display().to_string(),
        line: e.line(),
        column: e.column(),
        message: e.to_string(),
    }
}

/// Reads a JSON file into `T`; a missing file is `T::default()`.
pub(crate) fn read_json<T: serde::de::DeserializeOwned + Default>(
    path: &std::path::Path,
) -> Result<T, PresentError> {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(T::default()),
        Err(source) => {
            return Err(PresentError::Read {
                file: path.display().to_string(),
                source,
            });
        }
    };
    serde_json::from_str(&text).map_err(|e| json_error(path, &e))
}

//! Watching the data directory: files changed outside the app are reported, debounced, so the
//! app reloads them alone and within a second.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, channel};
use std::time::Duration;

use notify_debouncer_mini::notify::RecursiveMode;
use notify_debouncer_mini::{DebouncedEventKind, Debouncer, new_debouncer};

/// How long the watcher waits for a burst of writes (an editor's save) to end.
pub const DEBOUNCE: Duration = Duration::from_millis(250);

#[derive(Debug, thiserror::Error)]
pub enum WatchError {
    #[error("{path}: cannot watch for changes: {source}")]
    Watch {
        path: String,
        source: notify_debouncer_mini::notify::Error,
    },
}

/// A running watch of a directory, and the changed data files it has seen.
pub struct Watcher {
    // Dropping the debouncer stops the watch.
    _debouncer: Debouncer<notify_debouncer_mini::notify::RecommendedWatcher>,
    changes: Receiver<Vec<PathBuf>>,
}

impl std::fmt::Debug for Watcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Watcher")
    }
}

/// Whether a changed path is a data file (not a save's temporary file or backup).
pub fn is_data_file(path: &Path) -> bool {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    !name.starts_with('.') && (name.ends_with(".geojson") || name == super::dataset::UNMAPPED_FILE)
}

impl Watcher {
    /// Watches `dir` recursively; `wake` is called when there are changes (e.g. to repaint).
    pub fn new(dir: &Path, wake: impl Fn() + Send + 'static) -> Result<Watcher, WatchError> {
        let (tx, rx) = channel();
        let err = |source| WatchError::Watch {
            path: dir.display().to_string(),
            source,
        };
        let mut debouncer = new_debouncer(DEBOUNCE, move |result| {
            if let Ok(events) = result {
                let events: Vec<notify_debouncer_mini::DebouncedEvent> = events;
                let mut paths: Vec<PathBuf> = events
                    .into_iter()
                    .filter(|e| {
                        matches!(
                            e.kind,
                            DebouncedEventKind::Any | DebouncedEventKind::AnyContinuous
                        )
                    })
                    .map(|e| e.path)
                    .filter(|p| is_data_file(p))
                    .collect();
                paths.sort();
                paths.dedup();
                if !paths.is_empty() && tx.send(paths).is_ok() {
                    wake();
                }
            }
        })
        .map_err(err)?;
        debouncer
            .watcher()
            .watch(dir, RecursiveMode::Recursive)
            .map_err(err)?;
        Ok(Watcher {
            _debouncer: debouncer,
            changes: rx,
        })
    }

    /// The data files changed since the last call.
    pub fn changed(&self) -> Vec<PathBuf> {
        let mut out: Vec<PathBuf> = self.changes.try_iter().flatten().collect();
        out.sort();
        out.dedup();
        out
    }
}

//! The canonical layout of a data file, and saving it safely.
//!
//! A FeatureCollection is written with its members in their order, compact, UTF-8 (no `\u`
//! escapes), and one feature per line:
//!
//! ```text
//! {"type":"FeatureCollection","features":[
//! {"type":"Feature","id":"a",...},
//! {"type":"Feature","id":"b",...}
//! ]}
//! ```
//!
//! Numbers are written as the shortest text that reads back as the same value, so a file written
//! with 6 decimals stays at 6 decimals, and property order is kept as it was read. A file in this
//! layout is reproduced byte for byte by reading and writing it, and an edit to one feature changes
//! that feature's line only (`git diff` shows one feature). `gba-atlas fmt` writes this layout.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

/// Writes a FeatureCollection's members around `features`, one feature per line.
pub fn collection_text<'a>(
    members: &Map<String, Value>,
    features: impl IntoIterator<Item = &'a Value>,
) -> String {
    let mut out = String::from("{");
    let mut wrote_features = false;
    let mut first = true;
    let mut features = Some(features);
    let write_features = |out: &mut String, features: &mut Option<_>| {
        out.push_str("\"features\":[\n");
        let mut any = false;
        for f in features.take().into_iter().flatten() {
            if any {
                out.push_str(",\n");
            }
            out.push_str(&compact(f));
            any = true;
        }
        if any {
            out.push('\n');
        }
        out.push(']');
    };
    for (key, value) in members {
        if !first {
            out.push(',');
        }
        first = false;
        if key == "features" {
            write_features(&mut out, &mut features);
            wrote_features = true;
        } else {
            out.push_str(&compact(&Value::String(key.clone())));
            out.push(':');
            out.push_str(&compact(value));
        }
    }
    if !wrote_features {
        if !first {
            out.push(',');
        }
        write_features(&mut out, &mut features);
    }
    out.push_str("}\n");
    out
}

/// The canonical text of a whole parsed file (a FeatureCollection object); `None` when it is
/// not one.
pub fn canonical(root: &Value) -> Option<String> {
    let obj = root.as_object()?;
    let features = obj.get("features")?.as_array()?;
    Some(collection_text(obj, features.iter()))
}

/// A value as compact JSON.
pub fn compact(v: &Value) -> String {
    // Serialising a `Value` cannot fail (its keys are strings).
    serde_json::to_string(v).unwrap_or_default()
}

#[derive(Debug, thiserror::Error)]
pub enum SaveError {
    #[error("{path}: cannot save: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
}

/// The backup of `path` a save keeps: `dir/.NAME.bak`.
pub fn backup_path(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    path.with_file_name(format!(".{name}.bak"))
}

/// Replaces `path` with `text` atomically: the text goes to a temporary file in the same
/// directory, which is flushed to disk and renamed over the old file, and the directory is
/// flushed. The old file is first copied to [`backup_path`]. At every moment `path` holds either
/// the old or the new text in full; a failure leaves the old file as it was.
pub fn save_atomic(path: &Path, text: &str) -> Result<(), SaveError> {
    let err = |source| SaveError::Io {
        path: path.display().to_string(),
        source,
    };
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    if path.exists() {
        // The backup is itself written atomically, so a crash leaves a whole backup or the
        // previous one.
        let backup = backup_path(path);
        let old = std::fs::read(path).map_err(err)?;
        write_replace(&dir, &backup, &old).map_err(err)?;
    }
    write_replace(&dir, path, text.as_bytes()).map_err(err)
}

/// Writes `bytes` to `path` atomically (a temporary file in the same directory, synced, then
/// renamed over it), without a backup: for outputs such as exports, which the app can make again.
pub fn write_atomic_bytes(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let new = !path.exists();
    write_replace(&dir, path, bytes)?;
    // A new file gets the usual permissions (read for all), not the temporary file's private
    // ones.
    #[cfg(unix)]
    if new {
        use std::os::unix::fs::PermissionsExt as _;
        let _ = std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o644));
    }
    Ok(())
}

fn write_replace(dir: &Path, path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut tmp = tempfile::Builder::new()
        .prefix(".gba-atlas-save-")
        .suffix(".tmp")
        .tempfile_in(dir)?;
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    // Keep the old file's permissions.
    if let Ok(meta) = std::fs::metadata(path) {
        let _ = std::fs::set_permissions(tmp.path(), meta.permissions());
    }
    tmp.persist(path).map_err(|e| e.error)?;
    sync_dir(dir);
    Ok(())
}

/// Flushes a directory entry to disk (where the platform allows it).
fn sync_dir(dir: &Path) {
    #[cfg(unix)]
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
    #[cfg(not(unix))]
    let _ = dir;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layout_is_one_feature_per_line() {
        let root: Value = serde_json::from_str(
            r#"{ "type": "FeatureCollection", "features": [
                {"type": "Feature", "properties": {"z": 1, "a": "香港"}, "geometry": {"type": "Point", "coordinates": [114.1, 22.30]}},
                {"type": "Feature", "properties": {}, "geometry": null}
            ] }"#,
        )
        .unwrap();
        let text = canonical(&root).unwrap();
        assert_eq!(
            text,
            "{\"type\":\"FeatureCollection\",\"features\":[\n\
             {\"type\":\"Feature\",\"properties\":{\"z\":1,\"a\":\"香港\"},\"geometry\":{\"type\":\"Point\",\"coordinates\":[114.1,22.3]}},\n\
             {\"type\":\"Feature\",\"properties\":{},\"geometry\":null}\n\
             ]}\n"
        );
        // Canonical text reads back to itself.
        let again: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(canonical(&again).unwrap(), text);
    }

    #[test]
    fn empty_collection_and_extra_members() {
        let root: Value =
            serde_json::from_str(r#"{"name":"x","type":"FeatureCollection","features":[]}"#)
                .unwrap();
        assert_eq!(
            canonical(&root).unwrap(),
            "{\"name\":\"x\",\"type\":\"FeatureCollection\",\"features\":[\n]}\n"
        );
        assert_eq!(canonical(&Value::Null), None);
    }

    #[test]
    fn atomic_save_keeps_a_backup() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.geojson");
        save_atomic(&path, "one").unwrap();
        assert!(!backup_path(&path).exists());
        save_atomic(&path, "two").unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "two");
        assert_eq!(std::fs::read_to_string(backup_path(&path)).unwrap(), "one");
        // No temporary files are left behind.
        let names: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names.len(), 2, "{names:?}");
    }

    #[test]
    fn a_failed_save_leaves_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("no-such-dir").join("x.geojson");
        let e = save_atomic(&path, "text").unwrap_err();
        assert!(e.to_string().contains("x.geojson: cannot save"), "{e}");
    }
}

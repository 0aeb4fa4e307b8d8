//! Data model and loading: the GeoJSON files in `data/`, their schema and their checks.

mod dataset;
pub mod format;
mod issue;
mod model;
mod parse;
mod unmapped;

pub use dataset::{DataError, DataFile, Dataset, DeferredChecks, Lod, collect_geojson, read_text};
pub use issue::{Issue, Issues, Locator, Severity};
pub use model::{
    Accuracy, BaseFeature, BaseKind, ClauseRef, Kind, LonLatBox, Place, REGION, Status, Unlinked,
    is_cjk,
};
pub use parse::{Checks, FileRole, parse_file, parse_geometry, valid_id, validity_issues};
pub use unmapped::Unmapped;

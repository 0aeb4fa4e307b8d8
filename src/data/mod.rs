//! Data model and loading: the GeoJSON files in `data/`, their schema and their checks.

mod dataset;
mod issue;
mod model;
mod parse;

pub use dataset::{DataError, DataFile, Dataset, DeferredChecks, Lod};
pub use issue::{Issue, Issues, Locator};
pub use model::{
    Accuracy, BaseFeature, BaseKind, ClauseRef, Kind, LonLatBox, Place, REGION, Status,
};
pub use parse::{Checks, FileRole, parse_file, parse_geometry, valid_id, validity_issues};

//! Data model and loading: the GeoJSON files in `data/`, their schema and their checks.

mod dataset;
mod document;
pub mod format;
mod id_index;
pub mod info;
mod issue;
mod layer;
mod model;
mod parse;
mod stream;
mod unmapped;
pub mod watch;

pub use dataset::{
    DataError, DataFile, Dataset, DeferredChecks, Found, Lod, PlaceCoverage, UNMAPPED_FILE,
    collect_geojson, find_geojson, is_geojson_name, read_text, text_hash,
};
pub use document::{
    COORD_DECIMALS, DocumentError, Edit, EditError, FileReload, geometry_value, new_feature,
    with_geometry, with_property,
};
pub use issue::{Issue, Issues, Locator, Severity, printable};
pub use layer::{LayerError, Progress, ReadLayer, read_layer};
pub use model::{
    Accuracy, BaseFeature, BaseKind, ClauseRef, Kind, LonLatBox, Place, REGION, RawProps, Status,
    Unlinked, Written, is_cjk,
};
pub use parse::{
    Checks, FileRole, Slot, parse_feature, parse_file, parse_geometry, valid_id, validity_issues,
};
pub use unmapped::{Gap, Unmapped};

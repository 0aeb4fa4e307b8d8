//! gba-atlas: an offline desktop map of the Guangdong–Hong Kong–Macao Greater Bay Area, linked
//! both ways to the clauses of Guangdong's implementation opinions on the GBA plan.
//!
//! Architecture, one module a layer:
//! - [`plan`]: the plan document (sections, clauses, corrections);
//! - [`data`]: the data model, loading and validation of the GeoJSON files;
//! - [`map`]: map layers prepared for drawing (projection, tessellation, styling, labels);
//! - [`edit`]: edit mode and the document edits its gestures make;
//! - [`app`]: application state as plain data, changed only through [`app::Command`]s;
//! - [`ui`]: egui panels and the map view, which read state and send commands;
//! - [`render`]: a headless CPU renderer of egui's output (export, the atlas, pixel tests);
//! - [`cli`]: the command line (`check`, `plan`).

pub mod app;
pub mod cli;
pub mod data;
pub mod edit;
pub mod export;
pub mod i18n;
pub mod map;
pub mod plan;
pub mod present;
pub mod render;
pub mod search;
pub mod ui;

/// mimalloc keeps freed memory for reuse: each frame builds and drops meshes of several MB,
/// which glibc's allocator returns to the system and page-faults back in every frame.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

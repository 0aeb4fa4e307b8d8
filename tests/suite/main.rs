//! The integration tests, in one binary (one link instead of nineteen: the crate with egui and
//! its debug info is hundreds of megabytes per test binary). `cargo test --test suite NAME`
//! runs the tests whose path contains NAME, e.g. `cargo test --test suite hostile::`.

mod common;

mod atlas;
mod borders;
mod edit_ui;
mod editing;
mod export;
mod font;
mod hostile;
mod i18n;
mod layers;
mod plan_links;
mod planner;
mod presenting;
mod readme;
mod snapshots;
mod tiles;
mod ui;
mod validator;

//! Map layers: projection, geometry prepared for drawing, styling, per-frame painting.

pub mod draw;
pub mod prepare;
pub mod projection;
pub mod style;

pub use draw::{Emphasis, hit_test, paint};
pub use prepare::{MercBox, Scene};
pub use projection::{MapTransform, Merc, from_merc, to_merc};

//! Map layers: projection, geometry prepared for drawing, styling, per-frame painting.

pub mod draw;
pub mod index;
pub mod measure;
pub mod prepare;
pub mod projection;
pub mod stroke;
pub mod style;
pub mod tiles;

pub use draw::{
    Emphasis, Ground, Hit, HitClass, Look, Shading, alike, ambiguous, hit_test, hits, paint,
    paint_basemap, paint_on,
};
pub use prepare::{MercBox, Scene};
pub use projection::{MapTransform, Merc, from_merc, to_merc};

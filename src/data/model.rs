//! The data model: places the plan names, basemap features and their vocabularies.
//!
//! The file format is documented for editors in `docs/data-format.md`; the names and values here
//! are the ones that document lists.

use geo::{Coord, Geometry};

use crate::i18n::{Lang, tr};

/// A box in longitude and latitude.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LonLatBox {
    pub min: Coord<f64>,
    pub max: Coord<f64>,
}

impl LonLatBox {
    pub fn contains(&self, c: Coord<f64>) -> bool {
        (self.min.x..=self.max.x).contains(&c.x) && (self.min.y..=self.max.y).contains(&c.y)
    }
}

/// The region every coordinate must lie in: Guangdong with its neighbours (lon, lat, WGS-84).
pub const REGION: LonLatBox = LonLatBox {
    min: Coord { x: 108.5, y: 19.8 },
    max: Coord { x: 118.5, y: 26.5 },
};

macro_rules! vocabulary {
    ($(#[$meta:meta])* $name:ident { $($variant:ident = $text:literal : $label:literal,)+ }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name { $($variant,)+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant,)+];

            /// The value as written in the data files.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text,)+ }
            }

            /// A short English label for the legend and details panel.
            pub fn label(self) -> &'static str {
                match self { $($name::$variant => $label,)+ }
            }

            pub fn parse(s: &str) -> Option<$name> {
                match s { $($text => Some($name::$variant),)+ _ => None }
            }

            /// `a, b, c` for error messages.
            pub fn list() -> String {
                Self::ALL.iter().map(|v| v.as_str()).collect::<Vec<_>>().join(", ")
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = <String as serde::Deserialize>::deserialize(d)?;
                $name::parse(&s).ok_or_else(|| {
                    serde::de::Error::custom(format!("unknown value \"{s}\"; expected one of: {}", $name::list()))
                })
            }
        }
    };
}

vocabulary! {
    /// What a place is. One vocabulary for every layer.
    Kind {
        City = "city": "City",
        Prefecture = "prefecture": "City outside the Bay Area",
        District = "district": "District or county",
        Region = "region": "Region or economic belt",
        CooperationZone = "cooperation_zone": "Cooperation zone or platform",
        NewArea = "new_area": "New area or development zone",
        SciencePark = "science_park": "Science city or innovation park",
        ScienceFacility = "science_facility": "Science facility or laboratory",
        University = "university": "University or campus",
        Seaport = "seaport": "Seaport or port area",
        Airport = "airport": "Airport",
        PortOfEntry = "port_of_entry": "Port of entry (口岸)",
        Bridge = "bridge": "Bridge or sea crossing",
        Tunnel = "tunnel": "Tunnel",
        Railway = "railway": "Railway (high-speed or intercity)",
        Road = "road": "Expressway or road",
        Energy = "energy": "Energy project",
        Water = "water": "Water project",
        Ecology = "ecology": "Park, wetland or ecological area",
        Other = "other": "Other located project",
    }
}

vocabulary! {
    /// How the geometry was obtained.
    Accuracy {
        Surveyed = "surveyed": "Surveyed: from a published boundary or position",
        Approximate = "approximate": "Approximate: drawn from stated facts",
        Schematic = "schematic": "Schematic: route or extent not fixed",
    }
}

vocabulary! {
    /// Where a project stands, as the plan or public record states it.
    Status {
        Open = "open": "Open",
        UnderConstruction = "under_construction": "Under construction",
        Planned = "planned": "Planned",
        UnderStudy = "under_study": "Under study",
    }
}

vocabulary! {
    /// Basemap features: context drawn under the plan's places.
    BaseKind {
        Land = "land": "Land",
        Water = "water": "Inland water",
        River = "river": "River",
        ProvinceBoundary = "province_boundary": "Province boundary",
        CityBoundary = "city_boundary": "City boundary",
        ProvinceLabel = "province_label": "Province name",
        CityLabel = "city_label": "City name",
        SeaLabel = "sea_label": "Sea name",
    }
}

impl Kind {
    /// [`Kind::label`] in `lang`, for the legend, the details panel and the form.
    pub fn label_in(self, lang: Lang) -> &'static str {
        match self {
            Kind::City => tr(lang, "kind.city"),
            Kind::Prefecture => tr(lang, "kind.prefecture"),
            Kind::District => tr(lang, "kind.district"),
            Kind::Region => tr(lang, "kind.region"),
            Kind::CooperationZone => tr(lang, "kind.cooperation_zone"),
            Kind::NewArea => tr(lang, "kind.new_area"),
            Kind::SciencePark => tr(lang, "kind.science_park"),
            Kind::ScienceFacility => tr(lang, "kind.science_facility"),
            Kind::University => tr(lang, "kind.university"),
            Kind::Seaport => tr(lang, "kind.seaport"),
            Kind::Airport => tr(lang, "kind.airport"),
            Kind::PortOfEntry => tr(lang, "kind.port_of_entry"),
            Kind::Bridge => tr(lang, "kind.bridge"),
            Kind::Tunnel => tr(lang, "kind.tunnel"),
            Kind::Railway => tr(lang, "kind.railway"),
            Kind::Road => tr(lang, "kind.road"),
            Kind::Energy => tr(lang, "kind.energy"),
            Kind::Water => tr(lang, "kind.water"),
            Kind::Ecology => tr(lang, "kind.ecology"),
            Kind::Other => tr(lang, "kind.other"),
        }
    }
}

impl Accuracy {
    /// [`Accuracy::label`] in `lang`.
    pub fn label_in(self, lang: Lang) -> &'static str {
        match self {
            Accuracy::Surveyed => tr(lang, "accuracy.surveyed"),
            Accuracy::Approximate => tr(lang, "accuracy.approximate"),
            Accuracy::Schematic => tr(lang, "accuracy.schematic"),
        }
    }
}

impl Status {
    /// [`Status::label`] in `lang`.
    pub fn label_in(self, lang: Lang) -> &'static str {
        match self {
            Status::Open => tr(lang, "status.open"),
            Status::UnderConstruction => tr(lang, "status.under_construction"),
            Status::Planned => tr(lang, "status.planned"),
            Status::UnderStudy => tr(lang, "status.under_study"),
        }
    }
}

/// A clause that names a place, with the plan's exact words for it there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClauseRef {
    pub clause: u32,
    pub quotes: Vec<String>,
}

/// A clause whose text contains one of a place's names but does not name the place (中山 in
/// 中山大学), with the reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unlinked {
    pub clause: u32,
    pub reason: String,
}

/// Properties the schema defines for places; any other is kept in [`Written::extra`].
pub const PLACE_PROPERTIES: [&str; 13] = [
    "id", "name_zh", "name_en", "kind", "clauses", "accuracy", "source", "status", "aliases",
    "note", "label_at", "type", "unlinked",
];

/// A place the plan names, as loaded from a data file.
///
/// Kept small (a layer holds a million of them): what only the data's places have, as written
/// by an editor, is boxed in [`Place::written`].
#[derive(Debug, Clone, PartialEq)]
pub struct Place {
    pub id: String,
    pub name_zh: String,
    pub name_en: String,
    pub kind: Kind,
    pub clauses: Vec<ClauseRef>,
    pub accuracy: Accuracy,
    pub status: Option<Status>,
    pub geometry: Geometry<f64>,
    /// Index of the file it came from in [`crate::data::Dataset::files`].
    pub file: usize,
    /// The document revision at which this place last changed (0: as loaded).
    pub version: u64,
    /// What a place of the data has and a feature of an opened layer does not. `None` for a
    /// layer's features (read through [`Place::written`] as empty).
    pub written: Option<Box<Written>>,
    /// A feature of an opened layer keeps its properties as the file's JSON text, read when
    /// shown (a million features hold one string each, not a tree of values). `None` for the
    /// data's places.
    pub props: Option<RawProps>,
}

/// The part of a [`Place`] that only the data's places have.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Written {
    pub source: String,
    pub aliases: Vec<String>,
    /// Clauses that contain a name of the place but do not name it, with why.
    pub unlinked: Vec<Unlinked>,
    pub note: Option<String>,
    /// Where its label goes, when not where the map would put it.
    pub label_at: Option<Coord<f64>>,
    /// Properties beyond the schema's (`name_local`, `area_km2`, `status_note`, …), kept as
    /// they are and shown in the details panel.
    pub extra: serde_json::Map<String, serde_json::Value>,
    /// The feature object as written in its file (or by the last edit): the truth a save
    /// writes back, with every member and property in its order. The place's fields are read
    /// from it.
    pub raw: serde_json::Value,
}

/// What a feature of an opened layer reads as its [`Written`] part.
static NOT_WRITTEN: std::sync::LazyLock<Written> = std::sync::LazyLock::new(Written::default);

/// A JSON object as its text (see [`Place::props`]).
#[derive(Debug, Clone)]
pub struct RawProps(pub Box<serde_json::value::RawValue>);

impl PartialEq for RawProps {
    fn eq(&self, other: &Self) -> bool {
        self.0.get() == other.0.get()
    }
}

impl Place {
    /// The written part (empty for a feature of an opened layer).
    pub fn written(&self) -> &Written {
        self.written.as_deref().unwrap_or(&NOT_WRITTEN)
    }

    /// The written part, to change (made empty first for a feature of an opened layer).
    pub fn written_mut(&mut self) -> &mut Written {
        self.written.get_or_insert_with(Box::default)
    }

    pub fn source(&self) -> &str {
        &self.written().source
    }

    pub fn aliases(&self) -> &[String] {
        &self.written().aliases
    }

    pub fn unlinked(&self) -> &[Unlinked] {
        &self.written().unlinked
    }

    pub fn note(&self) -> Option<&str> {
        self.written().note.as_deref()
    }

    pub fn label_at(&self) -> Option<Coord<f64>> {
        self.written().label_at
    }

    /// The feature object as written (null for a feature of an opened layer).
    pub fn raw(&self) -> &serde_json::Value {
        &self.written().raw
    }

    /// The properties beyond the schema's, as the file has them (every property, for a feature
    /// of an opened layer).
    pub fn properties(&self) -> std::borrow::Cow<'_, serde_json::Map<String, serde_json::Value>> {
        match &self.props {
            Some(raw) => {
                std::borrow::Cow::Owned(serde_json::from_str(raw.0.get()).unwrap_or_default())
            }
            None => std::borrow::Cow::Borrowed(&self.written().extra),
        }
    }

    /// The feature as JSON: as written ([`Place::raw`]), or for a feature of an opened layer, its
    /// properties and geometry.
    pub fn feature(&self) -> std::borrow::Cow<'_, serde_json::Value> {
        if !self.raw().is_null() {
            return std::borrow::Cow::Borrowed(self.raw());
        }
        std::borrow::Cow::Owned(serde_json::json!({
            "type": "Feature",
            "properties": self.properties().into_owned(),
            "geometry": crate::data::geometry_value(&self.geometry),
        }))
    }

    /// Whether the place is linked to clause `n`.
    pub fn cites(&self, n: u32) -> bool {
        self.clauses.iter().any(|c| c.clause == n)
    }

    /// The place's Chinese names: `name_zh` and the aliases with a Chinese character, each once.
    pub fn chinese_names(&self) -> Vec<&str> {
        let mut names: Vec<&str> = vec![self.name_zh.as_str()];
        for a in self.aliases() {
            if a.chars().any(is_cjk) && !names.contains(&a.as_str()) {
                names.push(a);
            }
        }
        names.retain(|n| !n.is_empty());
        names
    }

    /// The quotes for clause `n` (empty when the place is not linked to it).
    pub fn quotes_in(&self, n: u32) -> &[String] {
        self.clauses
            .iter()
            .find(|c| c.clause == n)
            .map(|c| c.quotes.as_slice())
            .unwrap_or(&[])
    }
}

/// A basemap feature (land, water, rivers, boundaries, context labels).
#[derive(Debug, Clone, PartialEq)]
pub struct BaseFeature {
    pub kind: BaseKind,
    pub name_zh: Option<String>,
    pub name_en: Option<String>,
    pub geometry: Geometry<f64>,
}

/// A CJK ideograph (the Unified block and its extension A).
pub fn is_cjk(c: char) -> bool {
    matches!(c, '\u{4e00}'..='\u{9fff}' | '\u{3400}'..='\u{4dbf}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_in_english_are_the_labels() {
        for &k in Kind::ALL {
            assert_eq!(k.label_in(Lang::En), k.label());
            assert_ne!(k.label_in(Lang::ZhHans), k.label(), "{k:?}");
        }
        for &a in Accuracy::ALL {
            assert_eq!(a.label_in(Lang::En), a.label());
            assert_ne!(a.label_in(Lang::ZhHans), a.label(), "{a:?}");
        }
        for &s in Status::ALL {
            assert_eq!(s.label_in(Lang::En), s.label());
            assert_ne!(s.label_in(Lang::ZhHans), s.label(), "{s:?}");
        }
    }
}

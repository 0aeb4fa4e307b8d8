//! Reading GeoJSON without a `serde_json::Value` tree.
//!
//! A file is read in two passes over its text. [`skim`] checks the whole text's syntax (its
//! errors carry the line and column) and splits a FeatureCollection into its members and the
//! raw text of each feature, borrowed from the file's text: nothing is copied. Each feature is
//! then read on its own, by any core, straight into typed structures ([`fast_geometry`],
//! [`props`]). Whatever that fast path does not accept as plainly valid (a missing field, a
//! wrong type, a position of one number, a ring not closed, a point outside the region) is read
//! again by the `Value` path of [`super::parse`], which words the precise problem: the fast path
//! only ever agrees with it or hands over.

use std::borrow::Cow;
use std::fmt;

use geo::{Coord, Geometry, LineString, MultiLineString, MultiPoint, MultiPolygon, Point, Polygon};
use serde::Deserialize;
use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::value::RawValue;

use super::model::REGION;

/// A file's top-level value, skimmed.
#[derive(Debug)]
pub(crate) enum Root<'a> {
    /// An object: its members in order (`features`, when it is an array, split into its items).
    Object(Collection<'a>),
    /// Any other JSON value, by its type's name for messages ("an array").
    Other(&'static str),
}

/// The members of a top-level object.
#[derive(Debug, Default)]
pub(crate) struct Collection<'a> {
    /// Every member but `features`, in order; `features_at` is where `features` was among them.
    pub members: Vec<(String, &'a RawValue)>,
    pub features_at: Option<usize>,
    /// The items of `features`, when it is an array.
    pub features: Option<Vec<&'a RawValue>>,
}

impl Collection<'_> {
    /// A member's value as text, when it is a JSON string.
    pub fn text(&self, key: &str) -> Option<String> {
        self.member(key).and_then(string)
    }

    pub fn member(&self, key: &str) -> Option<&RawValue> {
        self.members
            .iter()
            .rev()
            .find(|(k, _)| k == key)
            .map(|(_, v)| *v)
    }
}

/// Skims `text`: its syntax checked whole, a top-level object split into members.
pub(crate) fn skim(text: &str) -> Result<Root<'_>, serde_json::Error> {
    let mut de = serde_json::Deserializer::from_str(text);
    let root = de.deserialize_any(RootVisitor)?;
    de.end()?;
    Ok(root)
}

struct RootVisitor;

impl<'de> Visitor<'de> for RootVisitor {
    type Value = Root<'de>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Root<'de>, A::Error> {
        let mut c = Collection::default();
        while let Some(key) = map.next_key::<String>()? {
            if key == "features" {
                c.features = map.next_value_seed(FeaturesSeed)?;
                c.features_at = Some(c.members.len());
            } else {
                let value: &'de RawValue = map.next_value()?;
                c.members.push((key, value));
            }
        }
        Ok(Root::Object(c))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Root<'de>, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Root::Other("an array"))
    }

    fn visit_bool<E>(self, _: bool) -> Result<Root<'de>, E> {
        Ok(Root::Other("a boolean"))
    }

    fn visit_i64<E>(self, _: i64) -> Result<Root<'de>, E> {
        Ok(Root::Other("a number"))
    }

    fn visit_u64<E>(self, _: u64) -> Result<Root<'de>, E> {
        Ok(Root::Other("a number"))
    }

    fn visit_f64<E>(self, _: f64) -> Result<Root<'de>, E> {
        Ok(Root::Other("a number"))
    }

    fn visit_str<E>(self, _: &str) -> Result<Root<'de>, E> {
        Ok(Root::Other("a string"))
    }

    fn visit_unit<E>(self) -> Result<Root<'de>, E> {
        Ok(Root::Other("null"))
    }
}

/// `features`: its items' raw text when it is an array, `None` for any other value.
struct FeaturesSeed;

impl<'de> DeserializeSeed<'de> for FeaturesSeed {
    type Value = Option<Vec<&'de RawValue>>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for FeaturesSeed {
    type Value = Option<Vec<&'de RawValue>>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an array of features")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0));
        while let Some(item) = seq.next_element::<&'de RawValue>()? {
            items.push(item);
        }
        Ok(Some(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(None)
    }

    fn visit_bool<E>(self, _: bool) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_i64<E>(self, _: i64) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_u64<E>(self, _: u64) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_f64<E>(self, _: f64) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_str<E>(self, _: &str) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_unit<E>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
}

/// A JSON value's type, from its first byte (the value is known to be valid JSON).
pub(crate) fn json_type(v: &RawValue) -> &'static str {
    let text = v.get();
    match text.as_bytes().first() {
        Some(b'"') => "string",
        Some(b'{') => "object",
        Some(b'[') => "array",
        Some(b't' | b'f') => "boolean",
        Some(b'n') => "null",
        _ if text.contains(['.', 'e', 'E']) => "number",
        _ => "integer",
    }
}

/// A JSON string's text (`None` for any other value).
pub(crate) fn string(v: &RawValue) -> Option<String> {
    v.get()
        .starts_with('"')
        .then(|| serde_json::from_str::<String>(v.get()).ok())
        .flatten()
}

/// An object key, borrowed from the text when it has no escapes.
struct Key<'a>(Cow<'a, str>);

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_borrowed_str<E>(self, s: &'de str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Borrowed(s)))
            }
            fn visit_str<E>(self, s: &str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(s.to_string())))
            }
        }
        d.deserialize_str(V)
    }
}

/// An object's members, in order, as raw values borrowed from the text.
pub(crate) type Members<'a> = Vec<(Cow<'a, str>, &'a RawValue)>;

/// An object's members as raw values, in order (`None` when the value is not an object).
pub(crate) fn members(v: &RawValue) -> Option<Members<'_>> {
    struct Object<'a>(Vec<(Cow<'a, str>, &'a RawValue)>);
    impl<'de> Deserialize<'de> for Object<'de> {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            struct V;
            impl<'de> Visitor<'de> for V {
                type Value = Object<'de>;
                fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                    f.write_str("an object")
                }
                fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Object<'de>, A::Error> {
                    let mut out = Vec::new();
                    while let Some(Key(k)) = map.next_key()? {
                        out.push((k, map.next_value::<&'de RawValue>()?));
                    }
                    Ok(Object(out))
                }
            }
            d.deserialize_map(V)
        }
    }
    if !v.get().starts_with('{') {
        return None;
    }
    serde_json::from_str::<Object>(v.get()).ok().map(|m| m.0)
}

/// A feature's own members, as the fast path reads them.
#[derive(Deserialize)]
pub(crate) struct FeatureIn<'a> {
    #[serde(rename = "type", borrow)]
    pub ty: Option<Cow<'a, str>>,
    #[serde(borrow)]
    pub properties: Option<&'a RawValue>,
    pub geometry: Option<FastGeometry>,
}

/// A feature read by the fast path: a Feature object with a properties object and a plainly
/// valid geometry (`None`: let the `Value` path read it).
pub(crate) fn feature(v: &RawValue) -> Option<(Members<'_>, Geometry<f64>)> {
    let f: FeatureIn = serde_json::from_str(v.get()).ok()?;
    if f.ty.as_deref() != Some("Feature") {
        return None;
    }
    Some((members(f.properties?)?, f.geometry?.0))
}

/// `[lon, lat]` or `[lon, lat, alt]`, in the region.
struct Pos(Coord<f64>);

impl<'de> Deserialize<'de> for Pos {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Pos;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a position [lon, lat] in the region")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Pos, A::Error> {
                let bad = || de::Error::custom("not a position");
                let x: f64 = seq.next_element()?.ok_or_else(bad)?;
                let y: f64 = seq.next_element()?.ok_or_else(bad)?;
                if seq.next_element::<f64>()?.is_some()
                    && seq.next_element::<IgnoredAny>()?.is_some()
                {
                    return Err(bad());
                }
                let c = Coord { x, y };
                if !(x.is_finite() && y.is_finite() && REGION.contains(c)) {
                    return Err(bad());
                }
                Ok(Pos(c))
            }
        }
        d.deserialize_seq(V)
    }
}

fn coords(p: Vec<Pos>) -> Vec<Coord<f64>> {
    p.into_iter().map(|p| p.0).collect()
}

fn line(p: Vec<Pos>) -> Option<LineString<f64>> {
    (p.len() >= 2).then(|| LineString::new(coords(p)))
}

fn ring(p: Vec<Pos>) -> Option<LineString<f64>> {
    let c = coords(p);
    (c.len() >= 4 && c.first() == c.last()).then(|| LineString::new(c))
}

fn polygon(rings: Vec<Vec<Pos>>) -> Option<Polygon<f64>> {
    let mut rings = rings.into_iter();
    let exterior = ring(rings.next()?)?;
    let holes = rings.map(ring).collect::<Option<Vec<_>>>()?;
    Some(Polygon::new(exterior, holes))
}

/// A geometry that is plainly valid GeoJSON in the region: every position 2 or 3 numbers, lines
/// of 2 positions or more, rings closed of 4 or more, multi-geometries not empty. Anything else
/// fails to deserialize (the `Value` path then says what is wrong). Orientation and validity
/// are not checked here. The coordinates are read straight into geometry when `type` comes
/// first, as it usually does.
pub(crate) struct FastGeometry(pub Geometry<f64>);

impl<'de> Deserialize<'de> for FastGeometry {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = FastGeometry;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a geometry object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<FastGeometry, A::Error> {
                let twice = || de::Error::custom("a member given twice");
                let mut ty: Option<Cow<'de, str>> = None;
                let mut read: Option<Geometry<f64>> = None;
                let mut deferred: Option<&'de RawValue> = None;
                while let Some(Key(k)) = map.next_key()? {
                    match k.as_ref() {
                        "type" if ty.is_some() => return Err(twice()),
                        "type" => ty = Some(map.next_value::<Key>()?.0),
                        "coordinates" if read.is_some() || deferred.is_some() => {
                            return Err(twice());
                        }
                        "coordinates" => match &ty {
                            Some(t) => read = Some(map.next_value_seed(Coordinates(t))?),
                            None => deferred = Some(map.next_value()?),
                        },
                        _ => {
                            map.next_value::<IgnoredAny>()?;
                        }
                    }
                }
                let ty = ty.ok_or_else(|| de::Error::custom("no type"))?;
                match (read, deferred) {
                    (Some(g), _) => Ok(FastGeometry(g)),
                    (None, Some(raw)) => {
                        let mut de = serde_json::Deserializer::from_str(raw.get());
                        Coordinates(&ty)
                            .deserialize(&mut de)
                            .map(FastGeometry)
                            .map_err(de::Error::custom)
                    }
                    (None, None) => Err(de::Error::custom("no coordinates")),
                }
            }
        }
        d.deserialize_map(V)
    }
}

/// The coordinates of a geometry of the given type.
struct Coordinates<'t>(&'t str);

impl<'de> DeserializeSeed<'de> for Coordinates<'_> {
    type Value = Geometry<f64>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Geometry<f64>, D::Error> {
        let invalid = || de::Error::custom("not plainly valid");
        let g: Geometry<f64> = match self.0 {
            "Point" => Point(Pos::deserialize(d)?.0).into(),
            "MultiPoint" => {
                let p = Vec::<Pos>::deserialize(d)?;
                if p.is_empty() {
                    return Err(invalid());
                }
                MultiPoint::new(p.into_iter().map(|p| Point(p.0)).collect()).into()
            }
            "LineString" => line(Vec::deserialize(d)?).ok_or_else(invalid)?.into(),
            "MultiLineString" => {
                let l = Vec::<Vec<Pos>>::deserialize(d)?;
                if l.is_empty() {
                    return Err(invalid());
                }
                let lines = l.into_iter().map(line).collect::<Option<_>>();
                MultiLineString::new(lines.ok_or_else(invalid)?).into()
            }
            "Polygon" => polygon(Vec::deserialize(d)?).ok_or_else(invalid)?.into(),
            "MultiPolygon" => {
                let p = Vec::<Vec<Vec<Pos>>>::deserialize(d)?;
                if p.is_empty() {
                    return Err(invalid());
                }
                let polygons = p.into_iter().map(polygon).collect::<Option<_>>();
                MultiPolygon::new(polygons.ok_or_else(invalid)?).into()
            }
            _ => return Err(invalid()),
        };
        Ok(g)
    }
}

/// [`FastGeometry`] of a raw value (`None`: not plainly valid).
#[cfg(test)]
fn fast_geometry(v: &RawValue) -> Option<Geometry<f64>> {
    serde_json::from_str::<FastGeometry>(v.get())
        .ok()
        .map(|g| g.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw(s: &str) -> Box<RawValue> {
        RawValue::from_string(s.to_string()).unwrap()
    }

    #[test]
    fn skim_splits_a_collection_and_keeps_member_order() {
        let text =
            r#"{"type": "FeatureCollection", "name": "x", "features": [{"a": 1}, [2]], "z": null}"#;
        let Root::Object(c) = skim(text).unwrap() else {
            panic!("an object")
        };
        let keys: Vec<&str> = c.members.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(keys, ["type", "name", "z"]);
        assert_eq!(c.features_at, Some(2));
        let f: Vec<&str> = c
            .features
            .as_ref()
            .unwrap()
            .iter()
            .map(|v| v.get())
            .collect();
        assert_eq!(f, [r#"{"a": 1}"#, "[2]"]);
        assert_eq!(c.text("type").as_deref(), Some("FeatureCollection"));
    }

    #[test]
    fn skim_reports_syntax_with_its_position_and_names_other_roots() {
        let e = skim("{\"features\": [\n  {\"a\": }]}").unwrap_err();
        assert_eq!((e.line(), e.column()), (2, 9));
        assert!(matches!(skim("[1, 2]").unwrap(), Root::Other("an array")));
        assert!(matches!(skim(" null ").unwrap(), Root::Other("null")));
        assert!(skim("{} x").is_err());
        let Root::Object(c) = skim(r#"{"features": {"a": 1}}"#).unwrap() else {
            panic!("an object")
        };
        assert!(c.features.is_none() && c.features_at == Some(0));
    }

    #[test]
    fn fast_geometry_takes_only_plainly_valid_geometry() {
        let ok = [
            r#"{"type": "Point", "coordinates": [113.5, 22.5]}"#,
            r#"{"type": "Point", "coordinates": [113.5, 22.5, 10]}"#,
            r#"{"coordinates": [[113, 22], [114, 23]], "type": "LineString", "bbox": [1, 2, 3, 4]}"#,
            r#"{"type": "Polygon", "coordinates": [[[113, 22], [114, 22], [114, 23], [113, 22]]]}"#,
            r#"{"type": "MultiPoint", "coordinates": [[113, 22]]}"#,
            r#"{"coordinates": [113.5, 22.5], "type": "Point"}"#,
        ];
        for g in ok {
            assert!(fast_geometry(&raw(g)).is_some(), "{g}");
        }
        let handed_over = [
            r#"{"type": "Point", "coordinates": [113.5]}"#,
            r#"{"type": "Point", "coordinates": [113.5, 22.5, 1, 2]}"#,
            r#"{"type": "Point", "coordinates": [22.5, 113.5]}"#,
            r#"{"type": "Point", "coordinates": ["113", 22]}"#,
            r#"{"type": "Point"}"#,
            r#"{"type": "Circle", "coordinates": [113, 22]}"#,
            r#"{"type": "LineString", "coordinates": [[113, 22]]}"#,
            r#"{"type": "Polygon", "coordinates": [[[113, 22], [114, 22], [114, 23], [113, 23]]]}"#,
            r#"{"type": "Polygon", "coordinates": []}"#,
            r#"{"type": "MultiPolygon", "coordinates": []}"#,
            r#"{"type": "MultiLineString", "coordinates": []}"#,
            r#"{"type": "Point", "type": "Point", "coordinates": [113, 22]}"#,
            r#"{"type": "Point", "coordinates": [113, 22], "coordinates": [113, 22]}"#,
            r#"{"coordinates": [113, 22]}"#,
            r#"[113, 22]"#,
        ];
        for g in handed_over {
            assert!(fast_geometry(&raw(g)).is_none(), "{g}");
        }
    }

    #[test]
    fn json_types_and_members() {
        let v = raw(
            r#"{"a": 1, "b": 1.5, "c": "x", "d\n": [1], "e": {}, "f": true, "g": null, "h": -2e3}"#,
        );
        let m = members(&v).unwrap();
        let types: Vec<(&str, &str)> = m.iter().map(|(k, v)| (k.as_ref(), json_type(v))).collect();
        assert_eq!(
            types,
            [
                ("a", "integer"),
                ("b", "number"),
                ("c", "string"),
                ("d\n", "array"),
                ("e", "object"),
                ("f", "boolean"),
                ("g", "null"),
                ("h", "number")
            ]
        );
        assert_eq!(string(m[2].1).as_deref(), Some("x"));
        assert_eq!(string(m[0].1), None);
        assert!(members(&raw("[1]")).is_none());
    }
}

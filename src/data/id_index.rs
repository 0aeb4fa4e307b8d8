//! Places by id: a hash table of positions in [`super::Dataset::places`], hashed by the place's
//! id, which it does not copy (a million features of an opened layer would otherwise hold about
//! 100 MB of keys beside their own ids).

use std::hash::BuildHasher as _;

use hashbrown::HashTable;
use hashbrown::hash_table::Entry;

use super::model::Place;

#[derive(Debug, Clone, Default)]
pub(crate) struct IdIndex {
    /// Positions in the places (a file of at most 512 MB holds far fewer than 2³² features).
    table: HashTable<u32>,
    /// Seeded per index: ids come from files, which may be made to collide.
    hasher: foldhash::fast::RandomState,
}

impl IdIndex {
    /// The index of `places`.
    pub fn build(places: &[Place]) -> IdIndex {
        let mut index = IdIndex::default();
        index.reserve(places, places.len());
        for i in 0..places.len() {
            index.insert_at(places, i);
        }
        index
    }

    fn hash(&self, id: &str) -> u64 {
        self.hasher.hash_one(id)
    }

    /// The position of the place with id `id`.
    pub fn get(&self, places: &[Place], id: &str) -> Option<usize> {
        self.table
            .find(self.hash(id), |&i| is(places, i, id))
            .map(|&i| i as usize)
    }

    /// Makes room for `additional` more places.
    pub fn reserve(&mut self, places: &[Place], additional: usize) {
        let hasher = &self.hasher;
        self.table
            .reserve(additional, |&i| hash_at(hasher, places, i));
    }

    /// Indexes the place at position `at` of `places` (replacing the position of another
    /// place with the same id, as a map's insert would).
    pub fn insert_at(&mut self, places: &[Place], at: usize) {
        let Some(place) = places.get(at) else {
            return;
        };
        self.insert(places, &place.id, at);
    }

    /// Indexes `id` at position `at`, where its place may not be yet (the places indexed
    /// must be at theirs).
    pub fn insert(&mut self, places: &[Place], id: &str, at: usize) {
        let hasher = &self.hasher;
        let value = u32::try_from(at).unwrap_or(u32::MAX);
        match self.table.entry(
            self.hash(id),
            |&i| is(places, i, id),
            |&i| hash_at(hasher, places, i),
        ) {
            Entry::Occupied(mut e) => *e.get_mut() = value,
            Entry::Vacant(e) => {
                e.insert(value);
            }
        }
    }

    /// Forgets `id` at position `at` (where another place, or the same under a new id, may
    /// already be).
    pub fn remove(&mut self, id: &str, at: usize) {
        if let Ok(e) = self.table.find_entry(self.hash(id), |&i| i as usize == at) {
            e.remove();
        }
    }
}

fn is(places: &[Place], i: u32, id: &str) -> bool {
    places.get(i as usize).is_some_and(|p| p.id == id)
}

fn hash_at(hasher: &foldhash::fast::RandomState, places: &[Place], i: u32) -> u64 {
    places
        .get(i as usize)
        .map_or(0, |p| hasher.hash_one(p.id.as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn place(id: &str) -> Place {
        Place {
            id: id.to_string(),
            name_zh: String::new(),
            name_en: String::new(),
            kind: super::super::model::Kind::Other,
            clauses: Vec::new(),
            accuracy: super::super::model::Accuracy::Approximate,
            status: None,
            geometry: geo::Geometry::Point(geo::Point::new(113.0, 22.0)),
            file: 0,
            version: 0,
            written: None,
            props: None,
        }
    }

    #[test]
    fn finds_inserts_renames_and_forgets() {
        let mut places: Vec<Place> = (0..10_000).map(|i| place(&format!("p{i}"))).collect();
        let mut index = IdIndex::build(&places);
        assert_eq!(index.get(&places, "p0"), Some(0));
        assert_eq!(index.get(&places, "p9999"), Some(9999));
        assert_eq!(index.get(&places, "p10000"), None);

        // Added one at a time (the table grows), before its place is pushed.
        for i in 10_000..20_000 {
            let id = format!("p{i}");
            index.insert(&places, &id, places.len());
            places.push(place(&id));
        }
        assert!((0..20_000).all(|i| index.get(&places, &format!("p{i}")) == Some(i)));

        // Renamed in place: the old id is gone, the new one found.
        places[5].id = "renamed".into();
        index.remove("p5", 5);
        index.insert(&places, "renamed", 5);
        assert_eq!(index.get(&places, "p5"), None);
        assert_eq!(index.get(&places, "renamed"), Some(5));

        // A second place with the same id takes the id (as a map's insert would).
        places.push(place("p7"));
        index.insert_at(&places, 20_000);
        assert_eq!(index.get(&places, "p7"), Some(20_000));

        // Rebuilt after a removal, positions follow.
        places.remove(0);
        let index = IdIndex::build(&places);
        assert_eq!(index.get(&places, "p1"), Some(0));
        assert_eq!(index.get(&places, "p0"), None);
    }
}

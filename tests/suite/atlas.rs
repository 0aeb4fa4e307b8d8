//! `gba-atlas atlas`: the clause atlas as a PDF.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::Read as _;
use std::path::Path;

use gba_atlas::app::AppState;
use gba_atlas::export::atlas::{Paper, build};
use gba_atlas::i18n::Lang;

fn state() -> AppState {
    AppState::load_without_background(&Path::new(env!("CARGO_MANIFEST_DIR")).join("data"))
}

/// The PDF's streams, inflated where they are compressed.
fn streams(pdf: &[u8]) -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    let mut at = 0;
    while let Some(i) = find(&pdf[at..], b"stream") {
        let start = at + i + b"stream".len();
        let body = start + usize::from(pdf.get(start) == Some(&b'\r')) + 1;
        let Some(end) = find(&pdf[body..], b"endstream") else {
            break;
        };
        let raw = &pdf[body..body + end];
        let mut inflated = Vec::new();
        if flate2::read::ZlibDecoder::new(raw)
            .read_to_end(&mut inflated)
            .is_ok()
        {
            out.push(inflated);
        } else {
            out.push(raw.to_vec());
        }
        at = body + end + b"endstream".len();
    }
    out
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

#[test]
fn the_atlas_of_section_ten_has_a_page_per_mapped_clause_an_index_and_an_outline() {
    let mut s = state();
    let section = s
        .plan
        .sections
        .iter()
        .find(|x| x.numeral == "十")
        .cloned()
        .expect("section 十");
    let mapped: Vec<u32> = section
        .clauses
        .iter()
        .copied()
        .filter(|n| s.data.places.iter().any(|p| p.cites(*n)))
        .collect();
    assert!(mapped.len() >= 8, "{mapped:?}");
    let atlas = build(&mut s, Paper::A4, Some("十"), Lang::ZhHans).expect("atlas");
    // Cover, the 11 cities, the clauses, then the index.
    let clauses: Vec<u32> = atlas.clause_pages.iter().map(|(n, _)| *n).collect();
    assert_eq!(clauses, mapped);
    let pages: Vec<usize> = atlas.clause_pages.iter().map(|(_, p)| *p).collect();
    assert_eq!(pages, (3..3 + mapped.len()).collect::<Vec<_>>());
    assert_eq!(atlas.index_page, 3 + mapped.len());
    assert!(atlas.pages > atlas.index_page - 1);

    let pdf = &atlas.bytes;
    assert!(pdf.starts_with(b"%PDF-"));
    let text = String::from_utf8_lossy(pdf);
    // One page object per page (`/Type /Page`, not `/Pages`).
    let page_objects = text
        .match_indices("/Type")
        .filter(|(i, _)| {
            let rest = text[i + 5..].trim_start();
            rest.starts_with("/Page") && !rest.starts_with("/Pages")
        })
        .count();
    assert_eq!(page_objects, atlas.pages);
    // A4 landscape.
    assert!(
        text.contains("/MediaBox[0 0 841.89 595.28]"),
        "A4 landscape"
    );
    // An outline (bookmarks) and links from the index.
    assert!(text.contains("/Outlines"));
    assert!(text.contains("/Annots"));

    // Real text: the content streams show glyphs with text operators, and the fonts' ToUnicode
    // maps give them back as the plan's characters (前 is U+524D, 海 U+6D77).
    let streams = streams(pdf);
    let content = streams.iter().any(|s| {
        find(s, b"BT").is_some() && (find(s, b"Tj").is_some() || find(s, b"TJ").is_some())
    });
    assert!(content, "no text operators");
    let cmap = streams.iter().any(|s| {
        let s = String::from_utf8_lossy(s);
        s.contains("begincmap") && s.contains("524D") && s.contains("6D77")
    });
    assert!(cmap, "no ToUnicode map with 前 and 海");
}

#[test]
fn a3_pages_and_a_bad_section() {
    let mut s = state();
    let atlas = build(&mut s, Paper::A3, Some("4"), Lang::En).expect("atlas of section 4");
    let text = String::from_utf8_lossy(&atlas.bytes);
    assert!(
        text.contains("/MediaBox[0 0 1190.55 841.89]"),
        "A3 landscape"
    );
    let err = build(&mut s, Paper::A4, Some("十二"), Lang::ZhHans).expect_err("no section 十二");
    assert!(err.to_string().contains("十二"), "{err}");
    // The first section (the plan's significance and aims) names no place: said, not an empty
    // atlas.
    let err = build(&mut s, Paper::A4, Some("一"), Lang::ZhHans).expect_err("no places");
    assert!(err.to_string().contains("names a place"), "{err}");
}

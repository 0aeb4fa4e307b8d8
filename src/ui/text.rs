//! Clause text with the words that name a place highlighted.

use egui::text::{LayoutJob, TextFormat};
use egui::{Color32, FontId};

/// Byte ranges of every occurrence of any of `quotes` in `text`, merged and in order.
pub fn highlight_ranges(text: &str, quotes: &[String]) -> Vec<std::ops::Range<usize>> {
    let mut ranges: Vec<std::ops::Range<usize>> = quotes
        .iter()
        .filter(|q| !q.is_empty())
        .flat_map(|q| text.match_indices(q.as_str()).map(|(i, m)| i..i + m.len()))
        .collect();
    ranges.sort_by_key(|r| (r.start, r.end));
    let mut merged: Vec<std::ops::Range<usize>> = Vec::new();
    for r in ranges {
        match merged.last_mut() {
            Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
            _ => merged.push(r),
        }
    }
    merged
}

/// A wrapped layout of `text` with `quotes` highlighted.
pub fn highlighted(
    text: &str,
    quotes: &[String],
    font: FontId,
    color: Color32,
    highlight: Color32,
    wrap_width: f32,
) -> LayoutJob {
    let mut job = LayoutJob::default();
    job.wrap.max_width = wrap_width;
    let plain = TextFormat::simple(font.clone(), color);
    let marked = TextFormat {
        background: highlight,
        color: Color32::BLACK,
        ..TextFormat::simple(font, color)
    };
    let mut at = 0;
    for r in highlight_ranges(text, quotes) {
        job.append(&text[at..r.start], 0.0, plain.clone());
        job.append(&text[r.clone()], 0.0, marked.clone());
        at = r.end;
    }
    job.append(&text[at..], 0.0, plain);
    job
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_merge_and_cover_every_occurrence() {
        let text = "香港、澳门和香港特别行政区";
        let q = vec!["香港".to_string(), "香港特别行政区".to_string()];
        let r = highlight_ranges(text, &q);
        assert_eq!(r.len(), 2);
        assert_eq!(&text[r[0].clone()], "香港");
        assert_eq!(&text[r[1].clone()], "香港特别行政区");
    }
}

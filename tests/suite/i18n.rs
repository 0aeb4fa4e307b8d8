//! Every string of the interface is in every language's table, and every key the code uses is in
//! them.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeSet;
use std::path::Path;

use gba_atlas::i18n::{Lang, keys};

/// Keys used in the code: the first string literal after `tr(` or `trf(` (the UI's calls are
/// `state.tr("key")`, `tr(lang, "key")`, `trf(lang, "key", …)`).
fn keys_in_code() -> BTreeSet<(String, String)> {
    let mut out = BTreeSet::new();
    let mut stack = vec![Path::new(env!("CARGO_MANIFEST_DIR")).join("src")];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            if path.extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            for (i, _) in text.match_indices("tr") {
                let rest = &text[i..];
                let call = if rest.starts_with("tr(") {
                    3
                } else if rest.starts_with("trf(") {
                    4
                } else {
                    continue;
                };
                // Part of a longer name (`attr(`, `str(`): not a call of ours.
                let before = text[..i].chars().next_back();
                if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
                    continue;
                }
                let args = &rest[call..];
                let end = args.find(')').unwrap_or(args.len()).min(60);
                let Some(q) = args[..end].find('"') else {
                    continue;
                };
                // The key is the first or second argument (`tr("k")`, `tr(lang, "k")`), never a
                // placeholder name inside the arguments' list (`trf(key, &[("n", …)])`).
                if args[..q].contains(['[', '&', '(']) {
                    continue;
                }
                let key = &args[q + 1..];
                let key = &key[..key.find('"').unwrap()];
                out.insert((key.to_string(), path.display().to_string()));
            }
        }
    }
    out
}

#[test]
fn every_language_has_every_string() {
    let en: BTreeSet<_> = keys(Lang::En).into_iter().collect();
    let hans: BTreeSet<_> = keys(Lang::ZhHans).into_iter().collect();
    let hant: BTreeSet<_> = keys(Lang::ZhHant).into_iter().collect();
    let missing_hans: Vec<_> = en.difference(&hans).collect();
    let missing_en: Vec<_> = hans.difference(&en).collect();
    assert!(
        missing_hans.is_empty(),
        "missing in zh-Hans.json: {missing_hans:?}"
    );
    assert!(missing_en.is_empty(), "missing in en.json: {missing_en:?}");
    assert_eq!(hans, hant, "zh-Hant is converted from zh-Hans key by key");
    for key in &en {
        for lang in Lang::ALL {
            let s = gba_atlas::i18n::tr(lang, key);
            assert!(!s.trim().is_empty(), "{key} is empty in {}", lang.tag());
        }
    }
}

#[test]
fn every_key_the_code_uses_is_in_the_tables() {
    let en: BTreeSet<_> = keys(Lang::En).into_iter().collect();
    let used = keys_in_code();
    assert!(used.len() > 3, "the scan found the calls: {used:?}");
    let unknown: Vec<_> = used
        .iter()
        .filter(|(k, _)| !en.contains(k.as_str()))
        .collect();
    assert!(unknown.is_empty(), "keys used but in no table: {unknown:?}");
}

#[test]
fn overrides_of_the_conversion_name_known_keys() {
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/i18n/zh-Hant.json"),
    )
    .unwrap();
    let overrides: std::collections::HashMap<String, String> = serde_json::from_str(&text).unwrap();
    let en: BTreeSet<_> = keys(Lang::En).into_iter().collect();
    for k in overrides.keys() {
        assert!(
            en.contains(k.as_str()),
            "zh-Hant.json overrides unknown key {k}"
        );
    }
}

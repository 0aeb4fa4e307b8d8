//! The interface in three languages: 简体中文, 繁體中文 (Hong Kong) and English.
//!
//! Every string the UI shows goes through one table, [`tr`], keyed by a short name:
//! `assets/i18n/en.json` and `assets/i18n/zh-Hans.json` hold every key (a test fails on a key
//! missing from either, or used in the code and in neither). Traditional Chinese is converted from
//! the Simplified strings with OpenCC's Hong Kong variant (`ferrous-opencc`), not a hand table;
//! `assets/i18n/zh-Hant.json` may override a conversion. Place names follow the same rule, with a
//! place's own `name_zh_hant` winning over the conversion (official names in Hong Kong and Macao).

use std::collections::HashMap;
use std::sync::LazyLock;

use ferrous_opencc::OpenCC;
use ferrous_opencc::config::BuiltinConfig;
use serde::{Deserialize, Serialize};

/// A language of the interface and the map's labels.
/// The default (a view that names none) is English; the app starts in the system's language
/// the first time ([`Lang::system`]) and remembers the user's choice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum Lang {
    #[serde(rename = "zh-Hans")]
    ZhHans,
    #[serde(rename = "zh-Hant")]
    ZhHant,
    #[default]
    #[serde(rename = "en")]
    En,
}

impl Lang {
    pub const ALL: [Lang; 3] = [Lang::ZhHans, Lang::ZhHant, Lang::En];

    /// The BCP 47 tag (`zh-Hans`, `zh-Hant`, `en`), as the command line and files write it.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::ZhHans => "zh-Hans",
            Lang::ZhHant => "zh-Hant",
            Lang::En => "en",
        }
    }

    pub fn parse(tag: &str) -> Option<Lang> {
        Lang::ALL
            .into_iter()
            .find(|l| l.tag().eq_ignore_ascii_case(tag))
    }

    /// The language's name in itself, for the switcher.
    pub fn native_name(self) -> &'static str {
        match self {
            Lang::ZhHans => "简体中文",
            Lang::ZhHant => "繁體中文",
            Lang::En => "English",
        }
    }

    /// The language of a POSIX locale name (`zh_CN.UTF-8`, `zh_HK`, `en_GB`): Traditional for
    /// Hong Kong, Macao and Taiwan, Simplified for other Chinese, else English.
    pub fn from_locale(locale: &str) -> Lang {
        let l = locale.to_ascii_lowercase().replace('-', "_");
        if !l.starts_with("zh") {
            Lang::En
        } else if ["zh_hk", "zh_mo", "zh_tw", "zh_hant"]
            .iter()
            .any(|p| l.starts_with(p))
        {
            Lang::ZhHant
        } else {
            Lang::ZhHans
        }
    }

    /// The system's language (`LC_ALL`, `LC_MESSAGES`, `LANG`), for a first start.
    pub fn system() -> Lang {
        ["LC_ALL", "LC_MESSAGES", "LANG"]
            .iter()
            .filter_map(|v| std::env::var(v).ok())
            .find(|v| !v.is_empty())
            .map(|v| Lang::from_locale(&v))
            .unwrap_or(Lang::En)
    }

    /// Whether names are shown in Chinese first.
    pub fn is_chinese(self) -> bool {
        self != Lang::En
    }
}

type Table = HashMap<String, String>;

fn parse_table(name: &str, text: &str) -> Table {
    match serde_json::from_str::<Table>(text) {
        Ok(t) => t,
        Err(e) => {
            // The tables are bundled and tested; a broken one shows keys rather than crashing.
            log::error!("assets/i18n/{name}: {e}");
            Table::new()
        }
    }
}

pub(crate) const EN_JSON: &str = include_str!("../../assets/i18n/en.json");
pub(crate) const ZH_HANS_JSON: &str = include_str!("../../assets/i18n/zh-Hans.json");
pub(crate) const ZH_HANT_JSON: &str = include_str!("../../assets/i18n/zh-Hant.json");

static EN: LazyLock<Table> = LazyLock::new(|| parse_table("en.json", EN_JSON));
static ZH_HANS: LazyLock<Table> = LazyLock::new(|| parse_table("zh-Hans.json", ZH_HANS_JSON));
/// Simplified strings converted once, with the overrides of `zh-Hant.json` on top.
static ZH_HANT: LazyLock<Table> = LazyLock::new(|| {
    let overrides = parse_table("zh-Hant.json", ZH_HANT_JSON);
    ZH_HANS
        .iter()
        .map(|(k, v)| {
            let text = overrides.get(k).cloned().unwrap_or_else(|| to_hant(v));
            (k.clone(), text)
        })
        .collect()
});

static OPENCC: LazyLock<Option<OpenCC>> = LazyLock::new(|| {
    OpenCC::from_config(BuiltinConfig::S2hk)
        .map_err(|e| log::error!("OpenCC (s2hk): {e}"))
        .ok()
});

/// Simplified Chinese to Traditional Chinese as written in Hong Kong (OpenCC `s2hk`).
pub fn to_hant(text: &str) -> String {
    match OPENCC.as_ref() {
        Some(cc) => cc.convert(text),
        None => text.to_string(),
    }
}

static HANT_CACHE: LazyLock<std::sync::Mutex<HashMap<String, std::sync::Arc<str>>>> =
    LazyLock::new(Default::default);

/// [`to_hant`], converted once per text and kept: for what the UI shows every frame (captions,
/// clause texts, names).
pub fn to_hant_cached(text: &str) -> std::sync::Arc<str> {
    let Ok(mut cache) = HANT_CACHE.lock() else {
        return to_hant(text).into();
    };
    if let Some(hit) = cache.get(text) {
        return hit.clone();
    }
    let converted: std::sync::Arc<str> = to_hant(text).into();
    cache.insert(text.to_string(), converted.clone());
    converted
}

fn table(lang: Lang) -> &'static Table {
    match lang {
        Lang::ZhHans => &ZH_HANS,
        Lang::ZhHant => &ZH_HANT,
        Lang::En => &EN,
    }
}

/// A count with thousands grouped: 1,000,000.
pub fn grouped(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// The string `key` in `lang`; English if the language lacks it, the key itself if no table has
/// it (tests keep both from happening).
pub fn tr(lang: Lang, key: &'static str) -> &'static str {
    table(lang)
        .get(key)
        .or_else(|| EN.get(key))
        .map(String::as_str)
        .unwrap_or(key)
}

/// [`tr`] with `{name}` placeholders filled in.
pub fn trf(lang: Lang, key: &'static str, args: &[(&str, &dyn std::fmt::Display)]) -> String {
    let mut s = tr(lang, key).to_string();
    for (name, value) in args {
        s = s.replace(&format!("{{{name}}}"), &value.to_string());
    }
    s
}

/// The keys of a bundled table (for tests).
pub fn keys(lang: Lang) -> Vec<&'static str> {
    let mut k: Vec<&'static str> = table(lang).keys().map(String::as_str).collect();
    k.sort_unstable();
    k
}

#[cfg(test)]
mod tests {
    #[test]
    fn counts_are_grouped_by_thousands() {
        assert_eq!(super::grouped(0), "0");
        assert_eq!(super::grouped(999), "999");
        assert_eq!(super::grouped(1000), "1,000");
        assert_eq!(super::grouped(131_072), "131,072");
        assert_eq!(super::grouped(1_000_000), "1,000,000");
    }

    use super::*;

    #[test]
    fn traditional_is_converted_with_the_hong_kong_variant() {
        assert_eq!(to_hant("澳门"), "澳門");
        assert_eq!(to_hant("广州知识产权法院"), "廣州知識產權法院");
        assert_eq!(
            tr(Lang::ZhHant, "tab.layers"),
            to_hant(tr(Lang::ZhHans, "tab.layers"))
        );
        assert_ne!(
            tr(Lang::ZhHant, "tab.layers"),
            tr(Lang::ZhHans, "tab.layers")
        );
    }

    #[test]
    fn tags_round_trip() {
        for l in Lang::ALL {
            assert_eq!(Lang::parse(l.tag()), Some(l));
            let json = serde_json::to_string(&l).unwrap();
            assert_eq!(json, format!("\"{}\"", l.tag()));
        }
        assert_eq!(Lang::parse("fr"), None);
        assert_eq!(Lang::from_locale("zh_CN.UTF-8"), Lang::ZhHans);
        assert_eq!(Lang::from_locale("zh_HK.UTF-8"), Lang::ZhHant);
        assert_eq!(Lang::from_locale("C.UTF-8"), Lang::En);
    }

    #[test]
    fn placeholders_are_filled() {
        let s = trf(
            Lang::En,
            "coverage.clauses",
            &[("mapped", &56), ("total", &66)],
        );
        assert!(s.contains("56") && s.contains("66"), "{s}");
    }
}

//! Chinese numerals as the plan writes its section and clause numbers (一 … 六十六).

const DIGITS: [char; 10] = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/// Writes `n` (1..=99) as a Chinese numeral: 5 → 五, 10 → 十, 16 → 十六, 49 → 四十九.
pub fn to_chinese(n: u32) -> String {
    let tens = n / 10;
    let ones = (n % 10) as usize;
    let mut s = String::new();
    match tens {
        0 => {}
        1 => s.push('十'),
        t => {
            s.push(DIGITS[t as usize % 10]);
            s.push('十');
        }
    }
    if ones != 0 || tens == 0 {
        s.push(DIGITS[ones]);
    }
    s
}

/// Reads a Chinese numeral from 1 to 99 (一, 十, 十六, 二十, 六十六). Returns `None` for anything else.
pub fn from_chinese(s: &str) -> Option<u32> {
    let digit = |c: char| DIGITS.iter().position(|&d| d == c).map(|p| p as u32);
    let chars: Vec<char> = s.chars().collect();
    let value = match chars.as_slice() {
        [a] if *a != '十' => digit(*a)?,
        ['十'] => 10,
        ['十', b] => 10 + digit(*b)?,
        [a, '十'] => digit(*a)? * 10,
        [a, '十', b] => digit(*a)? * 10 + digit(*b)?,
        _ => return None,
    };
    // A well-formed numeral writes itself back identically (rules out 一十, 二十零, 零 …).
    (value > 0 && to_chinese(value) == s).then_some(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_every_clause_number() {
        for n in 1..=99 {
            assert_eq!(from_chinese(&to_chinese(n)), Some(n), "{n}");
        }
    }

    #[test]
    fn known_numerals() {
        assert_eq!(to_chinese(1), "一");
        assert_eq!(to_chinese(10), "十");
        assert_eq!(to_chinese(11), "十一");
        assert_eq!(to_chinese(20), "二十");
        assert_eq!(to_chinese(49), "四十九");
        assert_eq!(to_chinese(66), "六十六");
        assert_eq!(from_chinese("四十九"), Some(49));
    }

    #[test]
    fn rejects_malformed() {
        for s in ["", "零", "一十", "十十", "二十零", "五五", "abc", "百"] {
            assert_eq!(from_chinese(s), None, "{s}");
        }
    }
}

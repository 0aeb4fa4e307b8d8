//! The plan document: its title, preamble, 11 sections and 66 numbered clauses.
//!
//! The source text (`data/plan/plan.txt`) is kept verbatim. [`Plan::parse`] reads its structure and
//! applies a fixed set of corrections, each by a stated [`Rule`]; every correction it makes is kept in
//! [`Plan::errata`] and listed in `data/plan/ERRATA.md` (a test keeps the two identical).

mod numeral;

pub use numeral::{from_chinese, to_chinese};

use std::fmt::Write as _;

/// The plan's text as shipped in `data/plan/plan.txt`, compiled into the binary so the app never
/// depends on a working directory to show it.
pub const BUNDLED_TEXT: &str = include_str!("../../data/plan/plan.txt");

/// Number of sections and clauses the plan has.
pub const SECTION_COUNT: u32 = 11;
pub const CLAUSE_COUNT: u32 = 66;

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum PlanError {
    #[error("plan text is empty: no title line")]
    NoTitle,
    #[error("line {line}: section {found} found where section {expected} was expected")]
    SectionOutOfOrder {
        line: usize,
        found: u32,
        expected: u32,
    },
    #[error("line {line}: clause ({found}) found where clause ({expected}) was expected")]
    ClauseOutOfOrder {
        line: usize,
        found: u32,
        expected: u32,
    },
    #[error("line {line}: clause ({number}) comes before any section heading")]
    ClauseOutsideSection { line: usize, number: u32 },
    #[error("found {sections} sections and {clauses} clauses; the plan has 11 and 66")]
    Incomplete { sections: usize, clauses: usize },
    #[error("clause ({number}) has no text")]
    EmptyClause { number: u32 },
}

/// A rule by which the parser corrects the source text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Rule {
    /// A paragraph split by a page break: a line that does not end a paragraph (no `。！？；：`
    /// at its end, not a heading) is joined to the next line with nothing inserted.
    Rejoin,
    /// A clause marker written half-width, `(十六)`, or followed by a space, is read as `（十六）`.
    Marker,
    /// An English ` and ` between Chinese words is the conjunction `和`.
    And,
    /// A half-width `,` in Chinese text (not between two digits) is `，`.
    Comma,
    /// Half-width parentheses `(` `)` in Chinese text are `（` `）`.
    Paren,
    /// Typesetting markup for a subscript, `_{2.5}`, is the plain text `2.5`.
    Markup,
    /// A space between two Chinese characters or punctuation marks is removed.
    Space,
}

impl Rule {
    pub const ALL: [Rule; 7] = [
        Rule::Rejoin,
        Rule::Marker,
        Rule::And,
        Rule::Comma,
        Rule::Paren,
        Rule::Markup,
        Rule::Space,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Rule::Rejoin => "rejoin",
            Rule::Marker => "marker",
            Rule::And => "and",
            Rule::Comma => "comma",
            Rule::Paren => "paren",
            Rule::Markup => "markup",
            Rule::Space => "space",
        }
    }

    pub fn description(self) -> &'static str {
        match self {
            Rule::Rejoin => {
                "A paragraph split by a page break (a line that does not end with 。！？；： and is not a heading, followed by a blank line) is rejoined with nothing inserted."
            }
            Rule::Marker => {
                "A clause marker written half-width `(十六)` or followed by a space is read as `（十六）`."
            }
            Rule::And => "An English ` and ` between Chinese words is the conjunction `和`.",
            Rule::Comma => {
                "A half-width `,` in Chinese text (not between two digits) becomes `，`."
            }
            Rule::Paren => "Half-width parentheses `(` `)` in Chinese text become `（` `）`.",
            Rule::Markup => {
                "Subscript typesetting markup `_{2.5}` becomes plain `2.5` (PM_{2.5} → PM2.5)."
            }
            Rule::Space => {
                "A space between two Chinese characters or Chinese punctuation marks is removed."
            }
        }
    }
}

/// One correction the parser made to the source text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Correction {
    pub rule: Rule,
    /// 1-based line of `plan.txt` where the corrected text is.
    pub line: usize,
    /// A few characters around the place, before and after the correction (`¶` marks a line break).
    pub before: String,
    pub after: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    /// 1..=11
    pub number: u32,
    /// 一 … 十一
    pub numeral: String,
    pub title: String,
    /// Paragraphs between the heading and the section's first clause.
    pub intro: Vec<String>,
    /// Numbers of the clauses in this section, in order.
    pub clauses: Vec<u32>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Clause {
    /// 1..=66
    pub number: u32,
    /// 一 … 六十六
    pub numeral: String,
    /// Number of the section the clause belongs to.
    pub section: u32,
    /// The title sentence without its final `。` (clause 5: 发挥极点带动作用).
    pub title: String,
    /// The clause's paragraphs, corrected. For clauses whose title stands on its own line
    /// (clauses 1–4) the title is not repeated here; otherwise the first paragraph starts with it.
    pub paragraphs: Vec<String>,
    /// 1-based line of the clause's marker in `plan.txt`.
    pub line: usize,
}

impl Clause {
    /// The clause's whole text as the app shows it: the title sentence and every paragraph, one per
    /// line. Quotes in the data files are searched for in this text.
    pub fn text(&self) -> String {
        let body = self.paragraphs.join("\n");
        if self
            .paragraphs
            .first()
            .is_some_and(|p| p.starts_with(&self.title))
        {
            body
        } else if body.is_empty() {
            self.title.clone()
        } else {
            format!("{}\n{}", self.title, body)
        }
    }

    /// The marker as the plan writes it, full-width: `（四十九）`.
    pub fn marker(&self) -> String {
        format!("（{}）", self.numeral)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    pub title: String,
    pub preamble: Vec<String>,
    pub sections: Vec<Section>,
    pub clauses: Vec<Clause>,
    pub errata: Vec<Correction>,
}

/// Characters that end a paragraph when they end a line.
const PARAGRAPH_END: [char; 5] = ['。', '！', '？', '；', '：'];

/// A line of the source after marker and heading recognition.
enum LineKind {
    Section { number: u32, title: String },
    Clause { number: u32, rest: String },
    Text(String),
}

impl Plan {
    /// The plan shipped with the app.
    pub fn bundled() -> Result<Plan, PlanError> {
        Plan::parse(BUNDLED_TEXT)
    }

    pub fn clause(&self, number: u32) -> Option<&Clause> {
        number
            .checked_sub(1)
            .and_then(|i| self.clauses.get(i as usize))
            .filter(|c| c.number == number)
    }

    pub fn section(&self, number: u32) -> Option<&Section> {
        number
            .checked_sub(1)
            .and_then(|i| self.sections.get(i as usize))
    }

    /// Parses the plan text: structure first (title, sections, clause markers), then paragraphs,
    /// applying the corrections described by [`Rule`].
    pub fn parse(text: &str) -> Result<Plan, PlanError> {
        let mut errata = Vec::new();
        let mut title: Option<String> = None;
        let mut preamble: Vec<String> = Vec::new();
        let mut sections: Vec<Section> = Vec::new();
        let mut clauses: Vec<Clause> = Vec::new();

        // Paragraph being built, with the line its last piece came from.
        let mut open: Option<(String, usize)> = None;
        let mut saw_blank = false;

        for (index, raw) in text.lines().enumerate() {
            let line_no = index + 1;
            let raw = raw.trim_end_matches('\r');
            if raw.trim().is_empty() {
                saw_blank = true;
                continue;
            }
            let blank_before = std::mem::take(&mut saw_blank);
            if title.is_none() {
                title = Some(correct_line(raw.trim(), line_no, &mut errata));
                continue;
            }
            let kind = classify(
                raw,
                line_no,
                sections.len() as u32 + 1,
                clauses.len() as u32 + 1,
                &mut errata,
            );
            match kind {
                LineKind::Text(text) => {
                    let text = correct_line(&text, line_no, &mut errata);
                    match open.take() {
                        Some((mut para, prev_line)) if !ends_paragraph(&para) => {
                            let before = format!(
                                "{}¶{}{}",
                                tail(&para, 8),
                                if blank_before { "¶" } else { "" },
                                head(&text, 8)
                            );
                            let after = format!("{}{}", tail(&para, 8), head(&text, 8));
                            errata.push(Correction {
                                rule: Rule::Rejoin,
                                line: prev_line,
                                before,
                                after,
                            });
                            para.push_str(&text);
                            open = Some((para, line_no));
                        }
                        Some((para, _)) => {
                            push_paragraph(para, &mut preamble, &mut sections, &mut clauses)?;
                            open = Some((text, line_no));
                        }
                        None => open = Some((text, line_no)),
                    }
                }
                LineKind::Section { number, title } => {
                    if let Some((para, _)) = open.take() {
                        push_paragraph(para, &mut preamble, &mut sections, &mut clauses)?;
                    }
                    let expected = sections.len() as u32 + 1;
                    if number != expected {
                        return Err(PlanError::SectionOutOfOrder {
                            line: line_no,
                            found: number,
                            expected,
                        });
                    }
                    sections.push(Section {
                        number,
                        numeral: to_chinese(number),
                        title: correct_line(&title, line_no, &mut errata),
                        intro: Vec::new(),
                        clauses: Vec::new(),
                    });
                }
                LineKind::Clause { number, rest } => {
                    if let Some((para, _)) = open.take() {
                        push_paragraph(para, &mut preamble, &mut sections, &mut clauses)?;
                    }
                    let expected = clauses.len() as u32 + 1;
                    if number != expected {
                        return Err(PlanError::ClauseOutOfOrder {
                            line: line_no,
                            found: number,
                            expected,
                        });
                    }
                    let Some(section) = sections.last_mut() else {
                        return Err(PlanError::ClauseOutsideSection {
                            line: line_no,
                            number,
                        });
                    };
                    section.clauses.push(number);
                    let rest = correct_line(&rest, line_no, &mut errata);
                    let (clause_title, first) = match rest.find('。') {
                        Some(end) => (rest[..end].to_string(), Some(rest.clone())),
                        // A heading on its own line (clauses 1–4): the body follows.
                        None => (rest.clone(), None),
                    };
                    clauses.push(Clause {
                        number,
                        numeral: to_chinese(number),
                        section: section.number,
                        title: clause_title,
                        paragraphs: Vec::new(),
                        line: line_no,
                    });
                    if let Some(first) = first {
                        open = Some((first, line_no));
                    }
                }
            }
        }
        if let Some((para, _)) = open.take() {
            push_paragraph(para, &mut preamble, &mut sections, &mut clauses)?;
        }

        let title = title.ok_or(PlanError::NoTitle)?;
        if sections.len() != SECTION_COUNT as usize || clauses.len() != CLAUSE_COUNT as usize {
            return Err(PlanError::Incomplete {
                sections: sections.len(),
                clauses: clauses.len(),
            });
        }
        if let Some(c) = clauses.iter().find(|c| c.text().trim().is_empty()) {
            return Err(PlanError::EmptyClause { number: c.number });
        }
        errata.sort_by_key(|c| (c.line, c.rule));
        Ok(Plan {
            title,
            preamble,
            sections,
            clauses,
            errata,
        })
    }

    /// `ERRATA.md`: the rules and every correction made under them.
    pub fn errata_markdown(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(
            out,
            "# Errata: corrections gba-atlas makes to the plan's text\n"
        );
        let _ = writeln!(
            out,
            "`plan.txt` is kept verbatim; the parser (`src/plan/mod.rs`) applies these rules when it loads it.\n\
             This file is generated by `cargo run --release -- plan --errata` and a test checks it matches the parser.\n"
        );
        let _ = writeln!(out, "| rule | count | what |\n|---|---|---|");
        for rule in Rule::ALL {
            let count = self.errata.iter().filter(|c| c.rule == rule).count();
            let _ = writeln!(
                out,
                "| {} | {} | {} |",
                rule.name(),
                count,
                rule.description()
            );
        }
        let _ = writeln!(
            out,
            "\nEvery correction (line in `plan.txt`; `¶` marks a line break in the source):\n"
        );
        let _ = writeln!(
            out,
            "| line | rule | source | corrected |\n|---|---|---|---|"
        );
        for c in &self.errata {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} |",
                c.line,
                c.rule.name(),
                md_cell(&c.before),
                md_cell(&c.after)
            );
        }
        out
    }
}

fn md_cell(s: &str) -> String {
    format!("`{}`", s.replace('|', "\\|"))
}

fn push_paragraph(
    para: String,
    preamble: &mut Vec<String>,
    sections: &mut [Section],
    clauses: &mut [Clause],
) -> Result<(), PlanError> {
    let current_section = sections.last_mut();
    let current_clause = clauses.last_mut();
    match (current_section, current_clause) {
        (None, _) => preamble.push(para),
        // A clause belongs to the latest section; text after a section heading but before that
        // section's first clause is the section's introduction.
        (Some(section), Some(clause)) if clause.section == section.number => {
            clause.paragraphs.push(para)
        }
        (Some(section), _) => section.intro.push(para),
    }
    Ok(())
}

fn ends_paragraph(para: &str) -> bool {
    para.chars()
        .last()
        .is_some_and(|c| PARAGRAPH_END.contains(&c))
}

fn classify(
    raw: &str,
    line_no: usize,
    next_section: u32,
    next_clause: u32,
    errata: &mut Vec<Correction>,
) -> LineKind {
    let line = raw.trim();
    // Section heading: 十、共建粤港澳合作发展平台 (the next section's numeral, no sentence end).
    if let Some((num, rest)) = line.split_once('、')
        && let Some(n) = from_chinese(num)
        && n == next_section
        && !rest.contains('。')
        && !rest.is_empty()
    {
        return LineKind::Section {
            number: n,
            title: rest.trim().to_string(),
        };
    }
    // Clause marker: （十二） or (十六) with or without a following space.
    let mut chars = line.char_indices();
    if let Some((_, open @ ('（' | '('))) = chars.next() {
        let close_at = line.find([')', '）']);
        if let Some(close_at) = close_at {
            let inner = &line[open.len_utf8()..close_at];
            if let Some(n) = from_chinese(inner) {
                // A later number than expected is a clause out of order (the parser then
                // reports it); an earlier one is a list item inside the text.
                if n >= next_clause {
                    let close = line[close_at..].chars().next().unwrap_or('）');
                    let after_marker = &line[close_at + close.len_utf8()..];
                    let rest = after_marker.trim_start();
                    if open == '(' || close == ')' || rest.len() != after_marker.len() {
                        errata.push(Correction {
                            rule: Rule::Marker,
                            line: line_no,
                            before: format!("{}{}", &line[..close_at + close.len_utf8()], {
                                let spaces = &after_marker[..after_marker.len() - rest.len()];
                                format!("{spaces}{}", head(rest, 6))
                            }),
                            after: format!("（{inner}）{}", head(rest, 6)),
                        });
                    }
                    return LineKind::Clause {
                        number: n,
                        rest: rest.to_string(),
                    };
                }
            }
        }
    }
    LineKind::Text(line.to_string())
}

fn is_cjk(c: char) -> bool {
    !c.is_ascii() && !c.is_whitespace()
}

/// Applies the in-line rules ([`Rule::Markup`], [`Rule::And`], [`Rule::Comma`], [`Rule::Paren`],
/// [`Rule::Space`]) to one line, recording each correction.
fn correct_line(line: &str, line_no: usize, errata: &mut Vec<Correction>) -> String {
    let chars: Vec<char> = line.chars().collect();
    let mut out = String::with_capacity(line.len());
    let mut i = 0;
    let context = |from: usize, to: usize| -> (String, String) {
        let start = from.saturating_sub(6);
        let end = (to + 6).min(chars.len());
        (
            chars[start..from].iter().collect(),
            chars[to..end].iter().collect(),
        )
    };
    let mut record = |rule: Rule, from: usize, to: usize, replacement: &str| {
        let (pre, post) = context(from, to);
        let original: String = chars[from..to].iter().collect();
        errata.push(Correction {
            rule,
            line: line_no,
            before: format!("{pre}{original}{post}"),
            after: format!("{pre}{replacement}{post}"),
        });
    };
    while i < chars.len() {
        let c = chars[i];
        let prev = if i > 0 { Some(chars[i - 1]) } else { None };
        // Markup: _{...}
        if c == '_'
            && chars.get(i + 1) == Some(&'{')
            && let Some(close) = chars[i + 2..].iter().position(|&c| c == '}')
        {
            let inner: String = chars[i + 2..i + 2 + close].iter().collect();
            record(Rule::Markup, i, i + 3 + close, &inner);
            out.push_str(&inner);
            i += 3 + close;
            continue;
        }
        // " and " between Chinese words.
        if c == ' ' && chars[i..].starts_with(&[' ', 'a', 'n', 'd', ' ']) {
            let before_ok = prev.is_some_and(is_cjk);
            let after_ok = chars.get(i + 5).copied().is_some_and(is_cjk);
            if before_ok && after_ok {
                record(Rule::And, i, i + 5, "和");
                out.push('和');
                i += 5;
                continue;
            }
        }
        match c {
            ',' => {
                let between_digits = prev.is_some_and(|p| p.is_ascii_digit())
                    && chars.get(i + 1).is_some_and(|n| n.is_ascii_digit());
                if !between_digits {
                    record(Rule::Comma, i, i + 1, "，");
                    out.push('，');
                    i += 1;
                    continue;
                }
            }
            '(' | ')' => {
                let full = if c == '(' { "（" } else { "）" };
                record(Rule::Paren, i, i + 1, full);
                out.push_str(full);
                i += 1;
                continue;
            }
            ' ' => {
                let next = chars[i..].iter().position(|&c| c != ' ').map(|p| i + p);
                if let Some(next) = next {
                    let after = chars[next];
                    if prev.is_some_and(is_cjk) && is_cjk(after) {
                        record(Rule::Space, i, next, "");
                        i = next;
                        continue;
                    }
                }
            }
            _ => {}
        }
        out.push(c);
        i += 1;
    }
    out
}

fn head(s: &str, n: usize) -> String {
    s.chars().take(n).collect()
}

fn tail(s: &str, n: usize) -> String {
    let count = s.chars().count();
    s.chars().skip(count.saturating_sub(n)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan() -> Plan {
        Plan::bundled().expect("bundled plan parses")
    }

    #[test]
    fn eleven_sections_sixty_six_clauses_in_order() {
        let p = plan();
        assert_eq!(p.sections.len(), 11);
        assert_eq!(p.clauses.len(), 66);
        for (i, c) in p.clauses.iter().enumerate() {
            assert_eq!(c.number, i as u32 + 1);
            assert_eq!(c.numeral, to_chinese(c.number));
        }
        let all: Vec<u32> = p.sections.iter().flat_map(|s| s.clauses.clone()).collect();
        assert_eq!(all, (1..=66).collect::<Vec<_>>());
    }

    #[test]
    fn clauses_sit_in_their_sections() {
        let p = plan();
        let section_of = |n: u32| p.clause(n).map(|c| c.section);
        // Section 一 holds 1–4, 二 starts with 5, 十 is 49–60, 十一 is 61–66.
        assert_eq!(section_of(1), Some(1));
        assert_eq!(section_of(4), Some(1));
        assert_eq!(section_of(5), Some(2));
        for n in 49..=60 {
            assert_eq!(section_of(n), Some(10), "clause {n}");
        }
        assert_eq!(section_of(48), Some(9));
        assert_eq!(section_of(61), Some(11));
        assert_eq!(section_of(66), Some(11));
        assert_eq!(p.sections[9].title, "共建粤港澳合作发展平台");
        assert_eq!(p.sections[10].title, "保障措施");
    }

    #[test]
    fn titles() {
        let p = plan();
        let title = |n: u32| p.clause(n).map(|c| c.title.clone()).unwrap_or_default();
        assert_eq!(title(1), "重大意义");
        assert_eq!(title(4), "发展目标");
        assert_eq!(title(5), "发挥极点带动作用");
        assert_eq!(title(16), "打造高水平科技创新载体和平台");
        assert_eq!(title(49), "优化提升深圳前海深港现代服务业合作区功能");
        assert_eq!(title(66), "鼓励社会参与");
        assert_eq!(
            p.title,
            "广东省委、省政府印发关于贯彻落实《粤港澳大湾区发展规划纲要》的实施意见"
        );
        assert!(p.preamble[0].starts_with("为深入学习贯彻"));
    }

    #[test]
    fn no_paragraph_broken_mid_sentence() {
        let p = plan();
        let all = p
            .preamble
            .iter()
            .chain(p.sections.iter().flat_map(|s| s.intro.iter()))
            .chain(p.clauses.iter().flat_map(|c| c.paragraphs.iter()));
        for para in all {
            assert!(
                ends_paragraph(para),
                "paragraph ends mid-sentence: …{}",
                tail(para, 20)
            );
        }
        // The page break in clause 1.
        assert!(
            p.clause(1)
                .is_some_and(|c| c.text().contains("东西双向互济"))
        );
    }

    #[test]
    fn corrections_by_rule() {
        let p = plan();
        let count = |r: Rule| p.errata.iter().filter(|c| c.rule == r).count();
        // The team's notes count 43; there are 44: clause 42's first paragraph is split twice
        // (lines 207, 209, 211 of plan.txt).
        assert_eq!(count(Rule::Rejoin), 44);
        assert_eq!(count(Rule::And), 5);
        assert_eq!(count(Rule::Markup), 1);
        assert_eq!(count(Rule::Comma), 64);
        let text: String = p.clauses.iter().map(|c| c.text()).collect();
        assert!(!text.contains(" and "));
        assert!(!text.contains(','));
        assert!(!text.contains('('));
        assert!(text.contains("PM2.5"));
        assert!(text.contains("重要科研机构和重大创新平台"));
    }

    #[test]
    fn errata_file_matches_parser() {
        let committed = include_str!("../../data/plan/ERRATA.md");
        assert_eq!(
            committed,
            plan().errata_markdown(),
            "data/plan/ERRATA.md is stale: run `cargo run --release -- plan --errata > data/plan/ERRATA.md`"
        );
    }

    #[test]
    fn rejects_out_of_order_clause() {
        let text = "标题\n\n一、总则\n\n（一）甲。文。\n\n（三）乙。文。\n";
        assert_eq!(
            Plan::parse(text),
            Err(PlanError::ClauseOutOfOrder {
                line: 7,
                found: 3,
                expected: 2
            })
        );
    }

    #[test]
    fn rejects_incomplete_text() {
        let text = "标题\n\n一、总则\n\n（一）甲。文。\n";
        assert_eq!(
            Plan::parse(text),
            Err(PlanError::Incomplete {
                sections: 1,
                clauses: 1
            })
        );
        assert_eq!(Plan::parse("\n\n"), Err(PlanError::NoTitle));
    }

    #[test]
    fn in_line_rules() {
        let mut errata = Vec::new();
        let out = correct_line(
            "甲 and 乙,1,000 个(丙)PM_{2.5}落实 《纲要》",
            1,
            &mut errata,
        );
        assert_eq!(out, "甲和乙，1,000 个（丙）PM2.5落实《纲要》");
        let rules: Vec<Rule> = errata.iter().map(|c| c.rule).collect();
        assert_eq!(
            rules,
            vec![
                Rule::And,
                Rule::Comma,
                Rule::Paren,
                Rule::Paren,
                Rule::Markup,
                Rule::Space
            ]
        );
    }
}

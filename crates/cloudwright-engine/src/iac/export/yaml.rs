//! A small YAML writer for CloudFormation templates: block style, CloudFormation's short
//! intrinsic tags (`!Ref`, `!GetAtt`, `!Sub`, `!Select`, `!GetAZs`) in flow style, and
//! comment lines. Writing is simple and exact, so no YAML library is pulled in for it (the
//! parser, saphyr, reads the result back in the round-trip tests).

/// A YAML value to write.
#[derive(Clone, Debug, PartialEq)]
pub enum Y {
    Str(String),
    Num(f64),
    Bool(bool),
    List(Vec<Y>),
    /// Entries in order. A key starting with `#` writes its value's text as a comment line.
    Map(Vec<(String, Y)>),
    /// `!Tag argument`, e.g. `Tag("Ref", Str("Vpc"))`.
    Tag(&'static str, Box<Y>),
}

pub fn s(x: impl Into<String>) -> Y {
    Y::Str(x.into())
}
pub fn r(id: &str) -> Y {
    Y::Tag("Ref", Box::new(s(id)))
}
pub fn att(id: &str, a: &str) -> Y {
    Y::Tag("GetAtt", Box::new(s(format!("{id}.{a}"))))
}
pub fn sub(x: impl Into<String>) -> Y {
    Y::Tag("Sub", Box::new(s(x)))
}
pub fn map(pairs: Vec<(&str, Y)>) -> Y {
    Y::Map(pairs.into_iter().map(|(k, v)| (k.to_string(), v)).collect())
}
pub fn comment(text: impl Into<String>) -> (String, Y) {
    ("#".to_string(), s(text))
}

/// Writes a document.
pub fn write(v: &Y) -> String {
    let mut out = String::new();
    block(v, 0, &mut out);
    out
}

/// Whether a character may stand as itself in a plain or single-quoted scalar: what every
/// YAML reader (PyYAML's 1.1 set, which cfn-lint and the AWS CLI use, and 1.2) allows, and
/// not a line break to any of them (CR, NEL, U+2028, U+2029 are breaks in YAML 1.1), nor a
/// byte order mark (refused inside a document).
fn as_itself(c: char) -> bool {
    matches!(c, '\u{20}'..='\u{7e}' | '\u{a0}'..='\u{2027}' | '\u{202a}'..='\u{d7ff}' | '\u{e000}'..='\u{fefe}' | '\u{ff00}'..='\u{fffd}' | '\u{10000}'..='\u{10ffff}')
}

/// A double-quoted scalar: `\\` and `"` escaped, and every character that cannot stand as
/// itself written as a YAML escape (`\n`, `\x0b`, `\u2028`, `\uFFFE`…), so any text
/// reads back exactly.
fn double_quoted(t: &str) -> String {
    let mut out = String::from("\"");
    for c in t.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if as_itself(c) => out.push(c),
            c if (c as u32) < 0x100 => out.push_str(&format!("\\x{:02x}", c as u32)),
            c if (c as u32) < 0x10000 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push_str(&format!("\\U{:08x}", c as u32)),
        }
    }
    out.push('"');
    out
}

fn plain_ok(t: &str) -> bool {
    if t.is_empty() || t.trim() != t || !t.chars().all(as_itself) {
        return false;
    }
    let lower = t.to_ascii_lowercase();
    if matches!(lower.as_str(), "true" | "false" | "yes" | "no" | "on" | "off" | "null" | "~" | "y" | "n") || t.parse::<f64>().is_ok() {
        return false;
    }
    // Dates and times (2010-09-09) would read back as timestamps in YAML 1.1 readers.
    if t.chars().all(|c| c.is_ascii_digit() || "-:.TZ ".contains(c)) {
        return false;
    }
    let first = t.chars().next().unwrap_or(' ');
    if "-?:,[]{}#&*!|>'\"%@`".contains(first) {
        return false;
    }
    !(t.contains(": ") || t.contains(" #") || t.ends_with(':') || t.contains('\n') || t.contains('\t'))
}

fn scalar(t: &str) -> String {
    if plain_ok(t) { t.to_string() } else if !t.chars().all(as_itself) { double_quoted(t) } else { format!("'{}'", t.replace('\'', "''")) }
}

fn num(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 { format!("{}", n as i64) } else { format!("{n}") }
}

/// Flow style (inside a tag's argument).
fn flow(v: &Y) -> String {
    match v {
        Y::Str(t) => {
            // Flow context: commas and brackets need quotes too.
            if plain_ok(t) && !t.contains([',', '[', ']', '{', '}']) {
                t.clone()
            } else if !t.chars().all(as_itself) {
                double_quoted(t)
            } else {
                format!("'{}'", t.replace('\'', "''"))
            }
        }
        Y::Num(n) => num(*n),
        Y::Bool(b) => b.to_string(),
        Y::List(l) => format!("[{}]", l.iter().map(flow).collect::<Vec<_>>().join(", ")),
        Y::Map(m) => format!("{{{}}}", m.iter().filter(|(k, _)| !k.starts_with('#')).map(|(k, v)| format!("{}: {}", scalar(k), flow(v))).collect::<Vec<_>>().join(", ")),
        Y::Tag(t, a) => format!("!{t} {}", flow(a)),
    }
}

fn inline(v: &Y) -> Option<String> {
    match v {
        Y::Str(t) => Some(scalar(t)),
        Y::Num(n) => Some(num(*n)),
        Y::Bool(b) => Some(b.to_string()),
        Y::Tag(_, _) => Some(flow(v)),
        Y::List(l) if l.is_empty() => Some("[]".into()),
        Y::Map(m) if m.iter().all(|(k, _)| k.starts_with('#')) => Some("{}".into()),
        _ => None,
    }
}

fn block(v: &Y, indent: usize, out: &mut String) {
    let pad = " ".repeat(indent);
    match v {
        Y::Map(m) => {
            for (k, val) in m {
                if let Some(c) = k.strip_prefix('#') {
                    let text = if let Y::Str(t) = val { t.clone() } else { c.to_string() };
                    // A comment escapes nothing: any other break or control becomes a space.
                    for line in text.split('\n') {
                        out.push_str(&format!("{pad}# {}\n", crate::text::single_line(line).trim_end()));
                    }
                    continue;
                }
                match inline(val) {
                    Some(x) => out.push_str(&format!("{pad}{}: {x}\n", scalar(k))),
                    None => {
                        out.push_str(&format!("{pad}{}:\n", scalar(k)));
                        block(val, indent + 2, out);
                    }
                }
            }
        }
        Y::List(l) => {
            for item in l {
                match inline(item) {
                    Some(x) => out.push_str(&format!("{pad}- {x}\n")),
                    None => {
                        let mut inner = String::new();
                        block(item, indent + 2, &mut inner);
                        // "- " replaces the first line's indentation.
                        let trimmed = inner.trim_start_matches(' ');
                        out.push_str(&format!("{pad}- {trimmed}"));
                    }
                }
            }
        }
        other => out.push_str(&format!("{pad}{}\n", inline(other).unwrap_or_default())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_what_saphyr_reads_back() {
        let doc = map(vec![
            ("A", s("plain")),
            ("B", s("needs: quotes")),
            ("C", Y::List(vec![map(vec![("K", s("v")), ("L", Y::Num(2.0))]), r("X")])),
            ("D", Y::Tag("Select", Box::new(Y::List(vec![Y::Num(0.0), Y::Tag("GetAZs", Box::new(s("")))])))),
            ("E", s("true")),
        ]);
        let text = write(&doc);
        assert!(text.contains("D: !Select [0, !GetAZs '']"), "{text}");
        let t = crate::iac::cfn::parse::parse(&text).unwrap();
        assert_eq!(t.get("B").and_then(|x| x.as_str()), Some("needs: quotes"));
        assert_eq!(t.get("E").and_then(|x| x.as_str()), Some("true"));
    }
}

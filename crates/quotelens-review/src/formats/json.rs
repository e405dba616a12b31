//! A JSON reader into `serde_json::Value`: serde_json's own reader (its deserializer, the
//! `Value` visitor, its number tables) was about 5 KB of the widget's gzip, and files are
//! read only into a `Value`. Same grammar as serde_json (RFC 8259, nesting up to 128 levels),
//! the same values: integers as `u64`/`i64`, other numbers as `f64`, a repeated key keeps
//! its last value.

use serde_json::{Map, Number, Value};

/// Why a text is not JSON: `eof` when it ends too early; `line` and `column` (from 1, in
/// chars) where reading stopped.
#[derive(Debug, PartialEq)]
pub struct JsonError {
    pub eof: bool,
    pub what: &'static str,
    pub line: usize,
    pub column: usize,
}

impl std::fmt::Display for JsonError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} at line {} column {}", self.what, self.line, self.column)
    }
}

/// Reads `text`, a JSON value with nothing but whitespace around it.
pub fn parse(text: &str) -> Result<Value, JsonError> {
    let mut r = Reader { s: text.as_bytes(), at: 0 };
    let v = r.value(0).map_err(|what| r.error(what))?;
    r.space();
    if r.at < r.s.len() {
        return Err(r.error("trailing characters"));
    }
    Ok(v)
}

struct Reader<'a> {
    s: &'a [u8],
    at: usize,
}

/// How deep arrays and objects may nest (serde_json's limit): deeper input is refused
/// rather than allowed to exhaust the stack.
const MAX_DEPTH: usize = 128;

impl Reader<'_> {
    fn error(&self, what: &'static str) -> JsonError {
        let at = self.at.min(self.s.len());
        let before = String::from_utf8_lossy(&self.s[..at]);
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        JsonError { eof: at >= self.s.len(), what, line, column }
    }

    fn space(&mut self) {
        while self.at < self.s.len() && matches!(self.s[self.at], b' ' | b'\t' | b'\n' | b'\r') {
            self.at += 1;
        }
    }

    fn peek(&self) -> Option<u8> {
        self.s.get(self.at).copied()
    }

    /// Skips `word` (after its first byte, already seen).
    fn word(&mut self, word: &[u8], v: Value) -> Result<Value, &'static str> {
        for &b in word {
            match self.peek() {
                Some(c) if c == b => self.at += 1,
                Some(_) => return Err("expected ident"),
                None => return Err("EOF while parsing a value"),
            }
        }
        Ok(v)
    }

    fn value(&mut self, depth: usize) -> Result<Value, &'static str> {
        self.space();
        let Some(c) = self.peek() else { return Err("EOF while parsing a value") };
        if depth > MAX_DEPTH {
            return Err("recursion limit exceeded");
        }
        match c {
            b'n' => self.word(b"null", Value::Null),
            b't' => self.word(b"true", Value::Bool(true)),
            b'f' => self.word(b"false", Value::Bool(false)),
            b'"' => self.string().map(Value::String),
            b'-' | b'0'..=b'9' => self.number(),
            b'[' => {
                self.at += 1;
                let mut items = Vec::new();
                self.space();
                if self.peek() == Some(b']') {
                    self.at += 1;
                    return Ok(Value::Array(items));
                }
                loop {
                    items.push(self.value(depth + 1)?);
                    self.space();
                    match self.peek() {
                        Some(b',') => self.at += 1,
                        Some(b']') => {
                            self.at += 1;
                            return Ok(Value::Array(items));
                        }
                        Some(_) => return Err("expected `,` or `]`"),
                        None => return Err("EOF while parsing a list"),
                    }
                }
            }
            b'{' => {
                self.at += 1;
                let mut m = Map::new();
                self.space();
                if self.peek() == Some(b'}') {
                    self.at += 1;
                    return Ok(Value::Object(m));
                }
                loop {
                    self.space();
                    match self.peek() {
                        Some(b'"') => {}
                        Some(_) => return Err("key must be a string"),
                        None => return Err("EOF while parsing an object"),
                    }
                    let key = self.string()?;
                    self.space();
                    match self.peek() {
                        Some(b':') => self.at += 1,
                        Some(_) => return Err("expected `:`"),
                        None => return Err("EOF while parsing an object"),
                    }
                    let v = self.value(depth + 1)?;
                    m.insert(key, v);
                    self.space();
                    match self.peek() {
                        Some(b',') => self.at += 1,
                        Some(b'}') => {
                            self.at += 1;
                            return Ok(Value::Object(m));
                        }
                        Some(_) => return Err("expected `,` or `}`"),
                        None => return Err("EOF while parsing an object"),
                    }
                }
            }
            _ => Err("expected value"),
        }
    }

    /// A string, the reader on its opening quote.
    fn string(&mut self) -> Result<String, &'static str> {
        self.at += 1;
        let mut out = String::new();
        loop {
            // the run up to the next quote, backslash or control char is copied as it is
            let start = self.at;
            while self.at < self.s.len() && !matches!(self.s[self.at], b'"' | b'\\' | 0..=0x1f) {
                self.at += 1;
            }
            // (the input is a &str and the run stops only at ASCII bytes: whole chars)
            out.push_str(std::str::from_utf8(&self.s[start..self.at]).map_err(|_| "invalid unicode")?);
            match self.peek() {
                None => return Err("EOF while parsing a string"),
                Some(b'"') => {
                    self.at += 1;
                    return Ok(out);
                }
                Some(b'\\') => {
                    self.at += 1;
                    let Some(e) = self.peek() else { return Err("EOF while parsing a string") };
                    self.at += 1;
                    match e {
                        b'"' => out.push('"'),
                        b'\\' => out.push('\\'),
                        b'/' => out.push('/'),
                        b'b' => out.push('\u{8}'),
                        b'f' => out.push('\u{c}'),
                        b'n' => out.push('\n'),
                        b'r' => out.push('\r'),
                        b't' => out.push('\t'),
                        b'u' => {
                            let hi = self.hex4()?;
                            let code = if (0xD800..0xDC00).contains(&hi) {
                                if self.s.get(self.at..self.at + 2) != Some(b"\\u") {
                                    return Err("unexpected end of hex escape");
                                }
                                self.at += 2;
                                let lo = self.hex4()?;
                                if !(0xDC00..0xE000).contains(&lo) {
                                    return Err("lone leading surrogate in hex escape");
                                }
                                0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00)
                            } else {
                                hi
                            };
                            out.push(char::from_u32(code).ok_or("lone leading surrogate in hex escape")?);
                        }
                        _ => return Err("invalid escape"),
                    }
                }
                Some(_) => return Err("control character (\\u0000-\\u001F) found while parsing a string"),
            }
        }
    }

    fn hex4(&mut self) -> Result<u32, &'static str> {
        let Some(digits) = self.s.get(self.at..self.at + 4) else { return Err("EOF while parsing a string") };
        let mut n = 0;
        for &d in digits {
            n = n * 16 + (d as char).to_digit(16).ok_or("invalid escape")?;
        }
        self.at += 4;
        Ok(n)
    }

    fn digits(&mut self) -> usize {
        let start = self.at;
        while self.peek().is_some_and(|c| c.is_ascii_digit()) {
            self.at += 1;
        }
        self.at - start
    }

    fn number(&mut self) -> Result<Value, &'static str> {
        let start = self.at;
        let negative = self.peek() == Some(b'-');
        self.at += usize::from(negative);
        let first = self.peek();
        let int_digits = self.digits();
        if int_digits == 0 {
            return Err(if first.is_none() { "EOF while parsing a value" } else { "invalid number" });
        }
        if first == Some(b'0') && int_digits > 1 {
            return Err("invalid number");
        }
        let int_end = self.at;
        let mut fraction = false;
        if self.peek() == Some(b'.') {
            self.at += 1;
            if self.digits() == 0 {
                return Err("invalid number");
            }
            fraction = true;
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.at += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.at += 1;
            }
            if self.digits() == 0 {
                return Err("invalid number");
            }
            fraction = true;
        }
        let token = std::str::from_utf8(&self.s[start..self.at]).map_err(|_| "invalid number")?;
        if !fraction {
            // integers as serde_json keeps them: u64, i64, else (too large) f64
            let digits = &token[usize::from(negative)..int_end - start];
            let magnitude = digits.bytes().try_fold(0u64, |n, d| n.checked_mul(10)?.checked_add(u64::from(d - b'0')));
            match (negative, magnitude) {
                (false, Some(n)) => return Ok(Value::Number(n.into())),
                // ("-0" is a float, as serde_json reads it)
                (true, Some(n)) if n > 0 && n <= 1 << 63 => {
                    return Ok(Value::Number((0i64.wrapping_sub_unsigned(n)).into()))
                }
                _ => {}
            }
        }
        let f = to_f64(token);
        Number::from_f64(f).map(Value::Number).ok_or("number out of range")
    }
}

/// A JSON number token as `f64`. Natively through the standard library (correctly rounded,
/// as serde_json's `float_roundtrip`, which the native build asks for); in the browser, where
/// that parser is 10 KB of tables, exactly when the digits fit in 2^53 and the power of ten is
/// at most 22 (times written by this tool: "1767225600000.0"), else within an ulp or two, as
/// serde_json's default reader there.
fn to_f64(token: &str) -> f64 {
    #[cfg(not(target_arch = "wasm32"))]
    {
        token.parse().unwrap_or(f64::NAN)
    }
    #[cfg(target_arch = "wasm32")]
    {
        approximate_f64(token)
    }
}

/// See [`to_f64`]: the digits as an integer (the first 19 significant ones), times a power of ten.
#[cfg_attr(not(any(target_arch = "wasm32", test)), allow(dead_code))]
fn approximate_f64(token: &str) -> f64 {
    let (mantissa, exp) = token.split_once(['e', 'E']).unwrap_or((token, "0"));
    let sign = if exp.starts_with('-') { -1 } else { 1 };
    // (capped: beyond 10^±400 every f64 is 0 or infinite anyway)
    let mut exp =
        sign * exp.bytes().filter(u8::is_ascii_digit).fold(0i32, |e, d| (e * 10 + i32::from(d - b'0')).min(400));
    let negative = mantissa.starts_with('-');
    let (mut n, mut kept) = (0u64, 0);
    let mut after_point = false;
    for b in mantissa.bytes() {
        match b {
            b'.' => after_point = true,
            b'0'..=b'9' => {
                if kept < 19 {
                    n = n * 10 + u64::from(b - b'0');
                    if n > 0 {
                        kept += 1;
                    }
                    exp -= i32::from(after_point);
                } else {
                    exp += i32::from(!after_point);
                }
            }
            _ => {}
        }
    }
    let mut f = n as f64;
    // one step of at most 10^22 (exact powers of ten) at a time
    while exp != 0 && f != 0.0 && f.is_finite() {
        let step = exp.clamp(-22, 22);
        let p = (0..step.abs()).fold(1.0f64, |p, _| p * 10.0);
        f = if step > 0 { f * p } else { f / p };
        exp -= step;
    }
    if negative {
        -f
    } else {
        f
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_what_serde_json_reads() {
        let texts = [
            r#"{"a": [1, -2, 3.5, -0.0, 1e3, 2E-2, true, false, null], "b": {"c": "d\"\\\/\b\f\n\r\t\u00e9\ud83d\ude00"}}"#,
            r#"  [ ]  "#,
            r#"{}"#,
            r#"{"k": 1, "k": 2}"#,
            r#"[18446744073709551615, 18446744073709551616, -9223372036854775808, -9223372036854775809]"#,
            r#""Zoë ‘quotes’ — ok""#,
            r#"1767225600000.0"#,
            r#"[0.1, 0.8734512345678901, 123456789012345678901234567890, 1e-300, 5e-324]"#,
        ];
        for t in texts {
            let want: Value = serde_json::from_str(t).unwrap();
            assert_eq!(parse(t).unwrap(), want, "{t}");
        }
    }

    #[test]
    fn refuses_what_serde_json_refuses() {
        let bad = [
            "",
            " ",
            "[",
            "[1,",
            "[1 2]",
            "{\"a\" 1}",
            "{\"a\":1,}",
            "[1,]",
            "{1: 2}",
            "tru",
            "nul",
            "01",
            "1.",
            "-",
            "1e",
            ".5",
            "\"abc",
            "\"a\u{1}\"",
            "\"\\x\"",
            "\"\\ud800\"",
            "\"\\ud800\\u0041\"",
            "[1] x",
            "{\"a\":}",
            "+1",
            "NaN",
            "\"\\u12\"",
        ];
        for t in bad {
            assert!(serde_json::from_str::<Value>(t).is_err(), "serde_json takes {t:?}");
            assert!(parse(t).is_err(), "{t:?} was read");
        }
        let deep = "[".repeat(200) + &"]".repeat(200);
        assert!(parse(&deep).is_err());
        let ok = "[".repeat(100) + &"]".repeat(100);
        assert!(parse(&ok).is_ok());
    }

    #[test]
    fn errors_say_where_and_whether_the_text_ended() {
        let e = parse("{\"a\": [1, 2").unwrap_err();
        assert!(e.eof, "{e}");
        let e = parse("{\n  \"a\": x}").unwrap_err();
        assert_eq!((e.eof, e.line, e.column), (false, 2, 8), "{e}");
        assert_eq!(e.to_string(), "expected value at line 2 column 8");
    }

    #[test]
    fn the_browsers_number_reader_is_exact_on_short_numbers_and_close_on_long_ones() {
        for t in ["0", "1.5", "-2.25", "1767225600000.0", "1e22", "123.456", "0.001", "-7e-3", "9007199254740991"] {
            assert_eq!(approximate_f64(t), t.parse::<f64>().unwrap(), "{t}");
        }
        for t in [
            "0.8734512345678901",
            "1.7976931348623157e308",
            "1.7976931348623e300",
            "2.2250738585072014e-300",
            "123456789012345678901234567890",
        ] {
            let (ours, exact) = (approximate_f64(t), t.parse::<f64>().unwrap());
            assert!(((ours - exact) / exact).abs() < 1e-14, "{t}: {ours} vs {exact}");
        }
    }
}

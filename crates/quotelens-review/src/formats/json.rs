//! JSON values, read and written without serde: a [`Value`] of our own (its objects a sorted
//! list of fields, as serde_json's `BTreeMap` keeps them), a reader and a writer. serde_json's
//! deserializer, serializers and `Value` with its `BTreeMap` were about 15 KB of the widget's
//! gzip (with the error texts of serde_json and `std::io` they bring).
//!
//! The reader has serde_json's grammar (RFC 8259, nesting up to 128 levels) and gives the
//! same values: integers as `u64`/`i64`, other numbers as `f64`, a repeated key keeps its
//! last value. It reads a slice at a time when asked ([`Parser::step`]), so that a large
//! file does not block a page in one task. The writer writes exactly what
//! `serde_json::to_string_pretty` writes (the same escapes, the same float digits through
//! serde_json's own float writer, `zmij`), and [`obj!`](crate::obj) builds objects.

/// A JSON value, as `serde_json::Value` (without the `preserve_order` feature) holds it.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum Value {
    #[default]
    Null,
    Bool(bool),
    Number(Number),
    String(String),
    Array(Vec<Value>),
    Object(Map),
}

/// A JSON number as serde_json keeps it: a whole number ≥ 0 as `u64`, a negative one as `i64`,
/// anything else as `f64` (so `1` and `1.0` differ and both write back as they were).
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Number {
    U(u64),
    I(i64),
    F(f64),
}

/// An object's fields, sorted by key (byte order), each key once: what serde_json's map
/// gives, so the writer writes keys in the same order. Objects are small; lookups bisect.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Map(Vec<(String, Value)>);

impl Map {
    pub fn new() -> Map {
        Map(Vec::new())
    }

    fn find(&self, key: &str) -> Result<usize, usize> {
        self.0.binary_search_by(|(k, _)| k.as_str().cmp(key))
    }

    pub fn get(&self, key: &str) -> Option<&Value> {
        self.find(key).ok().map(|i| &self.0[i].1)
    }

    pub fn get_mut(&mut self, key: &str) -> Option<&mut Value> {
        self.find(key).ok().map(|i| &mut self.0[i].1)
    }

    pub fn contains_key(&self, key: &str) -> bool {
        self.find(key).is_ok()
    }

    /// Sets `key`; the value it had comes back.
    pub fn insert(&mut self, key: String, v: Value) -> Option<Value> {
        match self.find(&key) {
            Ok(i) => Some(std::mem::replace(&mut self.0[i].1, v)),
            Err(i) => {
                self.0.insert(i, (key, v));
                None
            }
        }
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = (&String, &Value)> {
        self.0.iter().map(|(k, v)| (k, v))
    }

    /// The fields of an object as read, in file order: sorted once, the last of a repeated
    /// key kept (one sort instead of an insertion per field: objects in files can be large).
    fn from_fields(mut fields: Vec<(String, Value)>) -> Map {
        if !fields.windows(2).all(|w| w[0].0 < w[1].0) {
            if fields.len() <= 32 {
                // (an insertion sort: objects are mostly a dozen fields, and this is every object
                // of a large file)
                for i in 1..fields.len() {
                    let mut j = i;
                    while j > 0 && fields[j - 1].0 > fields[j].0 {
                        fields.swap(j - 1, j);
                        j -= 1;
                    }
                }
            } else {
                crate::sort::sort_by(&mut fields, |a, b| a.0.cmp(&b.0));
            }
            // (stable: of equal keys the later comes second; it keeps its value)
            fields.dedup_by(|later, kept| {
                let same = later.0 == kept.0;
                if same {
                    std::mem::swap(&mut later.1, &mut kept.1);
                }
                same
            });
        }
        Map(fields)
    }
}

impl<'a> IntoIterator for &'a Map {
    type Item = (&'a String, &'a Value);
    type IntoIter =
        std::iter::Map<std::slice::Iter<'a, (String, Value)>, fn(&'a (String, Value)) -> (&'a String, &'a Value)>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter().map(|(k, v)| (k, v))
    }
}

static NULL: Value = Value::Null;

impl Value {
    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Value::Bool(b) => Some(*b),
            _ => None,
        }
    }

    pub fn as_u64(&self) -> Option<u64> {
        match self {
            Value::Number(Number::U(n)) => Some(*n),
            _ => None,
        }
    }

    pub fn as_i64(&self) -> Option<i64> {
        match self {
            Value::Number(Number::U(n)) => i64::try_from(*n).ok(),
            Value::Number(Number::I(n)) => Some(*n),
            _ => None,
        }
    }

    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Value::Number(Number::U(n)) => Some(*n as f64),
            Value::Number(Number::I(n)) => Some(*n as f64),
            Value::Number(Number::F(x)) => Some(*x),
            _ => None,
        }
    }

    pub fn as_array(&self) -> Option<&Vec<Value>> {
        match self {
            Value::Array(a) => Some(a),
            _ => None,
        }
    }

    pub fn as_array_mut(&mut self) -> Option<&mut Vec<Value>> {
        match self {
            Value::Array(a) => Some(a),
            _ => None,
        }
    }

    pub fn as_object(&self) -> Option<&Map> {
        match self {
            Value::Object(m) => Some(m),
            _ => None,
        }
    }

    pub fn as_object_mut(&mut self) -> Option<&mut Map> {
        match self {
            Value::Object(m) => Some(m),
            _ => None,
        }
    }

    /// A field of an object (`None` for other values).
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.as_object().and_then(|m| m.get(key))
    }

    /// The value, leaving `null` in its place.
    pub fn take(&mut self) -> Value {
        std::mem::take(self)
    }
}

/// `v["key"]`: the field, or `null` when there is none (or `v` is no object), as serde_json.
impl std::ops::Index<&str> for Value {
    type Output = Value;
    fn index(&self, key: &str) -> &Value {
        self.get(key).unwrap_or(&NULL)
    }
}

/// `v["key"] = x`: sets the field; `v` becomes an object first if it was not one (serde_json
/// does that for `null` and panics on the rest).
impl std::ops::IndexMut<&str> for Value {
    fn index_mut(&mut self, key: &str) -> &mut Value {
        if !matches!(self, Value::Object(_)) {
            *self = Value::Object(Map::new());
        }
        let Value::Object(m) = self else { unreachable!() };
        let i = match m.find(key) {
            Ok(i) => i,
            Err(i) => {
                m.0.insert(i, (key.to_string(), Value::Null));
                i
            }
        };
        &mut m.0[i].1
    }
}

impl From<bool> for Value {
    fn from(b: bool) -> Value {
        Value::Bool(b)
    }
}

impl From<&str> for Value {
    fn from(s: &str) -> Value {
        Value::String(s.to_string())
    }
}

impl From<String> for Value {
    fn from(s: String) -> Value {
        Value::String(s)
    }
}

impl From<u64> for Value {
    fn from(n: u64) -> Value {
        Value::Number(Number::U(n))
    }
}

impl From<usize> for Value {
    fn from(n: usize) -> Value {
        Value::Number(Number::U(n as u64))
    }
}

impl From<u32> for Value {
    fn from(n: u32) -> Value {
        Value::Number(Number::U(n.into()))
    }
}

impl From<i64> for Value {
    fn from(n: i64) -> Value {
        Value::Number(if n < 0 { Number::I(n) } else { Number::U(n as u64) })
    }
}

impl From<i32> for Value {
    fn from(n: i32) -> Value {
        i64::from(n).into()
    }
}

/// As serde_json: NaN and the infinities become `null`.
impl From<f64> for Value {
    fn from(x: f64) -> Value {
        if x.is_finite() {
            Value::Number(Number::F(x))
        } else {
            Value::Null
        }
    }
}

impl From<Map> for Value {
    fn from(m: Map) -> Value {
        Value::Object(m)
    }
}

impl<T: Into<Value>> From<Option<T>> for Value {
    fn from(o: Option<T>) -> Value {
        o.map_or(Value::Null, Into::into)
    }
}

impl<T: Into<Value>> From<Vec<T>> for Value {
    fn from(v: Vec<T>) -> Value {
        Value::Array(v.into_iter().map(Into::into).collect())
    }
}

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
    let mut p = Parser::new(text);
    loop {
        if let Some(v) = p.step(usize::MAX)? {
            return Ok(v);
        }
    }
}

/// A reader that can stop between values and go on later: [`Parser::step`] reads about as
/// many bytes as it is given and returns the whole value once the text is read. The widget
/// reads a large import this way with the page running in between.
pub struct Parser<'a> {
    r: Reader<'a>,
    /// The lists and objects open around the reading position, innermost last.
    open: Vec<Open>,
}

enum Open {
    List(Vec<Value>),
    /// The fields so far and the key whose value is being read.
    Object(Vec<(String, Value)>, String),
}

impl<'a> Parser<'a> {
    pub fn new(text: &'a str) -> Parser<'a> {
        Parser { r: Reader { s: text.as_bytes(), at: 0 }, open: Vec::new() }
    }

    /// How far the reading is, in bytes of the text.
    pub fn position(&self) -> usize {
        self.r.at
    }

    /// Reads on until about `budget` more bytes are read (it stops only between values) or
    /// the text ends: then the value.
    pub fn step(&mut self, budget: usize) -> Result<Option<Value>, JsonError> {
        let stop = self.r.at.saturating_add(budget);
        loop {
            let v = match self.value() {
                Ok(Some(v)) => v,
                Ok(None) => continue,
                Err(what) => return Err(self.r.error(what)),
            };
            match self.close(v) {
                Ok(Some(v)) => {
                    self.r.space();
                    if self.r.at < self.r.s.len() {
                        return Err(self.r.error("trailing characters"));
                    }
                    return Ok(Some(v));
                }
                Ok(None) => {}
                Err(what) => return Err(self.r.error(what)),
            }
            if self.r.at >= stop {
                return Ok(None);
            }
        }
    }

    /// Reads a scalar or an empty list or object; opens a list or object that has items
    /// (`None`: its first item is read next).
    fn value(&mut self) -> Result<Option<Value>, &'static str> {
        let r = &mut self.r;
        r.space();
        let Some(c) = r.peek() else { return Err("EOF while parsing a value") };
        if self.open.len() > MAX_DEPTH {
            return Err("recursion limit exceeded");
        }
        Ok(Some(match c {
            b'n' => r.word(b"null", Value::Null)?,
            b't' => r.word(b"true", Value::Bool(true))?,
            b'f' => r.word(b"false", Value::Bool(false))?,
            b'"' => Value::String(r.string()?),
            b'-' | b'0'..=b'9' => Value::Number(r.number()?),
            b'[' => {
                r.at += 1;
                r.space();
                if r.peek() == Some(b']') {
                    r.at += 1;
                    Value::Array(Vec::new())
                } else {
                    self.open.push(Open::List(Vec::new()));
                    return Ok(None);
                }
            }
            b'{' => {
                r.at += 1;
                r.space();
                if r.peek() == Some(b'}') {
                    r.at += 1;
                    Value::Object(Map::new())
                } else {
                    let key = r.key()?;
                    self.open.push(Open::Object(Vec::new(), key));
                    return Ok(None);
                }
            }
            _ => return Err("expected value"),
        }))
    }

    /// Puts a value read into what is open around it, closing what ends after it: the
    /// outermost value when it is complete.
    fn close(&mut self, mut v: Value) -> Result<Option<Value>, &'static str> {
        let r = &mut self.r;
        loop {
            let Some(mut top) = self.open.pop() else { return Ok(Some(v)) };
            let more = match &mut top {
                Open::List(items) => {
                    items.push(v);
                    r.space();
                    match r.peek() {
                        Some(b',') => true,
                        Some(b']') => false,
                        Some(_) => return Err("expected `,` or `]`"),
                        None => return Err("EOF while parsing a list"),
                    }
                }
                Open::Object(fields, key) => {
                    fields.push((std::mem::take(key), v));
                    r.space();
                    match r.peek() {
                        Some(b',') => true,
                        Some(b'}') => false,
                        Some(_) => return Err("expected `,` or `}`"),
                        None => return Err("EOF while parsing an object"),
                    }
                }
            };
            r.at += 1;
            if more {
                if let Open::Object(_, key) = &mut top {
                    *key = r.key()?;
                }
                self.open.push(top);
                return Ok(None);
            }
            v = match top {
                Open::List(items) => Value::Array(items),
                Open::Object(fields, _) => Value::Object(Map::from_fields(fields)),
            };
        }
    }
}

struct Reader<'a> {
    s: &'a [u8],
    at: usize,
}

/// How deep arrays and objects may nest (serde_json's limit): deeper input is refused
/// rather than allowed to exhaust the memory.
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

    /// An object's key and its colon.
    fn key(&mut self) -> Result<String, &'static str> {
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
        Ok(key)
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

    fn number(&mut self) -> Result<Number, &'static str> {
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
                (false, Some(n)) => return Ok(Number::U(n)),
                // ("-0" is a float, as serde_json reads it)
                (true, Some(n)) if n > 0 && n <= 1 << 63 => return Ok(Number::I(0i64.wrapping_sub_unsigned(n))),
                _ => {}
            }
        }
        let f = to_f64(token);
        if f.is_finite() {
            Ok(Number::F(f))
        } else {
            Err("number out of range")
        }
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

/// An object from `"key": value` pairs, each value through `Value::from` (as `json!` would
/// give it, without serde's `Serialize`): `obj!{"id": a.id.as_str(), "n": 3}`.
#[macro_export]
macro_rules! obj {
    ($($k:literal : $v:expr),* $(,)?) => {{
        let mut m = $crate::formats::json::Map::new();
        $( m.insert($k.into(), $crate::formats::json::Value::from($v)); )*
        $crate::formats::json::Value::Object(m)
    }};
}

/// Writes JSON as `serde_json::to_string_pretty` does: two spaces of indent, `"key": value`,
/// `[]` and `{}` when empty. Containers are opened and closed by hand (fields in the caller's
/// order) or written whole from a `Value` (keys in its map's order). With `html`, strings
/// escape `<`, `>`, `&`, U+2028 and U+2029 as well (what `formats::html_safe` does to a whole
/// text, in the same pass).
#[derive(Default)]
pub struct Pretty {
    pub out: String,
    depth: usize,
    has_value: bool,
    pub html: bool,
    /// No line breaks or indent, and `"key":value` (what `serde_json::to_string` writes).
    pub compact: bool,
}

impl Pretty {
    /// A writer whose strings are safe to inline in HTML (see [`Pretty`]).
    pub fn html() -> Pretty {
        Pretty { html: true, ..Pretty::default() }
    }

    fn newline(&mut self) {
        if self.has_value {
            self.out.push(',');
        }
        if self.compact {
            return;
        }
        self.out.push('\n');
        for _ in 0..self.depth {
            self.out.push_str("  ");
        }
    }

    /// Opens an object (`b'{'`) or a list (`b'['`).
    pub fn open(&mut self, bracket: u8) {
        self.out.push(bracket as char);
        self.depth += 1;
        self.has_value = false;
    }

    /// Closes what [`Pretty::open`] opened (`b'}'` or `b']'`).
    pub fn close(&mut self, bracket: u8) {
        self.depth -= 1;
        if self.has_value && !self.compact {
            self.out.push('\n');
            for _ in 0..self.depth {
                self.out.push_str("  ");
            }
        }
        self.out.push(bracket as char);
        self.has_value = true;
    }

    /// Starts the next field of an object; its value follows.
    pub fn key(&mut self, key: &str) {
        self.newline();
        escape(&mut self.out, key, self.html);
        self.out.push_str(if self.compact { ":" } else { ": " });
        self.has_value = true;
    }

    /// Starts the next item of a list; its value follows.
    pub fn item(&mut self) {
        self.newline();
        self.has_value = true;
    }

    pub fn str(&mut self, s: &str) {
        escape(&mut self.out, s, self.html);
    }

    /// (by hand: `to_string` goes through the formatting machinery, slow on 50,000 annotations)
    pub fn uint(&mut self, n: u64) {
        for &d in quotelens_extract::export::digits(n, &mut [0; 20]) {
            self.out.push(char::from(d));
        }
    }

    pub fn float(&mut self, x: f64) {
        write_f64(&mut self.out, x);
    }

    /// A whole value.
    pub fn value(&mut self, v: &Value) {
        match v {
            Value::Null => self.out.push_str("null"),
            Value::Bool(b) => self.out.push_str(if *b { "true" } else { "false" }),
            Value::Number(Number::U(u)) => self.uint(*u),
            Value::Number(Number::I(i)) => self.out.push_str(&i.to_string()),
            Value::Number(Number::F(x)) => self.float(*x),
            Value::String(s) => self.str(s),
            Value::Array(items) => {
                self.open(b'[');
                for x in items {
                    self.item();
                    self.value(x);
                }
                self.close(b']');
            }
            Value::Object(m) => {
                self.open(b'{');
                for (k, x) in m {
                    self.key(k);
                    self.value(x);
                }
                self.close(b'}');
            }
        }
    }
}

/// `v` as `serde_json::to_string_pretty` writes it.
pub fn to_pretty(v: &Value) -> String {
    let mut p = Pretty::default();
    p.value(v);
    p.out
}

/// [`to_pretty`], safe to inline in HTML (see [`Pretty`]).
pub fn to_pretty_html(v: &Value) -> String {
    let mut p = Pretty::html();
    p.value(v);
    p.out
}

/// `s` as a JSON string, escaped as serde_json escapes: quote, backslash and control chars.
pub fn write_str(out: &mut String, s: &str) {
    escape(out, s, false);
}

/// [`write_str`], with `html` also `<`, `>`, `&`, U+2028 and U+2029 (as `\u` escapes).
fn escape(out: &mut String, s: &str, html: bool) {
    out.push('"');
    let b = s.as_bytes();
    let mut start = 0;
    for (i, &c) in b.iter().enumerate() {
        let code = match c {
            b'"' | b'\\' | 0..=0x1f => u32::from(c),
            b'<' | b'>' | b'&' if html => u32::from(c),
            // U+2028 and U+2029 are E2 80 A8 and E2 80 A9 in UTF-8
            0xe2 if html && b.get(i + 1) == Some(&0x80) && matches!(b.get(i + 2), Some(0xa8 | 0xa9)) => {
                0x2000 + u32::from(b[i + 2] - 0x80)
            }
            _ => continue,
        };
        out.push_str(&s[start..i]);
        out.push('\\');
        match code {
            0x22 => out.push('"'),
            0x5c => out.push('\\'),
            0x0a => out.push('n'),
            0x0d => out.push('r'),
            0x09 => out.push('t'),
            0x08 => out.push('b'),
            0x0c => out.push('f'),
            _ => {
                out.push('u');
                for shift in [12, 8, 4, 0] {
                    out.push(char::from_digit((code >> shift) & 0xf, 16).unwrap_or('0'));
                }
            }
        }
        start = i + if code >= 0x2000 { 3 } else { 1 };
    }
    out.push_str(&s[start..]);
    out.push('"');
}

/// `s` in double quotes, escaped as in JSON: how error messages quote a value (`{:?}` would
/// bring the standard library's Debug escaping and its Unicode tables into the wasm).
pub fn quoted(s: &str) -> String {
    let mut out = String::new();
    write_str(&mut out, s);
    out
}

/// `x` as serde_json writes an `f64`: the shortest digits that read back as `x`
/// ("1767225600000.0", "0.25", "1e21"); `null` for NaN and the infinities.
pub fn write_f64(out: &mut String, x: f64) {
    if x.is_finite() {
        out.push_str(zmij::Buffer::new().format_finite(x));
    } else {
        out.push_str("null");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// serde_json's value as ours, to compare the two readers.
    fn ours(v: serde_json::Value) -> Value {
        match v {
            serde_json::Value::Null => Value::Null,
            serde_json::Value::Bool(b) => Value::Bool(b),
            serde_json::Value::Number(n) => Value::Number(match (n.as_u64(), n.as_i64(), n.as_f64()) {
                (Some(u), _, _) => Number::U(u),
                (None, Some(i), _) => Number::I(i),
                (_, _, f) => Number::F(f.unwrap()),
            }),
            serde_json::Value::String(s) => Value::String(s),
            serde_json::Value::Array(a) => Value::Array(a.into_iter().map(ours).collect()),
            serde_json::Value::Object(m) => {
                Value::Object(Map::from_fields(m.into_iter().map(|(k, v)| (k, ours(v))).collect()))
            }
        }
    }

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
            let want = ours(serde_json::from_str(t).unwrap());
            assert_eq!(parse(t).unwrap(), want, "{t}");
            // read a few bytes at a time, the same value
            let mut p = Parser::new(t);
            let v = loop {
                if let Some(v) = p.step(3).unwrap() {
                    break v;
                }
            };
            assert_eq!(v, want, "{t} in steps");
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
            assert!(serde_json::from_str::<serde_json::Value>(t).is_err(), "serde_json takes {t:?}");
            assert!(parse(t).is_err(), "{t:?} was read");
        }
        let deep = "[".repeat(200) + &"]".repeat(200);
        assert!(parse(&deep).is_err());
        let ok = "[".repeat(100) + &"]".repeat(100);
        assert!(parse(&ok).is_ok());
    }

    #[test]
    fn writes_what_serde_json_writes() {
        let texts = [
            r#"{"a": [1, -2, 3.5, -0.0, 1e3, 2E-2, 1e21, 0.1, 1767225600000.0, true, false, null, [], {}, [[]], [{}]],
                "b": {"c": "d\"\\\/\b\f\n\r\t\u0001\u001f\u007f\u00e9\ud83d\ude00 <&> \u2028 \u2029 \u2027 \u202a ⁉"}, "": "", "z": [1, [2, {"y": []}]]}"#,
            "[]",
            "{}",
            "\"x\"",
            "-5",
            "18446744073709551615",
        ];
        for t in texts {
            let v: serde_json::Value = serde_json::from_str(t).unwrap();
            let theirs = serde_json::to_string_pretty(&v).unwrap();
            assert_eq!(to_pretty(&ours(v.clone())), theirs, "{t}");
            // escaped for HTML as it is written: what html_safe makes of the whole text
            assert_eq!(to_pretty_html(&ours(v)), crate::formats::html_safe(theirs), "{t}");
        }
        for t in texts {
            let v: serde_json::Value = serde_json::from_str(t).unwrap();
            let mut p = Pretty { compact: true, ..Pretty::default() };
            p.value(&ours(v.clone()));
            assert_eq!(p.out, serde_json::to_string(&v).unwrap(), "{t}");
        }
        let mut p = Pretty::default();
        for n in [0, 7, 10, 99, 1000, u64::MAX] {
            p.uint(n);
            p.out.push(' ');
        }
        assert_eq!(p.out, format!("0 7 10 99 1000 {} ", u64::MAX));
        for x in [0.0, -0.0, 1.5, 1e-7, 123456789.125, f64::MAX, f64::MIN_POSITIVE, f64::NAN, f64::INFINITY] {
            let mut ours = String::new();
            write_f64(&mut ours, x);
            assert_eq!(ours, serde_json::to_string(&x).unwrap(), "{x}");
        }
    }

    #[test]
    fn obj_builds_what_json_builds() {
        let (id, n, f, none): (String, usize, f64, Option<&str>) = ("a1".into(), 3, 2.5, None);
        let ours = crate::obj! {"id": id.as_str(), "n": n, "f": f, "none": none, "list": vec![1u64, 2], "nested": crate::obj!{"k": true}};
        let theirs = serde_json::json!({"id": id, "n": n, "f": f, "none": none, "list": [1, 2], "nested": {"k": true}});
        assert_eq!(ours, super::tests::ours(theirs));
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

//! The page's reader of the worker's answers: MessagePack as [`crate::encode`] writes it
//! (`rmp_serde::to_vec_named`), read into the answer types by one byte-level reader that is
//! compiled once.
//!
//! Why not `rmp_serde::from_slice`: rmp-serde forwards every typed `deserialize_*` to
//! `deserialize_any`, which holds its whole MessagePack decoder, so the decoder was compiled
//! again for every type the page reads — 309 KB of the app wasm's code (`any_inner` in 11
//! copies, `any_num` in 94; BENCHMARKS.md "s23-size"). Here the bytes are read by
//! [`Reader::token`] and [`Reader::skip`], which are not generic; the per-type part of each
//! `deserialize_*` is a `match` on one [`Token`] that calls only the visitor methods that
//! type can need (a struct is read from a map only, a string from a string only, …), so a
//! visitor's unused paths are not compiled either.
//!
//! The format read is the subset `to_vec_named` writes for serde's data model, with rmp-serde's
//! conventions (rmp-serde 1.3 `encode.rs`): a struct is a map keyed by field name; `None` and
//! `()` are nil, `Some(x)` is `x`; a newtype struct is its inner value; a unit struct is an
//! empty array (nil is accepted too); a unit variant is its name as a string; a newtype, tuple
//! or struct variant is a map of one entry, name → value (a tuple variant's value an array, a
//! struct variant's a map). On those bytes the values read equal rmp-serde's, bit for bit
//! (`tests/wire.rs`: every reply of random edit sequences, and random values of every shape,
//! compared with `rmp_serde::from_slice`). Extension types, which the answers never hold, are
//! refused. Malformed input is an error, never a panic nor unbounded recursion
//! ([`MAX_DEPTH`]).

use serde::de::{self, DeserializeSeed, Visitor};
use serde::Deserialize;
use std::fmt;

/// Arrays and maps nested deeper than this are refused (rmp-serde's own limit), so a
/// malformed message cannot exhaust the stack.
pub const MAX_DEPTH: u32 = 1024;

/// Why a message could not be read.
#[derive(Clone, Debug, PartialEq)]
pub struct Error(String);

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Error {}

impl de::Error for Error {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        Error(msg.to_string())
    }
}

/// Reads a `T` from the whole of `bytes` (nothing may follow it).
pub fn from_slice<'de, T: Deserialize<'de>>(bytes: &'de [u8]) -> Result<T, Error> {
    let mut r = Reader { input: bytes, at: 0, peeked: None, depth: 0 };
    let value = T::deserialize(&mut r)?;
    r.end()?;
    Ok(value)
}

/// One MessagePack item: a scalar, or the head of an array or map (its length in items or
/// entries; the items follow). Strings and binaries borrow the input.
#[derive(Clone, Copy, Debug)]
enum Token<'de> {
    Nil,
    Bool(bool),
    /// Any unsigned format (positive fixint, uint 8–64).
    Uint(u64),
    /// Any signed format (negative fixint, int 8–64).
    Int(i64),
    F32(f32),
    F64(f64),
    Str(&'de str),
    Bin(&'de [u8]),
    Array(u32),
    Map(u32),
    /// An extension (its type; the data is passed over): never part of an answer, refused
    /// where a value is read.
    Ext(i8),
}

/// The reader: the input, the position, one token read ahead (an `Option`'s `Some` puts the
/// token it looked at back), and the nesting depth.
pub struct Reader<'de> {
    input: &'de [u8],
    at: usize,
    peeked: Option<Token<'de>>,
    depth: u32,
}

/// What a token is, for error messages.
fn describe(t: &Token<'_>) -> String {
    match t {
        Token::Nil => "nil".into(),
        Token::Bool(b) => format!("boolean {b}"),
        Token::Uint(n) => format!("integer {n}"),
        Token::Int(n) => format!("integer {n}"),
        Token::F32(x) => format!("float {x}"),
        Token::F64(x) => format!("float {x}"),
        Token::Str(s) => format!("string {s:?}"),
        Token::Bin(b) => format!("{} bytes of binary", b.len()),
        Token::Array(n) => format!("an array of {n}"),
        Token::Map(n) => format!("a map of {n}"),
        Token::Ext(t) => format!("extension type {t}"),
    }
}

/// `found` where `expected` was wanted, at byte `at`. (Not generic: one copy.)
#[inline(never)]
fn mismatch(found: Token<'_>, expected: &str, at: usize) -> Error {
    Error(format!("expected {expected}, found {} (byte {at})", describe(&found)))
}

impl<'de> Reader<'de> {
    /// `n` bytes of input.
    fn take(&mut self, n: usize) -> Result<&'de [u8], Error> {
        let end = self.at.checked_add(n).filter(|&e| e <= self.input.len()).ok_or_else(|| Error(format!("the message ends inside an item (byte {}, {n} more wanted, {} in all)", self.at, self.input.len())))?;
        let bytes = &self.input[self.at..end];
        self.at = end;
        Ok(bytes)
    }

    /// A big-endian unsigned integer of `n` (1–8) bytes.
    fn uint(&mut self, n: usize) -> Result<u64, Error> {
        Ok(self.take(n)?.iter().fold(0u64, |acc, &b| (acc << 8) | u64::from(b)))
    }

    /// A string of `n` bytes.
    fn str(&mut self, n: usize) -> Result<Token<'de>, Error> {
        let at = self.at;
        let bytes = self.take(n)?;
        std::str::from_utf8(bytes).map(Token::Str).map_err(|e| Error(format!("a string is not UTF-8 (byte {at}): {e}")))
    }

    /// An extension's type, its `n` bytes of data passed over.
    fn ext(&mut self, n: usize) -> Result<Token<'de>, Error> {
        let kind = self.uint(1)? as u8 as i8;
        self.take(n)?;
        Ok(Token::Ext(kind))
    }

    /// The next item (the one put back, if any). The only place bytes become values: every
    /// marker of the MessagePack specification is decoded here.
    #[inline(never)]
    fn token(&mut self) -> Result<Token<'de>, Error> {
        if let Some(t) = self.peeked.take() {
            return Ok(t);
        }
        let m = self.uint(1)? as u8;
        Ok(match m {
            0x00..=0x7f => Token::Uint(u64::from(m)),
            0x80..=0x8f => Token::Map(u32::from(m & 0x0f)),
            0x90..=0x9f => Token::Array(u32::from(m & 0x0f)),
            0xa0..=0xbf => self.str(usize::from(m & 0x1f))?,
            0xc0 => Token::Nil,
            0xc1 => return Err(Error(format!("the reserved marker 0xc1 (byte {})", self.at - 1))),
            0xc2 => Token::Bool(false),
            0xc3 => Token::Bool(true),
            0xc4..=0xc6 => {
                let n = self.uint(1 << (m - 0xc4))? as usize;
                Token::Bin(self.take(n)?)
            }
            0xc7..=0xc9 => {
                let n = self.uint(1 << (m - 0xc7))? as usize;
                self.ext(n)?
            }
            0xca => Token::F32(f32::from_bits(self.uint(4)? as u32)),
            0xcb => Token::F64(f64::from_bits(self.uint(8)?)),
            0xcc..=0xcf => Token::Uint(self.uint(1 << (m - 0xcc))?),
            0xd0 => Token::Int(i64::from(self.uint(1)? as u8 as i8)),
            0xd1 => Token::Int(i64::from(self.uint(2)? as u16 as i16)),
            0xd2 => Token::Int(i64::from(self.uint(4)? as u32 as i32)),
            0xd3 => Token::Int(self.uint(8)? as i64),
            0xd4..=0xd8 => self.ext(1 << (m - 0xd4))?,
            0xd9..=0xdb => {
                let n = self.uint(1 << (m - 0xd9))? as usize;
                self.str(n)?
            }
            0xdc | 0xdd => Token::Array(self.uint(2 << (m - 0xdc))? as u32),
            0xde | 0xdf => Token::Map(self.uint(2 << (m - 0xde))? as u32),
            0xe0..=0xff => Token::Int(i64::from(m as i8)),
        })
    }

    /// Skips one whole item (a field the type does not read), nested items included, without
    /// recursion.
    #[inline(never)]
    fn skip(&mut self) -> Result<(), Error> {
        let mut left: u64 = 1;
        while left > 0 {
            left -= 1;
            match self.token()? {
                Token::Array(n) => left += u64::from(n),
                Token::Map(n) => left += 2 * u64::from(n),
                _ => {}
            }
        }
        Ok(())
    }

    /// The message must end here.
    fn end(&mut self) -> Result<(), Error> {
        if self.peeked.is_some() || self.at != self.input.len() {
            return Err(Error(format!("{} bytes follow the answer", self.input.len() - self.at)));
        }
        Ok(())
    }

    /// One level deeper (an array's or a map's items).
    fn enter(&mut self) -> Result<(), Error> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(Error(format!("items nested more than {MAX_DEPTH} deep (byte {})", self.at)));
        }
        Ok(())
    }

    /// The `n` items of an array, handed to `v` as a sequence; all must be read.
    fn seq<V: Visitor<'de>>(&mut self, n: u32, v: V) -> Result<V::Value, Error> {
        self.enter()?;
        let mut items = Counted { r: &mut *self, left: n };
        let value = v.visit_seq(&mut items)?;
        let left = items.left;
        self.left_over(n, left)?;
        Ok(value)
    }

    /// The `n` entries of a map, handed to `v`; all must be read.
    fn map<V: Visitor<'de>>(&mut self, n: u32, v: V) -> Result<V::Value, Error> {
        self.enter()?;
        let mut entries = Counted { r: &mut *self, left: n };
        let value = v.visit_map(&mut entries)?;
        let left = entries.left;
        self.left_over(n, left)?;
        Ok(value)
    }

    /// Back out of an array or map of `n` of which `left` were not read (an error: the type
    /// wanted fewer, as rmp-serde says too).
    fn left_over(&mut self, n: u32, left: u32) -> Result<(), Error> {
        self.depth -= 1;
        if left != 0 {
            return Err(Error(format!("{} of {n} items were not read (byte {})", left, self.at)));
        }
        Ok(())
    }

    /// A token as `deserialize_any` hands it on: whatever it is.
    fn any<V: Visitor<'de>>(&mut self, t: Token<'de>, v: V) -> Result<V::Value, Error> {
        match t {
            Token::Nil => v.visit_unit(),
            Token::Bool(b) => v.visit_bool(b),
            Token::Uint(n) => v.visit_u64(n),
            Token::Int(n) => v.visit_i64(n),
            Token::F32(x) => v.visit_f32(x),
            Token::F64(x) => v.visit_f64(x),
            Token::Str(s) => v.visit_borrowed_str(s),
            Token::Bin(b) => v.visit_borrowed_bytes(b),
            Token::Array(n) => self.seq(n, v),
            Token::Map(n) => self.map(n, v),
            Token::Ext(..) => Err(mismatch(t, "a value (extension types are not read)", self.at)),
        }
    }

    /// A scalar (what rmp-serde hands a number's or a boolean's visitor: any scalar).
    fn scalar<V: Visitor<'de>>(&mut self, v: V) -> Result<V::Value, Error> {
        match self.token()? {
            Token::Nil => v.visit_unit(),
            Token::Bool(b) => v.visit_bool(b),
            Token::Uint(n) => v.visit_u64(n),
            Token::Int(n) => v.visit_i64(n),
            Token::F32(x) => v.visit_f32(x),
            Token::F64(x) => v.visit_f64(x),
            t => Err(mismatch(t, "a number or a boolean", self.at)),
        }
    }
}

/// The `left` elements still to read of an array (its items) or a map (its entries, each a
/// key then a value): one counted reader for both, as MessagePack writes both as a count
/// and then the elements.
struct Counted<'a, 'de> {
    r: &'a mut Reader<'de>,
    left: u32,
}

impl<'de> Counted<'_, 'de> {
    /// The next element (an item, or an entry's key), None after the last.
    fn next<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>, Error> {
        if self.left == 0 {
            return Ok(None);
        }
        self.left -= 1;
        seed.deserialize(&mut *self.r).map(Some)
    }
}

impl<'de> de::SeqAccess<'de> for Counted<'_, 'de> {
    type Error = Error;
    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>, Error> {
        self.next(seed)
    }
    fn size_hint(&self) -> Option<usize> {
        Some(self.left as usize)
    }
}

impl<'de> de::MapAccess<'de> for Counted<'_, 'de> {
    type Error = Error;
    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, Error> {
        self.next(seed)
    }
    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Error> {
        seed.deserialize(&mut *self.r)
    }
    fn size_hint(&self) -> Option<usize> {
        Some(self.left as usize)
    }
}

/// An enum's variant: `unit` when it was written as its name alone (the name is put back to
/// be read as the variant's identifier).
struct Variant<'a, 'de> {
    r: &'a mut Reader<'de>,
    unit: bool,
}

impl<'de> de::EnumAccess<'de> for Variant<'_, 'de> {
    type Error = Error;
    type Variant = Self;
    fn variant_seed<V: DeserializeSeed<'de>>(self, seed: V) -> Result<(V::Value, Self), Error> {
        Ok((seed.deserialize(&mut *self.r)?, self))
    }
}

impl<'de> de::VariantAccess<'de> for Variant<'_, 'de> {
    type Error = Error;
    fn unit_variant(self) -> Result<(), Error> {
        if self.unit {
            return Ok(());
        }
        // Written as { name: nil }.
        match self.r.token()? {
            Token::Nil => Ok(()),
            t => Err(mismatch(t, "nil (a unit variant's value)", self.r.at)),
        }
    }
    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value, Error> {
        if self.unit {
            return Err(Error(format!("a unit variant where a newtype variant was expected (byte {})", self.r.at)));
        }
        seed.deserialize(self.r)
    }
    fn tuple_variant<V: Visitor<'de>>(self, _len: usize, v: V) -> Result<V::Value, Error> {
        if self.unit {
            return Err(Error(format!("a unit variant where a tuple variant was expected (byte {})", self.r.at)));
        }
        de::Deserializer::deserialize_seq(self.r, v)
    }
    fn struct_variant<V: Visitor<'de>>(self, fields: &'static [&'static str], v: V) -> Result<V::Value, Error> {
        if self.unit {
            return Err(Error(format!("a unit variant where a struct variant was expected (byte {})", self.r.at)));
        }
        de::Deserializer::deserialize_struct(self.r, "", fields, v)
    }
}

/// Each method reads one token and calls only the visitor methods its kind of value can
/// need: the per-type code is a small `match`, the decoding is [`Reader::token`]'s.
impl<'de> de::Deserializer<'de> for &mut Reader<'de> {
    type Error = Error;

    fn is_human_readable(&self) -> bool {
        false
    }

    fn deserialize_any<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        let t = self.token()?;
        self.any(t, v)
    }

    fn deserialize_bool<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        self.scalar(v)
    }
    fn deserialize_i8<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        self.scalar(v)
    }
    fn deserialize_i16<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        self.scalar(v)
    }
    fn deserialize_i32<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        self.scalar(v)
    }
    fn deserialize_i64<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        self.scalar(v)
    }
    fn deserialize_u8<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        self.scalar(v)
    }
    fn deserialize_u16<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        self.scalar(v)
    }
    fn deserialize_u32<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        self.scalar(v)
    }
    fn deserialize_u64<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        self.scalar(v)
    }
    fn deserialize_f32<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        self.scalar(v)
    }
    fn deserialize_f64<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        self.scalar(v)
    }

    fn deserialize_char<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        self.deserialize_str(v)
    }
    fn deserialize_str<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        match self.token()? {
            Token::Str(s) => v.visit_borrowed_str(s),
            t => Err(mismatch(t, "a string", self.at)),
        }
    }
    fn deserialize_string<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        self.deserialize_str(v)
    }
    fn deserialize_identifier<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        self.deserialize_str(v)
    }

    fn deserialize_bytes<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        self.deserialize_any(v)
    }
    fn deserialize_byte_buf<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        self.deserialize_any(v)
    }

    fn deserialize_option<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        match self.token()? {
            Token::Nil => v.visit_none(),
            t => {
                self.peeked = Some(t);
                v.visit_some(self)
            }
        }
    }

    fn deserialize_unit<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        match self.token()? {
            Token::Nil => v.visit_unit(),
            t => Err(mismatch(t, "nil", self.at)),
        }
    }
    fn deserialize_unit_struct<V: Visitor<'de>>(self, _name: &'static str, v: V) -> Result<V::Value, Error> {
        match self.token()? {
            Token::Nil | Token::Array(0) => v.visit_unit(),
            t => Err(mismatch(t, "an empty array (a unit struct)", self.at)),
        }
    }
    fn deserialize_newtype_struct<V: Visitor<'de>>(self, _name: &'static str, v: V) -> Result<V::Value, Error> {
        v.visit_newtype_struct(self)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        match self.token()? {
            Token::Array(n) => self.seq(n, v),
            t => Err(mismatch(t, "an array", self.at)),
        }
    }
    fn deserialize_tuple<V: Visitor<'de>>(self, _len: usize, v: V) -> Result<V::Value, Error> {
        self.deserialize_seq(v)
    }
    fn deserialize_tuple_struct<V: Visitor<'de>>(self, _name: &'static str, _len: usize, v: V) -> Result<V::Value, Error> {
        self.deserialize_seq(v)
    }

    fn deserialize_map<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        match self.token()? {
            Token::Map(n) => self.map(n, v),
            t => Err(mismatch(t, "a map", self.at)),
        }
    }
    /// A struct is a map keyed by field name (`to_vec_named`); only that is read, so a
    /// struct's sequence visitor is never compiled.
    fn deserialize_struct<V: Visitor<'de>>(self, _name: &'static str, _fields: &'static [&'static str], v: V) -> Result<V::Value, Error> {
        match self.token()? {
            Token::Map(n) => self.map(n, v),
            t => Err(mismatch(t, "a map (a struct, fields by name)", self.at)),
        }
    }

    fn deserialize_enum<V: Visitor<'de>>(self, _name: &'static str, _variants: &'static [&'static str], v: V) -> Result<V::Value, Error> {
        match self.token()? {
            t @ Token::Str(_) => {
                self.peeked = Some(t);
                v.visit_enum(Variant { r: self, unit: true })
            }
            Token::Map(1) => v.visit_enum(Variant { r: self, unit: false }),
            t => Err(mismatch(t, "a variant (its name, or a map of one entry)", self.at)),
        }
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        self.skip()?;
        v.visit_unit()
    }
}

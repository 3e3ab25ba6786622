//! Share links: a whole design carried in a URL fragment, `…/#d=<payload>`. Browsers never
//! send the fragment to a server, so sharing a design by link keeps the promise that it never
//! leaves the browser (the receiving browser decodes it locally).
//!
//! The payload is URL-safe base64 (RFC 4648 §5, no padding) of
//!
//! ```text
//! [ link version: 1 byte ][ zlib stream (RFC 1950) of the compact design file ]
//! ```
//!
//! - The design file is exactly what [`file::save_compact`] writes, so the file format's
//!   versioning, migrations and validation apply to links too: [`decode`] goes through
//!   [`file::load`], and yields a whole, valid design or an error, never half a design.
//! - zlib (deflate plus an Adler-32 checksum) rather than raw deflate: a link damaged in
//!   copying is detected, not opened as a slightly different design.
//! - The link version byte lets a later release change the packing (say, a preset
//!   dictionary) while old links keep opening; a link from a newer release is refused with a
//!   message saying so.
//!
//! Compression is miniz_oxide's deflate (the pure-Rust engine behind flate2): about 4 to 5
//! times smaller than the compact JSON on the templates, for about 20 KB of wasm. lz4_flex is
//! smaller in code but its links are 1.7 times longer; brotli's are 15 % shorter but it
//! adds about 900 KB of wasm (its dictionary and encoder). Measured in issue 16's note.
//!
//! Pure: no I/O. The web app puts the link on the clipboard and reads `location.hash`; the
//! CLI (`cloudwright share`) makes and reads links too.

use crate::file::{self, ImportError, MAX_FILE_BYTES, SCHEMA_VERSION};
use crate::model::Design;
use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig};
use base64::engine::DecodePaddingMode;
use base64::Engine;
use std::fmt;

/// The packing [`encode`] writes (the payload's first byte). Version 1: zlib of the compact
/// design file.
pub const LINK_VERSION: u8 = 1;

/// The fragment key: a share link's fragment is `#d=<payload>`.
pub const FRAGMENT_KEY: &str = "d";

/// The longest payload [`encode`] makes and [`decode`] accepts, in characters: 65,536
/// (48 KB packed). Why this figure: it is far inside every current browser's URL limit
/// (Chromium's is 2 MB; Safari's, the tightest, is reported near 80,000 characters), and it
/// holds a 1,000-component design (`sample::synthetic(1000)`: 58,279 characters) while the
/// reference templates take 2,000 to 4,700. A larger design is shared as a file. Checked
/// before decoding, so a huge pasted text costs nothing.
pub const MAX_PAYLOAD_CHARS: usize = 65_536;

/// Why a design could not be made into a link, or a link could not be opened. `Display`
/// gives the sentence the user reads.
#[derive(Clone, Debug, PartialEq)]
pub enum ShareError {
    /// The design's link would be longer than [`MAX_PAYLOAD_CHARS`].
    DesignTooLarge { chars: usize, max: usize },
    /// The link's payload is longer than [`MAX_PAYLOAD_CHARS`].
    LinkTooLong { chars: usize, max: usize },
    /// Nothing after `#d=`.
    Empty,
    /// A character base64url never uses (`offset` counts characters of the payload).
    BadCharacter { offset: usize, character: char },
    /// The payload ends in the middle of a byte: cut short.
    Truncated,
    /// The packed bytes do not unpack (cut short, altered, or not a Cloudwright link).
    Damaged(String),
    /// The payload unpacks to more than [`MAX_FILE_BYTES`].
    UnpacksTooLarge { max: usize },
    /// Made by a newer release that packs links differently.
    NewerLink { version: u8 },
    /// The design inside is in a newer file format than this release reads.
    NewerFormat { version: u64 },
    /// The design inside does not pass the file format's checks.
    Design(ImportError),
}

impl fmt::Display for ShareError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ShareError::DesignTooLarge { chars, max } => write!(
                f,
                "this design is too large to share by link (its link would be {chars} characters; at most {max}). Export it as a file and share the file instead."
            ),
            ShareError::LinkTooLong { chars, max } => write!(
                f,
                "the link is too long to be a Cloudwright link ({chars} characters after \"#d=\"; at most {max}). Was something pasted onto it?"
            ),
            ShareError::Empty => write!(f, "the link holds no design (there is nothing after \"#d=\"). Ask for the link again."),
            ShareError::BadCharacter { offset, character } => write!(
                f,
                "the link is damaged: it contains {character:?} (at character {}) where a Cloudwright link only has letters, digits, \"-\" and \"_\". Was it changed when it was copied?",
                offset + 1
            ),
            ShareError::Truncated => write!(f, "the link is incomplete: it was cut short when it was copied. Ask for the link again."),
            ShareError::Damaged(why) => write!(
                f,
                "the link is damaged or incomplete: the design inside cannot be unpacked ({why}). Was it cut short or changed when it was copied? Ask for the link again."
            ),
            ShareError::UnpacksTooLarge { max } => {
                write!(f, "the link unpacks to more than {max} bytes, more than any design may be; it is not a Cloudwright link.")
            }
            ShareError::NewerLink { version } => write!(
                f,
                "this link was made by a newer version of Cloudwright (link version {version}; this version reads version {LINK_VERSION}). Reload the page to update Cloudwright, then open the link again."
            ),
            ShareError::NewerFormat { version } => write!(
                f,
                "this link holds a design saved by a newer version of Cloudwright (file format version {version}; this version reads versions 1 to {SCHEMA_VERSION}). Reload the page to update Cloudwright, then open the link again."
            ),
            ShareError::Design(e) => write!(f, "the design in the link has problems, so it was not opened:\n{e}"),
        }
    }
}

impl std::error::Error for ShareError {}

/// URL-safe alphabet, no padding written; padding tolerated on input (some chat apps add
/// it back).
const B64: GeneralPurpose = GeneralPurpose::new(
    &base64::alphabet::URL_SAFE,
    GeneralPurposeConfig::new().with_encode_padding(false).with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

/// zlib level 9: links are made rarely and must be short; the cost is milliseconds.
const LEVEL: u8 = 9;

/// The payload for `d` (the part after `#d=`), or [`ShareError::DesignTooLarge`].
/// Deterministic: the same design always gives the same payload.
pub fn encode(d: &Design) -> Result<String, ShareError> {
    let json = file::save_compact(d);
    let mut packed = Vec::with_capacity(json.len() / 4 + 8);
    packed.push(LINK_VERSION);
    packed.extend(miniz_oxide::deflate::compress_to_vec_zlib(json.as_bytes(), LEVEL));
    let payload = B64.encode(packed);
    if payload.len() > MAX_PAYLOAD_CHARS {
        return Err(ShareError::DesignTooLarge { chars: payload.len(), max: MAX_PAYLOAD_CHARS });
    }
    Ok(payload)
}

/// The whole link: `base` (the app's address; any fragment it has is dropped) + `#d=` + the
/// payload.
pub fn link(base: &str, d: &Design) -> Result<String, ShareError> {
    let base = base.split('#').next().unwrap_or(base);
    Ok(format!("{base}#{FRAGMENT_KEY}={}", encode(d)?))
}

/// The design in a payload (the part after `#d=`): a whole, valid design or the reason it
/// cannot be opened. Never panics, whatever the input; a payload over
/// [`MAX_PAYLOAD_CHARS`] is refused before any decoding.
pub fn decode(payload: &str) -> Result<Design, ShareError> {
    let chars = payload.chars().count();
    if chars > MAX_PAYLOAD_CHARS {
        return Err(ShareError::LinkTooLong { chars, max: MAX_PAYLOAD_CHARS });
    }
    let payload = payload.trim();
    if payload.is_empty() {
        return Err(ShareError::Empty);
    }
    let packed = B64.decode(payload).map_err(|e| base64_error(payload, e))?;
    let (&version, stream) = packed.split_first().ok_or(ShareError::Truncated)?;
    match version {
        LINK_VERSION => {}
        v if v > LINK_VERSION => return Err(ShareError::NewerLink { version: v }),
        v => return Err(ShareError::Damaged(format!("unknown link version {v}"))),
    }
    let json = miniz_oxide::inflate::decompress_to_vec_zlib_with_limit(stream, MAX_FILE_BYTES).map_err(|e| match e.status {
        miniz_oxide::inflate::TINFLStatus::HasMoreOutput => ShareError::UnpacksTooLarge { max: MAX_FILE_BYTES },
        miniz_oxide::inflate::TINFLStatus::FailedCannotMakeProgress => ShareError::Truncated,
        miniz_oxide::inflate::TINFLStatus::Adler32Mismatch => ShareError::Damaged("its checksum does not match".into()),
        _ => ShareError::Damaged("the packed data is not valid".into()),
    })?;
    let text = String::from_utf8(json).map_err(|_| ShareError::Damaged("it is not text".into()))?;
    if let Some(version) = declared_version(&text).filter(|v| *v > SCHEMA_VERSION as u64) {
        return Err(ShareError::NewerFormat { version });
    }
    file::load(&text).map_err(ShareError::Design)
}

/// The payload of a share link's fragment (`#d=…`, with or without the `#`, possibly among
/// other `&`-separated parameters), or None when the fragment is not a share link.
pub fn payload_of_fragment(fragment: &str) -> Option<&str> {
    let f = fragment.strip_prefix('#').unwrap_or(fragment);
    f.split('&').find_map(|part| part.strip_prefix(FRAGMENT_KEY)?.strip_prefix('='))
}

/// The `schema_version` a design file declares, when it declares a whole number.
fn declared_version(text: &str) -> Option<u64> {
    #[derive(serde::Deserialize)]
    struct Head {
        schema_version: Option<serde_json::Value>,
    }
    serde_json::from_str::<Head>(text).ok()?.schema_version?.as_u64()
}

fn base64_error(payload: &str, e: base64::DecodeError) -> ShareError {
    use base64::DecodeError as E;
    match e {
        E::InvalidByte(offset, _) => {
            // Everything before `offset` is base64url (ASCII), so the byte offset is also a
            // character offset; report the character (perhaps multi-byte) found there.
            let character = payload.get(offset..).and_then(|s| s.chars().next()).unwrap_or('?');
            ShareError::BadCharacter { offset, character }
        }
        // A last character with stray low bits, or a length no whole bytes give: cut short.
        E::InvalidLastSymbol(..) | E::InvalidLength(_) => ShareError::Truncated,
        E::InvalidPadding => ShareError::Damaged("its padding is wrong".into()),
    }
}

//! Share links: the editor's text, the lesson step and the simulator's position, packed into a
//! string that fits in a URL fragment.
//!
//! The format is `base64url(version byte ‖ raw deflate(JSON of the payload))`, without padding.
//! A link is untrusted input, so [`decode`] is bounded before it does any work: at most
//! [`MAX_ENCODED_LEN`] characters are read and inflation stops as soon as the output would pass
//! [`MAX_DECODED_LEN`] bytes (a "zip bomb" costs at most that much memory and a few
//! milliseconds). Every failure is a [`ShareError`] whose `Display` is the sentence to show.
//!
//! ```
//! use ordinal_core::share::{decode, encode, Payload};
//! let payload = Payload { yaml: "kind: Service\n".into(), ..Payload::default() };
//! let link = encode(&payload).unwrap();
//! assert_eq!(decode(&link).unwrap(), payload);
//! ```

use serde::{Deserialize, Serialize};
use std::fmt;

/// The format version written by [`encode`]. A link whose first byte is larger was made by a
/// newer release; fields that an older reader may ignore can be added without a new version.
pub const VERSION: u8 = 1;

/// The longest link text [`decode`] reads, in characters (64 KiB). Browsers accept longer
/// URLs, but a link is meant to be pasted into chat and mail.
pub const MAX_ENCODED_LEN: usize = 64 * 1024;

/// The most bytes a link may unpack to (1 MiB of JSON).
pub const MAX_DECODED_LEN: usize = 1024 * 1024;

/// What a link carries.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Payload {
    /// The editor's text.
    pub yaml: String,
    /// The lesson open, by id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lesson: Option<String>,
    /// The step of that lesson (0-based).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub step: Option<u32>,
    /// Where the simulator was.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sim: Option<SimPosition>,
    /// A lesson a teacher wrote, as its file's text (`lessons::load` reads it), when `lesson`
    /// names a lesson that is not built in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lesson_file: Option<String>,
    /// The "fix it" challenge open, by id (`lessons::challenge`): the link reopens it on the
    /// lab it carries rather than setting up its broken cluster again.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub challenge: Option<String>,
}

/// Enough to replay a simulation to the same place: the seed, the simulated time and the
/// inputs given so far (script lines, in order).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SimPosition {
    /// The simulation's seed.
    pub seed: u64,
    /// The simulated time, in milliseconds since the start.
    pub time_ms: u64,
    /// The inputs given, in order.
    #[serde(default)]
    pub inputs: Vec<String>,
}

/// Why a link could not be made or read. `Display` gives the sentence to show the user.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ShareError {
    /// The link text is longer than [`MAX_ENCODED_LEN`] (or, from [`encode`], would be).
    TooLong {
        /// Its length in characters.
        len: usize,
    },
    /// The link unpacks to more than [`MAX_DECODED_LEN`] bytes (or, from [`encode`], the
    /// payload is that large).
    TooLarge,
    /// The link is not one [`encode`] made: cut short, mistyped, or edited.
    Damaged(Damage),
    /// The link was made by a newer release (its format version is given).
    NewerVersion(u8),
}

/// What is wrong with a damaged link.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Damage {
    /// There is nothing after the link's `#`.
    Empty,
    /// A character that a link never contains, at this 0-based position.
    BadCharacter {
        /// The character.
        character: char,
        /// Its position, in characters.
        position: usize,
    },
    /// The length is impossible for base64 (one character too many or too few).
    BadLength,
    /// The compressed data is corrupt.
    Compression,
    /// The data unpacked but is not a payload (the detail says why).
    Content(String),
}

impl fmt::Display for ShareError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ShareError::TooLong { len } => write!(
                f,
                "this link is too long ({len} characters; a share link holds at most {MAX_ENCODED_LEN})"
            ),
            ShareError::TooLarge => {
                write!(f, "this link is too large: it unpacks to more than {} KiB", MAX_DECODED_LEN / 1024)
            }
            ShareError::Damaged(d) => write!(f, "this link is damaged ({d}); ask for the link again, or copy all of it"),
            ShareError::NewerVersion(v) => write!(
                f,
                "this link was made by a newer version of ordinal (link format {v}, this page reads {VERSION}); reload the page to update it"
            ),
        }
    }
}

impl fmt::Display for Damage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Damage::Empty => write!(f, "it is empty"),
            Damage::BadCharacter { character, position } => {
                write!(f, "unexpected character {character:?} at position {}", position + 1)
            }
            Damage::BadLength => write!(f, "it was cut short"),
            Damage::Compression => write!(f, "its compressed data is corrupt"),
            Damage::Content(why) => write!(f, "its content is not a shared editor state: {why}"),
        }
    }
}

impl std::error::Error for ShareError {}

/// Packs a payload into link text (URL-fragment safe: `A–Z a–z 0–9 - _`).
///
/// Fails with [`ShareError::TooLarge`] or [`ShareError::TooLong`] when the result could not be
/// decoded again, so a link that is handed out always opens.
pub fn encode(payload: &Payload) -> Result<String, ShareError> {
    let json = serde_json::to_vec(payload).map_err(|e| ShareError::Damaged(Damage::Content(e.to_string())))?;
    if json.len() > MAX_DECODED_LEN {
        return Err(ShareError::TooLarge);
    }
    let mut bytes = Vec::with_capacity(json.len() / 3 + 16);
    bytes.push(VERSION);
    bytes.extend(miniz_oxide::deflate::compress_to_vec(&json, 9));
    let text = base64url::encode(&bytes);
    if text.len() > MAX_ENCODED_LEN {
        return Err(ShareError::TooLong { len: text.len() });
    }
    Ok(text)
}

/// Reads link text made by [`encode`]. Bounded in memory and time whatever the input: see the
/// module docs. Leading and trailing whitespace (from copy and paste) is ignored.
pub fn decode(text: &str) -> Result<Payload, ShareError> {
    let text = text.trim();
    // `len` counts bytes; any non-ASCII character is rejected below anyway
    if text.len() > MAX_ENCODED_LEN {
        return Err(ShareError::TooLong { len: text.chars().count() });
    }
    if text.is_empty() {
        return Err(ShareError::Damaged(Damage::Empty));
    }
    let bytes = base64url::decode(text).map_err(ShareError::Damaged)?;
    let (&version, deflated) = bytes.split_first().ok_or(ShareError::Damaged(Damage::BadLength))?;
    if version > VERSION {
        return Err(ShareError::NewerVersion(version));
    }
    if version == 0 {
        return Err(ShareError::Damaged(Damage::Content("format version 0 does not exist".into())));
    }
    let json = match miniz_oxide::inflate::decompress_to_vec_with_limit(deflated, MAX_DECODED_LEN) {
        Ok(json) => json,
        Err(e) if e.status == miniz_oxide::inflate::TINFLStatus::HasMoreOutput => return Err(ShareError::TooLarge),
        Err(_) => return Err(ShareError::Damaged(Damage::Compression)),
    };
    serde_json::from_slice(&json).map_err(|e| ShareError::Damaged(Damage::Content(e.to_string())))
}

/// Standard base64 with padding (RFC 4648 §4), as a Secret's `data` holds it.
pub(crate) fn base64(bytes: &[u8]) -> String {
    let mut out = base64url::encode_with(bytes, b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/");
    while out.len() % 4 != 0 {
        out.push('=');
    }
    out
}

/// base64url without padding (RFC 4648 §5), the alphabet that needs no escaping in a URL.
mod base64url {
    use super::Damage;

    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

    pub fn encode(bytes: &[u8]) -> String {
        encode_with(bytes, ALPHABET)
    }

    /// base64 of `bytes` in `alphabet`, without padding.
    pub fn encode_with(bytes: &[u8], alphabet: &[u8; 64]) -> String {
        let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
        for chunk in bytes.chunks(3) {
            let b = [chunk[0], chunk.get(1).copied().unwrap_or(0), chunk.get(2).copied().unwrap_or(0)];
            let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
            for i in 0..=chunk.len() {
                out.push(alphabet[(n >> (18 - 6 * i) & 63) as usize] as char);
            }
        }
        out
    }

    fn value(c: u8) -> Option<u32> {
        Some(match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'-' => 62,
            b'_' => 63,
            _ => return None,
        } as u32)
    }

    pub fn decode(text: &str) -> Result<Vec<u8>, Damage> {
        if let Some((position, character)) = text.chars().enumerate().find(|(_, c)| !c.is_ascii() || value(*c as u8).is_none()) {
            return Err(Damage::BadCharacter { character, position });
        }
        let bytes = text.as_bytes();
        if bytes.len() % 4 == 1 {
            return Err(Damage::BadLength);
        }
        let mut out = Vec::with_capacity(bytes.len() / 4 * 3 + 2);
        for chunk in bytes.chunks(4) {
            let mut n = 0u32;
            for (i, &c) in chunk.iter().enumerate() {
                n |= value(c).expect("checked above") << (18 - 6 * i);
            }
            let [_, b0, b1, b2] = n.to_be_bytes();
            out.extend_from_slice(&[b0, b1, b2][..chunk.len() - 1]);
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn guide() -> Payload {
        Payload {
            yaml: crate::examples::GUIDE.to_owned(),
            lesson: Some("scale-down".into()),
            step: Some(3),
            sim: Some(SimPosition { seed: 7, time_ms: 93_500, inputs: vec!["scale sts/web --replicas=5".into(), "delete pod web-1".into()] }),
            lesson_file: None,
            challenge: None,
        }
    }

    #[test]
    fn a_link_carries_a_teachers_lesson_file() {
        let file = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/examples/lesson-scale-down.md")).unwrap();
        let p = Payload { lesson: Some("scale-down-keeps-claims".into()), step: Some(1), lesson_file: Some(file.clone()), ..guide() };
        let link = encode(&p).unwrap();
        let back = decode(&link).unwrap();
        assert_eq!(back, p);
        let lesson = crate::lessons::load("shared", back.lesson_file.as_deref().unwrap()).unwrap();
        assert_eq!(Some(lesson.id), back.lesson.as_deref());
        // a link without one reads as before
        assert_eq!(decode(&encode(&guide()).unwrap()).unwrap().lesson_file, None);
    }

    #[test]
    fn a_link_carries_a_challenge() {
        let p = Payload { lesson: None, step: None, challenge: Some("app-cannot-reach-db-1".into()), ..guide() };
        let back = decode(&encode(&p).unwrap()).unwrap();
        assert_eq!(back, p);
        // a link made before challenges travelled reads without one
        assert_eq!(decode(&encode(&guide()).unwrap()).unwrap().challenge, None);
    }

    /// Link text from raw bytes (a version byte and anything after it).
    fn raw(bytes: &[u8]) -> String {
        base64url::encode(bytes)
    }

    #[test]
    fn round_trips_the_guide_and_stays_short() {
        let p = guide();
        let link = encode(&p).unwrap();
        assert!(link.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'), "{link}");
        assert_eq!(decode(&link).unwrap(), p);
        // deflate more than makes up for base64's 4/3 and the JSON around the text
        assert!(link.len() < p.yaml.len() * 3 / 4, "{} characters for {} bytes of YAML", link.len(), p.yaml.len());
    }

    #[test]
    fn empty_optional_fields_are_left_out_and_read_back_as_none() {
        let p = Payload { yaml: String::new(), ..Payload::default() };
        assert_eq!(decode(&encode(&p).unwrap()).unwrap(), p);
        let json = miniz_oxide::inflate::decompress_to_vec(&base64url::decode(&encode(&p).unwrap()).unwrap()[1..]).unwrap();
        assert_eq!(String::from_utf8(json).unwrap(), r#"{"yaml":""}"#);
    }

    #[test]
    fn whitespace_around_a_pasted_link_is_ignored() {
        let link = encode(&guide()).unwrap();
        assert_eq!(decode(&format!("  {link}\n")).unwrap(), guide());
    }

    #[test]
    fn base64url_matches_rfc_4648_vectors() {
        // RFC 4648 §10, in the URL alphabet and without padding
        for (plain, coded) in [("", ""), ("f", "Zg"), ("fo", "Zm8"), ("foo", "Zm9v"), ("foob", "Zm9vYg"), ("fooba", "Zm9vYmE"), ("foobar", "Zm9vYmFy")] {
            assert_eq!(base64url::encode(plain.as_bytes()), coded);
            assert_eq!(base64url::decode(coded).unwrap(), plain.as_bytes());
        }
        assert_eq!(base64url::encode(&[0xfb, 0xff]), "-_8");
        assert_eq!(base64url::decode("-_8").unwrap(), [0xfb, 0xff]);
    }

    #[test]
    fn too_long_links_are_refused_before_any_work() {
        let text = "A".repeat(MAX_ENCODED_LEN + 1);
        let e = decode(&text).unwrap_err();
        assert_eq!(e, ShareError::TooLong { len: MAX_ENCODED_LEN + 1 });
        assert_eq!(e.to_string(), "this link is too long (65537 characters; a share link holds at most 65536)");
    }

    #[test]
    fn a_zip_bomb_stops_at_the_limit() {
        // 32 MiB of spaces deflate to about 32 KB (deflate peaks near 1:1000); refused after 1 MiB of output
        let json = format!(r#"{{"yaml":"{}"}}"#, " ".repeat(32 * 1024 * 1024));
        let mut bytes = vec![VERSION];
        bytes.extend(miniz_oxide::deflate::compress_to_vec(json.as_bytes(), 9));
        let link = raw(&bytes);
        assert!(link.len() <= MAX_ENCODED_LEN, "{}", link.len());
        assert_eq!(decode(&link).unwrap_err(), ShareError::TooLarge);
        assert_eq!(ShareError::TooLarge.to_string(), "this link is too large: it unpacks to more than 1024 KiB");
    }

    #[test]
    fn the_limits_hold_at_their_edges() {
        // a payload whose JSON is exactly MAX_DECODED_LEN bytes round-trips; one byte more does not encode
        let overhead = r#"{"yaml":""}"#.len();
        let mut p = Payload { yaml: "a".repeat(MAX_DECODED_LEN - overhead), ..Payload::default() };
        assert_eq!(decode(&encode(&p).unwrap()).unwrap(), p);
        p.yaml.push('a');
        assert_eq!(encode(&p).unwrap_err(), ShareError::TooLarge);
        // text that does not compress gives a link longer than the limit: refused when encoding
        let mut state = 1u64;
        let noise: String = (0..60_000)
            .map(|_| {
                state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                char::from(b'!' + ((state >> 33) % 90) as u8)
            })
            .collect();
        let e = encode(&Payload { yaml: noise, ..Payload::default() }).unwrap_err();
        assert!(matches!(e, ShareError::TooLong { len } if len > MAX_ENCODED_LEN), "{e:?}");
    }

    #[test]
    fn newer_versions_are_named() {
        let mut bytes = vec![VERSION + 1];
        bytes.extend(miniz_oxide::deflate::compress_to_vec(br#"{"yaml":"a: 1"}"#, 9));
        let e = decode(&raw(&bytes)).unwrap_err();
        assert_eq!(e, ShareError::NewerVersion(2));
        assert_eq!(
            e.to_string(),
            "this link was made by a newer version of ordinal (link format 2, this page reads 1); reload the page to update it"
        );
    }

    #[test]
    fn damaged_links_say_what_is_wrong() {
        let link = encode(&guide()).unwrap();
        let cases: Vec<(String, &str)> = vec![
            (String::new(), "this link is damaged (it is empty); ask for the link again, or copy all of it"),
            (format!("{}%20", &link[..10]), "this link is damaged (unexpected character '%' at position 11); ask for the link again, or copy all of it"),
            (format!("{}é", &link[..8]), "this link is damaged (unexpected character 'é' at position 9); ask for the link again, or copy all of it"),
            ("A".into(), "this link is damaged (it was cut short); ask for the link again, or copy all of it"),
            (link[..link.len() / 2].into(), "this link is damaged (its compressed data is corrupt); ask for the link again, or copy all of it"),
            (raw(&[0, 1, 2]), "this link is damaged (its content is not a shared editor state: format version 0 does not exist); ask for the link again, or copy all of it"),
        ];
        for (text, message) in cases {
            let e = decode(&text).unwrap_err();
            assert_eq!(e.to_string(), message, "{text:?}");
        }
        let mut bytes = vec![VERSION];
        bytes.extend(miniz_oxide::deflate::compress_to_vec(br#"{"lesson":"x"}"#, 9));
        assert_eq!(
            decode(&raw(&bytes)).unwrap_err().to_string(),
            "this link is damaged (its content is not a shared editor state: missing field `yaml` at line 1 column 14); ask for the link again, or copy all of it"
        );
    }

    fn payloads() -> impl Strategy<Value = Payload> {
        let sim = (any::<u64>(), any::<u64>(), proptest::collection::vec(".{0,40}", 0..6))
            .prop_map(|(seed, time_ms, inputs)| SimPosition { seed, time_ms, inputs });
        (".{0,400}", proptest::option::of("[a-z-]{1,20}"), proptest::option::of(any::<u32>()), proptest::option::of(sim))
            .prop_map(|(yaml, lesson, step, sim)| Payload { yaml, lesson, step, sim, ..Payload::default() })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]

        #[test]
        fn any_payload_round_trips(p in payloads()) {
            let link = encode(&p).unwrap();
            prop_assert_eq!(decode(&link).unwrap(), p);
        }

        #[test]
        fn any_text_decodes_or_fails_cleanly(text in ".{0,200}") {
            // never panics; an error always has a sentence
            if let Err(e) = decode(&text) {
                prop_assert!(e.to_string().starts_with("this link "));
            }
        }

        #[test]
        fn flipping_a_character_of_a_link_never_panics(p in payloads(), at in any::<prop::sample::Index>(), c in "[A-Za-z0-9_-]") {
            let mut link = encode(&p).unwrap().into_bytes();
            let i = at.index(link.len());
            link[i] = c.as_bytes()[0];
            let _ = decode(std::str::from_utf8(&link).unwrap());
        }
    }
}

//! `[]byte` fields (a Secret's `data`) as the API server's JSON decoder reads them: standard
//! base64 with padding (Go's `base64.StdEncoding`, which skips `\r` and `\n` and nothing else).

/// Where the server's decoder stops: `Some(byte)` is the offset it reports in
/// `illegal base64 data at input byte N`; `None` when the text decodes.
pub fn illegal_byte(text: &str) -> Option<usize> {
    // (offset in the input, byte) of the characters the decoder reads
    let body: Vec<(usize, u8)> = text.bytes().enumerate().filter(|&(_, b)| b != b'\r' && b != b'\n').collect();
    let alphabet = |b: u8| b.is_ascii_alphanumeric() || b == b'+' || b == b'/';
    for (q, quantum) in body.chunks(4).enumerate() {
        if quantum.len() < 4 {
            // the input ends inside a quantum
            return Some(quantum[0].0);
        }
        let padding = quantum.iter().rev().take_while(|&&(_, b)| b == b'=').count();
        if let Some(&(at, _)) = quantum[..4 - padding].iter().find(|&&(_, b)| !alphabet(b)) {
            return Some(at);
        }
        if padding > 2 {
            return Some(quantum[4 - padding].0);
        }
        if padding > 0 && (q + 1) * 4 < body.len() {
            // more data after the padding
            return Some(body[(q + 1) * 4].0);
        }
    }
    None
}

/// Standard base64 with padding (Go's `base64.StdEncoding.EncodeToString`), as kubectl writes
/// a Secret's `data` (`kubectl create secret generic --from-literal`).
pub fn encode(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [chunk[0], chunk.get(1).copied().unwrap_or(0), chunk.get(2).copied().unwrap_or(0)];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::illegal_byte;

    #[test]
    fn reads_what_go_reads() {
        assert_eq!(illegal_byte(""), None);
        assert_eq!(illegal_byte("ZGVtby1wYXNzd29yZA=="), None);
        assert_eq!(illegal_byte("YWJj"), None);
        assert_eq!(illegal_byte("YWI="), None);
        assert_eq!(illegal_byte("YWJj\r\nZGVm"), None);
        assert_eq!(illegal_byte("!!!notbase64"), Some(0));
        assert_eq!(illegal_byte("demo-password"), Some(4));
        assert_eq!(illegal_byte("YWJjZ"), Some(4));
        assert_eq!(illegal_byte("YWJj ZGVm"), Some(4));
        assert_eq!(illegal_byte("Y==="), Some(1));
        assert_eq!(illegal_byte("YW=j"), Some(2));
        assert_eq!(illegal_byte("YWI=YWJj"), Some(4));
    }

    #[test]
    fn encodes_as_go_does() {
        assert_eq!(super::encode(b""), "");
        assert_eq!(super::encode(b"f"), "Zg==");
        assert_eq!(super::encode(b"fo"), "Zm8=");
        assert_eq!(super::encode(b"foo"), "Zm9v");
        assert_eq!(super::encode(b"demo-password"), "ZGVtby1wYXNzd29yZA==");
        assert_eq!(super::illegal_byte(&super::encode(b"any bytes \xff")), None);
    }
}

/// Decodes standard base64 with padding (skipping `\r` and `\n`); `None` where the server's
/// decoder would refuse the text ([`illegal_byte`]).
pub fn decode(text: &str) -> Option<Vec<u8>> {
    if illegal_byte(text).is_some() {
        return None;
    }
    let value = |b: u8| match b {
        b'A'..=b'Z' => Some(b - b'A'),
        b'a'..=b'z' => Some(b - b'a' + 26),
        b'0'..=b'9' => Some(b - b'0' + 52),
        b'+' => Some(62),
        b'/' => Some(63),
        _ => None,
    };
    let body: Vec<u8> = text.bytes().filter(|&b| b != b'\r' && b != b'\n').collect();
    let mut out = Vec::with_capacity(body.len() / 4 * 3);
    for quantum in body.chunks(4) {
        let digits: Vec<u8> = quantum.iter().copied().filter(|&b| b != b'=').map(value).collect::<Option<_>>()?;
        let n = digits.iter().enumerate().fold(0u32, |n, (i, d)| n | (u32::from(*d) << (18 - 6 * i)));
        for i in 0..digits.len().saturating_sub(1) {
            out.push((n >> (16 - 8 * i) & 0xff) as u8);
        }
    }
    Some(out)
}

#[cfg(test)]
mod decode_tests {
    #[test]
    fn decodes_what_it_encodes() {
        for text in ["", "a", "ab", "abc", "demo-password", "ünïcode"] {
            assert_eq!(super::decode(&super::encode(text.as_bytes())).as_deref(), Some(text.as_bytes()));
        }
        assert_eq!(super::decode("ZGVtbw=="), Some(b"demo".to_vec()));
        assert_eq!(super::decode("ZGV*"), None);
    }
}

//! Resource quantities (`1Gi`, `500m`, `2`, `1e3`), read as the API server reads them.
//!
//! Grammar (k8s.io/apimachinery `resource.Quantity`): a signed decimal number followed by a
//! binary suffix (`Ki Mi Gi Ti Pi Ei`, powers of 1024), a decimal suffix (`m`, none, `k M G T P E`,
//! powers of 1000) or a decimal exponent (`e3`, `E-2`).

/// The unit part of a quantity.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Suffix {
    /// No suffix: plain units (bytes, or whole CPUs).
    None,
    /// A binary suffix and its power of 1024 (`Gi` → 3).
    Binary(&'static str, u32),
    /// A decimal suffix and its power of 10 (`m` → -3, `G` → 9).
    Decimal(&'static str, i32),
    /// An `e`/`E` exponent: power of 10.
    Exponent(i32),
}

/// A quantity that parsed.
#[derive(Clone, Debug, PartialEq)]
pub struct Quantity {
    /// The number as written (sign included).
    pub number: String,
    /// The unit.
    pub suffix: Suffix,
    /// The value in base units (bytes, or CPUs), as a float for display only.
    pub value: f64,
}

const BINARY: &[(&str, u32)] = &[("Ki", 1), ("Mi", 2), ("Gi", 3), ("Ti", 4), ("Pi", 5), ("Ei", 6)];
const DECIMAL: &[(&str, i32)] = &[("m", -3), ("k", 3), ("M", 6), ("G", 9), ("T", 12), ("P", 15), ("E", 18)];

/// Why a text is not a quantity.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QuantityError {
    /// A learner-facing explanation.
    pub message: String,
    /// The likely intended quantity, for common mistakes (`1GB` → `1G`, `1gi` → `1Gi`).
    pub suggestion: Option<String>,
}

impl std::fmt::Display for QuantityError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

/// Parses a quantity. The error explains the problem, with a suggestion when the mistake is a
/// common one (`1GB`, `1gi`, `1 Gi`).
pub fn parse(text: &str) -> Result<Quantity, QuantityError> {
    let split = text
        .char_indices()
        .find(|(i, c)| !(c.is_ascii_digit() || *c == '.' || ((*c == '+' || *c == '-') && *i == 0)))
        .map(|(i, _)| i)
        .unwrap_or(text.len());
    let (number, rest) = text.split_at(split);
    let digits = number.trim_start_matches(['+', '-']);
    let valid_number = !digits.is_empty() && digits != "." && digits.matches('.').count() <= 1;
    if !valid_number {
        return Err(QuantityError {
            message: format!("`{text}` is not a quantity: it must start with a number, like `1Gi` or `500m`"),
            suggestion: None,
        });
    }
    let base: f64 = digits.parse().unwrap_or(0.0) * if number.starts_with('-') { -1.0 } else { 1.0 };
    let suffix = if rest.is_empty() {
        Suffix::None
    } else if let Some((s, p)) = BINARY.iter().find(|(s, _)| *s == rest) {
        Suffix::Binary(s, *p)
    } else if let Some((s, p)) = DECIMAL.iter().find(|(s, _)| *s == rest) {
        Suffix::Decimal(s, *p)
    } else if let Some(exp) = rest.strip_prefix(['e', 'E']).and_then(|e| e.parse::<i32>().ok()) {
        Suffix::Exponent(exp)
    } else {
        return Err(explain_bad_suffix(text, number, rest));
    };
    let value = match suffix {
        Suffix::None => base,
        Suffix::Binary(_, p) => base * 1024f64.powi(p as i32),
        Suffix::Decimal(_, p) | Suffix::Exponent(p) => base * 10f64.powi(p),
    };
    Ok(Quantity { number: number.to_owned(), suffix, value })
}

fn explain_bad_suffix(text: &str, number: &str, rest: &str) -> QuantityError {
    let error = |message: String, suggestion: Option<String>| QuantityError { message, suggestion };
    let trimmed = rest.trim_start();
    if trimmed.len() != rest.len() {
        return error(
            format!("`{text}` is not a quantity: there must be no space between the number and the unit (`{number}{trimmed}`)"),
            Some(format!("{number}{trimmed}")),
        );
    }
    let without_b = rest.strip_suffix(['B', 'b']).filter(|s| !s.is_empty()).unwrap_or(rest);
    if let Some((s, _)) = BINARY.iter().find(|(s, _)| s.eq_ignore_ascii_case(without_b)) {
        return error(
            format!("`{text}` is not a quantity: units are case-sensitive and have no `B`; write `{number}{s}`"),
            Some(format!("{number}{s}")),
        );
    }
    let letter = without_b.to_ascii_uppercase();
    if let Some((s, _)) = DECIMAL.iter().find(|(s, _)| s.eq_ignore_ascii_case(&letter) && *s != "m") {
        let bin = BINARY.iter().find(|(b, _)| b.eq_ignore_ascii_case(&format!("{s}i"))).map(|(b, _)| *b).unwrap_or("Gi");
        return error(
            format!(
                "`{text}` is not a quantity: write `{number}{s}` (decimal, powers of 1000) or `{number}{bin}` (binary, powers of 1024); units have no `B` and are case-sensitive"
            ),
            Some(format!("{number}{s}")),
        );
    }
    error(
        format!("`{text}` is not a quantity: the unit `{rest}` is unknown (binary units: Ki Mi Gi Ti Pi Ei; decimal: m k M G T P E)"),
        None,
    )
}

/// Formats a byte count in the largest binary and decimal units, e.g. for `1Gi`:
/// "1,073,741,824 bytes".
pub fn bytes_text(value: f64) -> String {
    if value.fract() != 0.0 || value.abs() > 9.0e18 {
        return format!("{value} bytes");
    }
    let digits = format!("{}", value.abs() as u64);
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    format!("{}{out} bytes", if value < 0.0 { "-" } else { "" })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_units() {
        assert_eq!(parse("1Gi").unwrap().value, 1073741824.0);
        assert_eq!(parse("1G").unwrap().value, 1.0e9);
        assert_eq!(parse("500m").unwrap().value, 0.5);
        assert_eq!(parse("2").unwrap().suffix, Suffix::None);
        assert_eq!(parse("1e3").unwrap().value, 1000.0);
        assert_eq!(parse("1.5Gi").unwrap().value, 1.5 * 1073741824.0);
        assert_eq!(bytes_text(1073741824.0), "1,073,741,824 bytes");
    }

    #[test]
    fn explains_common_mistakes() {
        expect_test::expect!["`1GB` is not a quantity: write `1G` (decimal, powers of 1000) or `1Gi` (binary, powers of 1024); units have no `B` and are case-sensitive"]
            .assert_eq(&parse("1GB").unwrap_err().message);
        expect_test::expect!["`1gi` is not a quantity: units are case-sensitive and have no `B`; write `1Gi`"]
            .assert_eq(&parse("1gi").unwrap_err().message);
        expect_test::expect!["`1 Gi` is not a quantity: there must be no space between the number and the unit (`1Gi`)"]
            .assert_eq(&parse("1 Gi").unwrap_err().message);
        expect_test::expect!["`lots` is not a quantity: it must start with a number, like `1Gi` or `500m`"]
            .assert_eq(&parse("lots").unwrap_err().message);
        expect_test::expect!["`5GiB` is not a quantity: units are case-sensitive and have no `B`; write `5Gi`"]
            .assert_eq(&parse("5GiB").unwrap_err().message);
        expect_test::expect!["`10X` is not a quantity: the unit `X` is unknown (binary units: Ki Mi Gi Ti Pi Ei; decimal: m k M G T P E)"]
            .assert_eq(&parse("10X").unwrap_err().message);
    }

    #[test]
    fn suggests_the_likely_quantity() {
        assert_eq!(parse("1GB").unwrap_err().suggestion.as_deref(), Some("1G"));
        assert_eq!(parse("2gi").unwrap_err().suggestion.as_deref(), Some("2Gi"));
        assert_eq!(parse("1 Gi").unwrap_err().suggestion.as_deref(), Some("1Gi"));
        assert_eq!(parse("10X").unwrap_err().suggestion, None);
    }
}

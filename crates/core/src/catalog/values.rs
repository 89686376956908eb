//! Value explanations: which note applies to the value written at a field.

use super::{candidates, pattern_matches, values, ValueNote};
use crate::schema::quantity::{self, Suffix};
use crate::yaml::{Node, Path};

/// Which values a value explanation covers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ValueMatch {
    /// Exactly this text.
    Exact(&'static str),
    /// A quantity with a binary suffix (`Ki`, `Mi`, `Gi`, `Ti`, …).
    QuantityBinary,
    /// A quantity with a decimal suffix above one (`k`, `M`, `G`, `T`, …) or a plain number of bytes.
    QuantityDecimal,
    /// A CPU quantity in millicores (`500m`).
    CpuMillicores,
    /// A CPU quantity in whole or fractional cores (`2`, `0.5`).
    CpuCores,
    /// An image reference with a version tag (`postgres:13-alpine`).
    ImageTag,
    /// An image reference with the `latest` tag.
    ImageLatest,
    /// An image reference with no tag and no digest (`busybox`).
    ImageUntagged,
    /// An image reference pinned by digest (`postgres@sha256:…`).
    ImageDigest,
    /// The value of the environment variable of this name (`env[].value` beside
    /// `name: PGDATA`), whatever the value.
    EnvVar(&'static str),
}

impl ValueMatch {
    /// Parses a class name as content files write it (`quantity-binary`, …).
    pub fn parse_class(text: &str) -> Option<ValueMatch> {
        Some(match text {
            "quantity-binary" => ValueMatch::QuantityBinary,
            "quantity-decimal" => ValueMatch::QuantityDecimal,
            "cpu-millicores" => ValueMatch::CpuMillicores,
            "cpu-cores" => ValueMatch::CpuCores,
            "image-tag" => ValueMatch::ImageTag,
            "image-latest" => ValueMatch::ImageLatest,
            "image-untagged" => ValueMatch::ImageUntagged,
            "image-digest" => ValueMatch::ImageDigest,
            _ => return None,
        })
    }

    /// Whether `text` is covered (`env`: the variable's name, for an `env[].value`); for
    /// computed classes, the computed fact to prefix the summary.
    fn check(&self, text: &str, env: Option<&str>) -> Option<Option<String>> {
        match self {
            ValueMatch::Exact(v) => (*v == text).then_some(None),
            ValueMatch::EnvVar(name) => (env == Some(*name)).then_some(None),
            ValueMatch::QuantityBinary | ValueMatch::QuantityDecimal => {
                let q = quantity::parse(text).ok()?;
                let fits = match (self, q.suffix) {
                    (ValueMatch::QuantityBinary, Suffix::Binary(..)) => true,
                    (ValueMatch::QuantityDecimal, Suffix::Decimal(_, p)) => p > 0,
                    (ValueMatch::QuantityDecimal, Suffix::None | Suffix::Exponent(_)) => true,
                    _ => false,
                };
                fits.then(|| Some(format!("`{text}` is {}.", quantity::bytes_text(q.value))))
            }
            ValueMatch::CpuMillicores => {
                let q = quantity::parse(text).ok()?;
                matches!(q.suffix, Suffix::Decimal("m", _)).then(|| Some(format!("`{text}` is {} of a CPU core.", trim_float(q.value))))
            }
            ValueMatch::CpuCores => {
                let q = quantity::parse(text).ok()?;
                matches!(q.suffix, Suffix::None).then(|| {
                    Some(format!("`{text}` is {} CPU core{} ({}m).", trim_float(q.value), if q.value == 1.0 { "" } else { "s" }, trim_float(q.value * 1000.0)))
                })
            }
            ValueMatch::ImageTag | ValueMatch::ImageLatest | ValueMatch::ImageUntagged | ValueMatch::ImageDigest => {
                let image = ImageRef::parse(text);
                let class = match (&image.digest, image.tag.as_deref()) {
                    (Some(_), _) => ValueMatch::ImageDigest,
                    (None, Some("latest")) => ValueMatch::ImageLatest,
                    (None, Some(_)) => ValueMatch::ImageTag,
                    (None, None) => ValueMatch::ImageUntagged,
                };
                (class == *self).then(|| Some(image.describe()))
            }
        }
    }
}

fn trim_float(v: f64) -> String {
    let s = format!("{v:.3}");
    s.trim_end_matches('0').trim_end_matches('.').to_owned()
}

/// The parts of a container image reference.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct ImageRef {
    /// Registry and repository, e.g. `postgres` or `registry.k8s.io/pause`.
    pub name: String,
    /// The tag, if any.
    pub tag: Option<String>,
    /// The digest, if any.
    pub digest: Option<String>,
}

impl ImageRef {
    pub(crate) fn parse(text: &str) -> ImageRef {
        let (rest, digest) = match text.split_once('@') {
            Some((r, d)) => (r, Some(d.to_owned())),
            None => (text, None),
        };
        // a `:` after the last `/` starts the tag (a `:` before it is a registry port)
        let last_slash = rest.rfind('/').map(|i| i + 1).unwrap_or(0);
        match rest[last_slash..].rfind(':') {
            Some(i) => ImageRef {
                name: rest[..last_slash + i].to_owned(),
                tag: Some(rest[last_slash + i + 1..].to_owned()),
                digest,
            },
            None => ImageRef { name: rest.to_owned(), tag: None, digest },
        }
    }

    fn describe(&self) -> String {
        let mut s = format!("Image `{}`", self.name);
        match (&self.tag, &self.digest) {
            (Some(t), Some(d)) => s.push_str(&format!(", tag `{t}` (ignored: the digest `{d}` wins)")),
            (None, Some(d)) => s.push_str(&format!(", digest `{d}`")),
            (Some(t), None) => s.push_str(&format!(", tag `{t}`")),
            (None, None) => s.push_str(", no tag (Kubernetes pulls `latest`)"),
        }
        s.push('.');
        // what the simulated database runs for it (sim::postgres's data)
        if self.name == "postgres" || self.name.ends_with("/postgres") {
            let pg = crate::sim::postgres::PgImage::parse(&format!("{}:{}", self.name, self.tag.as_deref().unwrap_or("")));
            let floating = if pg.floating { format!(", the newest major on {}", crate::sim::postgres::CURRENT_MINORS_AS_OF) } else { String::new() };
            s.push_str(&format!(" In the simulator this image is PostgreSQL {}{floating}.", pg.version()));
        }
        s
    }
}

/// The value note for the value at `path` (a scalar, or the first explained item of a list of
/// scalars).
pub(crate) fn note(kind: &str, path: &Path, node: &Node, env: Option<&str>) -> Option<ValueNote> {
    if let Some(items) = node.items() {
        return items.iter().enumerate().find_map(|(i, item)| note(kind, &path.index(i), item, None));
    }
    let text = super::scalar_text(node)?;
    let places = candidates(kind, path.segments());
    values().iter().find_map(|v| {
        let applies = v.fields.iter().any(|(k, _, pat)| places.iter().any(|(pk, segs)| pk == k && pattern_matches(pat, segs)))
            || v.fields.iter().any(|(k, _, pat)| *k == kind && pattern_matches(pat, path.segments()));
        if !applies {
            return None;
        }
        let computed = v.matcher.check(text, env)?;
        Some(ValueNote {
            id: v.id.to_owned(),
            value: text.to_owned(),
            summary: match computed {
                Some(fact) => format!("{fact} {}", v.summary),
                None => v.summary.to_owned(),
            },
            explanation: v.explanation.to_owned(),
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn image_references() {
        assert_eq!(ImageRef::parse("postgres:13-alpine").tag.as_deref(), Some("13-alpine"));
        assert_eq!(ImageRef::parse("localhost:5000/app").tag, None);
        assert_eq!(ImageRef::parse("localhost:5000/app:1.2").name, "localhost:5000/app");
        assert!(ImageRef::parse("postgres@sha256:abc").digest.is_some());
        assert_eq!(ValueMatch::ImageLatest.check("nginx:latest", None), Some(Some("Image `nginx`, tag `latest`.".into())));
        assert_eq!(ValueMatch::ImageUntagged.check("busybox", None), Some(Some("Image `busybox`, no tag (Kubernetes pulls `latest`).".into())));
        assert_eq!(ValueMatch::ImageUntagged.check("postgres", None), Some(Some("Image `postgres`, no tag (Kubernetes pulls `latest`). In the simulator this image is PostgreSQL 18.1, the newest major on 2026-01-01.".into())));
        assert_eq!(ValueMatch::ImageTag.check("postgres:13.8-alpine", None), Some(Some("Image `postgres`, tag `13.8-alpine`. In the simulator this image is PostgreSQL 13.8.".into())));
        assert_eq!(ValueMatch::CpuMillicores.check("500m", None), Some(Some("`500m` is 0.5 of a CPU core.".into())));
        assert_eq!(ValueMatch::CpuCores.check("2", None), Some(Some("`2` is 2 CPU cores (2000m).".into())));
        assert_eq!(ValueMatch::QuantityBinary.check("1Gi", None), Some(Some("`1Gi` is 1,073,741,824 bytes.".into())));
        assert_eq!(ValueMatch::QuantityDecimal.check("1G", None), Some(Some("`1G` is 1,000,000,000 bytes.".into())));
        assert_eq!(ValueMatch::QuantityDecimal.check("1Gi", None), None);
    }
}

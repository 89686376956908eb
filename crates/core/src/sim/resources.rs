//! Resource requests and limits of pods, summed as the scheduler and kubectl sum them
//! (`k8s.io/component-helpers/resource :: PodRequests, PodLimits`).

use super::model::Pod;

/// A sum of resource quantities in thousandths of a unit (millicores, millibytes), printed in
/// the canonical form of `resource.Quantity.String()` in the format of the first value added
/// (`apimachinery/pkg/api/resource/quantity.go :: CanonicalizeBytes`): binary (`512Mi`) when
/// the amount is a whole multiple of 1024, else decimal (`250m`, `2`, `1500m`, `1G`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Amount {
    /// Thousandths of the unit.
    pub milli: i128,
    /// Whether the first value was written with a binary suffix (`Mi`), unknown when none was.
    pub binary: Option<bool>,
}

impl Amount {
    /// Adds a quantity as written (`250m`, `1Gi`); text that is not a quantity adds nothing.
    pub fn add(&mut self, text: &str) {
        let Ok(q) = crate::schema::quantity::parse(text) else { return };
        self.binary.get_or_insert(matches!(q.suffix, crate::schema::quantity::Suffix::Binary(..)));
        self.milli += (q.value * 1000.0).round() as i128;
    }

    /// The larger.
    pub fn max(self, other: Amount) -> Amount {
        if other.milli > self.milli { other } else { self }
    }

    /// As `resource.Quantity.String()` prints it.
    pub fn canonical(&self) -> String {
        let m = self.milli;
        if m == 0 {
            return "0".to_owned();
        }
        if m % 1000 != 0 {
            return format!("{m}m");
        }
        let v = m / 1000;
        if self.binary == Some(true) && v % 1024 == 0 {
            let mut n = v;
            let mut i = 0;
            while n % 1024 == 0 && i < 6 {
                n /= 1024;
                i += 1;
            }
            return format!("{n}{}", ["", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"][i]);
        }
        let mut n = v;
        let mut i = 0;
        while n % 1000 == 0 && i < 6 {
            n /= 1000;
            i += 1;
        }
        format!("{n}{}", ["", "k", "M", "G", "T", "P", "E"][i])
    }

    /// `int64(float64(x) / float64(of) * 100)`.
    /// Adds another sum.
    pub fn plus(&mut self, other: Amount) {
        self.milli += other.milli;
        if self.binary.is_none() {
            self.binary = other.binary;
        }
    }

    /// Percent of `of` (in the same thousandths), truncated as kubectl truncates it.
    pub fn percent_of(&self, of: i128) -> i64 {
        if of == 0 {
            0
        } else {
            (self.milli as f64 / of as f64 * 100.0) as i64
        }
    }
}

/// A pod's requests and limits of one resource (`resourcehelper.PodRequestsAndLimits`): the
/// larger of its containers' sum and its largest init container.
pub fn pod_amounts(p: &Pod, resource: &str) -> (Amount, Amount) {
    let of = |c: &k8s_openapi::api::core::v1::Container, limits: bool| {
        let mut a = Amount::default();
        let r = c.resources.as_ref();
        let map = if limits { r.and_then(|r| r.limits.as_ref()) } else { r.and_then(|r| r.requests.as_ref()) };
        // an unset request defaults to the limit (API defaulting)
        let map = if !limits && map.is_none_or(|m| !m.contains_key(resource)) { r.and_then(|r| r.limits.as_ref()) } else { map };
        if let Some(q) = map.and_then(|m| m.get(resource)) {
            a.add(&q.0);
        }
        a
    };
    let sum = |limits: bool| {
        let mut total = Amount::default();
        for c in &p.spec.containers {
            total.plus(of(c, limits));
        }
        p.spec.init_containers.iter().flatten().fold(total, |t, c| t.max(of(c, limits)))
    };
    (sum(false), sum(true))
}


/// A pod's effective CPU (millicores) and memory (bytes) requests, as the scheduler's
/// `NodeResourcesFit` filter counts them.
pub fn pod_requests(p: &Pod) -> (i128, i128) {
    (pod_amounts(p, "cpu").0.milli, pod_amounts(p, "memory").0.milli / 1000)
}

#[cfg(test)]
mod tests {
    use super::Amount;

    fn sum(items: &[&str]) -> String {
        let mut a = Amount::default();
        for i in items {
            a.add(i);
        }
        a.canonical()
    }

    /// `resource.Quantity.String()` after `Add`, in the first operand's format.
    #[test]
    fn sums_print_as_quantities_do() {
        assert_eq!(sum(&[]), "0");
        assert_eq!(sum(&["250m", "250m"]), "500m");
        assert_eq!(sum(&["500m", "500m"]), "1");
        assert_eq!(sum(&["1500m"]), "1500m");
        assert_eq!(sum(&["2000"]), "2k");
        assert_eq!(sum(&["256Mi", "256Mi"]), "512Mi");
        assert_eq!(sum(&["1Gi", "1024Mi"]), "2Gi");
        assert_eq!(sum(&["1G"]), "1G");
        assert_eq!(sum(&["100Mi", "1"]), "104857601");
        assert_eq!(Amount { milli: 500, binary: None }.percent_of(4000), 12);
    }
}

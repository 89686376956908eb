//! Name and value checks from `k8s.io/apimachinery/pkg/util/validation`, with the server's
//! exact messages. Each returns the list of messages (empty when the value is valid).

/// The longest DNS-1123 label (and DNS-1035 label), in characters.
pub const DNS1123_LABEL_MAX_LEN: usize = 63;
/// The longest DNS-1123 subdomain, in characters.
pub const DNS1123_SUBDOMAIN_MAX_LEN: usize = 253;
/// The longest label value, in characters.
pub const LABEL_VALUE_MAX_LEN: usize = 63;

const DNS1123_LABEL_MSG: &str = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
const DNS1123_SUBDOMAIN_MSG: &str = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const DNS1035_LABEL_MSG: &str = "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";
const QUALIFIED_NAME_PART_MSG: &str = "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
const QUALIFIED_NAME_MSG: &str = "a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')";
const LABEL_VALUE_MSG: &str = "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";
const PERCENT_MSG: &str = "a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')";
const ENV_VAR_MSG: &str = "a valid environment variable name must consist only of printable ASCII characters other than '='";

fn max_len_msg(n: usize) -> String {
    format!("must be no more than {n} characters")
}

fn is_lower_alnum(c: char) -> bool {
    c.is_ascii_lowercase() || c.is_ascii_digit()
}

fn is_alnum(c: char) -> bool {
    c.is_ascii_alphanumeric()
}

/// `[a-z0-9]([-a-z0-9]*[a-z0-9])?`
fn matches_dns1123_label(s: &str) -> bool {
    let first = s.chars().next();
    let last = s.chars().last();
    matches!(first, Some(c) if is_lower_alnum(c))
        && matches!(last, Some(c) if is_lower_alnum(c))
        && s.chars().all(|c| is_lower_alnum(c) || c == '-')
}

/// `IsDNS1123Label`: at most 63 characters of `[a-z0-9-]`, starting and ending alphanumeric.
pub fn is_dns1123_label(value: &str) -> Vec<String> {
    let mut errs = Vec::new();
    if value.chars().count() > DNS1123_LABEL_MAX_LEN {
        errs.push(max_len_msg(DNS1123_LABEL_MAX_LEN));
    }
    if !matches_dns1123_label(value) {
        errs.push(DNS1123_LABEL_MSG.to_owned());
    }
    errs
}

/// `IsDNS1123Subdomain`: dot-separated DNS-1123 labels, at most 253 characters.
pub fn is_dns1123_subdomain(value: &str) -> Vec<String> {
    let mut errs = Vec::new();
    if value.chars().count() > DNS1123_SUBDOMAIN_MAX_LEN {
        errs.push(max_len_msg(DNS1123_SUBDOMAIN_MAX_LEN));
    }
    if !value.split('.').all(matches_dns1123_label) {
        errs.push(DNS1123_SUBDOMAIN_MSG.to_owned());
    }
    errs
}

/// `IsDNS1035Label`: like a DNS-1123 label, but must start with a letter.
pub fn is_dns1035_label(value: &str) -> Vec<String> {
    let mut errs = Vec::new();
    if value.chars().count() > DNS1123_LABEL_MAX_LEN {
        errs.push(max_len_msg(DNS1123_LABEL_MAX_LEN));
    }
    let starts_with_letter = value.chars().next().is_some_and(|c| c.is_ascii_lowercase());
    if !starts_with_letter || !matches_dns1123_label(value) {
        errs.push(DNS1035_LABEL_MSG.to_owned());
    }
    errs
}

/// `([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]`
fn matches_qualified_part(s: &str) -> bool {
    let first = s.chars().next();
    let last = s.chars().last();
    matches!(first, Some(c) if is_alnum(c))
        && matches!(last, Some(c) if is_alnum(c))
        && s.chars().all(|c| is_alnum(c) || c == '-' || c == '_' || c == '.')
}

/// `IsQualifiedName`: a label or annotation key, `[prefix/]name`.
pub fn is_qualified_name(value: &str) -> Vec<String> {
    let mut errs = Vec::new();
    let parts: Vec<&str> = value.split('/').collect();
    let name = match parts.as_slice() {
        [name] => *name,
        [prefix, name] => {
            if prefix.is_empty() {
                errs.push("prefix part must be non-empty".to_owned());
            } else {
                errs.extend(is_dns1123_subdomain(prefix).into_iter().map(|m| format!("prefix part {m}")));
            }
            name
        }
        _ => {
            errs.push(QUALIFIED_NAME_MSG.to_owned());
            return errs;
        }
    };
    if name.is_empty() {
        errs.push("name part must be non-empty".to_owned());
    } else if name.chars().count() > 63 {
        errs.push(format!("name part {}", max_len_msg(63)));
    }
    if !name.is_empty() && !matches_qualified_part(name) {
        errs.push(QUALIFIED_NAME_PART_MSG.to_owned());
    }
    errs
}

/// `IsValidLabelValue`: empty, or at most 63 characters of `[A-Za-z0-9-_.]` starting and
/// ending alphanumeric.
pub fn is_valid_label_value(value: &str) -> Vec<String> {
    let mut errs = Vec::new();
    if value.chars().count() > LABEL_VALUE_MAX_LEN {
        errs.push(max_len_msg(LABEL_VALUE_MAX_LEN));
    }
    if !value.is_empty() && !matches_qualified_part(value) {
        errs.push(LABEL_VALUE_MSG.to_owned());
    }
    errs
}

/// `IsValidPortName` (an IANA_SVC_NAME): at most 15 characters of `[a-z0-9-]`, at least one
/// letter, no `--`, not starting or ending with `-`.
pub fn is_valid_port_name(port: &str) -> Vec<String> {
    let mut errs = Vec::new();
    if port.chars().count() > 15 {
        errs.push(max_len_msg(15));
    }
    if !port.chars().all(|c| is_lower_alnum(c) || c == '-') {
        errs.push("must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)".to_owned());
    }
    if !port.chars().any(|c| c.is_ascii_lowercase()) {
        errs.push("must contain at least one letter (a-z)".to_owned());
    }
    if port.contains("--") {
        errs.push("must not contain consecutive hyphens".to_owned());
    }
    if port.starts_with('-') || port.ends_with('-') {
        errs.push("must not begin or end with a hyphen".to_owned());
    }
    errs
}

/// `IsValidPortNum`: 1 to 65535.
pub fn is_valid_port_num(port: i64) -> Vec<String> {
    if (1..=65535).contains(&port) {
        Vec::new()
    } else {
        vec!["must be between 1 and 65535, inclusive".to_owned()]
    }
}

/// `IsValidPercent`: `[0-9]+%`.
pub fn is_valid_percent(value: &str) -> Vec<String> {
    let digits = value.strip_suffix('%');
    match digits {
        Some(d) if !d.is_empty() && d.chars().all(|c| c.is_ascii_digit()) => Vec::new(),
        _ => vec![PERCENT_MSG.to_owned()],
    }
}

/// `IsEnvVarName` (relaxed rules, GA in v1.34): printable ASCII other than `=`.
pub fn is_env_var_name(value: &str) -> Vec<String> {
    if !value.is_empty() && value.chars().all(|c| (' '..='~').contains(&c) && c != '=') {
        Vec::new()
    } else {
        vec![ENV_VAR_MSG.to_owned()]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dns_labels() {
        assert!(is_dns1123_label("web").is_empty());
        assert!(is_dns1123_label("123-abc").is_empty());
        assert_eq!(is_dns1123_label("Web"), vec![DNS1123_LABEL_MSG.to_owned()]);
        assert_eq!(is_dns1123_label("web."), vec![DNS1123_LABEL_MSG.to_owned()]);
        assert_eq!(is_dns1123_label(&"a".repeat(64)), vec![max_len_msg(63)]);
        assert!(is_dns1123_label("").len() == 1);
        assert!(is_dns1035_label("nginx").is_empty());
        assert_eq!(is_dns1035_label("1nginx"), vec![DNS1035_LABEL_MSG.to_owned()]);
        assert!(is_dns1123_subdomain("a.b-c.d").is_empty());
        assert_eq!(is_dns1123_subdomain("a..b").len(), 1);
    }

    #[test]
    fn qualified_names_and_label_values() {
        assert!(is_qualified_name("app").is_empty());
        assert!(is_qualified_name("app.kubernetes.io/name").is_empty());
        assert_eq!(is_qualified_name("a/b/c"), vec![QUALIFIED_NAME_MSG.to_owned()]);
        assert_eq!(is_qualified_name("/x"), vec!["prefix part must be non-empty".to_owned()]);
        assert_eq!(is_qualified_name("-x"), vec![QUALIFIED_NAME_PART_MSG.to_owned()]);
        assert!(is_valid_label_value("").is_empty());
        assert!(is_valid_label_value("my_value.1").is_empty());
        assert_eq!(is_valid_label_value("a b"), vec![LABEL_VALUE_MSG.to_owned()]);
        assert_eq!(is_valid_label_value(&"x".repeat(64)), vec![max_len_msg(63)]);
    }

    #[test]
    fn ports_percent_env() {
        assert!(is_valid_port_name("web").is_empty());
        assert!(is_valid_port_name("http-metrics").is_empty());
        assert_eq!(is_valid_port_name("8080"), vec!["must contain at least one letter (a-z)".to_owned()]);
        assert_eq!(is_valid_port_name("a--b"), vec!["must not contain consecutive hyphens".to_owned()]);
        assert_eq!(is_valid_port_name("http-web-server-x").first().map(String::as_str), Some("must be no more than 15 characters"));
        assert!(is_valid_port_num(80).is_empty());
        assert_eq!(is_valid_port_num(70000).len(), 1);
        assert!(is_valid_percent("25%").is_empty());
        assert_eq!(is_valid_percent("25").len(), 1);
        assert!(is_env_var_name("PGDATA").is_empty());
        assert_eq!(is_env_var_name("A=B").len(), 1);
    }
}

//! Input generation for the fuzz targets: a seeded PRNG and structure-aware mutations of seed
//! texts. Standard library only, so that `crates/core/tests/fuzz_regressions.rs` can include
//! this file and run the same generator under proptest.

/// SplitMix64: small, fast, and the same sequence on every platform.
#[derive(Clone, Debug)]
pub struct Rng(u64);

impl Rng {
    /// A generator for `seed`.
    pub fn new(seed: u64) -> Rng {
        Rng(seed ^ 0x6a09_e667_f3bc_c908)
    }

    /// The generator of input number `index` of a run seeded with `seed`, so that any one
    /// input can be made again without the ones before it.
    pub fn for_input(seed: u64, index: u64) -> Rng {
        let mut r = Rng::new(seed.wrapping_add(index.wrapping_mul(0x9e37_79b9_7f4a_7c15)));
        r.next_u64();
        r
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (0 when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next_u64() % n as u64) as usize
        }
    }

    /// True with probability `1 / n`.
    pub fn one_in(&mut self, n: usize) -> bool {
        self.below(n) == 0
    }

    /// A random element (`None` for an empty slice).
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> Option<&'a T> {
        if items.is_empty() {
            None
        } else {
            Some(&items[self.below(items.len())])
        }
    }

    /// A count that is usually small and sometimes large: 1..=8 mostly, up to `max` rarely.
    pub fn count(&mut self, max: usize) -> usize {
        match self.below(10) {
            0 => 1 + self.below(max.max(1)),
            1..=3 => 1 + self.below(64.min(max.max(1))),
            _ => 1 + self.below(8.min(max.max(1))),
        }
    }
}

/// What kind of text the target reads: the mutations and dictionaries differ.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Flavor {
    /// YAML manifests.
    Yaml,
    /// `ordinal simulate` scripts.
    Script,
}

/// YAML syntax that changes how the text around it parses.
const SYNTAX: &[&str] = &[
    ":", ": ", "-", "- ", "? ", "[", "]", "{", "}", ",", "#", " #", "&a ", "*a", "&b ", "*b", "!", "!!str ", "!!map", "!!binary ",
    "!<tag:x>", "|", "|-", "|+", ">", ">-", "|2", "'", "\"", "%YAML 1.2\n", "%TAG ! tag:x,2000:\n", "@", "`", "---", "---\n", "...",
    "...\n", "<<: ", "<<: *a", "~", "\t", "\n", "\r\n", "\r", " ", "  ", "\\", "\\u0000", "\\x", "\"\\", "'''", "- - - ", "? - ",
    ": - ", "{a: ", "[a, ", "&a [*a]", "*a *a *a",
];

/// Characters that parsers and renderers trip on.
const ODD_CHARS: &[char] = &[
    '\0', '\u{1}', '\u{7}', '\u{8}', '\u{b}', '\u{c}', '\u{1b}', '\u{7f}', '\u{85}', '\u{a0}', '\u{ad}', '\u{200b}', '\u{200e}', '\u{202e}',
    '\u{2028}', '\u{2029}', '\u{feff}', '\u{fffd}', '\u{fffe}', '\u{ffff}', 'é', 'ß', 'İ', '\u{301}', '中', '𝕏', '😀', '\u{e0001}',
    '\u{10ffff}', '<', '>', '&', '%',
];

/// Numbers and number-like scalars at the edges.
const NUMBERS: &[&str] = &[
    "0", "-0", "-1", "1", "2147483647", "2147483648", "-2147483649", "4294967296", "9223372036854775807", "9223372036854775808",
    "-9223372036854775809", "18446744073709551616", "99999999999999999999999999999999999999", "1e308", "1e309", "-1e400",
    "4.9e-324", "0.1e-400", ".inf", "-.inf", ".nan", "NaN", "0x7fffffffffffffff", "0xffffffffffffffffff", "0o777", "0777", "0b101",
    "1_000", "+1", "1.", "1e", "0.5", "3Gi", "1Ei", "9999999Ei", "1e3", "1m", "100Mi", "0.5Gi", "-1Gi", "1.5", "12345678901234567890Gi",
];

/// Keys and values from Kubernetes manifests, so mutations reach the checks behind the parser.
const K8S_WORDS: &[&str] = &[
    "apiVersion: apps/v1", "apiVersion: v1", "apiVersion: policy/v1", "kind: StatefulSet", "kind: Service", "kind: Pod",
    "kind: PersistentVolumeClaim", "kind: PodDisruptionBudget", "kind: Deployment", "kind: List", "metadata:", "name: web",
    "namespace: default", "labels:", "app: nginx", "spec:", "replicas: ", "serviceName: nginx", "clusterIP: None", "selector:",
    "matchLabels:", "matchExpressions:", "template:", "containers:", "- name: nginx", "image: nginx:latest", "ports:",
    "containerPort: ", "volumeMounts:", "mountPath: /data", "volumeClaimTemplates:", "accessModes: [ReadWriteOnce]",
    "resources:", "requests:", "limits:", "storage: ", "cpu: ", "memory: ", "podManagementPolicy: Parallel",
    "updateStrategy:", "type: RollingUpdate", "rollingUpdate:", "partition: ", "maxUnavailable: ", "minReadySeconds: ",
    "persistentVolumeClaimRetentionPolicy:", "whenScaled: Delete", "whenDeleted: Retain", "ordinals:", "start: ",
    "readinessProbe:", "livenessProbe:", "httpGet:", "port: ", "tcpSocket:", "env:", "value: ", "valueFrom:", "affinity:",
    "podAntiAffinity:", "topologyKey: kubernetes.io/hostname", "storageClassName: ", "minAvailable: ", "items:",
    "securityContext:", "privileged: true", "hostPort: ", "revisionHistoryLimit: ", "targetPort: ", "protocol: UDP",
];

/// Script commands (`ordinal simulate --script`).
const SCRIPT_WORDS: &[&str] = &[
    "kubectl apply -f guide.yaml", "kubectl apply -f guide.yaml -n other", "kubectl scale statefulset web --replicas=",
    "kubectl scale sts/web --replicas=0", "kubectl delete pod web-0", "kubectl delete pod web-1 --grace-period=0",
    "kubectl delete statefulset web", "kubectl delete sts web --cascade=orphan", "kubectl delete pvc www-web-0",
    "kubectl delete service nginx", "kubectl get pods", "kubectl get pods -w", "kubectl get sts -o wide", "kubectl get pvc",
    "kubectl get all", "kubectl get pods -o yaml", "kubectl get pods -o json", "kubectl get endpointslices",
    "kubectl describe pod web-0", "kubectl describe sts web", "kubectl rollout status sts/web", "kubectl rollout undo sts/web",
    "kubectl rollout history sts/web", "kubectl rollout restart sts/web",
    "kubectl patch sts web -p '{\"spec\":{\"replicas\":5}}'", "kubectl patch sts web --type=json -p '[]'",
    "kubectl set image sts/web nginx=nginx:1.27", "kubectl label pod web-0 app=other --overwrite", "kubectl cordon node-1",
    "kubectl drain node-1", "kubectl uncordon node-1", "kubectl create namespace other", "kubectl exec web-0 -- hostname",
    "advance 30s", "advance 1h", "advance 0s", "advance 999999h", "start web-0", "ready web-0", "unready web-1", "imgfail web-2",
    "crash web-0", "evict web-1", "finish web-0", "gc-hold", "gc-release", "nslookup web-0.nginx", "nslookup nginx",
    "dig SRV _web._tcp.nginx.default.svc.cluster.local", "dig +short A nginx.default.svc.cluster.local", "dig web-0.nginx",
    // node faults and the disruption vocabulary (scenarios-disruptions.md)
    "node-down node-2", "node-up node-2", "node-down node-of:web-0", "node-up node-of-at-start:web-1", "node-down node-9",
    "kubectl taint nodes node-1 node.kubernetes.io/out-of-service=nodeshutdown:NoExecute",
    "kubectl taint node node-1 node.kubernetes.io/out-of-service-", "kubectl taint nodes node-2 k=v:NoSchedule --overwrite",
    // Secrets the kubelet resolves (issue 15)
    "kubectl create secret generic postgres-secret --from-literal=password=demo", "kubectl create secret generic s --from-literal==x",
    "kubectl create secret tls s", "kubectl create secret generic", "kubectl get secret postgres-secret -o yaml",
    "kubectl delete node node-3", "kubectl get nodes -o wide", "kubectl describe node node-1", "kubectl get pdb", "kubectl describe pdb web",
    "kubectl get volumeattachments", "kubectl drain node-2 --ignore-daemonsets --timeout=30s --grace-period=0 --force",
    "kubectl delete pod web-1 --grace-period=0 --force", "kubectl apply -f guide.yaml --validate=warn",
    "-n", "--namespace=", "-o", "--replicas=", "-w", "--", "'", "\"", "\\", "#",
];

/// A value for a key, as a mutation puts it after `: `.
const VALUES: &[&str] = &[
    "", "''", "\"\"", "null", "~", "true", "yes", "on", "off", "y", "[]", "{}", "[a]", "{a: b}", "web", "web-0", "Web_0", "a.b",
    "-", "--", "*", "&", "!", "1Gi", "0644", "0o644", "\"1\"", "'1'", "|\n  text", ">\n  folded", "a: b: c", "a,b", "{{ .Values.x }}",
];

fn char_boundary_at_or_before(text: &str, mut i: usize) -> usize {
    i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn random_position(rng: &mut Rng, text: &str) -> usize {
    char_boundary_at_or_before(text, rng.below(text.len() + 1))
}

/// The byte ranges of the lines of `text` (each with its line break).
fn line_ranges(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    for line in text.split_inclusive('\n') {
        out.push((start, start + line.len()));
        start += line.len();
    }
    if out.is_empty() {
        out.push((0, 0));
    }
    out
}

fn random_line(rng: &mut Rng, text: &str) -> (usize, usize) {
    let lines = line_ranges(text);
    lines[rng.below(lines.len())]
}

/// A deeply nested fragment (flow or block, sequences or mappings, or aliases nested).
fn deep_fragment(rng: &mut Rng) -> String {
    let depth = match rng.below(4) {
        0 => 250 + rng.below(20),
        1 => 1 + rng.below(300),
        2 => 1_000 + rng.below(10_000),
        _ => 1 + rng.below(40),
    };
    match rng.below(7) {
        0 => format!("{}{}", "[".repeat(depth), "]".repeat(depth)),
        1 => format!("{}x{}", "{a: ".repeat(depth), "}".repeat(depth)),
        2 => (0..depth).map(|i| format!("{}k{i}:\n", " ".repeat(i))).collect(),
        3 => (0..depth).map(|i| format!("{}- \n", "  ".repeat(i))).collect::<String>() + &"  ".repeat(depth) + "x\n",
        4 => "- ".repeat(depth) + "x\n",
        5 => {
            // an alias chain: each level refers to the one before twice
            let levels = 1 + rng.below(40);
            let mut out = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n".to_owned();
            for i in 1..levels {
                out.push_str(&format!("a{i}: &a{i} [*a{}, *a{}, *a{}, *a{}]\n", i - 1, i - 1, i - 1, i - 1));
            }
            out
        }
        _ => {
            // nesting that aliases carry further: each anchor holds the one before, deeper
            let levels = 1 + rng.below(30);
            let inner = 1 + rng.below(255);
            let mut out = format!("n0: &n0 {}x{}\n", "[".repeat(inner), "]".repeat(inner));
            for i in 1..levels {
                out.push_str(&format!("n{i}: &n{i} {}*n{}{}\n", "[".repeat(inner), i - 1, "]".repeat(inner)));
            }
            out
        }
    }
}

/// Applies one random mutation to `text`; `seeds` provide material for splicing.
pub fn mutate_once(rng: &mut Rng, text: &mut String, seeds: &[String], flavor: Flavor) {
    let words = match flavor {
        Flavor::Yaml => K8S_WORDS,
        Flavor::Script => SCRIPT_WORDS,
    };
    match rng.below(20) {
        // flip a bit of a byte (the result is made valid UTF-8 again)
        0 => {
            if !text.is_empty() {
                let mut bytes = std::mem::take(text).into_bytes();
                let i = rng.below(bytes.len());
                bytes[i] ^= 1 << rng.below(8);
                *text = String::from_utf8_lossy(&bytes).into_owned();
            }
        }
        // duplicate a line, sometimes many times
        1 => {
            let (s, e) = random_line(rng, text);
            let n = rng.count(2_000);
            let line = text[s..e].to_owned();
            let line = if line.ends_with('\n') { line } else { line + "\n" };
            text.insert_str(s, &line.repeat(n));
        }
        // delete a few lines
        2 => {
            let (s, _) = random_line(rng, text);
            let lines = line_ranges(&text[s..]);
            let n = rng.count(lines.len()).min(lines.len());
            let e = s + lines[n - 1].1;
            text.replace_range(s..e, "");
        }
        // move a line
        3 => {
            let (s, e) = random_line(rng, text);
            let line = text[s..e].to_owned();
            text.replace_range(s..e, "");
            let (t, _) = random_line(rng, text);
            text.insert_str(t, &line);
        }
        // change a line's indentation
        4 => {
            let (s, e) = random_line(rng, text);
            let indent = text[s..e].bytes().take_while(|b| *b == b' ' || *b == b'\t').count();
            let new_indent = match rng.below(5) {
                0 => String::new(),
                1 => "\t".into(),
                2 => " ".repeat(indent + 1 + rng.below(4)),
                3 => " ".repeat(indent.saturating_sub(1 + rng.below(4))),
                _ => format!("{}\t", " ".repeat(indent)),
            };
            text.replace_range(s..s + indent, &new_indent);
        }
        // splice: lines of another seed, or a whole other document
        5 | 6 => {
            if let Some(other) = rng.pick(seeds) {
                let other = other.clone();
                let lines = line_ranges(&other);
                let from = rng.below(lines.len());
                let to = (from + rng.count(lines.len())).min(lines.len());
                let piece = &other[lines[from].0..lines[to - 1].1];
                let at = if rng.one_in(3) { random_position(rng, text) } else { random_line(rng, text).0 };
                if rng.one_in(3) && flavor == Flavor::Yaml {
                    text.insert_str(at, &format!("\n---\n{other}\n---\n"));
                } else {
                    text.insert_str(at, piece);
                }
            }
        }
        // YAML syntax characters
        7 | 8 => {
            let at = random_position(rng, text);
            let piece = *rng.pick(SYNTAX).unwrap_or(&":");
            text.insert_str(at, piece);
        }
        // odd Unicode and control characters
        9 => {
            let at = random_position(rng, text);
            let n = rng.count(16);
            let piece: String = (0..n).map(|_| *rng.pick(ODD_CHARS).unwrap_or(&'\0')).collect();
            text.insert_str(at, &piece);
        }
        // any Unicode scalar value
        10 => {
            let at = random_position(rng, text);
            let c = char::from_u32(rng.below(0x11_0000) as u32).unwrap_or('\u{fffd}');
            text.insert(at, c);
        }
        // replace a number (or a word) by an edge-case number
        11 => {
            let at = random_position(rng, text);
            let start = char_boundary_at_or_before(text, at);
            let end = text[start..].find(|c: char| !c.is_ascii_alphanumeric()).map_or(text.len(), |n| start + n);
            let n = *rng.pick(NUMBERS).unwrap_or(&"0");
            text.replace_range(start..end, n);
        }
        // a deeply nested fragment
        12 => {
            let at = if rng.one_in(2) { random_position(rng, text) } else { random_line(rng, text).0 };
            text.insert_str(at, &deep_fragment(rng));
        }
        // cut the text short
        13 => {
            let at = random_position(rng, text);
            text.truncate(at);
        }
        // dictionary words: Kubernetes keys or script commands
        14 | 15 => {
            let (s, e) = random_line(rng, text);
            let indent = text[s..e].bytes().take_while(|b| *b == b' ').count();
            let word = *rng.pick(words).unwrap_or(&"");
            let tail = if word.ends_with(' ') || word.ends_with('=') { rng.pick(NUMBERS).copied().unwrap_or("1") } else { "" };
            let line = format!("{}{word}{tail}\n", " ".repeat(indent));
            if rng.one_in(2) {
                text.insert_str(s, &line);
            } else {
                text.replace_range(s..e, &line);
            }
        }
        // replace a value after `: ` by another one
        16 => {
            if let Some(colon) = text.match_indices(": ").map(|(i, _)| i).nth(rng.below(64)) {
                let start = colon + 2;
                let end = text[start..].find('\n').map_or(text.len(), |n| start + n);
                let v = *rng.pick(VALUES).unwrap_or(&"");
                text.replace_range(start..end, v);
            }
        }
        // line endings and byte order mark
        17 => match rng.below(3) {
            0 => *text = text.replace('\n', "\r\n"),
            1 => text.insert(0, '\u{feff}'),
            _ => *text = text.replace('\n', "\r"),
        },
        // a very long line
        18 => {
            let at = random_position(rng, text);
            let unit = *rng.pick(&["a", "é", " ", "a, ", "[", "{a: 1, ", "&x a ", "'", "\\"]).unwrap_or(&"a");
            text.insert_str(at, &unit.repeat(rng.count(200_000)));
        }
        // swap two spans between seeds, word-wise
        _ => {
            if let Some(other) = rng.pick(seeds) {
                let s = random_position(rng, other);
                let e = char_boundary_at_or_before(other, s + rng.count(200));
                let piece = other[s..e].to_owned();
                let at = random_position(rng, text);
                let end = char_boundary_at_or_before(text, at + rng.below(64));
                text.replace_range(at..end, &piece);
            }
        }
    }
}

/// Makes one input: a seed (sometimes two joined) with a few mutations. Inputs are capped at
/// `max_len` bytes so that one input stays within the per-input time budget of honest code.
pub fn generate(rng: &mut Rng, seeds: &[String], flavor: Flavor, max_len: usize) -> String {
    let mut text = match rng.pick(seeds) {
        Some(s) if !rng.one_in(50) => s.clone(),
        _ => String::new(),
    };
    let n = match rng.below(4) {
        0 => 1,
        1 => 2 + rng.below(3),
        _ => 1 + rng.below(12),
    };
    for _ in 0..n {
        mutate_once(rng, &mut text, seeds, flavor);
        if text.len() > max_len {
            let at = char_boundary_at_or_before(&text, max_len);
            text.truncate(at);
        }
    }
    text
}

/// A 64-bit FNV-1a hash, to name crash files by their content.
pub fn fnv1a(bytes: &[u8]) -> u64 {
    let mut h = 0xcbf2_9ce4_8422_2325u64;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

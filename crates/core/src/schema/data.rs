//! Reading the compiled-in schema data files.
//!
//! Format (tab-separated, one record per line; `#` starts a comment line):
//!
//! - `#ordinal-schema <format> <origin> source=<...>`: the header; `<origin>` is
//!   `kubernetes=<version>` for the generated file and `crd=<group/version>` for a CRD.
//! - `K <apiVersion> <kind> <type>`: a kind and its root type.
//! - `T <type> <description>`: a type; the `F` lines after it are its fields.
//! - `F <name> <type> <flags> <enum> <description>`: a field. `<flags>` is `r` when the field is
//!   required, `-` otherwise; `<enum>` lists the allowed values separated by `|` (or `-`).
//!
//! Field types: `string`, `integer`, `number`, `boolean`, `bytes` (base64), `date-time`,
//! `quantity`, `int-or-string`, `any`, `@Type` (an object), `[]T` (a list), `{}T` (a map).
//! Descriptions escape `\`, newline and tab as `\\`, `\n` and `\t`; `build.rs` moves them into
//! the library ([`crate::library`]) and leaves the column empty here.

use super::{FieldDef, FieldType, KindDef, Origin, Schema, TypeDef};
use std::collections::HashMap;

/// The generated upstream schema (`cargo run -p xtask -- codegen`), as `build.rs` copies it
/// with the descriptions emptied (they are in [`crate::library`]).
pub(crate) const UPSTREAM: &str = include_str!(concat!(env!("OUT_DIR"), "/k8s-schema.tsv"));

/// The hand-written VolumeSnapshot CRD schema, as `build.rs` copies it.
pub(crate) const VOLUME_SNAPSHOT: &str = include_str!(concat!(env!("OUT_DIR"), "/volumesnapshot-crd.tsv"));

/// Parses the data files into one [`Schema`]. The files are compiled in and checked by tests,
/// so a malformed line is a bug: it is skipped rather than panicking, and a test asserts that
/// nothing was skipped.
pub(crate) fn load(files: &[&'static str]) -> (Schema, Vec<String>) {
    let mut schema = Schema { kubernetes_version: "", kinds: Vec::new(), types: HashMap::new() };
    let mut problems = Vec::new();
    for text in files {
        let mut origin = Origin::Kubernetes("");
        let mut current: Option<TypeDef> = None;
        for (n, line) in text.lines().enumerate() {
            let cols: Vec<&'static str> = line.split('\t').collect();
            match cols[0] {
                "#ordinal-schema" => {
                    for col in &cols[1..] {
                        if let Some(v) = col.strip_prefix("kubernetes=") {
                            origin = Origin::Kubernetes(v);
                            schema.kubernetes_version = v;
                        } else if let Some(v) = col.strip_prefix("crd=") {
                            origin = Origin::Crd(v);
                        }
                    }
                }
                c if c.starts_with('#') => {}
                "K" if cols.len() == 4 => schema.kinds.push(KindDef { api_version: cols[1], kind: cols[2], type_name: cols[3] }),
                "T" if cols.len() == 3 => {
                    if let Some(t) = current.take() {
                        schema.types.insert(t.name, t);
                    }
                    current = Some(TypeDef { name: cols[1], fields: Vec::new(), origin });
                }
                "F" if cols.len() == 6 && current.is_some() => match FieldType::parse(cols[2]) {
                    Some(ty) => {
                        let enum_values = if cols[4] == "-" { Vec::new() } else { cols[4].split('|').collect() };
                        if let Some(t) = current.as_mut() {
                            t.fields.push(FieldDef {
                                owner: t.name,
                                name: cols[1],
                                ty,
                                required: cols[3] == "r",
                                enum_values,
                            });
                        }
                    }
                    None => problems.push(format!("line {}: bad type `{}`", n + 1, cols[2])),
                },
                _ => problems.push(format!("line {}: unreadable record", n + 1)),
            }
        }
        if let Some(t) = current.take() {
            schema.types.insert(t.name, t);
        }
    }
    (schema, problems)
}

impl FieldType {
    fn parse(text: &'static str) -> Option<FieldType> {
        Some(match text {
            "string" => FieldType::String,
            "integer" => FieldType::Integer,
            "number" => FieldType::Number,
            "boolean" => FieldType::Boolean,
            "bytes" => FieldType::Bytes,
            "date-time" => FieldType::DateTime,
            "quantity" => FieldType::Quantity,
            "int-or-string" => FieldType::IntOrString,
            "any" => FieldType::Any,
            _ => {
                if let Some(name) = text.strip_prefix('@') {
                    FieldType::Object(name)
                } else if let Some(item) = text.strip_prefix("[]") {
                    FieldType::List(Box::new(FieldType::parse(item)?))
                } else if let Some(value) = text.strip_prefix("{}") {
                    FieldType::Map(Box::new(FieldType::parse(value)?))
                } else {
                    return None;
                }
            }
        })
    }
}

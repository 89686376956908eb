//! `ordinal-core`: everything the ordinal app and CLI know, with no IO, no clock and no
//! web dependency.
//!
//! - [`yaml`]: YAML with source spans; parsing never fails.
//! - [`analysis`]: the entry points the web app and the CLI call.
//! - [`examples`]: the guide's example manifests, compiled in.
//! - [`links`]: related fields (serviceName ↔ Service, selector ↔ labels, claim templates ↔ mounts).
//! - [`rules`]: the mistake checks (`ordinal lint`), with explanations and fixes.
//! - [`catalog`]: the field catalogue: an explanation for every key of every document.
//! - [`objects`]: documents read into k8s-openapi types, problems located.
//! - [`schema`]: the upstream Kubernetes API schema (1.35) and validation against it.
//! - [`apiserver`]: the API server's defaults and validation, with its exact messages.
//! - [`share`]: share links (the editor's state in a URL fragment), bounded when read.
//! - [`lessons`]: the guided lessons (steps, checks, the lab) and [`checklist`]: the production
//!   checklist judged against the manifests.
//! - [`sim`]: the deterministic, sans-IO simulation of a cluster running StatefulSets.

#![warn(missing_docs)]

pub mod analysis;
pub mod catalog;
pub mod checklist;
pub mod compare;
pub mod convert;
pub mod drill;
pub mod apiserver;
pub mod examples;
pub mod lessons;
pub mod library;
pub mod links;
pub mod objects;
pub mod plan;
pub mod rules;
pub mod schema;
pub mod share;
pub mod sim;
pub mod yaml;

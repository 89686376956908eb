//! The one list of content files compiled into the catalogue. `tests/explain_tidy.rs` fails
//! when a file under `content/` is missing here; a listed file that does not exist fails to
//! compile. The concepts and the field texts are not listed, but for those the first view can
//! show (a document's first keys): `build.rs` puts them in the library ([`crate::library`]),
//! which the page's first module fetches once the editor shows.

macro_rules! files {
    ($($path:literal),* $(,)?) => {
        &[$(($path, include_str!(concat!("../../content/", $path)))),*]
    };
}

/// Path under `content/` and text of every content file.
pub(crate) const FILES: &[(&str, &str)] = files![
    "fields/cronjob/apiVersion.md",
    "fields/cronjob/kind.md",
    "fields/cronjob/metadata.md",
    "fields/cronjob/metadata.name.md",
    "fields/cronjob/metadata.namespace.md",
    "fields/poddisruptionbudget/apiVersion.md",
    "fields/poddisruptionbudget/kind.md",
    "fields/poddisruptionbudget/metadata.md",
    "fields/poddisruptionbudget/metadata.name.md",
    "fields/poddisruptionbudget/metadata.namespace.md",
    "fields/secret/apiVersion.md",
    "fields/secret/kind.md",
    "fields/secret/metadata.md",
    "fields/secret/metadata.name.md",
    "fields/secret/metadata.namespace.md",
    "fields/service/apiVersion.md",
    "fields/service/kind.md",
    "fields/service/metadata.md",
    "fields/service/metadata.name.md",
    "fields/service/metadata.namespace.md",
    "fields/statefulset/apiVersion.md",
    "fields/statefulset/kind.md",
    "fields/statefulset/metadata.md",
    "fields/statefulset/metadata.name.md",
    "fields/statefulset/metadata.namespace.md",
    "fields/volumesnapshot/apiVersion.md",
    "fields/volumesnapshot/kind.md",
    "fields/volumesnapshot/metadata.md",
    "fields/volumesnapshot/metadata.name.md",
    "fields/volumesnapshot/metadata.namespace.md",
    "values/Delete.md",
    "values/OnDelete.md",
    "values/OrderedReady.md",
    "values/Parallel.md",
    "values/ReadOnlyMany.md",
    "values/ReadWriteMany.md",
    "values/ReadWriteOnce.md",
    "values/ReadWriteOncePod.md",
    "values/Retain.md",
    "values/RollingUpdate.md",
    "values/TCP.md",
    "values/UDP.md",
    "values/apps-v1.md",
    "values/clusterIP-None.md",
    "values/cpu-cores.md",
    "values/cpu-millicores.md",
    "values/env-PGDATA.md",
    "values/env-POSTGRES_PASSWORD.md",
    "values/image-digest.md",
    "values/image-latest.md",
    "values/image-tag.md",
    "values/image-untagged.md",
    "values/quantity-binary.md",
    "values/quantity-decimal.md",
    "values/v1.md",
];

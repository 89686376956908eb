//! Zed extension: starts `ordinal lsp` for YAML files.
//!
//! Zed starts only the language servers that it or an extension provides. This one finds
//! `ordinal` on the worktree's PATH (or takes `lsp.ordinal.binary.path` from Zed's settings) and
//! passes `lsp.ordinal.initialization_options` and `lsp.ordinal.settings` on to the server.

use zed_extension_api::{
    self as zed, serde_json, settings::CommandSettings, settings::LspSettings,
};

const NOT_FOUND: &str =
    "`ordinal` was not found on the PATH Zed sees for this project: install it \
with `cargo install --path crates/cli` in a checkout of ordinal (it goes to ~/.cargo/bin), or set \
`lsp.ordinal.binary.path` in Zed's settings to the binary";

struct Ordinal;

/// The command that starts the server: `binary.path` from the settings if set, otherwise `ordinal`
/// as found on the PATH (`on_path`); the arguments are `binary.arguments` if set, otherwise `lsp`.
fn server_command(
    on_path: Option<String>,
    binary: Option<CommandSettings>,
) -> zed::Result<zed::Command> {
    let (path, arguments, env) = match binary {
        Some(b) => (b.path, b.arguments, b.env),
        None => (None, None, None),
    };
    let command = path.or(on_path).ok_or_else(|| NOT_FOUND.to_string())?;
    Ok(zed::Command {
        command,
        args: arguments.unwrap_or_else(|| vec!["lsp".to_string()]),
        env: env.map(|e| e.into_iter().collect()).unwrap_or_default(),
    })
}

/// Zed's settings for this server, or none when they cannot be read (the server's defaults apply).
fn settings(worktree: &zed::Worktree) -> LspSettings {
    LspSettings::for_worktree("ordinal", worktree).unwrap_or_default()
}

impl zed::Extension for Ordinal {
    fn new() -> Self {
        Ordinal
    }

    fn language_server_command(
        &mut self,
        _language_server_id: &zed::LanguageServerId,
        worktree: &zed::Worktree,
    ) -> zed::Result<zed::Command> {
        server_command(worktree.which("ordinal"), settings(worktree).binary)
    }

    fn language_server_initialization_options(
        &mut self,
        _language_server_id: &zed::LanguageServerId,
        worktree: &zed::Worktree,
    ) -> zed::Result<Option<serde_json::Value>> {
        Ok(settings(worktree).initialization_options)
    }

    fn language_server_workspace_configuration(
        &mut self,
        _language_server_id: &zed::LanguageServerId,
        worktree: &zed::Worktree,
    ) -> zed::Result<Option<serde_json::Value>> {
        Ok(settings(worktree).settings)
    }
}

zed::register_extension!(Ordinal);

#[cfg(test)]
mod tests {
    use super::*;

    fn binary(path: Option<&str>, arguments: Option<&[&str]>) -> Option<CommandSettings> {
        Some(CommandSettings {
            path: path.map(str::to_string),
            arguments: arguments.map(|a| a.iter().map(|s| s.to_string()).collect()),
            env: None,
        })
    }

    #[test]
    fn ordinal_on_path_runs_ordinal_lsp() {
        let c = server_command(Some("/home/u/.cargo/bin/ordinal".into()), None).unwrap();
        assert_eq!(c.command, "/home/u/.cargo/bin/ordinal");
        assert_eq!(c.args, ["lsp"]);
        assert!(c.env.is_empty());
    }

    #[test]
    fn not_installed_says_how_to_install() {
        let e = server_command(None, None).unwrap_err();
        assert!(e.contains("cargo install --path crates/cli"), "{e}");
        // settings without a path do not help either
        let e = server_command(None, binary(None, Some(&["lsp"]))).unwrap_err();
        assert!(e.contains("lsp.ordinal.binary.path"), "{e}");
    }

    #[test]
    fn settings_binary_overrides_path_and_arguments() {
        let c = server_command(
            Some("/usr/bin/ordinal".into()),
            binary(Some("/opt/ordinal"), None),
        )
        .unwrap();
        assert_eq!(
            (c.command.as_str(), c.args.as_slice()),
            ("/opt/ordinal", &["lsp".to_string()][..])
        );
        let c = server_command(None, binary(Some("/opt/ordinal"), Some(&["lsp", "--x"]))).unwrap();
        assert_eq!(c.args, ["lsp", "--x"]);
    }
}

//! `attest serve` and `attest demo [--serve]`: the only commands that reach into `attest-web`,
//! to start the workspace server.

use std::path::{Path, PathBuf};

use anyhow::{Result, anyhow};
use serde_json::json;

use super::archive_path;
use crate::args::{Cli, Command};
use crate::output::Out;
use crate::{demo, passphrase};

/// Runs `demo` or `serve`.
pub fn run(cli: &Cli, out: &Out) -> Result<()> {
    match &cli.command {
        Command::Demo { replace, serve: then_serve, addr } => {
            let path = cli.archive.clone().unwrap_or_else(|| PathBuf::from("attest-demo"));
            let summary = demo::build(&path, *replace)?;
            out.print(&summary.json, || summary.text.clone());
            if *then_serve {
                let pass = attest_vault::Passphrase::for_unlock(demo::passphrase());
                serve(&path, pass, addr, attest_web::Settings::default(), out)?;
            }
        }
        Command::Serve {
            addr,
            secure_cookies,
            trusted_proxy,
            passphrase_file,
            passphrase_fd,
            list_upload_seconds,
            checkpoints,
        } => {
            let path = archive_path(cli);
            let pass = passphrase::for_serve(&path, passphrase_file.as_deref(), *passphrase_fd)?;
            crate::integrity::start_tree_heads(&path, &pass, checkpoints)?;
            let settings = attest_web::Settings {
                secure_cookies: *secure_cookies,
                trusted_proxy: *trusted_proxy,
                ..Default::default()
            }
            .with_list_upload_within(std::time::Duration::from_secs(*list_upload_seconds));
            serve(&path, pass, addr, settings, out)?;
        }
        _ => anyhow::bail!("internal: this command belongs to another module"),
    }
    Ok(())
}

/// Serves the workspace until the process is stopped; prints the address once listening.
fn serve(
    path: &Path,
    pass: attest_vault::Passphrase,
    addr: &str,
    settings: attest_web::Settings,
    out: &Out,
) -> Result<()> {
    attest_web::serve_blocking(path, pass, addr, settings, |bound| {
        out.print(&json!({ "listening": format!("http://{bound}"), "archive": path }), || {
            format!("attest workspace: http://{bound}  (archive {}; Ctrl-C to stop)", path.display())
        });
    })
    .map_err(|e| anyhow!(e))
}

//! The pure engines' commands: `attest estimate` (see `estimate.rs`) and `attest link` (see
//! `link.rs`); here their arguments are handed over.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Result, anyhow};
use serde_json::json;

use crate::args::{Cli, Command, CriterionArg, LinkCmd, LinkOptions, MethodArg};
use crate::output::Out;
use crate::{estimate, link};

/// Runs `estimate` or `link`. `estimate` exits with 2 when it gives no estimate.
pub fn run(cli: &Cli, out: &Out) -> Result<ExitCode> {
    match &cli.command {
        Command::Estimate {
            table,
            method,
            criterion,
            model,
            delta,
            max_missing,
            seed,
            iterations,
            burn_in,
            thin,
            classes,
            plot,
        } => {
            let args = estimate::EstimateArgs {
                table,
                method: match method {
                    MethodArg::Compare => attest_estimate::Method::Compare,
                    MethodArg::Chapman => attest_estimate::Method::Chapman,
                    MethodArg::Loglinear => attest_estimate::Method::Loglinear,
                    MethodArg::Dga => attest_estimate::Method::Dga,
                    MethodArg::Lcmcr => attest_estimate::Method::Lcmcr,
                },
                criterion: match criterion {
                    CriterionArg::Bic => attest_estimate::Criterion::Bic,
                    CriterionArg::Aic => attest_estimate::Criterion::Aic,
                },
                model: model.clone(),
                delta: *delta,
                max_missing: *max_missing,
                seed: *seed,
                iterations: *iterations,
                burn_in: *burn_in,
                thin: *thin,
                classes: *classes,
                plot: plot.as_deref(),
            };
            let result = estimate::run(&args)?;
            out.print(&json!(result), || estimate::text(&result));
            // No figure where one was asked for (a bound, or nothing): scripts must not take it for
            // an estimate. Chapman over several lists answers with its pairs and exits normally.
            let pairwise = result.pairs.as_ref().is_some_and(|p| p.len() > 1);
            if result.outcome != attest_estimate::Outcome::Estimate && !pairwise {
                return Ok(ExitCode::from(2));
            }
        }
        Command::Link { explain: Some(LinkCmd::Explain { inputs, a, b, options }), .. } => {
            let (value, text) = link::explain(&link_args(inputs, options, cli.json), a, b)?;
            out.print(&value, || text);
        }
        Command::Link { explain: None, inputs, out: target, capture_table, options } => {
            let target = target.as_deref().ok_or_else(|| anyhow!("--out is required"))?;
            let (value, text) = link::run(&link_args(inputs, options, cli.json), target, capture_table.as_deref())?;
            out.print(&value, || text);
        }
        _ => anyhow::bail!("internal: this command belongs to another module"),
    }
    Ok(ExitCode::SUCCESS)
}

fn link_args<'a>(inputs: &'a [PathBuf], o: &'a LinkOptions, json: bool) -> link::LinkArgs<'a> {
    link::LinkArgs {
        inputs,
        id_column: o.id_column.as_deref(),
        config: o.config.as_deref(),
        save_config: o.save_config.as_deref(),
        review: o.review.as_deref(),
        threshold: o.threshold,
        links_only: o.links_only,
        quiet: json,
    }
}

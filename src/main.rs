use std::process::ExitCode;

use clap::Parser as _;
use gba_atlas::cli::{self, Cli, CliCommand};

fn main() -> ExitCode {
    // walkers warns once per tile it cannot load: with no network that is every tile, and the
    // offline basemap already shows in their place.
    env_logger::Builder::from_env(
        env_logger::Env::default().default_filter_or("warn,walkers=error"),
    )
    .init();
    let args = Cli::parse();
    match args.command {
        Some(CliCommand::Check { dir, deny_warnings }) => {
            let dir = cli::locate_data_dir(dir.as_deref().or(args.data.as_deref()));
            cli::check(&dir, deny_warnings, &mut std::io::stdout())
        }
        Some(CliCommand::Fmt { check, paths }) => {
            let paths = if paths.is_empty() {
                vec![cli::locate_data_dir(args.data.as_deref())]
            } else {
                paths
            };
            cli::fmt(&paths, check, &mut std::io::stdout())
        }
        Some(command @ CliCommand::Export { .. }) => {
            match command.export_request(args.data.as_deref()) {
                Some(req) => cli::export(&req),
                None => std::process::ExitCode::FAILURE,
            }
        }
        Some(CliCommand::Atlas {
            paper,
            section,
            lang,
            out,
        }) => cli::atlas(args.data.as_deref(), paper, section, lang, &out),
        Some(CliCommand::Info { files, problems }) => {
            cli::info(&files, problems, &mut std::io::stdout())
        }
        Some(CliCommand::Plan { errata, json }) => cli::plan(errata, json.as_deref()),
        None => {
            let startup = args.startup_commands();
            gba_atlas::ui::run_native(
                cli::locate_data_dir(args.data.as_deref()),
                startup,
                args.size,
            )
        }
    }
}

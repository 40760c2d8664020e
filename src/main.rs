use clap::Parser;

use ozg_cockpit::cli::Cli;

fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    match cli.command {
        None => match ozg_cockpit::ui::run(cli.db) {
            Ok(()) => std::process::ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("Das Fenster konnte nicht geöffnet werden: {e}");
                std::process::ExitCode::FAILURE
            }
        },
        Some(action) => {
            let db = cli.db.unwrap_or_else(ozg_cockpit::paths::default_database);
            match ozg_cockpit::cli::run(&db, action) {
                Ok(()) => std::process::ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("Fehler: {e:#}");
                    std::process::ExitCode::FAILURE
                }
            }
        }
    }
}

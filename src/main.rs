use clap::Parser;

use ozg_cockpit::cli::Cli;

fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    let db = match cli.db.map_or_else(ozg_cockpit::paths::default_database, Ok) {
        Ok(db) => db,
        Err(e) => {
            eprintln!("Fehler: {e}");
            return std::process::ExitCode::FAILURE;
        }
    };
    if let Some(warning) = ozg_cockpit::paths::network_warning(&db) {
        eprintln!("Warnung: {warning}");
    }
    match cli.command {
        None => match ozg_cockpit::ui::run(Some(db)) {
            Ok(()) => std::process::ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("Das Fenster konnte nicht geöffnet werden: {e}");
                std::process::ExitCode::FAILURE
            }
        },
        Some(action) => match ozg_cockpit::cli::run(&db, action) {
            Ok(()) => std::process::ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("Fehler: {}", ozg_cockpit::cli::error_text(&e));
                // Conflicts listed, nothing applied: a code of its own for scripts.
                match e.downcast_ref::<ozg_cockpit::cli::changes::ConflictsFound>() {
                    Some(_) => std::process::ExitCode::from(3),
                    None => std::process::ExitCode::FAILURE,
                }
            }
        },
    }
}

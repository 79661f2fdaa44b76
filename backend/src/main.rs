//! `cargo run --release -p backend`: serve the form and the API; `backend reviewer …` looks
//! after reviewer accounts in the same database.

use backend::configuration::{Cli, Command};
use backend::store::Store;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let cli = match Cli::load() {
        Ok(cli) => cli,
        Err(why) => {
            eprintln!("{why}");
            return std::process::ExitCode::from(2);
        }
    };
    let config = cli.config;
    if let Some(command) = cli.command {
        let store = match Store::connect(&config.database).await {
            Ok(store) => store,
            Err(e) => {
                let shown = backend::configuration::redacted(&config.database);
                eprintln!("无法打开数据库 / cannot open {shown}: {e}");
                return std::process::ExitCode::FAILURE;
            }
        };
        let result = match backend::calls::Calls::load(config.calls.as_deref()) {
            Ok(calls) => match command {
                Command::Reviewer(command) => {
                    let password = if command.reads_password() {
                        match backend::admin::password_from(std::io::stdin().lock()) {
                            Ok(p) => Some(p),
                            Err(why) => {
                                store.close().await;
                                eprintln!("{why}");
                                return std::process::ExitCode::FAILURE;
                            }
                        }
                    } else {
                        None
                    };
                    backend::admin::run(&store, &calls, command, password).await
                }
                Command::Purge => {
                    backend::admin::purge(&store, &calls, time::OffsetDateTime::now_utc()).await
                }
                Command::Backup { to } => backend::admin::backup(&store, &to).await,
            },
            Err(e) => Err(format!("calls: {e}")),
        };
        store.close().await;
        return match result {
            Ok(out) => {
                print!("{out}");
                std::process::ExitCode::SUCCESS
            }
            Err(why) => {
                eprintln!("{why}");
                std::process::ExitCode::FAILURE
            }
        };
    }
    backend::telemetry::init();
    match backend::startup::Server::build(&config).await {
        Ok(server) => {
            let database = backend::configuration::redacted(&config.database);
            tracing::info!(addr = %server.addr(), %database, "serving");
            server.run_until_stopped().await;
            std::process::ExitCode::SUCCESS
        }
        Err(e) => {
            tracing::error!(error = %e, "could not start");
            eprintln!("无法启动 / could not start: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}

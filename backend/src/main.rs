//! `cargo run --release -p backend`: serve the form and the API.

use backend::configuration::Config;
use clap::Parser;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    backend::telemetry::init();
    let config = Config::parse();
    match backend::startup::Server::build(&config).await {
        Ok(server) => {
            tracing::info!(addr = %server.addr(), database = %config.database, "serving");
            if let Err(e) = server.run_until_stopped().await {
                tracing::error!(error = %e, "server stopped");
                return std::process::ExitCode::FAILURE;
            }
            std::process::ExitCode::SUCCESS
        }
        Err(e) => {
            tracing::error!(error = %e, "could not start");
            eprintln!("无法启动 / could not start: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}

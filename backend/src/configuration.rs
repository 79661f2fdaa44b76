//! Flags, each also read from the environment.

use std::net::SocketAddr;
use std::path::PathBuf;

#[derive(Debug, Clone, clap::Parser)]
#[command(
    name = "backend",
    about = "标准化试点示范项目申报系统 — the application server"
)]
pub struct Config {
    /// Address to listen on.
    #[arg(long, env = "PILOT_ADDR", default_value = "127.0.0.1:8080")]
    pub addr: SocketAddr,
    /// Database URL; the SQLite file and its folder are created if missing.
    #[arg(long, env = "PILOT_DATABASE", default_value = "sqlite://data/pilot.db")]
    pub database: String,
    /// The calls (TOML); without it, one open-ended demonstration call per program.
    #[arg(long, env = "PILOT_CALLS")]
    pub calls: Option<PathBuf>,
    /// An origin whose pages may call the API (a portal that embeds the form), e.g.
    /// `https://scjgj.example.gov.cn`; repeatable. The environment takes a comma-separated list.
    #[arg(
        long = "allow-origin",
        env = "PILOT_ALLOW_ORIGINS",
        value_name = "ORIGIN",
        value_delimiter = ','
    )]
    pub allow_origins: Vec<String>,
}

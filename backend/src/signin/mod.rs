//! How a reviewer proves who they are in a browser: a password and a code from their
//! authenticator app, or the province's identity provider (`crate::oidc`); either way they get
//! a session, kept in a cookie. Bearer tokens (`crate::reviewers`) remain for scripts.

pub mod password;
pub mod session;
pub mod totp;

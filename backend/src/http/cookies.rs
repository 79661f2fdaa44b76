//! Cookies: reading one from a request, and whether one the answer sets may be `Secure`.

use axum::http::header::COOKIE;
use axum::http::{Extensions, HeaderMap};

use super::client::{Cidr, via_trusted};

/// The value of the cookie `name` the request sent, if it sent one.
pub fn read<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(n, _)| *n == name)
        .map(|(_, value)| value.trim())
        .filter(|value| !value.is_empty())
}

/// Whether the request came over TLS: the server speaks plain HTTP behind a reverse proxy
/// that ends TLS, so only a trusted proxy's `X-Forwarded-Proto: https` says so.
pub fn over_tls(extensions: &Extensions, headers: &HeaderMap, trusted: &[Cidr]) -> bool {
    via_trusted(extensions, trusted)
        && headers
            .get("x-forwarded-proto")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(',').next())
            .is_some_and(|first| first.trim().eq_ignore_ascii_case("https"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::extract::ConnectInfo;
    use axum::http::HeaderValue;

    #[test]
    fn a_cookie_is_found_by_its_name() {
        let mut headers = HeaderMap::new();
        headers.insert(
            COOKIE,
            HeaderValue::from_static("a=1; pilot_session=abc ; b="),
        );
        assert_eq!(read(&headers, "pilot_session"), Some("abc"));
        assert_eq!(read(&headers, "b"), None);
        assert_eq!(read(&headers, "pilot"), None);
    }

    #[test]
    fn only_a_trusted_proxy_says_tls() {
        let trusted = [Cidr::parse("10.0.0.0/8").unwrap()];
        let mut headers = HeaderMap::new();
        headers.insert("x-forwarded-proto", HeaderValue::from_static("https"));
        let from = |peer: &str| {
            let mut e = Extensions::new();
            e.insert(ConnectInfo(std::net::SocketAddr::new(
                peer.parse().unwrap(),
                1,
            )));
            e
        };
        assert!(over_tls(&from("10.0.0.2"), &headers, &trusted));
        assert!(!over_tls(&from("192.0.2.1"), &headers, &trusted));
        assert!(!over_tls(&from("10.0.0.2"), &HeaderMap::new(), &trusted));
    }
}

//! Who a request comes from, for the per-client limits (the submission rate, the upload shares):
//! the TCP peer, or, where the peer is one of the operator's trusted reverse proxies
//! (`--trusted-proxy CIDR`), the rightmost address of `X-Forwarded-For` that is not one of them
//! (the ones to its left a client may have written itself). An IPv6 client counts by its /64,
//! which one household or office holds whole. Addresses are never logged (personal data).

use std::net::{IpAddr, Ipv6Addr, SocketAddr};

use axum::extract::ConnectInfo;
use axum::http::{Extensions, HeaderMap};

/// A block of addresses, `203.0.113.0/24` or `2001:db8::/32` (a bare address is its own block).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cidr {
    net: IpAddr,
    bits: u8,
}

impl Cidr {
    pub fn parse(text: &str) -> Result<Cidr, String> {
        let (addr, bits) = text.trim().split_once('/').unwrap_or((text.trim(), ""));
        let net: IpAddr = addr
            .parse()
            .map_err(|_| format!("{text}: not an address block (e.g. 10.0.0.0/8)"))?;
        let most = if net.is_ipv4() { 32 } else { 128 };
        let bits = if bits.is_empty() {
            most
        } else {
            bits.parse::<u8>()
                .ok()
                .filter(|b| *b <= most)
                .ok_or_else(|| format!("{text}: the prefix length is 0 to {most}"))?
        };
        Ok(Cidr { net, bits })
    }

    pub fn contains(&self, ip: IpAddr) -> bool {
        let mask = |bits: u8, width: u8| -> u128 {
            if bits == 0 {
                0
            } else {
                (!0u128) << (width - bits)
            }
        };
        match (self.net, canonical(ip)) {
            (IpAddr::V4(net), IpAddr::V4(ip)) => {
                let m = mask(self.bits, 32) as u32;
                u32::from(net) & m == u32::from(ip) & m
            }
            (IpAddr::V6(net), IpAddr::V6(ip)) => {
                let m = mask(self.bits, 128);
                u128::from(net) & m == u128::from(ip) & m
            }
            _ => false,
        }
    }
}

/// An IPv4 address written as IPv6 (`::ffff:1.2.3.4`) is the IPv4 address.
fn canonical(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
        v4 => v4,
    }
}

/// The key a client counts under: its address, an IPv6 one cut to its /64.
pub fn key(ip: IpAddr) -> IpAddr {
    match canonical(ip) {
        IpAddr::V6(v6) => {
            let net = u128::from(v6) & (!0u128 << 64);
            IpAddr::V6(Ipv6Addr::from(net))
        }
        v4 => v4,
    }
}

/// Whether the request came straight from one of the operator's reverse proxies, whose
/// `X-Forwarded-…` headers are then believed.
pub fn via_trusted(extensions: &Extensions, trusted: &[Cidr]) -> bool {
    extensions
        .get::<ConnectInfo<SocketAddr>>()
        .is_some_and(|ConnectInfo(peer)| trusted.iter().any(|c| c.contains(canonical(peer.ip()))))
}

/// The client of a request, as its key; `None` for a request that came through no connection
/// (a test driving the router).
pub fn of(extensions: &Extensions, headers: &HeaderMap, trusted: &[Cidr]) -> Option<IpAddr> {
    let ConnectInfo(peer) = extensions.get::<ConnectInfo<SocketAddr>>()?;
    let mut client = canonical(peer.ip());
    let is_trusted = |ip: IpAddr| trusted.iter().any(|c| c.contains(ip));
    if is_trusted(client) {
        let hops = headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .filter_map(|hop| hop.trim().parse::<IpAddr>().ok())
            .collect::<Vec<_>>();
        for hop in hops.into_iter().rev() {
            client = canonical(hop);
            if !is_trusted(client) {
                break;
            }
        }
    }
    Some(key(client))
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn request(peer: &str, forwarded: &[&str]) -> (Extensions, HeaderMap) {
        let mut extensions = Extensions::new();
        extensions.insert(ConnectInfo(SocketAddr::new(peer.parse().unwrap(), 40000)));
        let mut headers = HeaderMap::new();
        for f in forwarded {
            headers.append("x-forwarded-for", HeaderValue::from_str(f).unwrap());
        }
        (extensions, headers)
    }

    #[test]
    fn behind_a_trusted_proxy_the_client_is_the_rightmost_untrusted_hop() {
        let trusted = [Cidr::parse("10.0.0.0/8").unwrap()];
        let client = |peer, forwarded: &[&str]| {
            let (e, h) = request(peer, forwarded);
            of(&e, &h, &trusted).unwrap().to_string()
        };
        // What a client wrote itself (the leftmost) is not believed.
        assert_eq!(
            client("10.0.0.2", &["198.51.100.9, 203.0.113.5"]),
            "203.0.113.5"
        );
        assert_eq!(
            client("10.0.0.2", &["203.0.113.5, 10.0.0.7"]),
            "203.0.113.5"
        );
        // A peer that is no proxy of ours is the client, whatever it says.
        assert_eq!(client("192.0.2.1", &["203.0.113.5"]), "192.0.2.1");
        // An IPv6 client counts by its /64.
        assert_eq!(client("2001:db8::1", &[]), "2001:db8::");
        assert_eq!(client("2001:db8::ffff:1", &[]), "2001:db8::");
        assert!(Cidr::parse("10.0.0.0/33").is_err());
    }
}

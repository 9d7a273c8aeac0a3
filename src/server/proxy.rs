//! Who is on the other end: behind the documented reverse proxy every request
//! comes from the proxy's address, so the client's address is taken from
//! `X-Forwarded-For`, but only when the peer is a configured trusted proxy
//! (anyone else could write any address there).
use std::net::IpAddr;

use axum::http::HeaderMap;

/// The client's address: the peer itself, or, when the peer is a trusted proxy,
/// the nearest address in `X-Forwarded-For` that is not one of the trusted proxies
/// (entries further left were written by the client and prove nothing).
pub fn client_address(peer: Option<IpAddr>, headers: &HeaderMap, trusted: &[IpAddr]) -> Option<IpAddr> {
    let peer = peer?;
    if !trusted.contains(&peer) {
        return Some(peer);
    }
    let forwarded: Vec<IpAddr> = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(|a| a.trim().parse::<IpAddr>())
        .collect::<Result<_, _>>()
        // A malformed header: the chain cannot be read, so the proxy is all we know.
        .unwrap_or_default();
    Some(forwarded.into_iter().rev().find(|a| !trusted.contains(a)).unwrap_or(peer))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(xff: &[&str]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for v in xff {
            map.append("x-forwarded-for", v.parse().unwrap());
        }
        map
    }

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn the_header_counts_only_from_a_trusted_proxy() {
        let proxy = [ip("10.0.0.2")];
        let spoofed = headers(&["203.0.113.9"]);
        assert_eq!(client_address(Some(ip("198.51.100.1")), &spoofed, &proxy), Some(ip("198.51.100.1")));
        assert_eq!(client_address(Some(ip("10.0.0.2")), &spoofed, &proxy), Some(ip("203.0.113.9")));
        assert_eq!(client_address(Some(ip("10.0.0.2")), &spoofed, &[]), Some(ip("10.0.0.2")));
    }

    #[test]
    fn the_nearest_untrusted_hop_wins_over_what_the_client_wrote() {
        let proxies = [ip("10.0.0.2"), ip("10.0.0.3")];
        // The client claims 1.2.3.4; the real client is 203.0.113.9, seen by the outer proxy 10.0.0.3.
        let chain = headers(&["1.2.3.4, 203.0.113.9", "10.0.0.3"]);
        assert_eq!(client_address(Some(ip("10.0.0.2")), &chain, &proxies), Some(ip("203.0.113.9")));
    }

    #[test]
    fn unreadable_or_missing_chains_fall_back_to_the_proxy() {
        let proxy = [ip("10.0.0.2")];
        assert_eq!(client_address(Some(ip("10.0.0.2")), &headers(&["nonsense"]), &proxy), Some(ip("10.0.0.2")));
        assert_eq!(client_address(Some(ip("10.0.0.2")), &HeaderMap::new(), &proxy), Some(ip("10.0.0.2")));
        assert_eq!(client_address(None, &HeaderMap::new(), &proxy), None);
    }
}

//! The client's address, for throttling: the peer's, except when the peer is the reverse proxy
//! the operator named (`attest serve --trusted-proxy ADDR`); then the last address in
//! `X-Forwarded-For`, the one that proxy appended. Addresses before it were written by the client
//! and are ignored; from any other peer the header is ignored entirely, so a client cannot choose
//! its own address.

use std::net::{IpAddr, SocketAddr};

use axum::extract::{ConnectInfo, Request, State};
use axum::http::HeaderMap;
use axum::middleware::Next;
use axum::response::Response;

use crate::AppState;

/// The client's address as found here, in the request's extensions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClientAddr(pub IpAddr);

/// The address the nearest proxy appended to `X-Forwarded-For` (the last one), if it parses.
pub fn forwarded(headers: &HeaderMap) -> Option<IpAddr> {
    let last = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .rfind(|s| !s.is_empty())?;
    last.parse::<IpAddr>().ok().or_else(|| last.parse::<SocketAddr>().ok().map(|s| s.ip())).map(|ip| ip.to_canonical())
}

/// Records the client's address for the handlers.
pub async fn find(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    if let Some(peer) = req.extensions().get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip().to_canonical()) {
        let client = match state.settings.trusted_proxy {
            Some(proxy) if proxy.to_canonical() == peer => forwarded(req.headers()).unwrap_or(peer),
            _ => peer,
        };
        req.extensions_mut().insert(ClientAddr(client));
    }
    next.run(req).await
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn the_last_forwarded_address_counts() {
        let mut h = HeaderMap::new();
        h.append("x-forwarded-for", "203.0.113.9, 10.0.0.1".parse().unwrap());
        h.append("x-forwarded-for", "198.51.100.7".parse().unwrap());
        assert_eq!(forwarded(&h), Some("198.51.100.7".parse().unwrap()));
        let mut bad = HeaderMap::new();
        bad.append("x-forwarded-for", "unknown".parse().unwrap());
        assert_eq!(forwarded(&bad), None);
        assert_eq!(forwarded(&HeaderMap::new()), None);
    }
}

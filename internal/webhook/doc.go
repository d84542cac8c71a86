// Package webhook makes and delivers talaan's webhook calls the way Smile
// does: the event envelope {"id","version","type","createdAt","data"}, the
// Smile-Signature header (lower-case hex HMAC-SHA512 of the raw body keyed by
// the webhook's secret), and a careful HTTP client.
//
// ValidateURL checks a URL when a tenant registers a webhook: https only
// (plain http just to loopback, for local development, when allowed), no
// credentials in the URL.
//
// Deliverer POSTs one signed body and reports the status. Because tenants
// choose the URL, it guards against server-side request forgery: its dialer
// checks the address actually connected to (after DNS resolution, so DNS
// rebinding cannot get around it) and refuses loopback, private (RFC 1918,
// fc00::/7, 100.64.0.0/10), link-local (which holds the cloud metadata
// address), unspecified, multicast and the other special-purpose addresses;
// ValidateURL asks the same question of an IP written in the URL. IPv4
// inside IPv6 is judged by where it leads: ::ffff:a.b.c.d and the
// well-known NAT64 prefix 64:ff9b::/96 as the IPv4 address they carry;
// IPv4-compatible ::a.b.c.d, local-use NAT64 64:ff9b:1::/48, 6to4
// 2002::/16 and Teredo 2001::/32 are refused outright. It uses no proxy and
// follows no redirects. It never logs the body. Retries and the attempt log
// belong to the caller (the River job).
//
// Category maps a failed delivery's error to a short category ("DNS
// failed", "connection refused", "address not allowed", "timeout", "TLS
// failed", "HTTP status 500", ...), the only part a tenant is shown; the
// error itself names addresses and the resolver and belongs in the log.
//
// Only the standard library is needed.
package webhook

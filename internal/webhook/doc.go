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
// address), unspecified and multicast addresses; it uses no proxy and follows
// no redirects. It never logs the body. Retries and the attempt log belong to
// the caller (the River job).
//
// Only the standard library is needed.
package webhook

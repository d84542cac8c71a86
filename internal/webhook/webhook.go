package webhook

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha512"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"syscall"
	"time"
)

// Version is the envelope version Smile sends.
const Version = 1

// SignatureHeader carries the body's HMAC-SHA512.
const SignatureHeader = "Smile-Signature"

// UserAgent identifies talaan's deliveries.
const UserAgent = "talaan-webhooks/1"

// MaxURLLength bounds a webhook URL.
const MaxURLLength = 500

// DefaultTimeout bounds one delivery when NewDeliverer is given none.
const DefaultTimeout = 10 * time.Second

// maxResponse is how much of a receiver's answer is read (and discarded).
const maxResponse = 64 << 10

// Event is one webhook call's envelope.
type Event struct {
	ID        string    `json:"id"`
	Version   int       `json:"version"`
	Type      string    `json:"type"`
	CreatedAt time.Time `json:"createdAt"`
	Data      any       `json:"data"`
	// Payload, when set, is what webhooks with includePayload also get, as
	// data.payload (Smile's AllDatapointPayload: the data points saved).
	Payload any `json:"-"`
}

// WithPayload is the event as a webhook with includePayload gets it: its
// data (a JSON object) with the payload added; the event itself when it
// has none.
func (e Event) WithPayload() Event {
	data, ok := e.Data.(map[string]any)
	if e.Payload == nil || !ok {
		return e
	}
	withPayload := make(map[string]any, len(data)+1)
	for k, v := range data {
		withPayload[k] = v
	}
	withPayload["payload"] = e.Payload
	e.Data = withPayload
	return e
}

// MarshalJSON writes the envelope with createdAt as RFC 3339 in UTC to the
// second ("2021-04-14T09:30:24Z"), as Smile does.
func (e Event) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		ID        string `json:"id"`
		Version   int    `json:"version"`
		Type      string `json:"type"`
		CreatedAt string `json:"createdAt"`
		Data      any    `json:"data"`
	}{e.ID, e.Version, e.Type, e.CreatedAt.UTC().Format(time.RFC3339), e.Data})
}

// Body is the request body of the event's delivery: the JSON envelope. Sign
// and send exactly these bytes.
func (e Event) Body() ([]byte, error) {
	b, err := json.Marshal(e)
	if err != nil {
		return nil, fmt.Errorf("webhook: encode event %s: %w", e.ID, err)
	}
	return b, nil
}

// Sign returns the Smile-Signature of body: the lower-case hex HMAC-SHA512
// keyed by secret.
func Sign(secret string, body []byte) string {
	m := hmac.New(sha512.New, []byte(secret))
	m.Write(body)
	return hex.EncodeToString(m.Sum(nil))
}

// Verify reports whether signature is body's Smile-Signature under secret,
// comparing in constant time. Hex case and surrounding spaces are ignored.
func Verify(secret string, body []byte, signature string) bool {
	got, err := hex.DecodeString(strings.TrimSpace(signature))
	if err != nil {
		return false
	}
	m := hmac.New(sha512.New, []byte(secret))
	m.Write(body)
	return hmac.Equal(got, m.Sum(nil))
}

// ValidateURL checks a webhook URL before it is stored. It must be an
// absolute https URL with a host, no user name or password, at most 500
// characters. Plain http is accepted only when allowLoopbackHTTP is set and
// the host is "localhost" or a loopback IP (local development). A host
// written as an IP address must be one the Deliverer may connect to. The
// error is a sentence for the tenant; it wraps ErrForbiddenAddress when the
// address is the problem, else ErrInvalidURL.
func ValidateURL(raw string, allowLoopbackHTTP bool) error {
	if raw == "" {
		return invalidURL("webhook url is required")
	}
	if len(raw) > MaxURLLength {
		return invalidURL("webhook url must be at most %d characters", MaxURLLength)
	}
	u, err := url.Parse(raw)
	if err != nil {
		return invalidURL("webhook url is not a valid URL")
	}
	if !u.IsAbs() {
		return invalidURL("webhook url must be absolute, starting with https://")
	}
	if u.User != nil {
		return invalidURL("webhook url must not contain a user name or password")
	}
	host := u.Hostname()
	if u.Opaque != "" || host == "" {
		return invalidURL("webhook url must name a host, as in https://example.com/hooks")
	}
	loopback := isLoopbackHost(host)
	switch u.Scheme {
	case "https":
	case "http":
		if !allowLoopbackHTTP {
			return invalidURL("webhook url must use https")
		}
		if !loopback {
			return invalidURL("webhook url must use https (plain http is allowed only to localhost)")
		}
	default:
		return invalidURL("webhook url must use https")
	}
	if loopback && !allowLoopbackHTTP {
		return &urlError{msg: "webhook url must not point to this server (localhost)", kind: ErrForbiddenAddress}
	}
	if ip, err := netip.ParseAddr(strings.TrimSuffix(host, ".")); err == nil {
		if err := checkAddr(ip, allowLoopbackHTTP); err != nil {
			return &urlError{msg: "webhook url must not point to a private, loopback, link-local or other special-purpose address", kind: err}
		}
	}
	return nil
}

// isLoopbackHost reports "localhost" or a loopback IP literal.
func isLoopbackHost(host string) bool {
	h := strings.ToLower(strings.TrimSuffix(host, "."))
	if h == "localhost" {
		return true
	}
	ip, err := netip.ParseAddr(h)
	return err == nil && ip.Unmap().IsLoopback()
}

// ErrForbiddenAddress is wrapped in the error of a URL or delivery whose
// host is, or resolved to, an address the Deliverer refuses to connect to.
var ErrForbiddenAddress = errors.New("address not allowed for webhooks")

// ErrInvalidURL is wrapped in ValidateURL's other errors.
var ErrInvalidURL = errors.New("webhook url not allowed")

// urlError is ValidateURL's error: a sentence the tenant can act on, and the
// sentinel behind it for the delivery's failure category.
type urlError struct {
	msg  string
	kind error // ErrInvalidURL or ErrForbiddenAddress
}

func (e *urlError) Error() string { return e.msg }
func (e *urlError) Unwrap() error { return e.kind }

func invalidURL(format string, args ...any) error {
	return &urlError{msg: fmt.Sprintf(format, args...), kind: ErrInvalidURL}
}

var (
	broadcast = netip.MustParseAddr("255.255.255.255")
	// nat64 is the well-known NAT64 prefix (RFC 6052): the translator
	// connects to the IPv4 address in the last 32 bits, which is judged.
	nat64 = netip.MustParsePrefix("64:ff9b::/96")
	// refused are special-purpose ranges the standard library's Is* methods
	// do not cover. The IPv6 ones that carry an IPv4 address somewhere a
	// tunnel or translator would connect to are refused whole rather than
	// decoded: a webhook receiver has no business behind them.
	refused = []netip.Prefix{
		netip.MustParsePrefix("0.0.0.0/8"),       // "this network"
		netip.MustParsePrefix("100.64.0.0/10"),   // carrier-grade NAT, some cloud metadata
		netip.MustParsePrefix("192.0.0.0/24"),    // IETF protocol assignments
		netip.MustParsePrefix("192.0.2.0/24"),    // documentation
		netip.MustParsePrefix("198.18.0.0/15"),   // benchmarking
		netip.MustParsePrefix("198.51.100.0/24"), // documentation
		netip.MustParsePrefix("203.0.113.0/24"),  // documentation
		netip.MustParsePrefix("240.0.0.0/4"),     // reserved
		netip.MustParsePrefix("::/96"),           // IPv4-compatible ::a.b.c.d (deprecated); ::1 is judged as loopback first
		netip.MustParsePrefix("64:ff9b:1::/48"),  // local-use NAT64: the IPv4 address may sit anywhere
		netip.MustParsePrefix("100::/64"),        // discard-only
		netip.MustParsePrefix("2001::/23"),       // IETF protocol assignments, Teredo 2001::/32 among them
		netip.MustParsePrefix("2001:db8::/32"),   // documentation
		netip.MustParsePrefix("2002::/16"),       // 6to4: an IPv4 address in bits 16-47
		netip.MustParsePrefix("fec0::/10"),       // site-local (deprecated)
	}
)

// checkAddr decides whether a webhook may connect to ip: it returns
// ErrForbiddenAddress for loopback (unless allowLoopback), private,
// link-local, unspecified, multicast and the other special-purpose ranges,
// IPv6 forms that embed an IPv4 address included. ValidateURL (for an IP
// written in the URL) and the Deliverer's dialer (for the address actually
// connected to) both ask it.
func checkAddr(ip netip.Addr, allowLoopback bool) error {
	// A zone does not change where the address leads, but a zoned address
	// matches no prefix.
	ip = ip.WithZone("")
	// ::ffff:a.b.c.d is how a dual-stack socket reaches a.b.c.d.
	ip = ip.Unmap()
	if nat64.Contains(ip) {
		a := ip.As16()
		ip = netip.AddrFrom4([4]byte(a[12:]))
		allowLoopback = false // the translator's loopback is not ours to allow
	}
	switch {
	case !ip.IsValid():
		return ErrForbiddenAddress
	case ip.IsLoopback():
		if allowLoopback {
			return nil
		}
		return ErrForbiddenAddress
	case ip.IsPrivate(), ip.IsLinkLocalUnicast(), ip.IsLinkLocalMulticast(),
		ip.IsInterfaceLocalMulticast(), ip.IsMulticast(), ip.IsUnspecified(), ip == broadcast:
		return ErrForbiddenAddress
	}
	for _, p := range refused {
		if p.Contains(ip) {
			return ErrForbiddenAddress
		}
	}
	return nil
}

// Deliverer POSTs signed webhook bodies. It is safe for concurrent use.
type Deliverer struct {
	allowLoopback bool
	client        *http.Client
}

// NewDeliverer returns a Deliverer whose requests time out after timeout
// (DefaultTimeout if zero or less). allowLoopback lets it reach loopback
// addresses (and plain http to them), for local development and tests;
// private, link-local and the other special addresses stay refused.
func NewDeliverer(allowLoopback bool, timeout time.Duration) *Deliverer {
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	dialer := &net.Dialer{
		Timeout: timeout,
		// Control runs with the address actually being connected to, after
		// DNS resolution, so a name that resolves (or re-resolves) to a
		// private address is caught here.
		Control: func(network, address string, _ syscall.RawConn) error {
			ap, err := netip.ParseAddrPort(address)
			if err != nil {
				return fmt.Errorf("%w: %s", ErrForbiddenAddress, address)
			}
			if err := checkAddr(ap.Addr(), allowLoopback); err != nil {
				return fmt.Errorf("%w: %s", err, ap.Addr())
			}
			return nil
		},
	}
	transport := &http.Transport{
		Proxy:                 nil, // a proxy would connect for us, unchecked
		DialContext:           dialer.DialContext,
		ForceAttemptHTTP2:     true,
		MaxIdleConns:          100,
		MaxIdleConnsPerHost:   4,
		IdleConnTimeout:       90 * time.Second,
		TLSHandshakeTimeout:   timeout,
		ResponseHeaderTimeout: timeout,
		ExpectContinueTimeout: time.Second,
	}
	return &Deliverer{
		allowLoopback: allowLoopback,
		client: &http.Client{
			Transport: transport,
			Timeout:   timeout,
			CheckRedirect: func(*http.Request, []*http.Request) error {
				return http.ErrUseLastResponse // a 3xx is answered as is: a failure
			},
		},
	}
}

// Deliver POSTs body to the target URL with the Smile-Signature computed from secret.
// A 2xx answer returns (status, nil); any other answer, redirects included,
// returns (status, *StatusError); when there is no answer (refused address,
// network error, timeout) it returns (0, error). Category turns the error
// into the words a tenant may see; the error itself, which names addresses
// and resolvers, is for the server's log. At most 64 KB of the answer is
// read.
func (d *Deliverer) Deliver(ctx context.Context, target, secret string, body []byte) (status int, err error) {
	if err := ValidateURL(target, d.allowLoopback); err != nil {
		return 0, err
	}
	return d.post(ctx, target, secret, body)
}

// post sends without checking the URL first (the dialer still checks).
func (d *Deliverer) post(ctx context.Context, target, secret string, body []byte) (int, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, target, bytes.NewReader(body))
	if err != nil {
		return 0, fmt.Errorf("webhook: build request: %w", err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", UserAgent)
	req.Header.Set(SignatureHeader, Sign(secret, body))
	resp, err := d.client.Do(req)
	if err != nil {
		return 0, fmt.Errorf("webhook delivery failed: %w", err)
	}
	defer resp.Body.Close()
	io.Copy(io.Discard, io.LimitReader(resp.Body, maxResponse))
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return resp.StatusCode, &StatusError{Code: resp.StatusCode}
	}
	return resp.StatusCode, nil
}

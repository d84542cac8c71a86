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
// written as an IP address must be one the Deliverer may connect to.
func ValidateURL(raw string, allowLoopbackHTTP bool) error {
	if raw == "" {
		return errors.New("webhook url is required")
	}
	if len(raw) > MaxURLLength {
		return fmt.Errorf("webhook url must be at most %d characters", MaxURLLength)
	}
	u, err := url.Parse(raw)
	if err != nil {
		return errors.New("webhook url is not a valid URL")
	}
	if !u.IsAbs() {
		return errors.New("webhook url must be absolute, starting with https://")
	}
	if u.User != nil {
		return errors.New("webhook url must not contain a user name or password")
	}
	host := u.Hostname()
	if u.Opaque != "" || host == "" {
		return errors.New("webhook url must name a host, as in https://example.com/hooks")
	}
	loopback := isLoopbackHost(host)
	switch u.Scheme {
	case "https":
	case "http":
		if !allowLoopbackHTTP {
			return errors.New("webhook url must use https")
		}
		if !loopback {
			return errors.New("webhook url must use https (plain http is allowed only to localhost)")
		}
	default:
		return errors.New("webhook url must use https")
	}
	if loopback && !allowLoopbackHTTP {
		return errors.New("webhook url must not point to this server (localhost)")
	}
	if ip, err := netip.ParseAddr(strings.TrimSuffix(host, ".")); err == nil {
		if err := checkAddr(ip, allowLoopbackHTTP); err != nil {
			return errors.New("webhook url must not point to a private, loopback or link-local address")
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

// ErrForbiddenAddress is wrapped in the error of a delivery whose host
// resolved to an address the Deliverer refuses to connect to.
var ErrForbiddenAddress = errors.New("address not allowed for webhooks")

var (
	sharedSpace = netip.MustParsePrefix("100.64.0.0/10") // carrier-grade NAT, some cloud metadata
	thisNetwork = netip.MustParsePrefix("0.0.0.0/8")
	broadcast   = netip.MustParseAddr("255.255.255.255")
)

// checkAddr returns ErrForbiddenAddress for addresses a webhook must not
// reach: loopback (unless allowLoopback), private, link-local, unspecified,
// multicast.
func checkAddr(ip netip.Addr, allowLoopback bool) error {
	ip = ip.Unmap()
	switch {
	case !ip.IsValid():
		return ErrForbiddenAddress
	case ip.IsLoopback():
		if allowLoopback {
			return nil
		}
		return ErrForbiddenAddress
	case ip.IsPrivate(), ip.IsLinkLocalUnicast(), ip.IsLinkLocalMulticast(),
		ip.IsInterfaceLocalMulticast(), ip.IsMulticast(), ip.IsUnspecified(),
		sharedSpace.Contains(ip), thisNetwork.Contains(ip), ip == broadcast:
		return ErrForbiddenAddress
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
// returns (status, error "webhook answered <status>"); when there is no
// answer (refused address, network error, timeout) it returns (0, error).
// At most 64 KB of the answer is read.
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
		return resp.StatusCode, fmt.Errorf("webhook answered %d", resp.StatusCode)
	}
	return resp.StatusCode, nil
}

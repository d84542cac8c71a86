package console

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"talaan/internal/auth"
	"talaan/storage"
)

const (
	cookieName      = "talaan_console"
	loginCookieName = "talaan_console_login"
	cookiePath      = "/console"
)

// authenticator checks an API key and secret: *auth.Authenticator's SignIn
// (the tenant's own key is role admin; an API key has its role; a revoked
// key is refused), behind the same per-key and per-address failure limits
// as HTTP Basic on the API, so the console is no way around them.
type authenticator interface {
	SignIn(ctx context.Context, addr, key, secret string) (auth.Principal, error)
}

// consoleRoles are the key roles that may sign in.
var consoleRoles = map[string]bool{storage.RoleAdmin: true, storage.RoleReviewer: true}

// session is a signed-in person: the stored sign-in. The cookie holds a
// random token, signed with the console key; the store keeps the session
// under the token's hash (sessionID), so that neither a copy of the
// database nor a forged signature opens one, and a sign-out holds in every
// process of the deployment and after a restart.
type session struct {
	storage.ConsoleSession
}

// principal is who publishes, for the review service.
func (s *session) principal() auth.Principal {
	return auth.Principal{TenantID: s.TenantID, Actor: s.Actor, Role: s.Role, KeyID: s.ActorID, KeyName: s.ActorName}
}

func (c *Console) sign(kind, payload string) string {
	m := hmac.New(sha256.New, c.key)
	m.Write([]byte(kind))
	m.Write([]byte{'\n'})
	m.Write([]byte(payload))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

// sessionID is the stored id of the session whose cookie carries tok.
func sessionID(tok string) string {
	h := sha256.Sum256([]byte(tok))
	return hex.EncodeToString(h[:])
}

// session returns the request's session, or nil when there is none valid
// (missing, forged, unknown, expired, signed out, its key revoked). A
// store failure fails closed.
func (c *Console) session(r *http.Request) *session {
	ck, err := r.Cookie(cookieName)
	if err != nil || len(ck.Value) > 256 {
		return nil
	}
	tok, sig, ok := strings.Cut(ck.Value, ".")
	if !ok || tok == "" || !hmac.Equal([]byte(sig), []byte(c.sign("session", tok))) {
		return nil
	}
	cs, err := c.store.GetConsoleSession(r.Context(), sessionID(tok))
	if err != nil {
		if !errors.Is(err, storage.ErrNotFound) {
			c.log.Error("console: read the session", "err", err)
		}
		return nil
	}
	s := &session{cs}
	if cs.RevokedAt != nil || !c.now().Before(cs.ExpiresAt) || cs.TenantID == "" || !consoleRoles[cs.Role] {
		return nil
	}
	if !c.keyValid(r.Context(), s) {
		return nil
	}
	return s
}

// keyValid checks on every request that the key the session was opened
// with is not revoked since (an API key; the tenant's own key cannot be).
// A store failure fails closed.
func (c *Console) keyValid(ctx context.Context, s *session) bool {
	key, ok := strings.CutPrefix(s.Actor, "apikey:")
	if !ok {
		return false
	}
	k, err := c.store.APIKeyByKey(ctx, key)
	switch {
	case errors.Is(err, storage.ErrNotFound):
		return true // the tenant's own key
	case err != nil:
		c.log.Error("console: check the session's key", "err", err)
		return false
	}
	return k.RevokedAt == nil && k.TenantID == s.TenantID && k.Role == s.Role
}

func (c *Console) setCookie(w http.ResponseWriter, name, value string, maxAge time.Duration) {
	ck := &http.Cookie{Name: name, Value: value, Path: cookiePath, HttpOnly: true, Secure: c.secure,
		SameSite: http.SameSiteStrictMode}
	if maxAge > 0 {
		ck.MaxAge = int(maxAge / time.Second)
		ck.Expires = c.now().Add(maxAge)
	} else {
		ck.MaxAge = -1
	}
	http.SetCookie(w, ck)
}

// csrfToken is tied to the session: a POST must carry it (hidden field
// "csrf").
func (c *Console) csrfToken(s *session) string { return c.sign("csrf", s.ID) }

func (c *Console) checkCSRF(r *http.Request, s *session) bool {
	tok := r.PostFormValue("csrf")
	return tok != "" && hmac.Equal([]byte(tok), []byte(c.csrfToken(s)))
}

// sameOrigin refuses a POST whose Origin names another site (a second
// line behind the token and the SameSite cookie).
func sameOrigin(r *http.Request) bool {
	o := r.Header.Get("Origin")
	if o == "" || o == "null" {
		return o == ""
	}
	u, err := url.Parse(o)
	return err == nil && strings.EqualFold(u.Host, r.Host)
}

type handler func(w http.ResponseWriter, r *http.Request, s *session)

// signedIn sends a visitor without a session to the sign-in page.
func (c *Console) signedIn(h handler) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		s := c.session(r)
		if s == nil {
			msg := ""
			if _, err := r.Cookie(cookieName); err == nil {
				msg = "?msg=expired"
			}
			http.Redirect(w, r, "/console/login"+msg, http.StatusSeeOther)
			return
		}
		h(w, r, s)
	}
}

// signedInImage answers 401 without a session (an <img> cannot follow a
// sign-in).
func (c *Console) signedInImage(h handler) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		s := c.session(r)
		if s == nil {
			http.Error(w, "Sign in first.", http.StatusUnauthorized)
			return
		}
		h(w, r, s)
	}
}

// withCSRF guards a POST: a session, a same-origin request and the
// session's token, else 403.
func (c *Console) withCSRF(h handler) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
		s := c.session(r)
		if s == nil {
			c.errorPage(w, r, nil, http.StatusForbidden, "Your session ended; sign in again. Nothing was changed.")
			return
		}
		if !sameOrigin(r) || !c.checkCSRF(r, s) {
			c.log.Warn("console: POST refused without a valid CSRF token", "path", r.URL.Path, "actor", s.Actor)
			c.errorPage(w, r, s, http.StatusForbidden, "This form is out of date or did not come from this console. Reload the page and try again. Nothing was changed.")
			return
		}
		h(w, r, s)
	}
}

type loginData struct {
	Head
	Token string
	Key   string
	Error string
}

// loginPage shows the sign-in form. A short-lived random cookie and a
// token derived from it guard the form against login CSRF.
func (c *Console) loginPage(w http.ResponseWriter, r *http.Request) {
	if s := c.session(r); s != nil {
		http.Redirect(w, r, "/console/", http.StatusSeeOther)
		return
	}
	c.showLogin(w, r, http.StatusOK, "", "")
}

func (c *Console) showLogin(w http.ResponseWriter, r *http.Request, status int, key, msg string) {
	nonce := randomID()
	c.setCookie(w, loginCookieName, nonce, time.Hour)
	d := loginData{Head: c.head(nil, "Sign in"), Token: c.sign("login", nonce), Key: key, Error: msg}
	d.Flash = flashes[r.URL.Query().Get("msg")]
	c.render(w, r, "login", status, d)
}

// genericLoginError never says whether the key exists, was revoked or has
// no right to the console.
const genericLoginError = "Sign-in failed: the key or secret is wrong, or this key cannot use the console."

func (c *Console) login(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 16<<10)
	ip := auth.ClientAddr(r)
	nonce, err := r.Cookie(loginCookieName)
	if !sameOrigin(r) || err != nil || !hmac.Equal([]byte(r.PostFormValue("csrf")), []byte(c.sign("login", nonce.Value))) {
		c.showLogin(w, r, http.StatusForbidden, "", "The sign-in form was out of date; try again.")
		return
	}
	// The attempt is paid for before the secret is checked, so that
	// concurrent attempts cannot all pass a check made before any of
	// them failed; a sign-in that succeeds gets its token back.
	if !c.logins.take(ip) {
		c.log.Warn("console: sign-in refused, too many failures", "ip", ip)
		w.Header().Set("Retry-After", "60")
		c.showLogin(w, r, http.StatusTooManyRequests, "", "Too many failed sign-ins from your address. Wait a minute and try again.")
		return
	}
	key := strings.TrimSpace(r.PostFormValue("key"))
	id, err := c.auth.SignIn(r.Context(), ip, key, strings.TrimSpace(r.PostFormValue("secret")))
	if err == nil && (!consoleRoles[id.Role] || id.UserID != "" || id.TenantID == "") {
		err = auth.ErrBadCredentials
	}
	if te := (*auth.ThrottledError)(nil); errors.As(err, &te) {
		after := te.After
		// The key or address is throttled by the API's sign-in limits; the
		// secret was not looked at.
		c.logins.giveBack(ip)
		w.Header().Set("Retry-After", strconv.Itoa(max(1, int(after.Seconds()+0.999))))
		c.showLogin(w, r, http.StatusTooManyRequests, key, "Too many failed sign-ins with this key or from your address. Wait a minute and try again.")
		return
	}
	if err != nil {
		if !errors.Is(err, auth.ErrBadCredentials) && !errors.Is(err, auth.ErrKeyRevoked) {
			c.logins.giveBack(ip) // our failure, not the visitor's
			c.log.Error("console: sign-in", "err", err)
			c.showLogin(w, r, http.StatusInternalServerError, key, "Sign-in is not possible right now; try again in a moment.")
			return
		}
		c.log.Info("console: sign-in failed", "ip", ip)
		c.showLogin(w, r, http.StatusUnauthorized, key, genericLoginError)
		return
	}
	c.logins.giveBack(ip)
	tok, now := randomID(), c.now()
	s := storage.ConsoleSession{ID: sessionID(tok), TenantID: id.TenantID, Actor: id.Actor, ActorID: id.KeyID, ActorName: id.KeyName,
		Role: id.Role, CreatedAt: now, ExpiresAt: now.Add(c.cfg.SessionTTL)}
	if err := c.store.CreateConsoleSession(r.Context(), s); err != nil {
		c.log.Error("console: store the session", "err", err)
		c.showLogin(w, r, http.StatusInternalServerError, key, "Sign-in is not possible right now; try again in a moment.")
		return
	}
	c.setCookie(w, cookieName, tok+"."+c.sign("session", tok), c.cfg.SessionTTL)
	c.setCookie(w, loginCookieName, "", 0)
	c.log.Info("console: signed in", "actor", s.Actor, "role", s.Role)
	http.Redirect(w, r, "/console/", http.StatusSeeOther)
}

// logout revokes the session in the store, so that every process refuses
// its cookie from now on; if the store cannot be reached the cookie is kept
// and the person is told, rather than believing they are signed out.
func (c *Console) logout(w http.ResponseWriter, r *http.Request, s *session) {
	if err := c.store.RevokeConsoleSession(r.Context(), s.ID, c.now()); err != nil {
		c.log.Error("console: sign out", "err", err)
		c.errorPage(w, r, s, http.StatusInternalServerError, "Signing out did not work; you are still signed in. Try again in a moment.")
		return
	}
	c.setCookie(w, cookieName, "", 0)
	http.Redirect(w, r, "/console/login?msg=signed-out", http.StatusSeeOther)
}

func randomID() string {
	b := make([]byte, 18)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// limiter is a token bucket per address: each sign-in attempt takes a
// token before the secret is checked, a successful one gives it back;
// burst tokens refill at one per every.
type limiter struct {
	mu      sync.Mutex
	burst   float64
	every   time.Duration
	buckets map[string]*bucket
	now     func() time.Time
}

type bucket struct {
	tokens float64
	at     time.Time
}

func newLimiter(burst int, every time.Duration) *limiter {
	return &limiter{burst: float64(burst), every: every, buckets: map[string]*bucket{}, now: time.Now}
}

func (l *limiter) refill(b *bucket, now time.Time) {
	b.tokens = min(l.burst, b.tokens+float64(now.Sub(b.at))/float64(l.every))
	b.at = now
}

// take reserves an attempt for the address: false when its bucket is
// empty.
func (l *limiter) take(ip string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	if len(l.buckets) > 10000 { // forget the addresses whose bucket is full again
		for k, b := range l.buckets {
			if l.refill(b, now); b.tokens >= l.burst {
				delete(l.buckets, k)
			}
		}
	}
	b, ok := l.buckets[ip]
	if !ok {
		b = &bucket{tokens: l.burst, at: now}
		l.buckets[ip] = b
	}
	l.refill(b, now)
	if b.tokens < 1 {
		return false
	}
	b.tokens--
	return true
}

// giveBack returns the token of an attempt that did not fail for the
// visitor's fault (a sign-in that succeeded, a store error).
func (l *limiter) giveBack(ip string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if b, ok := l.buckets[ip]; ok {
		l.refill(b, l.now())
		b.tokens = min(l.burst, b.tokens+1)
	}
}

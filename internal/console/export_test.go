package console

import (
	"context"
	"time"

	"talaan/internal/auth"
)

// FreezeLoginClock stops the sign-in limiter's clock, so that a test of the
// limit does not depend on how fast the machine is.
func FreezeLoginClock(c *Console, at time.Time) {
	c.logins.now = func() time.Time { return at }
}

// SlowSecretCheck makes every secret check take d, as a loaded store does,
// so that concurrent sign-ins overlap.
func SlowSecretCheck(c *Console, d time.Duration) {
	c.auth = slowAuth{next: c.auth, d: d}
}

type slowAuth struct {
	next authenticator
	d    time.Duration
}

func (s slowAuth) SignIn(ctx context.Context, addr, key, secret string) (auth.Principal, error) {
	time.Sleep(s.d)
	return s.next.SignIn(ctx, addr, key, secret)
}

// Package ids makes the identifiers talaan hands out: a short prefix naming
// the kind of object, then 32 hex digits of which the first 12 are the
// creation time in milliseconds and the rest random. They sort by creation
// time (lists page on them) and cannot be guessed.
package ids

import (
	"crypto/rand"
	"encoding/binary"
	"encoding/hex"
	"time"
)

// Prefixes of talaan's object ids.
const (
	Tenant  = "tn-"
	User    = "usr-"
	Token   = "tk-"
	Archive = "a-"
	Upload  = "u-"
	File    = "f-"
	Income  = "inc-"
	Webhook = "wh-"
	Event   = "evt-"
	Attempt = "wa-"
	Audit   = "au-"
	APIKey  = "key-"
)

// New returns prefix followed by a time-ordered random id.
func New(prefix string) string {
	return NewAt(prefix, time.Now())
}

// NewAt is New with the time given.
func NewAt(prefix string, t time.Time) string {
	var b [16]byte
	var ms [8]byte
	binary.BigEndian.PutUint64(ms[:], uint64(t.UnixMilli()))
	copy(b[:6], ms[2:])
	if _, err := rand.Read(b[6:]); err != nil {
		panic("crypto/rand: " + err.Error()) // never fails on Linux
	}
	return prefix + hex.EncodeToString(b[:])
}

// Secret returns n random bytes as hex, for API secrets and tokens.
func Secret(n int) string {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic("crypto/rand: " + err.Error())
	}
	return hex.EncodeToString(b)
}

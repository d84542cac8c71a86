// Package storetest is the conformance suite of storage.Store: every backend
// runs it from its own tests, so that they all behave the same.
//
//	func TestStore(t *testing.T) {
//		storetest.Run(t, openStore, countJobs)
//	}
//
// The suite needs the backend's River tables (the store inserts jobs of
// kind "storetest") and a way to count them, the JobCounter.
package storetest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/riverqueue/river"

	"talaan/storage"
)

// JobCounter counts the River jobs of a kind committed in the store's
// database.
type JobCounter func(t *testing.T, s storage.Store, kind string) int

// testJob is the job the suite inserts with its changes.
type testJob struct{ N int }

func (testJob) Kind() string { return jobKind }

const jobKind = "storetest"

// tenantJob is a job of one tenant, for QueueLoads.
type tenantJob struct {
	TenantID string `json:"tenantId,omitempty"`
	N        int    `json:"n"`
}

func (tenantJob) Kind() string { return "storetest_tenant" }

// jobs returns n test jobs.
func jobs(n int) []river.InsertManyParams {
	out := make([]river.InsertManyParams, n)
	for i := range out {
		out[i] = river.InsertManyParams{Args: testJob{N: i}}
	}
	return out
}

// Run runs the suite. open returns a new store on an empty database that
// is already migrated, and closes it when the test ends (t.Cleanup); each
// subtest opens its own store, and most run in parallel.
func Run(t *testing.T, open func(t *testing.T) storage.Store, count JobCounter) {
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			e := newEnv(t, open(t), count)
			tc.fn(e)
		})
	}
}

// Fixture names: two tenants, two users of A and one of B.
const (
	tenantA = "ten-a"
	tenantB = "ten-b"
	userA1  = "usr-a1"
	userA2  = "usr-a2"
	userB1  = "usr-b1"
)

// t0 is the suite's "now"; its times are whole microseconds in UTC so that
// every backend stores them exactly.
var t0 = time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)

// env is one subtest's store with the fixture tenants and users.
type env struct {
	t     *testing.T
	ctx   context.Context
	s     storage.Store
	count JobCounter
}

func newEnv(t *testing.T, s storage.Store, count JobCounter) *env {
	e := &env{t: t, ctx: t.Context(), s: s, count: count}
	for _, ten := range []string{tenantA, tenantB} {
		e.ok(s.CreateTenant(e.ctx, storage.Tenant{ID: ten, Name: "Tenant " + ten, APIKey: "key-" + ten,
			SecretHash: []byte("hash-" + ten), CreatedAt: t0}))
	}
	for _, u := range []struct{ tenant, id string }{{tenantA, userA1}, {tenantA, userA2}, {tenantB, userB1}} {
		e.ok(s.CreateUser(e.ctx, storage.User{ID: u.id, TenantID: u.tenant, CreatedAt: t0},
			storage.Token{ID: "tok-" + u.id, TenantID: u.tenant, UserID: u.id, Hash: []byte("tokhash-" + u.id),
				ExpiresAt: t0.Add(time.Hour), CreatedAt: t0}))
	}
	return e
}

// with returns the env reporting to a sub-subtest.
func (e *env) with(t *testing.T) *env {
	c := *e
	c.t = t
	return &c
}

func (e *env) ok(err error) {
	e.t.Helper()
	if err != nil {
		e.t.Fatal(err)
	}
}

// is fails unless err wraps target.
func (e *env) is(err, target error, what string) {
	e.t.Helper()
	if !errors.Is(err, target) {
		e.t.Fatalf("%s: got error %v, want %v", what, err, target)
	}
}

func (e *env) jobs() int {
	e.t.Helper()
	return e.count(e.t, e.s, jobKind)
}

func (e *env) wantJobs(want int) {
	e.t.Helper()
	if got := e.jobs(); got != want {
		e.t.Errorf("jobs of kind %q: got %d, want %d", jobKind, got, want)
	}
}

// newArchive returns a STARTED archive of the tenant's user with two files.
func newArchive(tenant, user, id string, created time.Time) storage.Archive {
	a := storage.Archive{
		ID: id, TenantID: tenant, UserID: user, Source: storage.SourceArchive, ProviderID: "tenant-provided",
		FileType: "PAYSLIP", Status: storage.StatusStarted, CreatedAt: created, UpdatedAt: created,
	}
	for i := 1; i <= 2; i++ {
		a.Files = append(a.Files, storage.RawFile{
			ID: fmt.Sprintf("%s-f%d", id, i), ArchiveID: id, TenantID: tenant, Name: fmt.Sprintf("page%d.pdf", i),
			SubType: "PAYSLIP", Format: "PDF", Size: int64(1000 * i), BlobKey: fmt.Sprintf("blob/%s/%d", id, i),
			CreatedAt: created, ExpiresAt: created.Add(30 * 24 * time.Hour),
		})
	}
	return a
}

// archive creates an archive (newArchive changed by mod) and returns it.
func (e *env) archive(tenant, user, id string, mod func(*storage.Archive)) storage.Archive {
	e.t.Helper()
	a := newArchive(tenant, user, id, t0)
	if mod != nil {
		mod(&a)
	}
	e.ok(e.s.CreateArchive(e.ctx, a, nil))
	return a
}

func ptr[T any](v T) *T { return &v }

// income returns an income of the archive's file with a period.
func income(id, start, end string) storage.Income {
	in := storage.Income{
		ID: id, WorkItem: ptr("Payslip"), Employer: ptr("ACME Corp"), Currency: ptr("PHP"), Frequency: ptr("MONTHLY"),
		GrossAmount: ptr(50000.5), NetAmount: ptr(42000.25), Confidence: json.RawMessage(`{"employer": 0.9, "net": 0.75}`),
		CreatedAt: t0.Add(time.Minute), ItemCreatedAt: t0,
	}
	if start != "" {
		in.StartDate = ptr(start)
	}
	if end != "" {
		in.EndDate = ptr(end)
	}
	return in
}

// filled is the income as the store keeps it for archive a.
func filled(in storage.Income, a storage.Archive) storage.Income {
	in.TenantID, in.ArchiveID = a.TenantID, a.ID
	if in.UserID == "" {
		in.UserID = a.UserID
	}
	if in.SourceType == "" {
		in.SourceType = a.Source
	}
	if in.ProviderID == "" {
		in.ProviderID = a.ProviderID
	}
	return in
}

// finishWith finishes archive a with incomes (Status ANALYZED unless mod
// changes it).
func (e *env) finishWith(a storage.Archive, incomes []storage.Income, mod func(*storage.Finish)) error {
	f := storage.Finish{ArchiveID: a.ID, Status: storage.StatusAnalyzed, Incomes: incomes, At: t0.Add(time.Hour)}
	if mod != nil {
		mod(&f)
	}
	return e.s.FinishArchive(e.ctx, f, nil)
}

func ids[T any](items []T, id func(T) string) []string {
	out := make([]string, len(items))
	for i, it := range items {
		out[i] = id(it)
	}
	return out
}

func archiveID(a storage.Archive) string        { return a.ID }
func incomeID(in storage.Income) string         { return in.ID }
func userID(u storage.User) string              { return u.ID }
func webhookID(w storage.Webhook) string        { return w.ID }
func attemptID(a storage.WebhookAttempt) string { return a.ID }
func apiKeyID(k storage.APIKey) string          { return k.ID }

// pageLen is the number of items of a full page of the size asked for.
func pageLen(size int) int {
	switch {
	case size <= 0:
		return 10
	case size > 150:
		return 150
	}
	return size
}

// walk reads every page of a list and checks the cursor contract: full
// pages but the last, next "" only at the end, ids strictly descending.
func walk[T any](e *env, size int, id func(T) string, list func(p storage.Page) ([]T, string, error)) []string {
	e.t.Helper()
	var all []string
	p := storage.Page{Size: size}
	for range 1000 {
		items, next, err := list(p)
		e.ok(err)
		got := ids(items, id)
		if len(items) > pageLen(size) || (next != "" && len(items) != pageLen(size)) {
			e.t.Fatalf("page after %q: %d items with next %q, want a full page of %d", p.After, len(items), next, pageLen(size))
		}
		if next != "" && next != got[len(got)-1] {
			e.t.Fatalf("page after %q: next %q, want the last id %q", p.After, next, got[len(got)-1])
		}
		all = append(all, got...)
		if next == "" {
			break
		}
		p.After = next
	}
	for i := 1; i < len(all); i++ {
		if all[i] >= all[i-1] {
			e.t.Fatalf("ids not strictly descending across pages: %q then %q", all[i-1], all[i])
		}
	}
	return all
}

// descending returns the ids sorted newest first.
func descending(ids ...string) []string {
	out := slices.Clone(ids)
	slices.Sort(out)
	slices.Reverse(out)
	return out
}

type test struct {
	name string
	fn   func(e *env)
}

var tests = []test{
	{"Migrate is idempotent", testMigrateIdempotent},
	{"Secret is created once and stays stable", testSecretStable},
	{"Secret callers racing agree on one value", testSecretRace},
	{"CreateTenant and TenantByAPIKey round-trip", testTenantRoundTrip},
	{"CreateTenant with a duplicate API key is a conflict", testTenantDuplicateKey},
	{"CreateUser stores the user and its token", testUserAndToken},
	{"CreateUser with a duplicate token hash stores nothing", testUserAtomic},
	{"CreateToken adds a token to a user", testCreateToken},
	{"ListUsers pages newest first within the tenant", testListUsers},
	{"CreateArchive and GetArchive round-trip with files", testArchiveRoundTrip},
	{"CreateArchive commits its jobs with the rows", testCreateArchiveJobs},
	{"CreateArchive that fails stores no rows and no jobs", testCreateArchiveAtomic},
	{"GetFile is tenant scoped", testGetFile},
	{"ListArchives pages newest first with files", testListArchivesPages},
	{"ListArchives filters", testListArchivesFilters},
	{"Page size defaults to 10 and is clamped to 150", testPageClamp},
	{"FinishArchive applies the verdict and stores incomes", testFinishApplies},
	{"GetIncomes returns the tenant's incomes among ids", testGetIncomes},
	{"FinishArchive keeps FileType and Result when not given", testFinishKeeps},
	{"FinishArchive twice leaves one copy of the incomes", testFinishIdempotent},
	{"FinishArchive racing on one archive leaves one copy", testFinishRace},
	{"FinishArchive on a finished archive is a conflict and changes nothing", testFinishFinished},
	{"FinishArchive on a revoked archive is a conflict and changes nothing", testFinishRevoked},
	{"FinishArchive on an unknown archive is not found", testFinishUnknown},
	{"FinishArchive with RequireReview needs an archive in review", testFinishRequireReview},
	{"Review flow publishes reviewed incomes with an audit trail", testReviewFlow},
	{"RevokeArchive deletes incomes and marks files deleted", testRevoke},
	{"RevokeArchive twice is a conflict", testRevokeTwice},
	{"RevokeArchive of another tenant is not found and changes nothing", testRevokeOtherTenant},
	{"ExpiredFiles lists files past retention, oldest first", testExpiredFiles},
	{"MarkFileDeleted takes a file out of ExpiredFiles", testMarkFileDeleted},
	{"KnownBlobKeys tells the keys of files not deleted", testKnownBlobKeys},
	{"QueueLoads counts unfinished jobs of a kind per tenant", testQueueLoads},
	{"GetIncome is tenant scoped", testGetIncome},
	{"ListIncomes pages newest first", testListIncomesPages},
	{"ListIncomes filters", testListIncomesFilters},
	{"Webhooks are created, read, listed and deleted per tenant", testWebhooks},
	{"WebhooksFor matches the event type or ALL_EVENTS", testWebhooksFor},
	{"Webhook attempts list newest first and outlive the webhook", testWebhookAttempts},
	{"CreateAPIKey, APIKeyByKey and GetAPIKey round-trip", testAPIKeyRoundTrip},
	{"CreateAPIKey with a duplicate key or id is a conflict, for an unknown tenant not found", testAPIKeyConflicts},
	{"ListAPIKeys pages newest first within the tenant", testListAPIKeys},
	{"RevokeAPIKey is tenant scoped and keeps the first time", testRevokeAPIKey},
	{"Tenant B never sees tenant A's rows", testTenantIsolation},
	{"Console sessions round-trip and are revoked once", testConsoleSessions},
	{"CreateConsoleSession with a duplicate id is a conflict, for an unknown tenant not found", testConsoleSessionConflicts},
	{"CreateConsoleSession deletes the sessions expired before it", testConsoleSessionHousekeeping},
	{"ReserveIdempotency reserves a free key once per tenant and owner", testIdempotencyReserve},
	{"CompleteIdempotency keeps the answer; only the reserving request completes or releases", testIdempotencyComplete},
	{"An expired key or a reservation past its lock is taken over; DeleteExpiredIdempotency deletes expired keys", testIdempotencyExpiry},
	{"ReserveIdempotency racing on one key reserves it once", testIdempotencyRace},
	{"Load stores batches of users, archives with files and incomes, read back as stored", testLoad},
	{"Load that fails stores nothing", testLoadAtomic},
}

func consoleSession(id string, created time.Time) storage.ConsoleSession {
	return storage.ConsoleSession{ID: id, TenantID: tenantA, Actor: "apikey:ak-key-1", ActorID: "key-1", ActorName: "Ana",
		Role: storage.RoleReviewer, CreatedAt: created, ExpiresAt: created.Add(8 * time.Hour)}
}

func testConsoleSessions(e *env) {
	want := consoleSession("ses-1", t0)
	e.ok(e.s.CreateConsoleSession(e.ctx, want))
	got, err := e.s.GetConsoleSession(e.ctx, "ses-1")
	e.ok(err)
	same(e.t, "session", got, want)
	_, err = e.s.GetConsoleSession(e.ctx, "ses-none")
	e.is(err, storage.ErrNotFound, "unknown session")
	e.is(e.s.RevokeConsoleSession(e.ctx, "ses-none", t0), storage.ErrNotFound, "revoke an unknown session")

	at := t0.Add(time.Hour)
	e.ok(e.s.RevokeConsoleSession(e.ctx, "ses-1", at))
	// Revoking again succeeds and keeps the first time.
	e.ok(e.s.RevokeConsoleSession(e.ctx, "ses-1", at.Add(time.Hour)))
	got, err = e.s.GetConsoleSession(e.ctx, "ses-1")
	e.ok(err)
	want.RevokedAt = &at
	same(e.t, "revoked session", got, want)
}

func testConsoleSessionConflicts(e *env) {
	e.ok(e.s.CreateConsoleSession(e.ctx, consoleSession("ses-1", t0)))
	e.is(e.s.CreateConsoleSession(e.ctx, consoleSession("ses-1", t0)), storage.ErrConflict, "duplicate id")
	orphan := consoleSession("ses-2", t0)
	orphan.TenantID = "ten-none"
	e.is(e.s.CreateConsoleSession(e.ctx, orphan), storage.ErrNotFound, "unknown tenant")
	_, err := e.s.GetConsoleSession(e.ctx, "ses-2")
	e.is(err, storage.ErrNotFound, "session of an unknown tenant")
}

func testConsoleSessionHousekeeping(e *env) {
	e.ok(e.s.CreateConsoleSession(e.ctx, consoleSession("ses-old", t0)))
	e.ok(e.s.CreateConsoleSession(e.ctx, consoleSession("ses-live", t0.Add(4*time.Hour))))
	e.ok(e.s.RevokeConsoleSession(e.ctx, "ses-live", t0.Add(5*time.Hour)))
	// Nine hours on, ses-old has expired, ses-live (revoked) has not.
	e.ok(e.s.CreateConsoleSession(e.ctx, consoleSession("ses-new", t0.Add(9*time.Hour))))
	_, err := e.s.GetConsoleSession(e.ctx, "ses-old")
	e.is(err, storage.ErrNotFound, "expired session after a new sign-in")
	live, err := e.s.GetConsoleSession(e.ctx, "ses-live")
	e.ok(err)
	if live.RevokedAt == nil {
		e.t.Fatal("the revoked session lost its revocation")
	}
}

func testMigrateIdempotent(e *env) {
	e.ok(e.s.Migrate(e.ctx))
	e.ok(e.s.Migrate(e.ctx))
	// The fixture survived and the store still works.
	_, err := e.s.TenantByAPIKey(e.ctx, "key-"+tenantA)
	e.ok(err)
	e.archive(tenantA, userA1, "arc-1", nil)
}

func testSecretStable(e *env) {
	calls := 0
	gen := func(v string) func() []byte {
		return func() []byte { calls++; return []byte(v) }
	}
	first, err := e.s.Secret(e.ctx, "signing", gen("one"))
	e.ok(err)
	same(e.t, "first secret", first, []byte("one"))
	again, err := e.s.Secret(e.ctx, "signing", gen("two"))
	e.ok(err)
	same(e.t, "second secret", again, []byte("one"))
	if calls > 2 {
		e.t.Errorf("gen called %d times", calls)
	}
	other, err := e.s.Secret(e.ctx, "cookies", gen("three"))
	e.ok(err)
	same(e.t, "other secret", other, []byte("three"))
}

func testSecretRace(e *env) {
	const n = 8
	got := make([][]byte, n)
	errs := make([]error, n)
	done := make(chan struct{})
	for i := range n {
		go func() {
			defer func() { done <- struct{}{} }()
			got[i], errs[i] = e.s.Secret(e.ctx, "race", func() []byte { return []byte(fmt.Sprint("value-", i)) })
		}()
	}
	for range n {
		<-done
	}
	for i := range n {
		e.ok(errs[i])
		same(e.t, fmt.Sprint("secret of caller ", i), got[i], got[0])
	}
}

func testTenantRoundTrip(e *env) {
	want := storage.Tenant{ID: "ten-c", Name: "Lender C", APIKey: "key-c", SecretHash: []byte{1, 2, 3}, CreatedAt: t0.Add(time.Second)}
	e.ok(e.s.CreateTenant(e.ctx, want))
	got, err := e.s.TenantByAPIKey(e.ctx, "key-c")
	e.ok(err)
	same(e.t, "tenant", got, want)
	_, err = e.s.TenantByAPIKey(e.ctx, "no-such-key")
	e.is(err, storage.ErrNotFound, "unknown api key")
}

func testTenantDuplicateKey(e *env) {
	err := e.s.CreateTenant(e.ctx, storage.Tenant{ID: "ten-c", Name: "C", APIKey: "key-" + tenantA, SecretHash: []byte{1}, CreatedAt: t0})
	e.is(err, storage.ErrConflict, "duplicate api key")
	got, err := e.s.TenantByAPIKey(e.ctx, "key-"+tenantA)
	e.ok(err)
	if got.ID != tenantA {
		e.t.Errorf("api key now belongs to %q, want %q", got.ID, tenantA)
	}
}

func testUserAndToken(e *env) {
	u := storage.User{ID: "usr-a3", TenantID: tenantA, ExternalMetadata: map[string]string{"ref": "X-1", "branch": "Makati"}, CreatedAt: t0.Add(time.Second)}
	tok := storage.Token{ID: "tok-a3", TenantID: tenantA, UserID: "usr-a3", Hash: []byte{0xde, 0xad}, ExpiresAt: t0.Add(time.Hour), CreatedAt: t0.Add(time.Second)}
	e.ok(e.s.CreateUser(e.ctx, u, tok))
	got, err := e.s.GetUser(e.ctx, tenantA, "usr-a3")
	e.ok(err)
	same(e.t, "user", got, u)
	gotTok, err := e.s.TokenByHash(e.ctx, []byte{0xde, 0xad})
	e.ok(err)
	same(e.t, "token", gotTok, tok)

	_, err = e.s.GetUser(e.ctx, tenantB, "usr-a3")
	e.is(err, storage.ErrNotFound, "user of another tenant")
	_, err = e.s.GetUser(e.ctx, tenantA, "usr-nope")
	e.is(err, storage.ErrNotFound, "unknown user")
	_, err = e.s.TokenByHash(e.ctx, []byte("unknown"))
	e.is(err, storage.ErrNotFound, "unknown token hash")
	err = e.s.CreateUser(e.ctx, storage.User{ID: "usr-a3", TenantID: tenantA, CreatedAt: t0},
		storage.Token{ID: "tok-a3b", TenantID: tenantA, UserID: "usr-a3", Hash: []byte("other"), ExpiresAt: t0, CreatedAt: t0}, jobs(1)...)
	e.is(err, storage.ErrConflict, "duplicate user id")
	e.wantJobs(0) // the failed user's jobs went with it

	e.ok(e.s.CreateUser(e.ctx, storage.User{ID: "usr-a4", TenantID: tenantA, CreatedAt: t0},
		storage.Token{ID: "tok-a4", TenantID: tenantA, UserID: "usr-a4", Hash: []byte("a4"), ExpiresAt: t0, CreatedAt: t0}, jobs(2)...))
	e.wantJobs(2)
}

func testUserAtomic(e *env) {
	err := e.s.CreateUser(e.ctx, storage.User{ID: "usr-a3", TenantID: tenantA, CreatedAt: t0},
		storage.Token{ID: "tok-a3", TenantID: tenantA, UserID: "usr-a3", Hash: []byte("tokhash-" + userA1), ExpiresAt: t0, CreatedAt: t0})
	e.is(err, storage.ErrConflict, "duplicate token hash")
	_, err = e.s.GetUser(e.ctx, tenantA, "usr-a3")
	e.is(err, storage.ErrNotFound, "user of the failed CreateUser")
}

func testCreateToken(e *env) {
	tok := storage.Token{ID: "tok-2", TenantID: tenantA, UserID: userA1, Hash: []byte("second"), ExpiresAt: t0.Add(2 * time.Hour), CreatedAt: t0.Add(time.Minute)}
	e.ok(e.s.CreateToken(e.ctx, tok))
	got, err := e.s.TokenByHash(e.ctx, []byte("second"))
	e.ok(err)
	same(e.t, "token", got, tok)
	// The first token still works.
	first, err := e.s.TokenByHash(e.ctx, []byte("tokhash-"+userA1))
	e.ok(err)
	same(e.t, "first token user", first.UserID, userA1)
	err = e.s.CreateToken(e.ctx, storage.Token{ID: "tok-3", TenantID: tenantA, UserID: userA2, Hash: []byte("second"), ExpiresAt: t0, CreatedAt: t0})
	e.is(err, storage.ErrConflict, "duplicate token hash")
}

func testListUsers(e *env) {
	var want []string
	for i := range 23 {
		id := fmt.Sprintf("usr-x%03d", i)
		want = append(want, id)
		e.ok(e.s.CreateUser(e.ctx, storage.User{ID: id, TenantID: tenantA, CreatedAt: t0},
			storage.Token{ID: "tok-" + id, TenantID: tenantA, UserID: id, Hash: []byte(id), ExpiresAt: t0, CreatedAt: t0}))
	}
	want = descending(append(want, userA1, userA2)...)
	got := walk(e, 10, userID, func(p storage.Page) ([]storage.User, string, error) { return e.s.ListUsers(e.ctx, tenantA, p) })
	same(e.t, "users of A", got, want)
	got = walk(e, 7, userID, func(p storage.Page) ([]storage.User, string, error) { return e.s.ListUsers(e.ctx, tenantB, p) })
	same(e.t, "users of B", got, []string{userB1})
	got = walk(e, 10, userID, func(p storage.Page) ([]storage.User, string, error) { return e.s.ListUsers(e.ctx, "ten-none", p) })
	same(e.t, "users of an unknown tenant", got, []string{})
}

func testArchiveRoundTrip(e *env) {
	a := newArchive(tenantA, userA1, "arc-1", t0)
	a.Source, a.ProviderID = storage.SourceUpload, "user-provided"
	a.Result = json.RawMessage(`{"pages": 2}`)
	a.Files[1].ExpiresAt = time.Time{}
	// The files come back in the order they were created.
	a.Files[0].ID, a.Files[1].ID = "arc-1-z", "arc-1-a"
	e.ok(e.s.CreateArchive(e.ctx, a, nil))

	got, err := e.s.GetArchive(e.ctx, tenantA, "arc-1")
	e.ok(err)
	same(e.t, "archive", got, a)
	got, err = e.s.GetArchive(e.ctx, "", "arc-1")
	e.ok(err)
	same(e.t, "unscoped archive", got, a)
	_, err = e.s.GetArchive(e.ctx, tenantB, "arc-1")
	e.is(err, storage.ErrNotFound, "archive of another tenant")
	_, err = e.s.GetArchive(e.ctx, tenantA, "arc-nope")
	e.is(err, storage.ErrNotFound, "unknown archive")
	_, err = e.s.GetArchive(e.ctx, "", "arc-nope")
	e.is(err, storage.ErrNotFound, "unknown archive, unscoped")

	err = e.s.CreateArchive(e.ctx, newArchive(tenantA, userA1, "arc-1", t0), nil)
	e.is(err, storage.ErrConflict, "duplicate archive id")
}

func testCreateArchiveJobs(e *env) {
	e.ok(e.s.CreateArchive(e.ctx, newArchive(tenantA, userA1, "arc-1", t0), jobs(2)))
	e.wantJobs(2)
	e.ok(e.s.CreateArchive(e.ctx, newArchive(tenantA, userA1, "arc-2", t0), nil))
	e.wantJobs(2)
}

func testCreateArchiveAtomic(e *env) {
	e.ok(e.s.CreateArchive(e.ctx, newArchive(tenantA, userA1, "arc-1", t0), nil))

	// The second file reuses the first archive's file id: the archive, its
	// first file and the jobs must all roll back.
	b := newArchive(tenantA, userA1, "arc-2", t0)
	b.Files[1].ID = "arc-1-f1"
	err := e.s.CreateArchive(e.ctx, b, jobs(3))
	if err == nil {
		e.t.Fatal("CreateArchive with a duplicate file id: no error")
	}
	_, err = e.s.GetArchive(e.ctx, "", "arc-2")
	e.is(err, storage.ErrNotFound, "archive of the failed CreateArchive")
	_, err = e.s.GetFile(e.ctx, "", "arc-2-f1")
	e.is(err, storage.ErrNotFound, "file of the failed CreateArchive")
	e.wantJobs(0)
}

func testGetFile(e *env) {
	a := e.archive(tenantA, userA1, "arc-1", nil)
	got, err := e.s.GetFile(e.ctx, tenantA, "arc-1-f2")
	e.ok(err)
	same(e.t, "file", got, a.Files[1])
	got, err = e.s.GetFile(e.ctx, "", "arc-1-f2")
	e.ok(err)
	same(e.t, "unscoped file", got, a.Files[1])
	_, err = e.s.GetFile(e.ctx, tenantB, "arc-1-f2")
	e.is(err, storage.ErrNotFound, "file of another tenant")
	_, err = e.s.GetFile(e.ctx, "", "nope")
	e.is(err, storage.ErrNotFound, "unknown file")
}

func testListArchivesPages(e *env) {
	var want []string
	for i := range 23 {
		id := fmt.Sprintf("arc-%04d", i)
		want = append(want, id)
		e.archive(tenantA, userA1, id, nil)
	}
	e.archive(tenantB, userB1, "arc-9999", nil)
	want = descending(want...)
	for _, size := range []int{1, 10, 23, 50} {
		got := walk(e, size, archiveID, func(p storage.Page) ([]storage.Archive, string, error) {
			items, next, err := e.s.ListArchives(e.ctx, storage.ArchiveFilter{TenantID: tenantA, Page: p})
			for _, a := range items {
				if len(a.Files) != 2 || a.Files[0].ID != a.ID+"-f1" || a.Files[1].ID != a.ID+"-f2" {
					e.t.Errorf("archive %s listed with files %v", a.ID, ids(a.Files, func(f storage.RawFile) string { return f.ID }))
				}
			}
			return items, next, err
		})
		same(e.t, fmt.Sprintf("archives in pages of %d", size), got, want)
	}
}

func testListArchivesFilters(e *env) {
	at := func(m int) time.Time { return t0.Add(time.Duration(m) * time.Minute) }
	e.archive(tenantA, userA1, "arc-1", func(a *storage.Archive) { a.CreatedAt = at(1) })
	e.archive(tenantA, userA2, "arc-2", func(a *storage.Archive) {
		a.Source, a.FileType, a.Review, a.CreatedAt = storage.SourceUpload, "BANK_STATEMENT", true, at(2)
	})
	e.archive(tenantA, userA1, "arc-3", func(a *storage.Archive) {
		a.Source, a.Status, a.CreatedAt = storage.SourceUpload, storage.StatusAnalyzed, at(3)
	})
	e.archive(tenantA, userA2, "arc-4", func(a *storage.Archive) {
		a.FileType, a.Status, a.ErrorCode, a.CreatedAt = "", storage.StatusError, "SYSTEM_ERROR", at(4)
	})
	e.archive(tenantB, userB1, "arc-5", func(a *storage.Archive) { a.CreatedAt = at(1) })

	for _, tc := range []struct {
		name string
		f    storage.ArchiveFilter
		want []string
	}{
		{"no filter", storage.ArchiveFilter{TenantID: tenantA}, []string{"arc-4", "arc-3", "arc-2", "arc-1"}},
		{"user", storage.ArchiveFilter{TenantID: tenantA, UserID: userA1}, []string{"arc-3", "arc-1"}},
		{"source", storage.ArchiveFilter{TenantID: tenantA, Source: storage.SourceUpload}, []string{"arc-3", "arc-2"}},
		{"file type", storage.ArchiveFilter{TenantID: tenantA, FileType: "PAYSLIP"}, []string{"arc-3", "arc-1"}},
		{"in review", storage.ArchiveFilter{TenantID: tenantA, Review: ptr(true)}, []string{"arc-2"}},
		{"not in review", storage.ArchiveFilter{TenantID: tenantA, Review: ptr(false)}, []string{"arc-4", "arc-3", "arc-1"}},
		{"status", storage.ArchiveFilter{TenantID: tenantA, Status: storage.StatusStarted}, []string{"arc-2", "arc-1"}},
		{"from, inclusive", storage.ArchiveFilter{TenantID: tenantA, From: at(2)}, []string{"arc-4", "arc-3", "arc-2"}},
		{"to, inclusive", storage.ArchiveFilter{TenantID: tenantA, To: at(3)}, []string{"arc-3", "arc-2", "arc-1"}},
		{"from and to", storage.ArchiveFilter{TenantID: tenantA, From: at(2), To: at(3)}, []string{"arc-3", "arc-2"}},
		{"empty window", storage.ArchiveFilter{TenantID: tenantA, From: at(5)}, []string{}},
		{"user and status", storage.ArchiveFilter{TenantID: tenantA, UserID: userA1, Status: storage.StatusStarted}, []string{"arc-1"}},
		{"review queue", storage.ArchiveFilter{TenantID: tenantA, Review: ptr(true), Status: storage.StatusStarted}, []string{"arc-2"}},
		{"other tenant", storage.ArchiveFilter{TenantID: tenantB}, []string{"arc-5"}},
		{"other tenant's user", storage.ArchiveFilter{TenantID: tenantB, UserID: userA1}, []string{}},
		{"page after", storage.ArchiveFilter{TenantID: tenantA, Page: storage.Page{After: "arc-3"}}, []string{"arc-2", "arc-1"}},
	} {
		e.t.Run(tc.name, func(t *testing.T) {
			e := e.with(t)
			items, next, err := e.s.ListArchives(e.ctx, tc.f)
			e.ok(err)
			same(t, "archives", ids(items, archiveID), tc.want)
			same(t, "next", next, "")
		})
	}
}

func testPageClamp(e *env) {
	a := e.archive(tenantA, userA1, "arc-1", nil)
	var incomes []storage.Income
	for i := range 160 {
		incomes = append(incomes, income(fmt.Sprintf("inc-%04d", i), "2024-01-01", "2024-01-31"))
	}
	e.ok(e.finishWith(a, incomes, nil))
	for _, tc := range []struct {
		size, want int
	}{{0, 10}, {-3, 10}, {1, 1}, {150, 150}, {151, 150}, {1000, 150}} {
		items, next, err := e.s.ListIncomes(e.ctx, storage.IncomeFilter{TenantID: tenantA, Page: storage.Page{Size: tc.size}})
		e.ok(err)
		if len(items) != tc.want {
			e.t.Errorf("size %d: %d items, want %d", tc.size, len(items), tc.want)
		}
		if next != items[len(items)-1].ID {
			e.t.Errorf("size %d: next %q, want %q", tc.size, next, items[len(items)-1].ID)
		}
	}
	all := walk(e, 1000, incomeID, func(p storage.Page) ([]storage.Income, string, error) {
		return e.s.ListIncomes(e.ctx, storage.IncomeFilter{TenantID: tenantA, Page: p})
	})
	if len(all) != 160 {
		e.t.Errorf("walked %d incomes in clamped pages, want 160", len(all))
	}
}

func testFinishApplies(e *env) {
	a := e.archive(tenantA, userA1, "arc-1", nil)
	in := income("inc-1", "2024-01-01", "2024-01-31")
	in.FileID = "arc-1-f1"
	in2 := income("inc-2", "2024-02-01", "")
	in2.UserID, in2.SourceType, in2.ProviderID = "usr-explicit", storage.SourceUpload, "user-provided"
	f := storage.Finish{
		ArchiveID: "arc-1", Status: storage.StatusAnalyzed, FileType: "BANK_STATEMENT", ErrorCode: "MISSING_MANDATORY_FIELD",
		ErrorMessage: "no employer", Reason: "PARTIAL", Result: json.RawMessage(`{"ok": true}`),
		Incomes: []storage.Income{in, in2}, At: t0.Add(time.Hour),
	}
	e.ok(e.s.FinishArchive(e.ctx, f, jobs(2)))
	e.wantJobs(2)

	want := a
	want.Status, want.FileType, want.ErrorCode, want.ErrorMessage, want.Reason = f.Status, f.FileType, f.ErrorCode, f.ErrorMessage, f.Reason
	want.Result, want.UpdatedAt = f.Result, f.At
	got, err := e.s.GetArchive(e.ctx, tenantA, "arc-1")
	e.ok(err)
	same(e.t, "archive", got, want)

	gotIn, err := e.s.GetIncome(e.ctx, tenantA, "inc-1")
	e.ok(err)
	same(e.t, "income", gotIn, filled(in, a))
	gotIn, err = e.s.GetIncome(e.ctx, tenantA, "inc-2")
	e.ok(err)
	same(e.t, "income with its own user, source and provider", gotIn, filled(in2, a))
}

func testGetIncomes(e *env) {
	a := e.archive(tenantA, userA1, "arc-1", nil)
	in1, in2, in3 := income("inc-1", "2024-01-01", "2024-01-31"), income("inc-2", "2024-02-01", ""), income("inc-3", "2024-03-01", "")
	e.ok(e.finishWith(a, []storage.Income{in1, in2, in3}, nil))
	b := e.archive(tenantB, userB1, "arc-b", nil)
	e.ok(e.finishWith(b, []storage.Income{income("inc-b", "2024-01-01", "")}, nil))

	got, err := e.s.GetIncomes(e.ctx, tenantA, []string{"inc-3", "inc-1", "inc-b", "inc-none"})
	e.ok(err)
	slices.SortFunc(got, func(x, y storage.Income) int { return strings.Compare(x.ID, y.ID) })
	same(e.t, "incomes", got, []storage.Income{filled(in1, a), filled(in3, a)})
	got, err = e.s.GetIncomes(e.ctx, tenantA, nil)
	e.ok(err)
	same(e.t, "no ids", len(got), 0)
}

func testFinishKeeps(e *env) {
	a := e.archive(tenantA, userA1, "arc-1", func(a *storage.Archive) { a.Result = json.RawMessage(`{"first": 1}`) })
	e.ok(e.finishWith(a, nil, func(f *storage.Finish) { f.Status = storage.StatusUnsupported; f.Reason = "PASSWORD_PROTECTED" }))
	got, err := e.s.GetArchive(e.ctx, tenantA, "arc-1")
	e.ok(err)
	same(e.t, "file type", got.FileType, a.FileType)
	same(e.t, "result", got.Result, a.Result)
	same(e.t, "status", got.Status, storage.StatusUnsupported)
	same(e.t, "reason", got.Reason, "PASSWORD_PROTECTED")
}

func listIncomeIDs(e *env, f storage.IncomeFilter) []string {
	e.t.Helper()
	f.Page.Size = 150
	items, _, err := e.s.ListIncomes(e.ctx, f)
	e.ok(err)
	return ids(items, incomeID)
}

func testFinishIdempotent(e *env) {
	a := e.archive(tenantA, userA1, "arc-1", nil)
	incomes := []storage.Income{income("inc-1", "2024-01-01", "2024-01-31"), income("inc-2", "2024-02-01", "2024-02-29")}
	toReview := func(f *storage.Finish) { f.Status, f.Review = storage.StatusStarted, true }
	// A retried job: the same verdict twice.
	e.ok(e.finishWith(a, incomes, toReview))
	e.ok(e.finishWith(a, incomes, toReview))
	same(e.t, "incomes after two identical finishes", listIncomeIDs(e, storage.IncomeFilter{TenantID: tenantA}), []string{"inc-2", "inc-1"})
	// A retry that made new ids replaces the old incomes.
	e.ok(e.finishWith(a, []storage.Income{income("inc-3", "2024-01-01", ""), income("inc-4", "2024-01-01", "")}, toReview))
	same(e.t, "incomes after a finish with new ids", listIncomeIDs(e, storage.IncomeFilter{TenantID: tenantA}), []string{"inc-4", "inc-3"})
	_, err := e.s.GetIncome(e.ctx, tenantA, "inc-1")
	e.is(err, storage.ErrNotFound, "replaced income")
	// The final verdict with the same incomes again.
	e.ok(e.finishWith(a, []storage.Income{income("inc-3", "2024-01-01", ""), income("inc-4", "2024-01-01", "")}, nil))
	same(e.t, "incomes after the final verdict", listIncomeIDs(e, storage.IncomeFilter{TenantID: tenantA}), []string{"inc-4", "inc-3"})
}

func testFinishRace(e *env) {
	a := e.archive(tenantA, userA1, "arc-1", nil)
	incomes := []storage.Income{income("inc-1", "2024-01-01", ""), income("inc-2", "2024-02-01", "")}
	const n = 8
	errs := make(chan error, n)
	for i := range n {
		go func() {
			errs <- e.finishWith(a, incomes, func(f *storage.Finish) {
				// Half the racers send the archive to review, half finish it.
				if i%2 == 0 {
					f.Status, f.Review = storage.StatusStarted, true
				}
			})
		}()
	}
	for range n {
		if err := <-errs; err != nil && !errors.Is(err, storage.ErrConflict) {
			e.t.Errorf("racing FinishArchive: %v", err)
		}
	}
	same(e.t, "incomes", listIncomeIDs(e, storage.IncomeFilter{TenantID: tenantA}), []string{"inc-2", "inc-1"})
}

func testFinishFinished(e *env) {
	a := e.archive(tenantA, userA1, "arc-1", nil)
	e.ok(e.finishWith(a, []storage.Income{income("inc-1", "2024-01-01", "")}, nil))
	before, err := e.s.GetArchive(e.ctx, tenantA, "arc-1")
	e.ok(err)
	err = e.s.FinishArchive(e.ctx, storage.Finish{ArchiveID: "arc-1", Status: storage.StatusError, ErrorCode: "SYSTEM_ERROR",
		Incomes: []storage.Income{income("inc-9", "2024-01-01", "")}, Audit: []storage.Audit{{ID: "aud-1", Actor: "x", Field: "f", At: t0}},
		At: t0.Add(2 * time.Hour)}, jobs(3))
	e.is(err, storage.ErrConflict, "finish of an ANALYZED archive")
	after, err := e.s.GetArchive(e.ctx, tenantA, "arc-1")
	e.ok(err)
	same(e.t, "archive", after, before)
	same(e.t, "incomes", listIncomeIDs(e, storage.IncomeFilter{TenantID: tenantA}), []string{"inc-1"})
	audit, err := e.s.ListAudit(e.ctx, tenantA, "arc-1")
	e.ok(err)
	same(e.t, "audit", len(audit), 0)
	e.wantJobs(0)
}

func testFinishRevoked(e *env) {
	a := e.archive(tenantA, userA1, "arc-1", nil)
	_, err := e.s.RevokeArchive(e.ctx, tenantA, "arc-1", t0.Add(time.Minute), nil)
	e.ok(err)
	before, err := e.s.GetArchive(e.ctx, tenantA, "arc-1")
	e.ok(err)
	for _, mod := range []func(*storage.Finish){
		nil,
		func(f *storage.Finish) { f.Status, f.Review = storage.StatusStarted, true },
		func(f *storage.Finish) { f.RequireReview = true },
	} {
		err = e.s.FinishArchive(e.ctx, func() storage.Finish {
			f := storage.Finish{ArchiveID: a.ID, Status: storage.StatusAnalyzed, Incomes: []storage.Income{income("inc-1", "2024-01-01", "")}, At: t0.Add(time.Hour)}
			if mod != nil {
				mod(&f)
			}
			return f
		}(), jobs(1))
		e.is(err, storage.ErrConflict, "finish of a REVOKED archive")
	}
	after, err := e.s.GetArchive(e.ctx, tenantA, "arc-1")
	e.ok(err)
	same(e.t, "archive", after, before)
	same(e.t, "status", after.Status, storage.StatusRevoked)
	same(e.t, "incomes", listIncomeIDs(e, storage.IncomeFilter{TenantID: tenantA}), []string{})
	e.wantJobs(0)
}

func testFinishUnknown(e *env) {
	err := e.s.FinishArchive(e.ctx, storage.Finish{ArchiveID: "arc-nope", Status: storage.StatusAnalyzed, At: t0}, jobs(1))
	e.is(err, storage.ErrNotFound, "finish of an unknown archive")
	e.wantJobs(0)
}

func testFinishRequireReview(e *env) {
	a := e.archive(tenantA, userA1, "arc-1", nil)
	err := e.finishWith(a, []storage.Income{income("inc-1", "2024-01-01", "")}, func(f *storage.Finish) { f.RequireReview = true })
	e.is(err, storage.ErrConflict, "reviewer's verdict on an archive not in review")
	got, err := e.s.GetArchive(e.ctx, tenantA, "arc-1")
	e.ok(err)
	same(e.t, "archive", got, a)
	same(e.t, "incomes", listIncomeIDs(e, storage.IncomeFilter{TenantID: tenantA}), []string{})
}

func testReviewFlow(e *env) {
	a := e.archive(tenantA, userA1, "arc-1", nil)
	draft := income("inc-1", "2024-01-01", "2024-01-31")
	// The worker is unsure: the archive waits for a person, with its draft.
	e.ok(e.finishWith(a, []storage.Income{draft}, func(f *storage.Finish) { f.Status, f.Review = storage.StatusStarted, true }))
	got, err := e.s.GetArchive(e.ctx, tenantA, "arc-1")
	e.ok(err)
	same(e.t, "status in review", got.Status, storage.StatusStarted)
	same(e.t, "review flag", got.Review, true)
	queue, _, err := e.s.ListArchives(e.ctx, storage.ArchiveFilter{TenantID: tenantA, Review: ptr(true), Status: storage.StatusStarted})
	e.ok(err)
	same(e.t, "review queue", ids(queue, archiveID), []string{"arc-1"})

	// The reviewer corrects the employer and publishes.
	published := draft
	published.Employer, published.Reviewed = ptr("ACME Philippines Inc."), true
	audit := []storage.Audit{
		{ID: "aud-1", Action: storage.AuditChange, Actor: "reviewer@lender", ActorID: "key-1", ActorName: "Ana",
			Field: "employer", OldValue: ptr("ACME Corp"), NewValue: ptr("ACME Philippines Inc."), At: t0.Add(2 * time.Hour)},
		{ID: "aud-2", Action: storage.AuditChange, Actor: "reviewer@lender", ActorID: "key-1", ActorName: "Ana",
			Field: "payDate", OldValue: nil, NewValue: ptr("2024-02-05"), At: t0.Add(2*time.Hour + time.Second)},
		{ID: "aud-3", Action: storage.AuditConfirm, Actor: "reviewer@lender", ActorID: "key-1", ActorName: "Ana",
			Field: "netAmount", OldValue: ptr("9000"), NewValue: ptr("9000"), At: t0.Add(2*time.Hour + 2*time.Second)},
		{ID: "aud-4", Action: storage.AuditPublish, Actor: "reviewer@lender", ActorID: "key-1", ActorName: "Ana",
			At: t0.Add(2*time.Hour + 3*time.Second)},
	}
	err = e.s.FinishArchive(e.ctx, storage.Finish{ArchiveID: "arc-1", Status: storage.StatusAnalyzed, Incomes: []storage.Income{published},
		Audit: audit, RequireReview: true, At: t0.Add(3 * time.Hour)}, jobs(1))
	e.ok(err)
	e.wantJobs(1)
	got, err = e.s.GetArchive(e.ctx, tenantA, "arc-1")
	e.ok(err)
	same(e.t, "status after review", got.Status, storage.StatusAnalyzed)
	same(e.t, "review flag after review", got.Review, false)
	gotIn, err := e.s.GetIncome(e.ctx, tenantA, "inc-1")
	e.ok(err)
	same(e.t, "published income", gotIn, filled(published, a))

	wantAudit := slices.Clone(audit)
	for i := range wantAudit {
		wantAudit[i].TenantID, wantAudit[i].ArchiveID = tenantA, "arc-1"
	}
	gotAudit, err := e.s.ListAudit(e.ctx, tenantA, "arc-1")
	e.ok(err)
	same(e.t, "audit", gotAudit, wantAudit)
	_, err = e.s.ListAudit(e.ctx, tenantB, "arc-1")
	e.is(err, storage.ErrNotFound, "audit of another tenant's archive")

	// A second reviewer's verdict comes too late.
	err = e.s.FinishArchive(e.ctx, storage.Finish{ArchiveID: "arc-1", Status: storage.StatusAnalyzed, RequireReview: true, At: t0.Add(4 * time.Hour)}, jobs(1))
	e.is(err, storage.ErrConflict, "second review")
	e.wantJobs(1)
}

func testRevoke(e *env) {
	a := e.archive(tenantA, userA1, "arc-1", func(a *storage.Archive) { a.Files[0].ExpiresAt = t0.Add(-time.Hour) })
	e.archive(tenantA, userA1, "arc-2", nil)
	e.ok(e.finishWith(a, []storage.Income{income("inc-1", "2024-01-01", "")}, func(f *storage.Finish) { f.Status, f.Review = storage.StatusStarted, true }))
	other := e.archive(tenantA, userA1, "arc-2b", nil)
	e.ok(e.finishWith(other, []storage.Income{income("inc-2", "2024-01-01", "")}, nil))
	before, err := e.s.GetArchive(e.ctx, tenantA, "arc-1")
	e.ok(err)

	at := t0.Add(5 * time.Hour)
	got, err := e.s.RevokeArchive(e.ctx, tenantA, "arc-1", at, jobs(2))
	e.ok(err)
	same(e.t, "archive returned by RevokeArchive", got, before)
	e.wantJobs(2)

	after, err := e.s.GetArchive(e.ctx, tenantA, "arc-1")
	e.ok(err)
	same(e.t, "status", after.Status, storage.StatusRevoked)
	same(e.t, "review", after.Review, false)
	for _, f := range after.Files {
		if f.DeletedAt == nil || !f.DeletedAt.Equal(at) {
			e.t.Errorf("file %s: deleted at %v, want %v", f.ID, f.DeletedAt, at)
		}
	}
	_, err = e.s.GetIncome(e.ctx, tenantA, "inc-1")
	e.is(err, storage.ErrNotFound, "income of a revoked archive")
	same(e.t, "incomes left", listIncomeIDs(e, storage.IncomeFilter{TenantID: tenantA}), []string{"inc-2"})
	expired, err := e.s.ExpiredFiles(e.ctx, t0, 10)
	e.ok(err)
	same(e.t, "expired files of a revoked archive", len(expired), 0)
	// The other archive is untouched.
	untouched, err := e.s.GetArchive(e.ctx, tenantA, "arc-2")
	e.ok(err)
	same(e.t, "other archive", untouched.Files[0].DeletedAt, (*time.Time)(nil))
}

func testRevokeTwice(e *env) {
	e.archive(tenantA, userA1, "arc-1", nil)
	first := t0.Add(time.Hour)
	_, err := e.s.RevokeArchive(e.ctx, tenantA, "arc-1", first, jobs(1))
	e.ok(err)
	_, err = e.s.RevokeArchive(e.ctx, tenantA, "arc-1", t0.Add(2*time.Hour), jobs(1))
	e.is(err, storage.ErrConflict, "second revoke")
	e.wantJobs(1)
	got, err := e.s.GetArchive(e.ctx, tenantA, "arc-1")
	e.ok(err)
	same(e.t, "updated at", got.UpdatedAt, first)
	same(e.t, "file deleted at", got.Files[0].DeletedAt, &first)
	_, err = e.s.RevokeArchive(e.ctx, tenantA, "arc-nope", first, nil)
	e.is(err, storage.ErrNotFound, "revoke of an unknown archive")
}

func testRevokeOtherTenant(e *env) {
	a := e.archive(tenantA, userA1, "arc-1", nil)
	e.ok(e.finishWith(a, []storage.Income{income("inc-1", "2024-01-01", "")}, nil))
	before, err := e.s.GetArchive(e.ctx, tenantA, "arc-1")
	e.ok(err)
	_, err = e.s.RevokeArchive(e.ctx, tenantB, "arc-1", t0.Add(time.Hour), jobs(1))
	e.is(err, storage.ErrNotFound, "revoke by another tenant")
	after, err := e.s.GetArchive(e.ctx, tenantA, "arc-1")
	e.ok(err)
	same(e.t, "archive", after, before)
	same(e.t, "incomes", listIncomeIDs(e, storage.IncomeFilter{TenantID: tenantA}), []string{"inc-1"})
	e.wantJobs(0)
}

func testExpiredFiles(e *env) {
	now := t0.Add(100 * 24 * time.Hour)
	e.archive(tenantA, userA1, "arc-1", func(a *storage.Archive) {
		a.Files[0].ExpiresAt = now.Add(-3 * time.Hour)
		a.Files[1].ExpiresAt = now // at now: expired
	})
	e.archive(tenantB, userB1, "arc-2", func(a *storage.Archive) {
		a.Files[0].ExpiresAt = now.Add(-time.Hour)
		a.Files[1].ExpiresAt = now.Add(time.Microsecond) // not yet
	})
	e.archive(tenantA, userA1, "arc-3", func(a *storage.Archive) {
		a.Files[0].ExpiresAt = now.Add(-5 * time.Hour)
		a.Files[0].DeletedAt = ptr(now.Add(-4 * time.Hour)) // already gone
		a.Files[1].ExpiresAt = time.Time{}                  // kept until revoked
	})
	got, err := e.s.ExpiredFiles(e.ctx, now, 10)
	e.ok(err)
	same(e.t, "expired files", ids(got, func(f storage.RawFile) string { return f.ID }), []string{"arc-1-f1", "arc-2-f1", "arc-1-f2"})
	want, err := e.s.GetFile(e.ctx, "", "arc-1-f1")
	e.ok(err)
	same(e.t, "expired file", got[0], want)
	got, err = e.s.ExpiredFiles(e.ctx, now, 2)
	e.ok(err)
	same(e.t, "expired files, limit 2", ids(got, func(f storage.RawFile) string { return f.ID }), []string{"arc-1-f1", "arc-2-f1"})
}

func testMarkFileDeleted(e *env) {
	e.archive(tenantA, userA1, "arc-1", func(a *storage.Archive) { a.Files[0].ExpiresAt = t0.Add(-time.Hour) })
	expired, err := e.s.ExpiredFiles(e.ctx, t0, 10)
	e.ok(err)
	same(e.t, "expired before", ids(expired, func(f storage.RawFile) string { return f.ID }), []string{"arc-1-f1"})
	at := t0.Add(time.Minute)
	e.ok(e.s.MarkFileDeleted(e.ctx, "arc-1-f1", at))
	expired, err = e.s.ExpiredFiles(e.ctx, t0, 10)
	e.ok(err)
	same(e.t, "expired after", len(expired), 0)
	f, err := e.s.GetFile(e.ctx, tenantA, "arc-1-f1")
	e.ok(err)
	same(e.t, "deleted at", f.DeletedAt, &at)
	other, err := e.s.GetFile(e.ctx, tenantA, "arc-1-f2")
	e.ok(err)
	same(e.t, "other file deleted at", other.DeletedAt, (*time.Time)(nil))
	err = e.s.MarkFileDeleted(e.ctx, "nope", at)
	e.is(err, storage.ErrNotFound, "mark an unknown file deleted")
}

func testKnownBlobKeys(e *env) {
	e.archive(tenantA, userA1, "arc-1", func(a *storage.Archive) {
		a.Files[1].DeletedAt = ptr(t0) // its blob is gone: the sweep may delete a leftover
	})
	e.archive(tenantB, userB1, "arc-2", nil)
	many := []string{"blob/arc-2/1"}
	for i := range 1200 { // more than one batch of any backend
		many = append(many, fmt.Sprintf("blob/orphan/%d", i))
	}
	for _, tc := range []struct {
		name string
		keys []string
		want map[string]bool
	}{
		{"no keys", nil, map[string]bool{}},
		{"files of any tenant", []string{"blob/arc-1/1", "blob/arc-2/2"}, map[string]bool{"blob/arc-1/1": true, "blob/arc-2/2": true}},
		{"unknown keys are left out", []string{"blob/arc-1/1", "blob/nope", "blob/arc-1"}, map[string]bool{"blob/arc-1/1": true}},
		{"a deleted file's key is left out", []string{"blob/arc-1/2"}, map[string]bool{}},
		{"a duplicate key is one answer", []string{"blob/arc-2/1", "blob/arc-2/1"}, map[string]bool{"blob/arc-2/1": true}},
		{"many keys at once", many, map[string]bool{"blob/arc-2/1": true}},
	} {
		e.t.Run(tc.name, func(t *testing.T) {
			got, err := e.s.KnownBlobKeys(e.ctx, tc.keys)
			e.with(t).ok(err)
			same(t, "known keys", got, tc.want)
		})
	}
}

func testQueueLoads(e *env) {
	later := &river.InsertOpts{ScheduledAt: time.Now().Add(time.Hour)}
	e.archive(tenantA, userA1, "arc-1", nil)
	e.ok(e.s.FinishArchive(e.ctx, storage.Finish{ArchiveID: "arc-1", Status: storage.StatusAnalyzed, At: t0}, []river.InsertManyParams{
		{Args: tenantJob{TenantID: tenantA, N: 1}},
		{Args: tenantJob{TenantID: tenantA, N: 2}},
		{Args: tenantJob{TenantID: tenantA, N: 3}, InsertOpts: later}, // snoozed, or waiting for a retry
		{Args: tenantJob{TenantID: tenantB, N: 4}},
		{Args: tenantJob{N: 5}}, // queued before jobs had a tenant
		{Args: testJob{N: 6}},   // another kind
	}))
	got, err := e.s.QueueLoads(e.ctx, tenantJob{}.Kind())
	e.ok(err)
	same(e.t, "loads", got, map[string]storage.QueueLoad{
		tenantA: {Pending: 3, Ready: 2},
		tenantB: {Pending: 1, Ready: 1},
		"":      {Pending: 1, Ready: 1},
	})
	got, err = e.s.QueueLoads(e.ctx, "no_such_kind")
	e.ok(err)
	same(e.t, "loads of an unknown kind", got, map[string]storage.QueueLoad{})
}

func testGetIncome(e *env) {
	a := e.archive(tenantA, userA1, "arc-1", nil)
	in := income("inc-1", "2024-01-01", "2024-01-31")
	in.BaseAmount, in.GrossAmount, in.NetAmount, in.Confidence, in.WorkItem = nil, nil, ptr(0.0), nil, nil
	e.ok(e.finishWith(a, []storage.Income{in}, nil))
	got, err := e.s.GetIncome(e.ctx, tenantA, "inc-1")
	e.ok(err)
	same(e.t, "income with nil fields", got, filled(in, a))
	_, err = e.s.GetIncome(e.ctx, tenantB, "inc-1")
	e.is(err, storage.ErrNotFound, "income of another tenant")
	_, err = e.s.GetIncome(e.ctx, tenantA, "inc-nope")
	e.is(err, storage.ErrNotFound, "unknown income")
}

func testListIncomesPages(e *env) {
	var want []string
	for k, user := range []string{userA1, userA2} {
		a := e.archive(tenantA, user, fmt.Sprintf("arc-%d", k), nil)
		var incomes []storage.Income
		for i := range 13 {
			id := fmt.Sprintf("inc-%04d", i*2+k) // the two archives' incomes interleave
			want = append(want, id)
			incomes = append(incomes, income(id, "2024-01-01", ""))
		}
		e.ok(e.finishWith(a, incomes, nil))
	}
	want = descending(want...)
	for _, size := range []int{1, 7, 10, 26, 30} {
		got := walk(e, size, incomeID, func(p storage.Page) ([]storage.Income, string, error) {
			return e.s.ListIncomes(e.ctx, storage.IncomeFilter{TenantID: tenantA, Page: p})
		})
		same(e.t, fmt.Sprintf("incomes in pages of %d", size), got, want)
	}
	var ofA1 []string
	for _, id := range want {
		var n int
		_, _ = fmt.Sscanf(id, "inc-%d", &n)
		if n%2 == 0 {
			ofA1 = append(ofA1, id)
		}
	}
	got := walk(e, 4, incomeID, func(p storage.Page) ([]storage.Income, string, error) {
		return e.s.ListIncomes(e.ctx, storage.IncomeFilter{TenantID: tenantA, UserID: userA1, Page: p})
	})
	same(e.t, "incomes of one user in pages of 4", got, ofA1)
}

func testListIncomesFilters(e *env) {
	a1 := e.archive(tenantA, userA1, "arc-1", nil)
	a2 := e.archive(tenantA, userA2, "arc-2", nil)
	b1 := e.archive(tenantB, userB1, "arc-3", nil)
	e.ok(e.finishWith(a1, []storage.Income{
		income("inc-1", "2024-01-01", "2024-01-31"),
		income("inc-2", "2024-02-01", "2024-02-29"),
		income("inc-3", "2024-03-15", ""), // a single day
		income("inc-4", "2023-12-15", "2024-01-15"),
	}, nil))
	e.ok(e.finishWith(a2, []storage.Income{
		income("inc-5", "2024-01-10", "2024-01-20"),
		income("inc-6", "", ""), // undated: only without a date filter
	}, nil))
	e.ok(e.finishWith(b1, []storage.Income{income("inc-7", "2024-01-01", "2024-01-31")}, nil))

	for _, tc := range []struct {
		name string
		f    storage.IncomeFilter
		want []string
	}{
		{"no filter", storage.IncomeFilter{TenantID: tenantA}, []string{"inc-6", "inc-5", "inc-4", "inc-3", "inc-2", "inc-1"}},
		{"user", storage.IncomeFilter{TenantID: tenantA, UserID: userA1}, []string{"inc-4", "inc-3", "inc-2", "inc-1"}},
		{"source", storage.IncomeFilter{TenantID: tenantA, SourceID: "arc-2"}, []string{"inc-6", "inc-5"}},
		{"user and source that disagree", storage.IncomeFilter{TenantID: tenantA, UserID: userA1, SourceID: "arc-2"}, []string{}},
		{"from", storage.IncomeFilter{TenantID: tenantA, From: "2024-02-01"}, []string{"inc-3", "inc-2"}},
		{"to, inclusive", storage.IncomeFilter{TenantID: tenantA, To: "2024-01-01"}, []string{"inc-4", "inc-1"}},
		{"overlapping window", storage.IncomeFilter{TenantID: tenantA, From: "2024-01-16", To: "2024-01-31"}, []string{"inc-5", "inc-1"}},
		{"one day at an end", storage.IncomeFilter{TenantID: tenantA, From: "2024-01-31", To: "2024-01-31"}, []string{"inc-1"}},
		{"one day on a start-only income", storage.IncomeFilter{TenantID: tenantA, From: "2024-03-15", To: "2024-03-15"}, []string{"inc-3"}},
		{"after every period", storage.IncomeFilter{TenantID: tenantA, From: "2024-04-01"}, []string{}},
		{"user and from", storage.IncomeFilter{TenantID: tenantA, UserID: userA1, From: "2024-02-01"}, []string{"inc-3", "inc-2"}},
		{"page after", storage.IncomeFilter{TenantID: tenantA, Page: storage.Page{After: "inc-3"}}, []string{"inc-2", "inc-1"}},
		{"other tenant", storage.IncomeFilter{TenantID: tenantB}, []string{"inc-7"}},
		{"other tenant's source", storage.IncomeFilter{TenantID: tenantB, SourceID: "arc-1"}, []string{}},
		{"other tenant's user", storage.IncomeFilter{TenantID: tenantB, UserID: userA1}, []string{}},
	} {
		e.t.Run(tc.name, func(t *testing.T) {
			e := e.with(t)
			items, next, err := e.s.ListIncomes(e.ctx, tc.f)
			e.ok(err)
			same(t, "incomes", ids(items, incomeID), tc.want)
			same(t, "next", next, "")
		})
	}
}

func webhook(tenant, id string, active bool, types ...string) storage.Webhook {
	return storage.Webhook{ID: id, TenantID: tenant, Name: "hook " + id, URL: "https://example.test/" + id, Secret: "s-" + id,
		EventTypes: types, Active: active, IncludePayload: len(types) > 1, CreatedAt: t0, UpdatedAt: t0.Add(time.Second)}
}

func testWebhooks(e *env) {
	w := webhook(tenantA, "whk-1", true, "ARCHIVE_ANALYZED", "ARCHIVE_REVOKED")
	e.ok(e.s.CreateWebhook(e.ctx, w))
	got, err := e.s.GetWebhook(e.ctx, tenantA, "whk-1")
	e.ok(err)
	same(e.t, "webhook", got, w)
	e.is(e.s.CreateWebhook(e.ctx, w), storage.ErrConflict, "duplicate webhook id")
	_, err = e.s.GetWebhook(e.ctx, tenantB, "whk-1")
	e.is(err, storage.ErrNotFound, "webhook of another tenant")
	e.is(e.s.DeleteWebhook(e.ctx, tenantB, "whk-1"), storage.ErrNotFound, "delete by another tenant")
	_, err = e.s.GetWebhook(e.ctx, tenantA, "whk-1")
	e.ok(err)

	var want []string
	for i := range 12 {
		id := fmt.Sprintf("whk-x%02d", i)
		want = append(want, id)
		e.ok(e.s.CreateWebhook(e.ctx, webhook(tenantA, id, i%2 == 0, "ALL_EVENTS")))
	}
	e.ok(e.s.CreateWebhook(e.ctx, webhook(tenantB, "whk-b", true, "ALL_EVENTS")))
	want = descending(append(want, "whk-1")...)
	gotIDs := walk(e, 5, webhookID, func(p storage.Page) ([]storage.Webhook, string, error) { return e.s.ListWebhooks(e.ctx, tenantA, p) })
	same(e.t, "webhooks", gotIDs, want)

	e.ok(e.s.DeleteWebhook(e.ctx, tenantA, "whk-1"))
	_, err = e.s.GetWebhook(e.ctx, tenantA, "whk-1")
	e.is(err, storage.ErrNotFound, "deleted webhook")
	e.is(e.s.DeleteWebhook(e.ctx, tenantA, "whk-1"), storage.ErrNotFound, "second delete")
	gotIDs = walk(e, 50, webhookID, func(p storage.Page) ([]storage.Webhook, string, error) { return e.s.ListWebhooks(e.ctx, tenantA, p) })
	same(e.t, "webhooks after delete", len(gotIDs), 12)
}

func testWebhooksFor(e *env) {
	for _, w := range []storage.Webhook{
		webhook(tenantA, "whk-1", true, "ARCHIVE_ANALYZED"),
		webhook(tenantA, "whk-2", true, "ALL_EVENTS"),
		webhook(tenantA, "whk-3", true, "ARCHIVE_REVOKED", "ARCHIVE_ANALYZED"),
		webhook(tenantA, "whk-4", false, "ALL_EVENTS"),
		webhook(tenantA, "whk-5", true, "ARCHIVE"),
		webhook(tenantA, "whk-6", true),
		webhook(tenantB, "whk-7", true, "ALL_EVENTS"),
	} {
		e.ok(e.s.CreateWebhook(e.ctx, w))
	}
	for _, tc := range []struct {
		tenant, event string
		want          []string
	}{
		{tenantA, "ARCHIVE_ANALYZED", []string{"whk-1", "whk-2", "whk-3"}},
		{tenantA, "ARCHIVE_REVOKED", []string{"whk-2", "whk-3"}},
		{tenantA, "ARCHIVE", []string{"whk-2", "whk-5"}},
		{tenantA, "INCOME_PUBLISHED", []string{"whk-2"}},
		{tenantB, "ARCHIVE_ANALYZED", []string{"whk-7"}},
		{"ten-none", "ARCHIVE_ANALYZED", []string{}},
	} {
		got, err := e.s.WebhooksFor(e.ctx, tc.tenant, tc.event)
		e.ok(err)
		gotIDs := ids(got, webhookID)
		slices.Sort(gotIDs)
		same(e.t, tc.tenant+" "+tc.event, gotIDs, tc.want)
	}
	got, err := e.s.WebhooksFor(e.ctx, tenantA, "ARCHIVE_REVOKED")
	e.ok(err)
	for _, w := range got {
		if w.ID == "whk-3" {
			same(e.t, "webhook from WebhooksFor", w, webhook(tenantA, "whk-3", true, "ARCHIVE_REVOKED", "ARCHIVE_ANALYZED"))
		}
	}
}

func testWebhookAttempts(e *env) {
	e.ok(e.s.CreateWebhook(e.ctx, webhook(tenantA, "whk-1", true, "ALL_EVENTS")))
	e.ok(e.s.CreateWebhook(e.ctx, webhook(tenantA, "whk-2", true, "ALL_EVENTS")))
	var want []string
	var first storage.WebhookAttempt
	for i := range 12 {
		a := storage.WebhookAttempt{ID: fmt.Sprintf("att-%03d", i), TenantID: tenantA, WebhookID: "whk-1", EventID: "evt-1",
			EventType: "ARCHIVE_ANALYZED", Attempt: i + 1, StatusCode: 500, Error: "server error", DurationMS: int64(10 * i),
			At: t0.Add(time.Duration(i) * time.Minute)}
		if i == 0 {
			a.StatusCode, a.Error = 0, "" // no response
			first = a
		}
		want = append(want, a.ID)
		e.ok(e.s.AddWebhookAttempt(e.ctx, a))
	}
	e.ok(e.s.AddWebhookAttempt(e.ctx, storage.WebhookAttempt{ID: "att-900", TenantID: tenantA, WebhookID: "whk-2", At: t0}))
	want = descending(want...)
	list := func(tenant string) func(p storage.Page) ([]storage.WebhookAttempt, string, error) {
		return func(p storage.Page) ([]storage.WebhookAttempt, string, error) {
			return e.s.ListWebhookAttempts(e.ctx, tenant, "whk-1", p)
		}
	}
	same(e.t, "attempts", walk(e, 5, attemptID, list(tenantA)), want)
	items, _, err := e.s.ListWebhookAttempts(e.ctx, tenantA, "whk-1", storage.Page{Size: 150})
	e.ok(err)
	same(e.t, "oldest attempt", items[len(items)-1], first)
	same(e.t, "attempts seen by another tenant", walk(e, 5, attemptID, list(tenantB)), []string{})

	e.ok(e.s.DeleteWebhook(e.ctx, tenantA, "whk-1"))
	same(e.t, "attempts after the webhook was deleted", walk(e, 5, attemptID, list(tenantA)), want)
}

// testTenantIsolation has tenant B try every tenant-scoped method on tenant
// A's rows.
func testTenantIsolation(e *env) {
	a := e.archive(tenantA, userA1, "arc-1", nil)
	e.ok(e.finishWith(a, []storage.Income{income("inc-1", "2024-01-01", "")}, func(f *storage.Finish) {
		f.Status, f.Review = storage.StatusStarted, true
		f.Audit = []storage.Audit{{ID: "aud-1", Actor: "worker", Field: "employer", NewValue: ptr("ACME"), At: t0}}
	}))
	e.ok(e.s.CreateWebhook(e.ctx, webhook(tenantA, "whk-1", true, "ALL_EVENTS")))
	e.ok(e.s.AddWebhookAttempt(e.ctx, storage.WebhookAttempt{ID: "att-1", TenantID: tenantA, WebhookID: "whk-1", At: t0}))
	e.ok(e.s.CreateAPIKey(e.ctx, apiKey(tenantA, "key-1", storage.RoleReviewer)))

	for _, tc := range []struct {
		name string
		fn   func() error
	}{
		{"GetUser", func() error { _, err := e.s.GetUser(e.ctx, tenantB, userA1); return err }},
		{"GetArchive", func() error { _, err := e.s.GetArchive(e.ctx, tenantB, "arc-1"); return err }},
		{"GetFile", func() error { _, err := e.s.GetFile(e.ctx, tenantB, "arc-1-f1"); return err }},
		{"GetIncome", func() error { _, err := e.s.GetIncome(e.ctx, tenantB, "inc-1"); return err }},
		{"GetWebhook", func() error { _, err := e.s.GetWebhook(e.ctx, tenantB, "whk-1"); return err }},
		{"DeleteWebhook", func() error { return e.s.DeleteWebhook(e.ctx, tenantB, "whk-1") }},
		{"RevokeArchive", func() error { _, err := e.s.RevokeArchive(e.ctx, tenantB, "arc-1", t0, nil); return err }},
		{"ListAudit", func() error { _, err := e.s.ListAudit(e.ctx, tenantB, "arc-1"); return err }},
		{"GetAPIKey", func() error { _, err := e.s.GetAPIKey(e.ctx, tenantB, "key-1"); return err }},
		{"RevokeAPIKey", func() error { return e.s.RevokeAPIKey(e.ctx, tenantB, "key-1", t0) }},
	} {
		e.is(tc.fn(), storage.ErrNotFound, tc.name+" by another tenant")
	}

	users, _, err := e.s.ListUsers(e.ctx, tenantB, storage.Page{Size: 150})
	e.ok(err)
	same(e.t, "users seen by B", ids(users, userID), []string{userB1})
	archives, _, err := e.s.ListArchives(e.ctx, storage.ArchiveFilter{TenantID: tenantB, UserID: userA1})
	e.ok(err)
	same(e.t, "archives seen by B", len(archives), 0)
	incomes, _, err := e.s.ListIncomes(e.ctx, storage.IncomeFilter{TenantID: tenantB, SourceID: "arc-1"})
	e.ok(err)
	same(e.t, "incomes seen by B", len(incomes), 0)
	hooks, _, err := e.s.ListWebhooks(e.ctx, tenantB, storage.Page{})
	e.ok(err)
	same(e.t, "webhooks seen by B", len(hooks), 0)
	hooks, err = e.s.WebhooksFor(e.ctx, tenantB, "ARCHIVE_ANALYZED")
	e.ok(err)
	same(e.t, "webhooks for B", len(hooks), 0)
	attempts, _, err := e.s.ListWebhookAttempts(e.ctx, tenantB, "whk-1", storage.Page{})
	e.ok(err)
	same(e.t, "attempts seen by B", len(attempts), 0)
	keys, _, err := e.s.ListAPIKeys(e.ctx, tenantB, storage.Page{})
	e.ok(err)
	same(e.t, "api keys seen by B", len(keys), 0)

	// Everything is still there for A.
	got, err := e.s.GetArchive(e.ctx, tenantA, "arc-1")
	e.ok(err)
	same(e.t, "A's archive status", got.Status, storage.StatusStarted)
	_, err = e.s.GetIncome(e.ctx, tenantA, "inc-1")
	e.ok(err)
	_, err = e.s.GetWebhook(e.ctx, tenantA, "whk-1")
	e.ok(err)
	audit, err := e.s.ListAudit(e.ctx, tenantA, "arc-1")
	e.ok(err)
	same(e.t, "A's audit", ids(audit, func(a storage.Audit) string { return a.ID }), []string{"aud-1"})
	k, err := e.s.GetAPIKey(e.ctx, tenantA, "key-1")
	e.ok(err)
	same(e.t, "A's api key after B's revoke", k.RevokedAt, (*time.Time)(nil))
}

// apiKey returns a live key of the tenant; its key is "ak-"+id.
func apiKey(tenant, id, role string) storage.APIKey {
	return storage.APIKey{ID: id, TenantID: tenant, Key: "ak-" + id, SecretHash: []byte("hash-" + id), Role: role,
		Name: "key " + id, CreatedAt: t0}
}

func testAPIKeyRoundTrip(e *env) {
	want := apiKey(tenantA, "key-1", storage.RoleReviewer)
	want.CreatedAt = t0.Add(1500 * time.Microsecond)
	e.ok(e.s.CreateAPIKey(e.ctx, want))
	got, err := e.s.APIKeyByKey(e.ctx, "ak-key-1")
	e.ok(err)
	same(e.t, "api key by key", got, want)
	got, err = e.s.GetAPIKey(e.ctx, tenantA, "key-1")
	e.ok(err)
	same(e.t, "api key by id", got, want)

	// A key created revoked, with no name, keeps both.
	revoked := storage.APIKey{ID: "key-2", TenantID: tenantA, Key: "ak-key-2", SecretHash: []byte{0}, Role: storage.RoleAdmin,
		CreatedAt: t0, RevokedAt: ptr(t0.Add(time.Minute))}
	e.ok(e.s.CreateAPIKey(e.ctx, revoked))
	got, err = e.s.APIKeyByKey(e.ctx, "ak-key-2")
	e.ok(err)
	same(e.t, "revoked api key", got, revoked)

	_, err = e.s.APIKeyByKey(e.ctx, "no-such-key")
	e.is(err, storage.ErrNotFound, "unknown key")
	_, err = e.s.GetAPIKey(e.ctx, tenantA, "key-none")
	e.is(err, storage.ErrNotFound, "unknown key id")
	_, err = e.s.GetAPIKey(e.ctx, tenantB, "key-1")
	e.is(err, storage.ErrNotFound, "key of another tenant")
	// A tenant's own key is not an API key row.
	_, err = e.s.APIKeyByKey(e.ctx, "key-"+tenantA)
	e.is(err, storage.ErrNotFound, "a tenant's own key")
}

func testAPIKeyConflicts(e *env) {
	e.ok(e.s.CreateAPIKey(e.ctx, apiKey(tenantA, "key-1", storage.RoleReviewer)))
	dupKey := apiKey(tenantB, "key-2", storage.RoleReviewer)
	dupKey.Key = "ak-key-1"
	e.is(e.s.CreateAPIKey(e.ctx, dupKey), storage.ErrConflict, "duplicate key")
	dupID := apiKey(tenantA, "key-1", storage.RoleReviewer)
	dupID.Key = "ak-other"
	e.is(e.s.CreateAPIKey(e.ctx, dupID), storage.ErrConflict, "duplicate id")
	e.is(e.s.CreateAPIKey(e.ctx, apiKey("ten-none", "key-3", storage.RoleReviewer)), storage.ErrNotFound, "unknown tenant")

	// Nothing of the failed creates was stored.
	got, err := e.s.APIKeyByKey(e.ctx, "ak-key-1")
	e.ok(err)
	same(e.t, "first key", got, apiKey(tenantA, "key-1", storage.RoleReviewer))
	for _, key := range []string{"ak-other", "ak-key-3"} {
		_, err := e.s.APIKeyByKey(e.ctx, key)
		e.is(err, storage.ErrNotFound, "key of a failed create "+key)
	}
	same(e.t, "keys of B", walk(e, 10, apiKeyID, func(p storage.Page) ([]storage.APIKey, string, error) {
		return e.s.ListAPIKeys(e.ctx, tenantB, p)
	}), []string{})
}

func testListAPIKeys(e *env) {
	var want []string
	for i := range 13 {
		id := fmt.Sprintf("key-x%02d", i)
		want = append(want, id)
		e.ok(e.s.CreateAPIKey(e.ctx, apiKey(tenantA, id, storage.RoleReviewer)))
	}
	e.ok(e.s.CreateAPIKey(e.ctx, apiKey(tenantB, "key-b", storage.RoleReviewer)))
	e.ok(e.s.RevokeAPIKey(e.ctx, tenantA, "key-x03", t0.Add(time.Hour)))
	want = descending(want...)
	list := func(tenant string) func(p storage.Page) ([]storage.APIKey, string, error) {
		return func(p storage.Page) ([]storage.APIKey, string, error) { return e.s.ListAPIKeys(e.ctx, tenant, p) }
	}
	same(e.t, "keys of A (revoked included)", walk(e, 5, apiKeyID, list(tenantA)), want)
	same(e.t, "keys of A, one page", walk(e, 150, apiKeyID, list(tenantA)), want)
	same(e.t, "keys of B", walk(e, 5, apiKeyID, list(tenantB)), []string{"key-b"})
	same(e.t, "keys of an unknown tenant", walk(e, 5, apiKeyID, list("ten-none")), []string{})

	items, _, err := e.s.ListAPIKeys(e.ctx, tenantA, storage.Page{Size: 150})
	e.ok(err)
	for _, k := range items {
		w := apiKey(tenantA, k.ID, storage.RoleReviewer)
		if k.ID == "key-x03" {
			w.RevokedAt = ptr(t0.Add(time.Hour))
		}
		same(e.t, "listed key "+k.ID, k, w)
	}
}

func testRevokeAPIKey(e *env) {
	e.ok(e.s.CreateAPIKey(e.ctx, apiKey(tenantA, "key-1", storage.RoleReviewer)))
	e.ok(e.s.CreateAPIKey(e.ctx, apiKey(tenantA, "key-2", storage.RoleReviewer)))

	e.is(e.s.RevokeAPIKey(e.ctx, tenantB, "key-1", t0), storage.ErrNotFound, "revoke by another tenant")
	e.is(e.s.RevokeAPIKey(e.ctx, tenantA, "key-none", t0), storage.ErrNotFound, "revoke an unknown key")
	got, err := e.s.APIKeyByKey(e.ctx, "ak-key-1")
	e.ok(err)
	same(e.t, "key after failed revokes", got.RevokedAt, (*time.Time)(nil))

	at := t0.Add(time.Hour)
	e.ok(e.s.RevokeAPIKey(e.ctx, tenantA, "key-1", at))
	got, err = e.s.APIKeyByKey(e.ctx, "ak-key-1")
	e.ok(err)
	same(e.t, "revoked at", got.RevokedAt, &at)
	// Revoking again succeeds and keeps the first time.
	e.ok(e.s.RevokeAPIKey(e.ctx, tenantA, "key-1", at.Add(time.Hour)))
	got, err = e.s.GetAPIKey(e.ctx, tenantA, "key-1")
	e.ok(err)
	same(e.t, "revoked at after a second revoke", got.RevokedAt, &at)
	// The other key is untouched.
	other, err := e.s.APIKeyByKey(e.ctx, "ak-key-2")
	e.ok(err)
	same(e.t, "other key", other.RevokedAt, (*time.Time)(nil))
}

// idemKey is a reservation of key "k-1" of the tenant by the request, made
// at t0.
func idemKey(tenant, owner, request string) storage.Idempotency {
	return storage.Idempotency{TenantID: tenant, Owner: owner, Key: "k-1", RequestID: request,
		LockedUntil: t0.Add(15 * time.Minute), CreatedAt: t0, ExpiresAt: t0.Add(storage.IdempotencyTTL)}
}

// reserve reserves k and fails unless reserved is as wanted; it returns
// the key held.
func (e *env) reserve(k storage.Idempotency, want bool) storage.Idempotency {
	e.t.Helper()
	held, reserved, err := e.s.ReserveIdempotency(e.ctx, k)
	e.ok(err)
	if reserved != want {
		e.t.Fatalf("reserve %s/%s/%s by %s: reserved %v, want %v", k.TenantID, k.Owner, k.Key, k.RequestID, reserved, want)
	}
	return held
}

func testIdempotencyReserve(e *env) {
	first := idemKey(tenantA, "", "req-1")
	same(e.t, "reserved", e.reserve(first, true), first)
	// A second request finds the first one's reservation, in flight.
	held := e.reserve(idemKey(tenantA, "", "req-2"), false)
	same(e.t, "held", held, first)
	if !held.InFlight() {
		e.t.Error("a reservation is not in flight")
	}
	// The same key of another owner or tenant is another key.
	e.reserve(idemKey(tenantA, userA1, "req-3"), true)
	e.reserve(idemKey(tenantA, userA2, "req-4"), true)
	e.reserve(idemKey(tenantB, "", "req-5"), true)
	_, _, err := e.s.ReserveIdempotency(e.ctx, idemKey("ten-none", "", "req-6"))
	e.is(err, storage.ErrNotFound, "unknown tenant")
}

func testIdempotencyComplete(e *env) {
	k := idemKey(tenantA, "", "req-1")
	e.reserve(k, true)
	other := k
	other.RequestID = "req-2"
	e.is(e.s.CompleteIdempotency(e.ctx, other), storage.ErrNotFound, "complete by another request")
	e.is(e.s.ReleaseIdempotency(e.ctx, other), storage.ErrNotFound, "release by another request")

	k.Fingerprint, k.Status, k.Body = []byte{1, 2, 3}, 201, []byte(`{"code":"CREATED"}`)
	e.ok(e.s.CompleteIdempotency(e.ctx, k))
	retry := idemKey(tenantA, "", "req-3")
	retry.CreatedAt = t0.Add(23 * time.Hour)
	same(e.t, "answer", e.reserve(retry, false), k)
	e.is(e.s.CompleteIdempotency(e.ctx, k), storage.ErrNotFound, "complete twice")
	e.is(e.s.ReleaseIdempotency(e.ctx, k), storage.ErrNotFound, "release an answer")

	// A released reservation leaves the key free.
	free := idemKey(tenantB, "", "req-4")
	e.reserve(free, true)
	e.ok(e.s.ReleaseIdempotency(e.ctx, free))
	free.RequestID = "req-5"
	e.reserve(free, true)
}

func testIdempotencyExpiry(e *env) {
	answered := idemKey(tenantA, "", "req-1")
	e.reserve(answered, true)
	answered.Status, answered.Body = 200, []byte("{}")
	e.ok(e.s.CompleteIdempotency(e.ctx, answered))
	crashed := idemKey(tenantB, "", "req-2")
	e.reserve(crashed, true)

	// Past the reservation's lock, its key is taken over; the answer holds.
	later := func(k storage.Idempotency, d time.Duration, request string) storage.Idempotency {
		k.RequestID, k.Status, k.Body = request, 0, nil
		k.CreatedAt, k.LockedUntil, k.ExpiresAt = k.CreatedAt.Add(d), k.LockedUntil.Add(d), k.ExpiresAt.Add(d)
		return k
	}
	e.reserve(later(answered, time.Hour, "req-3"), false)
	takeover := later(crashed, time.Hour, "req-4")
	same(e.t, "taken over", e.reserve(takeover, true), takeover)
	e.is(e.s.CompleteIdempotency(e.ctx, crashed), storage.ErrNotFound, "complete of the lost reservation")

	// At its expiry, the answer's key is free again.
	e.reserve(later(answered, storage.IdempotencyTTL, "req-5"), true)

	n, err := e.s.DeleteExpiredIdempotency(e.ctx, t0.Add(storage.IdempotencyTTL+time.Hour))
	e.ok(err)
	if n != 1 {
		e.t.Errorf("deleted %d expired keys, want 1 (the first reservation of tenant B's key was taken over)", n)
	}
	n, err = e.s.DeleteExpiredIdempotency(e.ctx, t0.Add(3*storage.IdempotencyTTL))
	e.ok(err)
	if n != 1 {
		e.t.Errorf("deleted %d expired keys, want 1", n)
	}
	e.reserve(idemKey(tenantB, "", "req-6"), true)
}

func testIdempotencyRace(e *env) {
	const n = 8
	reserved := make([]bool, n)
	errs := make([]error, n)
	done := make(chan struct{})
	for i := range n {
		go func() {
			defer func() { done <- struct{}{} }()
			_, reserved[i], errs[i] = e.s.ReserveIdempotency(e.ctx, idemKey(tenantA, "", fmt.Sprint("req-", i)))
		}()
	}
	for range n {
		<-done
	}
	won := 0
	for i := range n {
		e.ok(errs[i])
		if reserved[i] {
			won++
		}
	}
	if won != 1 {
		e.t.Errorf("%d of %d racing requests reserved the key, want 1", won, n)
	}
}

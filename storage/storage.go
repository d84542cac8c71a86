// Package storage defines what talaan keeps and where: the metadata Store
// (tenants, users, tokens, archives and their files, incomes, webhooks, the
// review audit trail) and the Blobs store for the uploaded files. The embedded
// default implements them on SQLite (storage/sqlite) and a local folder
// (storage/folder); the scale-out mode on PostgreSQL and S3.
//
// Every method that changes an archive takes the River jobs that must run
// because of the change (processing, webhook deliveries, blob deletion) and
// commits them in the same transaction as the rows, so a row never exists
// without its job and a job never runs for a row that was rolled back.
//
// The rules every SQL store applies alike live here once, and the stores
// keep only their hand-written SQL, per dialect and per table: what a
// verdict may finish and what it writes (finish.go), which conditions a
// filter or a page's cursor asks for (filter.go, page.go), the migration
// runner (migrate.go), the shared secret (secret.go), the jobs inserted in
// the store's transaction (jobs.go), when an Idempotency-Key is held or may
// be taken over (idempotency.go), and what a read, an insert or a change of
// one row returns when it finds nothing or conflicts (rows.go).
package storage

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"time"

	"github.com/riverqueue/river"
)

// Sentinel errors. Implementations wrap them; callers test with errors.Is.
var (
	// ErrNotFound: no such row, or it belongs to another tenant.
	ErrNotFound = errors.New("not found")
	// ErrConflict: the row is not in a state that allows the change (an
	// archive that is no longer STARTED, a duplicate key).
	ErrConflict = errors.New("conflict")
)

// Archive statuses (Smile's values).
const (
	StatusStarted     = "STARTED"
	StatusAnalyzed    = "ANALYZED"
	StatusUnsupported = "UNSUPPORTED"
	StatusError       = "ERROR"
	StatusRevoked     = "REVOKED"
)

// Archive sources: a tenant's archive or an end user's upload.
const (
	SourceArchive = "ARCHIVE"
	SourceUpload  = "UPLOAD"
)

// Tenant is a lender with API credentials. The secret is stored as a hash.
type Tenant struct {
	ID         string
	Name       string
	APIKey     string
	SecretHash []byte
	CreatedAt  time.Time
}

// API key roles. The tenant's own key (Tenant.APIKey) is an admin key.
const (
	// RoleAdmin may call every tenant endpoint, as the tenant's own key.
	RoleAdmin = "admin"
	// RoleReviewer may only work the review queue: list and query
	// predictions, publish corrections, and read an archive, its audit
	// trail and its files.
	RoleReviewer = "reviewer"
)

// APIKey is an additional credential of a tenant, with a role. The secret
// is stored as a hash; a revoked key (RevokedAt set) no longer
// authenticates.
type APIKey struct {
	ID         string
	TenantID   string
	Key        string
	SecretHash []byte
	Role       string // RoleAdmin or RoleReviewer
	Name       string
	CreatedAt  time.Time
	RevokedAt  *time.Time
}

// User is a borrower of one tenant.
type User struct {
	ID               string
	TenantID         string
	ExternalMetadata map[string]string
	CreatedAt        time.Time
}

// Token is a short-lived bearer token of one user; only its hash is stored.
type Token struct {
	ID        string
	TenantID  string
	UserID    string
	Hash      []byte
	ExpiresAt time.Time
	CreatedAt time.Time
}

// Archive is a set of files handed in together, by a tenant (SourceArchive)
// or by a user with a token (SourceUpload), and what was made of them.
type Archive struct {
	ID         string
	TenantID   string
	UserID     string
	Source     string // SourceArchive or SourceUpload
	ProviderID string // "tenant-provided" or "user-provided"
	FileType   string // the type asked for at upload or found by classification
	Status     string
	// ErrorCode is Smile's code (SYSTEM_ERROR, MISSING_MANDATORY_FIELD, ...);
	// Reason is talaan's specific code (PASSWORD_PROTECTED, ...).
	ErrorCode    string
	ErrorMessage string
	Reason       string
	// Review is true while the archive waits for a person.
	Review bool
	// Result is the worker's result document; the store keeps it as is.
	Result    json.RawMessage
	CreatedAt time.Time
	UpdatedAt time.Time
	Files     []RawFile
}

// RawFile is one uploaded file. BlobKey names it in the Blobs store.
// ExpiresAt is the end of its retention; DeletedAt is set once the blob is
// gone (expired or revoked).
type RawFile struct {
	ID        string
	ArchiveID string
	TenantID  string
	Name      string
	SubType   string
	Format    string // PDF, PNG, JPG, JPEG, TIFF
	Size      int64  // bytes
	BlobKey   string
	CreatedAt time.Time
	ExpiresAt time.Time
	DeletedAt *time.Time
}

// Income is one published income record (Smile's Income).
type Income struct {
	ID            string
	TenantID      string
	UserID        string
	ArchiveID     string // metadata.sourceId
	FileID        string
	SourceType    string // SourceArchive or SourceUpload
	ProviderID    string
	WorkItem      *string
	Employer      *string
	StartDate     *string // YYYY-MM-DD
	EndDate       *string
	PayDate       *string
	Currency      *string
	Frequency     *string
	BaseAmount    *float64
	GrossAmount   *float64
	NetAmount     *float64
	Confidence    json.RawMessage // field name -> confidence 0..1
	Reviewed      bool            // published by a person
	CreatedAt     time.Time
	ItemCreatedAt time.Time // when the document was handed in
}

// Webhook is a tenant's event subscription. The secret signs deliveries, so
// it is stored as given.
type Webhook struct {
	ID             string
	TenantID       string
	Name           string
	URL            string
	Secret         string
	EventTypes     []string
	Active         bool
	IncludePayload bool
	CreatedAt      time.Time
	UpdatedAt      time.Time
}

// WebhookAttempt is the log line of one delivery attempt.
type WebhookAttempt struct {
	ID         string
	TenantID   string
	WebhookID  string
	EventID    string
	EventType  string
	Attempt    int
	StatusCode int    // 0 when no response
	Error      string // empty on success
	DurationMS int64
	At         time.Time
}

// Audit actions: what one line of the review trail records.
const (
	// AuditPublish: a person published the archive's values (one line per
	// publish, Field empty).
	AuditPublish = "publish"
	// AuditReject: a person rejected the archive as not an income
	// document (Field "validFile", true to false).
	AuditReject = "reject"
	// AuditChange: a person changed a value (OldValue to NewValue).
	AuditChange = "change"
	// AuditConfirm: a person kept a doubted or checked value as it was
	// (OldValue and NewValue both the value).
	AuditConfirm = "confirm"
)

// Audit records one thing a person did in review. Lines written before
// actions were recorded have Action, ActorID and ActorName empty.
type Audit struct {
	ID        string
	TenantID  string
	ArchiveID string
	Action    string // AuditPublish, AuditReject, AuditChange, AuditConfirm
	// Actor is the credential ("apikey:KEY"); ActorID and ActorName name
	// the key (for the tenant's own key, the tenant).
	Actor     string
	ActorID   string
	ActorName string
	Field     string
	OldValue  *string
	NewValue  *string
	At        time.Time
}

// ConsoleSession is a sign-in to the review console. Its cookie names it;
// every request checks that it has not expired and was not revoked (signed
// out), so that a sign-out holds in every process and after a restart.
type ConsoleSession struct {
	ID        string
	TenantID  string
	Actor     string // the credential, as Audit.Actor
	ActorID   string
	ActorName string
	Role      string
	CreatedAt time.Time
	ExpiresAt time.Time
	RevokedAt *time.Time
}

// Page asks for one page of a list, newest first: at most Size items (1..150)
// with ids below After (empty for the first page).
type Page struct {
	Size  int
	After string
}

// ArchiveFilter selects archives of one tenant. Zero fields do not filter.
type ArchiveFilter struct {
	TenantID string
	UserID   string
	Source   string
	FileType string
	Review   *bool
	Status   string
	From, To time.Time // created at, inclusive; zero is open
	Page     Page
}

// IncomeFilter selects incomes of one tenant. From and To (YYYY-MM-DD)
// select incomes whose period overlaps them.
type IncomeFilter struct {
	TenantID string
	UserID   string
	SourceID string
	From, To string
	Page     Page
}

// Finish is the worker's or a reviewer's verdict on an archive. The store
// applies it only while the archive is STARTED; otherwise ErrConflict.
// Incomes replace any the archive had (a retried job never duplicates).
type Finish struct {
	ArchiveID    string
	Status       string
	FileType     string
	ErrorCode    string
	ErrorMessage string
	Reason       string
	Review       bool
	Result       json.RawMessage
	Incomes      []Income
	Audit        []Audit
	// RequireReview: apply only if the archive is waiting for review.
	RequireReview bool
	At            time.Time
}

// Store keeps talaan's metadata. All methods are safe for concurrent use.
// Methods with a tenantID argument never return another tenant's rows
// (ErrNotFound instead).
type Store interface {
	// Migrate brings the schema (talaan's and the queue's) up to date.
	Migrate(ctx context.Context) error
	Close() error

	// Secret returns the named server secret, creating it with gen the
	// first time, so that every process of one deployment shares it.
	Secret(ctx context.Context, name string, gen func() []byte) ([]byte, error)

	CreateTenant(ctx context.Context, t Tenant) error
	TenantByAPIKey(ctx context.Context, apiKey string) (Tenant, error)

	// CreateAPIKey stores k: a duplicate id or key is ErrConflict, an
	// unknown tenant ErrNotFound.
	CreateAPIKey(ctx context.Context, k APIKey) error
	// APIKeyByKey returns the key, revoked or not; the caller checks
	// RevokedAt.
	APIKeyByKey(ctx context.Context, key string) (APIKey, error)
	// GetAPIKey returns the tenant's key by id.
	GetAPIKey(ctx context.Context, tenantID, id string) (APIKey, error)
	// ListAPIKeys lists the tenant's keys, revoked ones included, newest
	// first.
	ListAPIKeys(ctx context.Context, tenantID string, p Page) (items []APIKey, next string, err error)
	// RevokeAPIKey marks the tenant's key revoked at at; revoking it again
	// keeps the first time.
	RevokeAPIKey(ctx context.Context, tenantID, id string, at time.Time) error

	// CreateUser stores the user, its first token and jobs (the deliveries
	// of its USER_CREATED) together.
	CreateUser(ctx context.Context, u User, tok Token, jobs ...river.InsertManyParams) error
	GetUser(ctx context.Context, tenantID, id string) (User, error)
	ListUsers(ctx context.Context, tenantID string, p Page) (items []User, next string, err error)
	CreateToken(ctx context.Context, tok Token) error
	TokenByHash(ctx context.Context, hash []byte) (Token, error)

	// CreateArchive stores the archive with its files and inserts jobs, in
	// one transaction.
	CreateArchive(ctx context.Context, a Archive, jobs []river.InsertManyParams) error
	// GetArchive returns the archive with its files; tenantID "" is the
	// worker's unscoped read.
	GetArchive(ctx context.Context, tenantID, id string) (Archive, error)
	ListArchives(ctx context.Context, f ArchiveFilter) (items []Archive, next string, err error)
	// FinishArchive applies f and inserts jobs in one transaction.
	FinishArchive(ctx context.Context, f Finish, jobs []river.InsertManyParams) error
	// RevokeArchive marks the archive REVOKED, deletes its incomes, marks
	// its files deleted and inserts jobs, in one transaction. It returns the
	// archive as it was, files included, so the caller can delete the blobs.
	RevokeArchive(ctx context.Context, tenantID, id string, at time.Time, jobs []river.InsertManyParams) (Archive, error)

	// GetFile returns one file with its archive's tenant; tenantID "" is
	// unscoped (the signed-URL handler checks the signature instead).
	GetFile(ctx context.Context, tenantID, id string) (RawFile, error)
	// ExpiredFiles lists files whose retention ended at or before now and
	// whose blob is not yet deleted, oldest first.
	ExpiredFiles(ctx context.Context, now time.Time, limit int) ([]RawFile, error)
	MarkFileDeleted(ctx context.Context, id string, at time.Time) error
	// KnownBlobKeys reports which of keys name the blob of a file that is
	// not deleted; the orphan sweep deletes the blobs of the others. It
	// takes any number of keys (callers batch a few hundred).
	KnownBlobKeys(ctx context.Context, keys []string) (map[string]bool, error)

	GetIncome(ctx context.Context, tenantID, id string) (Income, error)
	// GetIncomes returns the tenant's incomes among ids, in no order; ids
	// that are not the tenant's incomes are left out. It takes any number
	// of ids (an archive list's page asks for a few hundred).
	GetIncomes(ctx context.Context, tenantID string, ids []string) ([]Income, error)
	ListIncomes(ctx context.Context, f IncomeFilter) (items []Income, next string, err error)

	CreateWebhook(ctx context.Context, w Webhook) error
	GetWebhook(ctx context.Context, tenantID, id string) (Webhook, error)
	ListWebhooks(ctx context.Context, tenantID string, p Page) (items []Webhook, next string, err error)
	DeleteWebhook(ctx context.Context, tenantID, id string) error
	// WebhooksFor lists the tenant's active webhooks subscribed to the event
	// type (or to ALL_EVENTS).
	WebhooksFor(ctx context.Context, tenantID, eventType string) ([]Webhook, error)
	AddWebhookAttempt(ctx context.Context, a WebhookAttempt) error
	ListWebhookAttempts(ctx context.Context, tenantID, webhookID string, p Page) (items []WebhookAttempt, next string, err error)

	ListAudit(ctx context.Context, tenantID, archiveID string) ([]Audit, error)

	// CreateConsoleSession stores a sign-in and deletes the sessions that
	// expired before it was created; a duplicate id is ErrConflict, an
	// unknown tenant ErrNotFound.
	CreateConsoleSession(ctx context.Context, s ConsoleSession) error
	// GetConsoleSession returns the session, expired or revoked or not;
	// the caller checks ExpiresAt and RevokedAt.
	GetConsoleSession(ctx context.Context, id string) (ConsoleSession, error)
	// RevokeConsoleSession marks the session revoked at at (a sign-out);
	// revoking it again keeps the first time.
	RevokeConsoleSession(ctx context.Context, id string, at time.Time) error

	// ReserveIdempotency reserves k's key (TenantID, Owner, Key) for the
	// request k.RequestID, in flight, unless the key is held
	// (Idempotency.Holds at k.CreatedAt): then it returns the stored key
	// and false. An unknown tenant is ErrNotFound.
	ReserveIdempotency(ctx context.Context, k Idempotency) (held Idempotency, reserved bool, err error)
	// CompleteIdempotency stores the answer of k.RequestID's reservation
	// (Fingerprint, Status, Body); ErrNotFound when the key is no longer
	// reserved by that request.
	CompleteIdempotency(ctx context.Context, k Idempotency) error
	// ReleaseIdempotency frees the key k.RequestID reserved, so that a retry
	// runs again; ErrNotFound when the key is no longer reserved by that
	// request.
	ReleaseIdempotency(ctx context.Context, k Idempotency) error
	// DeleteExpiredIdempotency deletes the keys expired at or before now
	// and returns how many.
	DeleteExpiredIdempotency(ctx context.Context, now time.Time) (int64, error)

	// QueueLoads counts the unfinished River jobs of kind per tenant (the
	// "tenantId" of their args; "" for jobs without one), so that the
	// document slots can be shared fairly between tenants.
	QueueLoads(ctx context.Context, kind string) (map[string]QueueLoad, error)
}

// QueueLoad is one tenant's unfinished jobs of one kind.
type QueueLoad struct {
	Pending int // not started: available, scheduled or retryable
	Ready   int // of Pending, those a worker may take now
	Running int
}

// Blobs keeps uploaded files under keys the caller makes unguessable.
// Put is atomic: a reader sees the whole file or nothing, and a failed or
// interrupted Put leaves nothing behind.
type Blobs interface {
	// Put streams r under key and returns the number of bytes written. If r
	// returns an error, Put returns it (wrapped) and stores nothing.
	Put(ctx context.Context, key string, r io.Reader) (int64, error)
	// Open returns the blob; ErrNotFound when it does not exist.
	Open(ctx context.Context, key string) (io.ReadCloser, error)
	// Delete removes the blob; deleting a missing blob is not an error.
	Delete(ctx context.Context, key string) error
}

// BlobLister is implemented by blob stores that can list what they hold,
// for the orphan sweep: blobs left without a file row by a crash between
// Put and the row's commit.
type BlobLister interface {
	// ListBlobs calls fn with every blob whose key starts with prefix and
	// that was last written before olderThan, in no particular order. fn
	// may delete the blob it is given. The store's own bookkeeping (temp
	// files, probe objects) is never listed. An error from fn stops the
	// listing and is returned.
	ListBlobs(ctx context.Context, prefix string, olderThan time.Time, fn func(key string, modTime time.Time) error) error
}

// TempCleaner is implemented by blob stores that keep the partial data of
// Puts in progress (the folder's temp files): CleanTemp removes what was
// last written before olderThan, which no Put in progress can still own,
// and returns how many it removed.
type TempCleaner interface {
	CleanTemp(ctx context.Context, olderThan time.Time) (int, error)
}

// Presigner is implemented by blob stores that hand out their own links to
// a file (S3's presigned URLs). The link must stop working at expires; the
// API never asks past the file's retention. filename is offered to the
// browser (Content-Disposition); format is the file's format (PDF, PNG,
// JPG, JPEG, TIFF) for its Content-Type.
type Presigner interface {
	PresignGet(ctx context.Context, key string, expires time.Time, filename, format string) (string, error)
}

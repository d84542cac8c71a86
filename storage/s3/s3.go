package s3

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/aws/smithy-go"
	smithyhttp "github.com/aws/smithy-go/transport/http"

	"talaan/storage"
)

const (
	// PartSize is the size of the parts of a multipart upload, and of the
	// one buffer a Put holds: S3's minimum part size.
	PartSize = 5 << 20
	// MaxPresign is the longest a presigned URL can live (SigV4's limit).
	MaxPresign = 7 * 24 * time.Hour

	maxKeyLen    = 512
	maxPrefixLen = 200
	// abortTimeout bounds the cleanup of a failed multipart upload, which
	// runs on a fresh context: the caller's may be the reason it failed.
	abortTimeout = 30 * time.Second
)

// SSE values.
const (
	SSENone = ""
	SSES3   = "AES256"  // S3-managed keys
	SSEKMS  = "aws:kms" // KMS keys
)

// Options configure a Store.
type Options struct {
	// Prefix is prepended to every key ("talaan/"); a trailing '/' is
	// added when missing.
	Prefix string
	// SSE is the server-side encryption asked for on every upload:
	// SSENone, SSES3 or SSEKMS.
	SSE string
	// KMSKeyID names the KMS key for SSEKMS (empty: the account's default).
	KMSKeyID string
	// PublicEndpoint is the base URL clients reach the server at, when it
	// differs from the one talaan uses (a container network's name):
	// presigned links are signed for it.
	PublicEndpoint string
}

// Store is a storage.Blobs (and storage.Presigner) on one S3 bucket.
type Store struct {
	client    *s3.Client
	presigner *s3.PresignClient
	bucket    string
	prefix    string
	sse       types.ServerSideEncryption
	kmsKeyID  string
	settle    time.Duration // see lifecycleSettle
}

var (
	_ storage.Blobs     = (*Store)(nil)
	_ storage.Presigner = (*Store)(nil)
)

// New returns a Store on bucket through client. It checks the options but
// does not contact S3.
func New(ctx context.Context, client *s3.Client, bucket string, opts Options) (*Store, error) {
	if client == nil {
		return nil, errors.New("s3: no client")
	}
	if err := checkBucket(bucket); err != nil {
		return nil, fmt.Errorf("s3: %s", err)
	}
	prefix, err := normPrefix(opts.Prefix)
	if err != nil {
		return nil, err
	}
	s := &Store{
		client: client,
		presigner: s3.NewPresignClient(client, func(po *s3.PresignOptions) {
			if opts.PublicEndpoint != "" {
				po.ClientOptions = append(po.ClientOptions, func(o *s3.Options) {
					o.BaseEndpoint = aws.String(opts.PublicEndpoint)
					o.UsePathStyle = true
				})
			}
		}),
		bucket: bucket,
		prefix: prefix,
		settle: lifecycleSettle,
	}
	switch opts.SSE {
	case SSENone:
		if opts.KMSKeyID != "" {
			return nil, errors.New("s3: a KMS key id is given but sse is not aws:kms")
		}
	case SSES3:
		if opts.KMSKeyID != "" {
			return nil, errors.New("s3: a KMS key id goes with sse=aws:kms, not AES256")
		}
		s.sse = types.ServerSideEncryptionAes256
	case SSEKMS:
		s.sse = types.ServerSideEncryptionAwsKms
		s.kmsKeyID = opts.KMSKeyID
	default:
		return nil, fmt.Errorf("s3: unknown sse %q: use AES256 (S3-managed keys) or aws:kms (KMS keys, with kms_key_id)", opts.SSE)
	}
	return s, nil
}

// Bucket returns the bucket's name.
func (s *Store) Bucket() string { return s.bucket }

// Prefix returns the prefix prepended to every key ("" or ending in '/').
func (s *Store) Prefix() string { return s.prefix }

// checkBucket checks S3's bucket naming rules (3-63 characters: lower-case
// letters, digits, '.', '-'; starting and ending with a letter or digit).
func checkBucket(b string) error {
	if b == "" {
		return errors.New("no bucket")
	}
	if len(b) < 3 || len(b) > 63 {
		return fmt.Errorf("bucket name %q must be 3 to 63 characters long", b)
	}
	for i := 0; i < len(b); i++ {
		c := b[i]
		if !('a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '.' || c == '-') {
			return fmt.Errorf("bucket name %q may only hold lower-case letters, digits, '.' and '-'", b)
		}
	}
	if !isAlnum(b[0]) || !isAlnum(b[len(b)-1]) {
		return fmt.Errorf("bucket name %q must start and end with a letter or digit", b)
	}
	return nil
}

func isAlnum(c byte) bool { return 'a' <= c && c <= 'z' || '0' <= c && c <= '9' }

// normPrefix validates a prefix and makes it end in '/'.
func normPrefix(p string) (string, error) {
	if p == "" {
		return "", nil
	}
	if !strings.HasSuffix(p, "/") {
		p += "/"
	}
	if len(p) > maxPrefixLen {
		return "", fmt.Errorf("s3: prefix longer than %d bytes", maxPrefixLen)
	}
	if err := checkKey(strings.TrimSuffix(p, "/")); err != nil {
		return "", fmt.Errorf("s3: prefix %q: %s", p, err)
	}
	return p, nil
}

// checkKey reports why key is not acceptable, or nil. The rules are the
// folder store's, so a key valid in one store is valid in the other.
func checkKey(key string) error {
	if key == "" {
		return errors.New("empty")
	}
	if len(key) > maxKeyLen {
		return fmt.Errorf("longer than %d bytes", maxKeyLen)
	}
	for i := 0; i < len(key); i++ {
		c := key[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9',
			c == '.', c == '_', c == '-', c == '/':
		default:
			return fmt.Errorf("character %q not allowed", c)
		}
	}
	if key[0] == '/' {
		return errors.New("leading '/'")
	}
	for _, seg := range strings.Split(key, "/") {
		switch seg {
		case "", ".", "..":
			return errors.New(`empty, "." or ".." segment`)
		}
	}
	return nil
}

// objectKey validates key and returns the object's name in the bucket.
func (s *Store) objectKey(key string) (string, error) {
	if err := checkKey(key); err != nil {
		return "", fmt.Errorf("s3: invalid key %q: %s", key, err)
	}
	return s.prefix + key, nil
}

// bufPool holds the PartSize buffers of Puts in progress.
var bufPool = sync.Pool{New: func() any { b := make([]byte, PartSize); return &b }}

// Put streams r to the object key. Bodies shorter than PartSize go up in one
// PutObject; longer ones in a multipart upload of PartSize parts, aborted on
// any error. On error nothing is stored and a previous object under key is
// left as it was; an error of r is wrapped.
func (s *Store) Put(ctx context.Context, key string, r io.Reader) (_ int64, err error) {
	name, err := s.objectKey(key)
	if err != nil {
		return 0, err
	}
	if err := ctx.Err(); err != nil {
		return 0, fmt.Errorf("s3: put %q: %w", key, err)
	}
	bp := bufPool.Get().(*[]byte)
	defer func() {
		// After a failed request net/http may still be reading the body
		// in the background; such a buffer is left to the GC.
		if err == nil {
			bufPool.Put(bp)
		}
	}()
	buf := *bp

	n, eof, err := fill(ctx, r, buf)
	if err != nil {
		return 0, fmt.Errorf("s3: put %q: %w", key, err)
	}
	if eof {
		in := &s3.PutObjectInput{
			Bucket:        aws.String(s.bucket),
			Key:           aws.String(name),
			Body:          bytes.NewReader(buf[:n]),
			ContentLength: aws.Int64(int64(n)),
			ContentType:   aws.String("application/octet-stream"),
		}
		s.setSSE(&in.ServerSideEncryption, &in.SSEKMSKeyId)
		if _, err := s.client.PutObject(ctx, in); err != nil {
			return 0, fmt.Errorf("s3: put %q: %w", key, err)
		}
		return int64(n), nil
	}
	total, err := s.putMultipart(ctx, name, r, buf, n)
	if err != nil {
		return 0, fmt.Errorf("s3: put %q: %w", key, err)
	}
	return total, nil
}

// putMultipart uploads buf[:n], then the rest of r, as the parts of one
// multipart upload; it aborts the upload on any error.
func (s *Store) putMultipart(ctx context.Context, name string, r io.Reader, buf []byte, n int) (total int64, err error) {
	create := &s3.CreateMultipartUploadInput{
		Bucket:            aws.String(s.bucket),
		Key:               aws.String(name),
		ContentType:       aws.String("application/octet-stream"),
		ChecksumAlgorithm: types.ChecksumAlgorithmCrc32,
	}
	s.setSSE(&create.ServerSideEncryption, &create.SSEKMSKeyId)
	out, err := s.client.CreateMultipartUpload(ctx, create)
	if err != nil {
		return 0, fmt.Errorf("create multipart upload: %w", err)
	}
	uploadID := out.UploadId
	defer func() {
		if err == nil {
			return
		}
		actx, cancel := context.WithTimeout(context.WithoutCancel(ctx), abortTimeout)
		defer cancel()
		if _, aerr := s.client.AbortMultipartUpload(actx, &s3.AbortMultipartUploadInput{
			Bucket:   aws.String(s.bucket),
			Key:      aws.String(name),
			UploadId: uploadID,
		}); aerr != nil {
			err = fmt.Errorf("%w (and aborting the multipart upload failed: %v; the bucket's lifecycle rule removes it after a day)", err, aerr)
		}
	}()

	var parts []types.CompletedPart
	for {
		num := int32(len(parts) + 1)
		if num > 10000 {
			return 0, fmt.Errorf("larger than %d bytes, S3's limit for %d-byte parts", int64(10000)*PartSize, PartSize)
		}
		up, err := s.client.UploadPart(ctx, &s3.UploadPartInput{
			Bucket:            aws.String(s.bucket),
			Key:               aws.String(name),
			UploadId:          uploadID,
			PartNumber:        aws.Int32(num),
			Body:              bytes.NewReader(buf[:n]),
			ContentLength:     aws.Int64(int64(n)),
			ChecksumAlgorithm: types.ChecksumAlgorithmCrc32,
		})
		if err != nil {
			return 0, fmt.Errorf("upload part %d: %w", num, err)
		}
		parts = append(parts, types.CompletedPart{
			PartNumber:    aws.Int32(num),
			ETag:          up.ETag,
			ChecksumCRC32: up.ChecksumCRC32,
		})
		total += int64(n)

		// A short last part (r ended) is uploaded by the next turn, which
		// then reads nothing more and stops.
		n, _, err = fill(ctx, r, buf)
		if err != nil {
			return 0, err
		}
		if n == 0 {
			break
		}
	}
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	if _, err := s.client.CompleteMultipartUpload(ctx, &s3.CompleteMultipartUploadInput{
		Bucket:          aws.String(s.bucket),
		Key:             aws.String(name),
		UploadId:        uploadID,
		MultipartUpload: &types.CompletedMultipartUpload{Parts: parts},
	}); err != nil {
		return 0, fmt.Errorf("complete multipart upload: %w", err)
	}
	return total, nil
}

// fill reads from r until buf is full or r ends. eof reports that r ended
// (n may still be > 0). It checks ctx between reads, so a body that keeps
// coming does not outlive a cancelled request.
func fill(ctx context.Context, r io.Reader, buf []byte) (n int, eof bool, err error) {
	for n < len(buf) {
		if err := ctx.Err(); err != nil {
			return n, false, err
		}
		m, rerr := r.Read(buf[n:])
		n += m
		if rerr == io.EOF {
			return n, true, nil
		}
		if rerr != nil {
			return n, false, fmt.Errorf("read: %w", rerr)
		}
	}
	return n, false, nil
}

func (s *Store) setSSE(sse *types.ServerSideEncryption, kmsKeyID **string) {
	if s.sse == "" {
		return
	}
	*sse = s.sse
	if s.kmsKeyID != "" {
		*kmsKeyID = aws.String(s.kmsKeyID)
	}
}

// Open returns the object's body, streamed; an error wrapping
// storage.ErrNotFound when there is no such object. Reading the body is
// bound to ctx.
func (s *Store) Open(ctx context.Context, key string) (io.ReadCloser, error) {
	name, err := s.objectKey(key)
	if err != nil {
		return nil, err
	}
	out, err := s.client.GetObject(ctx, &s3.GetObjectInput{
		Bucket: aws.String(s.bucket),
		Key:    aws.String(name),
	})
	if err != nil {
		if isNotFound(err) {
			return nil, fmt.Errorf("s3: open %q: %w", key, storage.ErrNotFound)
		}
		return nil, fmt.Errorf("s3: open %q: %w", key, err)
	}
	return out.Body, nil
}

// Delete removes the object; deleting a missing object is not an error.
func (s *Store) Delete(ctx context.Context, key string) error {
	name, err := s.objectKey(key)
	if err != nil {
		return err
	}
	if _, err := s.client.DeleteObject(ctx, &s3.DeleteObjectInput{
		Bucket: aws.String(s.bucket),
		Key:    aws.String(name),
	}); err != nil && !isNotFound(err) {
		return fmt.Errorf("s3: delete %q: %w", key, err)
	}
	return nil
}

// isNotFound reports whether err is S3's answer for a missing object.
func isNotFound(err error) bool {
	var nsk *types.NoSuchKey
	if errors.As(err, &nsk) {
		return true
	}
	var nf *types.NotFound
	if errors.As(err, &nf) {
		return true
	}
	var ae smithy.APIError
	if errors.As(err, &ae) && (ae.ErrorCode() == "NoSuchKey" || ae.ErrorCode() == "NotFound") {
		return true
	}
	var re *smithyhttp.ResponseError
	return errors.As(err, &re) && re.HTTPStatusCode() == http.StatusNotFound && !isCode(err, "NoSuchBucket")
}

// isCode reports whether err is an S3 error with the code.
func isCode(err error, code string) bool {
	var ae smithy.APIError
	return errors.As(err, &ae) && ae.ErrorCode() == code
}

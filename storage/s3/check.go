package s3

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/aws/smithy-go"

	"talaan/storage"
)

// checkDir is where Check writes its probe object, under the prefix.
const checkDir = ".talaan-check"

// Check writes a small object under the prefix, reads it back, deletes it
// and checks that reading it again is "not found", so that a missing
// bucket, missing permissions (including s3:ListBucket, without which a
// missing object is 403, not 404) or refused encryption show at start-up
// rather than at the first upload. Open calls it.
func (s *Store) Check(ctx context.Context) error {
	var b [8]byte
	rand.Read(b[:])
	key := checkDir + "/" + hex.EncodeToString(b[:])
	const body = "talaan start-up check"
	if _, err := s.Put(ctx, key, strings.NewReader(body)); err != nil {
		return s.explain("write", err)
	}
	rc, err := s.Open(ctx, key)
	if err != nil {
		s.Delete(context.WithoutCancel(ctx), key)
		return s.explain("read", err)
	}
	got, err := io.ReadAll(rc)
	rc.Close()
	if err != nil || string(got) != body {
		s.Delete(context.WithoutCancel(ctx), key)
		return fmt.Errorf("s3: check of bucket %q: an object written was read back as %q (%v)", s.bucket, got, err)
	}
	if err := s.Delete(ctx, key); err != nil {
		return s.explain("delete", err)
	}
	if _, err := s.Open(ctx, key); !errors.Is(err, storage.ErrNotFound) {
		if isCode(err, "AccessDenied") {
			return fmt.Errorf("s3: check of bucket %q: reading a missing object is refused instead of not found: the credentials need s3:ListBucket on the bucket: %w", s.bucket, err)
		}
		return fmt.Errorf("s3: check of bucket %q: an object still reads after Delete (%v)", s.bucket, err)
	}
	return nil
}

// explain adds to an S3 error what the person setting talaan up can do.
func (s *Store) explain(what string, err error) error {
	var ae smithy.APIError
	if !errors.As(err, &ae) {
		return fmt.Errorf("s3: check of bucket %q: %s: %w", s.bucket, what, err)
	}
	switch ae.ErrorCode() {
	case "NoSuchBucket":
		return fmt.Errorf("s3: bucket %q does not exist (talaan does not create it): %w", s.bucket, err)
	case "AccessDenied":
		return fmt.Errorf("s3: check of bucket %q: cannot %s objects under %q: the credentials need s3:PutObject, s3:GetObject, s3:DeleteObject and s3:AbortMultipartUpload there: %w", s.bucket, what, s.prefix, err)
	case "NotImplemented", "InvalidArgument", "KMS.NotFoundException", "KMSNotFoundException":
		if s.sse != "" {
			return fmt.Errorf("s3: check of bucket %q: the server refused sse=%s: configure its encryption (on MinIO, a KMS), or leave sse out of the URL: %w", s.bucket, s.sse, err)
		}
	}
	return fmt.Errorf("s3: check of bucket %q: %s: %w", s.bucket, what, err)
}

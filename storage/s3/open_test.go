package s3

import (
	"bytes"
	"context"
	"io"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"

	"talaan/storage/blobtest"
	"talaan/tools/miniotest"
)

func TestSSE(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		name    string
		opts    Options
		want    types.ServerSideEncryption
		wantKey string
	}{
		{"AES256", Options{SSE: SSES3}, types.ServerSideEncryptionAes256, ""},
		{"KMS", Options{SSE: SSEKMS, KMSKeyID: miniotest.KMSKeyID}, types.ServerSideEncryptionAwsKms, miniotest.KMSKeyID},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t, tc.opts)
			for _, size := range []int{1000, PartSize + 1000} {
				f.rec.reset()
				key := blobtest.Key(t)
				data := pattern(t, size)
				if _, err := f.store.Put(ctx, key, bytes.NewReader(data)); err != nil {
					t.Fatalf("Put %d bytes with sse=%s: %v", size, tc.opts.SSE, err)
				}
				// The request that creates the object asks for SSE.
				first := "PutObject"
				if size > PartSize {
					first = "CreateMultipartUpload"
				}
				reqs := f.rec.withOp(first)
				if len(reqs) != 1 {
					t.Fatalf("%d %s requests, want 1 (sent %v)", len(reqs), first, f.rec.ops())
				}
				h := reqs[0].header
				if got := h.Get("X-Amz-Server-Side-Encryption"); got != string(tc.want) {
					t.Errorf("%s sent x-amz-server-side-encryption %q, want %q", first, got, tc.want)
				}
				if got := h.Get("X-Amz-Server-Side-Encryption-Aws-Kms-Key-Id"); got != tc.wantKey {
					t.Errorf("%s sent the KMS key id %q, want %q", first, got, tc.wantKey)
				}
				// MinIO (with its static KMS key) encrypted the object.
				head, err := srv.Client().HeadObject(ctx, &s3.HeadObjectInput{Bucket: aws.String(f.bucket), Key: aws.String(key)})
				if err != nil {
					t.Fatal(err)
				}
				if head.ServerSideEncryption != tc.want {
					t.Errorf("object of %d bytes stored with SSE %q, want %q", size, head.ServerSideEncryption, tc.want)
				}
				rc, err := f.store.Open(ctx, key)
				if err != nil {
					t.Fatal(err)
				}
				got, _ := io.ReadAll(rc)
				rc.Close()
				if !bytes.Equal(got, data) {
					t.Errorf("encrypted object read back differently")
				}
			}
		})
	}
}

// isolateAWS points the AWS configuration chain at nothing of the
// developer's and never at the EC2 metadata service.
func isolateAWS(t *testing.T) {
	t.Helper()
	dir := t.TempDir()
	for k, v := range map[string]string{
		"AWS_CONFIG_FILE":                        filepath.Join(dir, "config"),
		"AWS_SHARED_CREDENTIALS_FILE":            filepath.Join(dir, "credentials"),
		"AWS_EC2_METADATA_DISABLED":              "true",
		"AWS_PROFILE":                            "",
		"AWS_DEFAULT_PROFILE":                    "",
		"AWS_REGION":                             "",
		"AWS_DEFAULT_REGION":                     "",
		"AWS_ACCESS_KEY_ID":                      "",
		"AWS_SECRET_ACCESS_KEY":                  "",
		"AWS_SESSION_TOKEN":                      "",
		"AWS_ROLE_ARN":                           "",
		"AWS_WEB_IDENTITY_TOKEN_FILE":            "",
		"AWS_CONTAINER_CREDENTIALS_RELATIVE_URI": "",
		"AWS_CONTAINER_CREDENTIALS_FULL_URI":     "",
		"AWS_ENDPOINT_URL":                       "",
		"AWS_ENDPOINT_URL_S3":                    "",
	} {
		t.Setenv(k, v)
	}
}

func TestParseURL(t *testing.T) {
	good := []struct {
		url  string
		want Config
	}{
		{"s3://bucket", Config{Bucket: "bucket"}},
		{"s3://my.bucket-1/", Config{Bucket: "my.bucket-1"}},
		{"s3://bucket?endpoint=http://127.0.0.1:9000&region=us-east-1&prefix=talaan/&sse=AES256",
			Config{Bucket: "bucket", Endpoint: "http://127.0.0.1:9000", Region: "us-east-1", Options: Options{Prefix: "talaan/", SSE: SSES3}}},
		{"s3://bucket?endpoint=https://minio.internal/&prefix=a/b", Config{Bucket: "bucket", Endpoint: "https://minio.internal", Options: Options{Prefix: "a/b/"}}},
		{"s3://bucket?sse=aws:kms&kms_key_id=arn:aws:kms:eu-west-1:1:key/abc", Config{Bucket: "bucket", Options: Options{SSE: SSEKMS, KMSKeyID: "arn:aws:kms:eu-west-1:1:key/abc"}}},
		{"s3://bucket?sse=aes256", Config{Bucket: "bucket", Options: Options{SSE: SSES3}}},
	}
	for _, tc := range good {
		got, err := ParseURL(tc.url)
		if err != nil {
			t.Errorf("ParseURL(%q): %v", tc.url, err)
			continue
		}
		if got != tc.want {
			t.Errorf("ParseURL(%q) = %+v, want %+v", tc.url, got, tc.want)
		}
	}

	bad := []struct {
		url, want string
	}{
		{"", "empty s3 URL"},
		{"s3://", "needs a bucket: s3://BUCKET?"},
		{"s3:///talaan", "needs a bucket"},
		{"s3:bucket", "needs a bucket"},
		{"bucket", "must start with s3://"},
		{"https://bucket.s3.amazonaws.com", "must start with s3://"},
		{"s3://AKIA:secret@bucket", "must not hold credentials"},
		{"s3://bucket:9000", "endpoint=http://HOST:PORT"},
		{"s3://Bucket_Name", "lower-case"},
		{"s3://ab", "3 to 63"},
		{"s3://bucket/talaan", `put a key prefix in prefix=: s3://bucket?prefix=talaan/`},
		{"s3://bucket?endpoint=127.0.0.1:9000", "must start with http:// or https://"},
		{"s3://bucket?endpoint=ftp://host", "must start with http:// or https://"},
		{"s3://bucket?endpoint=http://", "has no host"},
		{"s3://bucket?endpoint=http://host/path", "must not have a path"},
		{"s3://bucket?endpoint=", "endpoint is empty"},
		{"s3://bucket?endpoint=http://a&endpoint=http://b", "given 2 times"},
		{"s3://bucket?sse=DES", `unknown sse "DES"`},
		{"s3://bucket?sse=", "sse is empty"},
		{"s3://bucket?kms_key_id=k", "kms_key_id needs sse=aws:kms"},
		{"s3://bucket?sse=AES256&kms_key_id=k", "kms_key_id needs sse=aws:kms"},
		{"s3://bucket?regoin=us-east-1", `unknown parameter "regoin"`},
		{"s3://bucket?region=US East", "not a region name"},
		{"s3://bucket?prefix=../x", "prefix"},
		{"s3://bucket?prefix=/abs", "prefix"},
		{"s3://bucket#frag", "fragment"},
		{"s3://bucket?a=%zz", "bad query"},
	}
	for _, tc := range bad {
		_, err := ParseURL(tc.url)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("ParseURL(%q) = %v, want an error containing %q", tc.url, err, tc.want)
		}
		if err != nil && strings.Contains(err.Error(), "secret") {
			t.Errorf("ParseURL(%q) error shows the secret: %v", tc.url, err)
		}
	}
}

func TestOpen(t *testing.T) {
	isolateAWS(t)
	ctx := context.Background()
	bucket := srv.Bucket(t)
	u := "s3://" + bucket + "?endpoint=" + srv.Endpoint + "&region=us-east-1&prefix=talaan/&sse=AES256"

	// Bad URLs fail before any AWS configuration is read.
	if _, err := Open(ctx, "s3://?endpoint="+srv.Endpoint, time.Hour); err == nil || !strings.Contains(err.Error(), "needs a bucket") {
		t.Errorf("Open without a bucket = %v", err)
	}
	if _, err := Open(ctx, u, -time.Hour); err == nil {
		t.Error("Open with a negative retention succeeded")
	}

	// No credentials anywhere (and the metadata service off): a clear error.
	if _, err := Open(ctx, u, 0); err == nil || !strings.Contains(err.Error(), "AWS_ACCESS_KEY_ID") {
		t.Errorf("Open without credentials = %v, want an error naming AWS_ACCESS_KEY_ID", err)
	}

	// Credentials from the environment, as in production.
	t.Setenv("AWS_ACCESS_KEY_ID", srv.AccessKey)
	t.Setenv("AWS_SECRET_ACCESS_KEY", srv.SecretKey)
	s, err := Open(ctx, u, 36*time.Hour)
	if err != nil {
		t.Fatalf("Open(%s): %v", u, err)
	}
	if s.Bucket() != bucket || s.Prefix() != "talaan/" {
		t.Errorf("Open gave bucket %q prefix %q", s.Bucket(), s.Prefix())
	}
	key := blobtest.Key(t)
	if _, err := s.Put(ctx, key, strings.NewReader("hello")); err != nil {
		t.Fatal(err)
	}
	head, err := srv.Client().HeadObject(ctx, &s3.HeadObjectInput{Bucket: aws.String(bucket), Key: aws.String("talaan/" + key)})
	if err != nil {
		t.Fatalf("the object is not at talaan/%s: %v", key, err)
	}
	if head.ServerSideEncryption != types.ServerSideEncryptionAes256 {
		t.Errorf("stored with SSE %q, want AES256", head.ServerSideEncryption)
	}
	// Open set the lifecycle rule: 36h is 2 days.
	found := false
	for _, r := range lifecycleRules(t, bucket) {
		if aws.ToString(r.ID) == "talaan-retention:talaan/" {
			found = rulePrefix(r) == "talaan/" && aws.ToInt32(r.Expiration.Days) == 2
		}
	}
	if !found {
		t.Errorf("Open did not set the lifecycle rule: %+v", lifecycleRules(t, bucket))
	}

	// Region from the environment when the URL has none; still works.
	t.Setenv("AWS_REGION", "us-east-1")
	if _, err := Open(ctx, "s3://"+bucket+"?endpoint="+srv.Endpoint, 0); err != nil {
		t.Errorf("Open with the region from AWS_REGION: %v", err)
	}

	// A bucket that does not exist: Open with retention says so.
	if _, err := Open(ctx, "s3://no-such-bucket-"+randName()+"?endpoint="+srv.Endpoint, time.Hour); err == nil || !strings.Contains(err.Error(), "does not exist") {
		t.Errorf("Open of a missing bucket = %v, want a clear error", err)
	}

	// Wrong credentials: the lifecycle check fails, with S3's reason.
	t.Setenv("AWS_SECRET_ACCESS_KEY", "wrong-"+srv.SecretKey)
	if _, err := Open(ctx, u, time.Hour); err == nil || !strings.Contains(err.Error(), "SignatureDoesNotMatch") {
		t.Errorf("Open with a wrong secret = %v, want SignatureDoesNotMatch", err)
	}
}

package s3

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
)

func TestRetentionDays(t *testing.T) {
	for _, tc := range []struct {
		retention time.Duration
		want      int32
	}{
		{time.Nanosecond, 1},
		{time.Hour, 1},
		{24 * time.Hour, 1},
		{24*time.Hour + time.Second, 2},
		{25 * time.Hour, 2},
		{168 * time.Hour, 7},
		{90 * 24 * time.Hour, 90},
	} {
		if got := RetentionDays(tc.retention); got != tc.want {
			t.Errorf("RetentionDays(%v) = %d, want %d", tc.retention, got, tc.want)
		}
	}
}

func lifecycleRules(t *testing.T, bucket string) []types.LifecycleRule {
	t.Helper()
	out, err := srv.Client().GetBucketLifecycleConfiguration(context.Background(),
		&s3.GetBucketLifecycleConfigurationInput{Bucket: aws.String(bucket)})
	if err != nil {
		t.Fatalf("GetBucketLifecycleConfiguration: %v", err)
	}
	return out.Rules
}

func TestEnsureLifecycle(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t, Options{Prefix: "talaan/"})
	if got := f.store.LifecycleRuleID(); got != "talaan-retention:talaan/" {
		t.Errorf("rule ID %q", got)
	}

	// A rule of someone else's, there before talaan.
	foreign := types.LifecycleRule{
		ID:         aws.String("logs-cleanup"),
		Status:     types.ExpirationStatusEnabled,
		Filter:     &types.LifecycleRuleFilter{Prefix: aws.String("logs/")},
		Expiration: &types.LifecycleExpiration{Days: aws.Int32(30)},
	}
	if _, err := srv.Client().PutBucketLifecycleConfiguration(ctx, &s3.PutBucketLifecycleConfigurationInput{
		Bucket:                 aws.String(f.bucket),
		LifecycleConfiguration: &types.BucketLifecycleConfiguration{Rules: []types.LifecycleRule{foreign}},
	}); err != nil {
		t.Fatalf("put the foreign rule: %v", err)
	}

	loggedAbort := false
	check := func(wantDays int32) {
		t.Helper()
		rules := lifecycleRules(t, f.bucket)
		var ours []types.LifecycleRule
		foreignKept := false
		for _, r := range rules {
			switch id := aws.ToString(r.ID); {
			case id == "logs-cleanup":
				foreignKept = rulePrefix(r) == "logs/" && r.Expiration != nil && aws.ToInt32(r.Expiration.Days) == 30
			case id == f.store.LifecycleRuleID():
				ours = append(ours, r)
			}
		}
		if !foreignKept {
			t.Errorf("the foreign rule was lost or changed: %+v", rules)
		}
		if len(ours) != 1 {
			t.Fatalf("%d talaan rules, want 1: %+v", len(ours), rules)
		}
		r := ours[0]
		if aws.ToString(r.ID) != f.store.LifecycleRuleID() || rulePrefix(r) != "talaan/" ||
			r.Status != types.ExpirationStatusEnabled || aws.ToInt32(r.Expiration.Days) != wantDays {
			t.Errorf("talaan rule read back as %s (id %q), want prefix talaan/, %d days", describeRule(r), aws.ToString(r.ID), wantDays)
		}
		if r.AbortIncompleteMultipartUpload == nil {
			if loggedAbort {
				return
			}
			loggedAbort = true
			t.Logf("the server dropped the rule's AbortIncompleteMultipartUpload (MinIO does: it cleans stale uploads itself)")
		} else if got := aws.ToInt32(r.AbortIncompleteMultipartUpload.DaysAfterInitiation); got != 1 {
			t.Errorf("abort incomplete uploads after %d days, want 1", got)
		}
	}

	for range 2 {
		if err := f.store.EnsureLifecycle(ctx, 168*time.Hour); err != nil {
			t.Fatalf("EnsureLifecycle(168h): %v", err)
		}
		check(7)
	}
	if err := f.store.EnsureLifecycle(ctx, 25*time.Hour); err != nil {
		t.Fatalf("EnsureLifecycle(25h): %v", err)
	}
	check(2)

	// A second deployment in the same bucket, without a prefix, keeps its
	// own rule beside the first.
	other, err := New(ctx, srv.Client(), f.bucket, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := other.EnsureLifecycle(ctx, 72*time.Hour); err != nil {
		t.Fatal(err)
	}
	check(2)
	found := false
	for _, r := range lifecycleRules(t, f.bucket) {
		if aws.ToString(r.ID) == RuleID {
			found = rulePrefix(r) == "" && aws.ToInt32(r.Expiration.Days) == 3
		}
	}
	if !found {
		t.Errorf("the unprefixed store's rule %q (3 days, all objects) is missing: %+v", RuleID, lifecycleRules(t, f.bucket))
	}

	if err := f.store.EnsureLifecycle(ctx, 0); err == nil {
		t.Error("EnsureLifecycle(0) succeeded")
	}
}

func TestEnsureLifecycleMissingBucket(t *testing.T) {
	s, err := New(context.Background(), srv.Client(), "no-such-bucket-"+randName(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	err = s.EnsureLifecycle(context.Background(), time.Hour)
	if err == nil || !strings.Contains(err.Error(), "does not exist") {
		t.Fatalf("EnsureLifecycle on a missing bucket = %v, want a clear error", err)
	}
}

// fakeS3 answers lifecycle requests the way some S3-compatible servers do.
func fakeS3(t *testing.T, handler http.HandlerFunc) *s3.Client {
	t.Helper()
	ts := httptest.NewServer(handler)
	t.Cleanup(ts.Close)
	return s3.New(s3.Options{
		Region:       "us-east-1",
		BaseEndpoint: aws.String(ts.URL),
		UsePathStyle: true,
		Credentials:  credentials.NewStaticCredentialsProvider("k", "s", ""),
		HTTPClient:   &http.Client{Transport: &http.Transport{Proxy: nil}},
		Retryer:      aws.NopRetryer{},
	})
}

func TestEnsureLifecycleUnsupported(t *testing.T) {
	ctx := context.Background()
	notImpl := fakeS3(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/xml")
		w.WriteHeader(http.StatusNotImplemented)
		io.WriteString(w, `<?xml version="1.0" encoding="UTF-8"?><Error><Code>NotImplemented</Code><Message>A header you provided implies functionality that is not implemented</Message></Error>`)
	})
	s, err := New(ctx, notImpl, "bucket", Options{})
	if err != nil {
		t.Fatal(err)
	}
	err = s.EnsureLifecycle(ctx, 48*time.Hour)
	if err == nil || !strings.Contains(err.Error(), "does not implement lifecycle rules (NotImplemented)") {
		t.Errorf("EnsureLifecycle against a server without lifecycle = %v, want a clear NotImplemented error", err)
	}

	// A server that takes the configuration and forgets it.
	forgetful := fakeS3(t, func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPut {
			io.Copy(io.Discard, r.Body)
			w.WriteHeader(http.StatusOK)
			return
		}
		w.Header().Set("Content-Type", "application/xml")
		w.WriteHeader(http.StatusNotFound)
		io.WriteString(w, `<?xml version="1.0" encoding="UTF-8"?><Error><Code>NoSuchLifecycleConfiguration</Code><Message>The lifecycle configuration does not exist</Message></Error>`)
	})
	s, err = New(ctx, forgetful, "bucket", Options{})
	if err != nil {
		t.Fatal(err)
	}
	s.settle = 500 * time.Millisecond
	start := time.Now()
	err = s.EnsureLifecycle(ctx, 48*time.Hour)
	if d := time.Since(start); d < 200*time.Millisecond || d > 2*time.Second {
		t.Errorf("gave up on the read-back after %v, want after about %v", d, s.settle)
	}
	if err == nil || !strings.Contains(err.Error(), "missing when read back") {
		t.Errorf("EnsureLifecycle against a server that drops the rule = %v, want a read-back error", err)
	}
}

// AWS shows a new lifecycle configuration with some lag; EnsureLifecycle
// waits for it, and keeps the bucket's TransitionDefaultMinimumObjectSize.
func TestEnsureLifecycleWaitsForPropagation(t *testing.T) {
	ctx := context.Background()
	var mu sync.Mutex
	old := `<?xml version="1.0" encoding="UTF-8"?><LifecycleConfiguration><Rule><ID>other</ID><Status>Enabled</Status><Filter><Prefix>x/</Prefix></Filter><Expiration><Days>9</Days></Expiration></Rule></LifecycleConfiguration>`
	current, stale := old, 0
	var putHeader http.Header
	laggy := fakeS3(t, func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		if r.Method == http.MethodPut {
			b, _ := io.ReadAll(r.Body)
			current, stale, putHeader = string(b), 2, r.Header.Clone()
			w.WriteHeader(http.StatusOK)
			return
		}
		w.Header().Set("Content-Type", "application/xml")
		w.Header().Set("X-Amz-Transition-Default-Minimum-Object-Size", "varies_by_storage_class")
		if stale > 0 {
			stale--
			io.WriteString(w, old)
			return
		}
		io.WriteString(w, current)
	})
	s, err := New(ctx, laggy, "bucket", Options{Prefix: "talaan/"})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.EnsureLifecycle(ctx, 48*time.Hour); err != nil {
		t.Fatalf("EnsureLifecycle with a lagging read-back: %v", err)
	}
	mu.Lock()
	defer mu.Unlock()
	if stale != 0 {
		t.Errorf("EnsureLifecycle returned before the new configuration showed")
	}
	if got := putHeader.Get("X-Amz-Transition-Default-Minimum-Object-Size"); got != "varies_by_storage_class" {
		t.Errorf("Put sent transition default %q, want the bucket's varies_by_storage_class kept", got)
	}
	if !strings.Contains(current, "<ID>other</ID>") || !strings.Contains(current, "<ID>talaan-retention:talaan/</ID>") ||
		!strings.Contains(current, "<Days>2</Days>") || !strings.Contains(current, "<DaysAfterInitiation>1</DaysAfterInitiation>") {
		t.Errorf("configuration put: %s", current)
	}
}

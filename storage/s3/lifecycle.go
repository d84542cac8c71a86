package s3

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/aws/smithy-go"
)

// RuleID is the ID of talaan's lifecycle rule in a bucket used without a
// prefix; with a prefix the ID is RuleID + ":" + prefix (see LifecycleRuleID).
const RuleID = "talaan-retention"

// lifecycleSettle is how long EnsureLifecycle waits for a new configuration
// to show when read back (AWS propagates it with some lag).
const lifecycleSettle = 20 * time.Second

// abortAfterDays is when the lifecycle rule aborts incomplete multipart
// uploads (left by a process that died mid-Put).
const abortAfterDays = 1

// LifecycleRuleID returns the ID of the store's lifecycle rule: RuleID, or
// RuleID:PREFIX, so that deployments sharing a bucket under different
// prefixes do not replace each other's rule.
func (s *Store) LifecycleRuleID() string {
	if s.prefix == "" {
		return RuleID
	}
	return RuleID + ":" + s.prefix
}

// RetentionDays is the lifecycle expiration for a retention: S3 counts whole
// days, so it is the retention in days rounded up, at least 1.
func RetentionDays(retention time.Duration) int32 {
	const day = 24 * time.Hour
	days := (retention + day - 1) / day
	if days < 1 {
		days = 1
	}
	if days > 1<<31-1 {
		days = 1<<31 - 1
	}
	return int32(days)
}

// EnsureLifecycle makes sure the bucket has the store's lifecycle rule: for
// objects under the prefix, expire them RetentionDays(retention) days after
// they were written and abort incomplete multipart uploads after a day. It
// keeps the bucket's other rules (read, merge, write), writes nothing when
// the rule is already right, and reads the configuration back to check
// that the server kept the expiration.
func (s *Store) EnsureLifecycle(ctx context.Context, retention time.Duration) error {
	if retention <= 0 {
		return fmt.Errorf("s3: lifecycle: retention must be positive, not %v", retention)
	}
	id := s.LifecycleRuleID()
	days := RetentionDays(retention)
	want := types.LifecycleRule{
		ID:     aws.String(id),
		Status: types.ExpirationStatusEnabled,
		Filter: &types.LifecycleRuleFilter{Prefix: aws.String(s.prefix)},
		Expiration: &types.LifecycleExpiration{
			Days: aws.Int32(days),
		},
		AbortIncompleteMultipartUpload: &types.AbortIncompleteMultipartUpload{
			DaysAfterInitiation: aws.Int32(abortAfterDays),
		},
	}

	current, err := s.lifecycle(ctx)
	if err != nil {
		return err
	}
	var merged []types.LifecycleRule
	upToDate := false
	for _, r := range current.Rules {
		if aws.ToString(r.ID) == id {
			upToDate = ruleMatches(r, s.prefix, days) && r.AbortIncompleteMultipartUpload != nil &&
				aws.ToInt32(r.AbortIncompleteMultipartUpload.DaysAfterInitiation) == abortAfterDays
			continue
		}
		merged = append(merged, r)
	}
	if !upToDate {
		merged = append(merged, want)
		_, err := s.client.PutBucketLifecycleConfiguration(ctx, &s3.PutBucketLifecycleConfigurationInput{
			Bucket:                 aws.String(s.bucket),
			LifecycleConfiguration: &types.BucketLifecycleConfiguration{Rules: merged},
			// Keep the bucket's setting (Put without it resets it).
			TransitionDefaultMinimumObjectSize: current.TransitionDefaultMinimumObjectSize,
		})
		if err != nil {
			return s.lifecycleError("set", err)
		}
	}

	// Read it back: a server may accept the configuration and drop what it
	// does not support. AWS propagates a new configuration with some lag,
	// so a read that still shows the old one is retried for a while.
	deadline := time.Now().Add(s.settle)
	for wait := 100 * time.Millisecond; ; wait *= 2 {
		got, err := s.lifecycle(ctx)
		if err != nil {
			return err
		}
		var rule *types.LifecycleRule
		for i, r := range got.Rules {
			if aws.ToString(r.ID) == id {
				rule = &got.Rules[i]
			}
		}
		if rule != nil && ruleMatches(*rule, s.prefix, days) {
			return nil
		}
		if time.Now().Add(wait).After(deadline) {
			if rule == nil {
				return fmt.Errorf("s3: lifecycle of bucket %q: rule %q is missing when read back: the server accepted the configuration but did not keep it; expire old objects another way", s.bucket, id)
			}
			return fmt.Errorf("s3: lifecycle of bucket %q: the server changed rule %q (read back: %s; want objects under %q expired after %d days)",
				s.bucket, id, describeRule(*rule), s.prefix, days)
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("s3: lifecycle of bucket %q: %w", s.bucket, ctx.Err())
		case <-time.After(wait):
		}
	}
}

// lifecycle returns the bucket's lifecycle configuration (no rules when it
// has none).
func (s *Store) lifecycle(ctx context.Context) (*s3.GetBucketLifecycleConfigurationOutput, error) {
	out, err := s.client.GetBucketLifecycleConfiguration(ctx, &s3.GetBucketLifecycleConfigurationInput{
		Bucket: aws.String(s.bucket),
	})
	if err != nil {
		if isCode(err, "NoSuchLifecycleConfiguration") {
			return &s3.GetBucketLifecycleConfigurationOutput{}, nil
		}
		return nil, s.lifecycleError("read", err)
	}
	return out, nil
}

func (s *Store) lifecycleError(what string, err error) error {
	var ae smithy.APIError
	if errors.As(err, &ae) {
		switch ae.ErrorCode() {
		case "NotImplemented":
			return fmt.Errorf("s3: lifecycle of bucket %q: this S3 server does not implement lifecycle rules (NotImplemented), so it cannot expire old files by itself: use a server that does, or set up expiry there another way and run without a retention on the blob store: %w", s.bucket, err)
		case "AccessDenied":
			return fmt.Errorf("s3: lifecycle of bucket %q: cannot %s it: the credentials need s3:GetLifecycleConfiguration and s3:PutLifecycleConfiguration on the bucket: %w", s.bucket, what, err)
		case "NoSuchBucket":
			return fmt.Errorf("s3: bucket %q does not exist (talaan does not create it): %w", s.bucket, err)
		}
	}
	return fmt.Errorf("s3: lifecycle of bucket %q: %s: %w", s.bucket, what, err)
}

// ruleMatches reports whether r is an enabled rule expiring objects under
// prefix after days days.
func ruleMatches(r types.LifecycleRule, prefix string, days int32) bool {
	return r.Status == types.ExpirationStatusEnabled &&
		rulePrefix(r) == prefix &&
		(r.Filter == nil || r.Filter.And == nil && r.Filter.Tag == nil &&
			r.Filter.ObjectSizeGreaterThan == nil && r.Filter.ObjectSizeLessThan == nil) &&
		r.Expiration != nil && aws.ToInt32(r.Expiration.Days) == days
}

func rulePrefix(r types.LifecycleRule) string {
	if r.Filter != nil && r.Filter.Prefix != nil {
		return *r.Filter.Prefix
	}
	return aws.ToString(r.Prefix)
}

func describeRule(r types.LifecycleRule) string {
	days := "none"
	if r.Expiration != nil && r.Expiration.Days != nil {
		days = fmt.Sprint(*r.Expiration.Days)
	}
	return fmt.Sprintf("status %s, prefix %q, expiration days %s", r.Status, rulePrefix(r), days)
}

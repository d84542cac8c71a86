package s3

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"sort"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/s3"
)

// DefaultRegion is the region used when neither the URL nor the standard
// AWS configuration names one.
const DefaultRegion = "us-east-1"

// urlForm is the shape of an s3 URL, for error messages.
const urlForm = "s3://BUCKET?endpoint=http://127.0.0.1:9000&region=us-east-1&prefix=talaan/&sse=AES256"

// Config is what an s3 URL says.
type Config struct {
	Bucket string
	// Endpoint is an S3-compatible server's base URL; empty for AWS.
	Endpoint string
	// Region is empty when the URL names none.
	Region string
	Options
}

var urlParams = []string{"endpoint", "public_endpoint", "region", "prefix", "sse", "kms_key_id"}

// ParseURL parses and checks an s3 URL (see the package documentation). Its
// errors say what is wrong in words meant for the person who wrote the URL;
// the caller prefixes the setting's name.
func ParseURL(rawURL string) (Config, error) {
	var c Config
	if strings.TrimSpace(rawURL) == "" {
		return c, fmt.Errorf("empty s3 URL: want %s", urlForm)
	}
	u, err := url.Parse(rawURL)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err // without the URL, which may hold what it should not
		}
		return c, fmt.Errorf("s3 URL does not parse (%v): want %s", err, urlForm)
	}
	if u.Scheme != "s3" {
		return c, fmt.Errorf("s3 URL must start with s3://, not %q: want %s", u.Scheme+":", urlForm)
	}
	if u.User != nil {
		return c, errors.New("s3 URL must not hold credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (or use an AWS profile or role) instead")
	}
	if u.Opaque != "" || u.Host == "" {
		return c, fmt.Errorf("s3 URL needs a bucket: %s", urlForm)
	}
	if u.Port() != "" {
		return c, fmt.Errorf("s3 URL: %q is not a bucket name; a server's address goes in endpoint=http://HOST:PORT: %s", u.Host, urlForm)
	}
	c.Bucket = u.Hostname()
	if err := checkBucket(c.Bucket); err != nil {
		return c, fmt.Errorf("s3 URL: %s", err)
	}
	if u.Path != "" && u.Path != "/" {
		return c, fmt.Errorf("s3 URL: the path %q is not used; put a key prefix in prefix=: s3://%s?prefix=%s", u.Path, c.Bucket, strings.Trim(u.Path, "/")+"/")
	}
	if u.Fragment != "" {
		return c, errors.New("s3 URL must not have a #fragment")
	}
	q, err := url.ParseQuery(u.RawQuery)
	if err != nil {
		return c, fmt.Errorf("s3 URL: bad query (%v): want %s", err, urlForm)
	}
	var unknown []string
	for k, v := range q {
		known := false
		for _, p := range urlParams {
			known = known || k == p
		}
		if !known {
			unknown = append(unknown, k)
			continue
		}
		if len(v) > 1 {
			return c, fmt.Errorf("s3 URL: %s is given %d times", k, len(v))
		}
	}
	if len(unknown) > 0 {
		sort.Strings(unknown)
		return c, fmt.Errorf("s3 URL: unknown parameter %q (known: %s)", unknown[0], strings.Join(urlParams, ", "))
	}

	if e := q.Get("endpoint"); e != "" {
		ep, err := checkEndpoint(e)
		if err != nil {
			return c, err
		}
		c.Endpoint = ep
	} else if q.Has("endpoint") {
		return c, errors.New("s3 URL: endpoint is empty: leave it out for AWS, or give a server's URL like endpoint=http://127.0.0.1:9000")
	}
	if e := q.Get("public_endpoint"); e != "" {
		ep, err := checkEndpoint(e)
		if err != nil {
			return c, fmt.Errorf("public_endpoint: %w", err)
		}
		c.PublicEndpoint = ep
	}
	if r := q.Get("region"); r != "" {
		for i := 0; i < len(r); i++ {
			ch := r[i]
			if !('a' <= ch && ch <= 'z' || '0' <= ch && ch <= '9' || ch == '-') {
				return c, fmt.Errorf("s3 URL: region %q is not a region name like us-east-1", r)
			}
		}
		c.Region = r
	}
	if p := q.Get("prefix"); p != "" {
		np, err := normPrefix(p)
		if err != nil {
			return c, fmt.Errorf("s3 URL: %s", strings.TrimPrefix(err.Error(), "s3: "))
		}
		c.Prefix = np
	}
	switch sse := q.Get("sse"); {
	case sse == "":
		if q.Has("sse") {
			return c, errors.New("s3 URL: sse is empty: leave it out, or use sse=AES256 or sse=aws:kms")
		}
	case strings.EqualFold(sse, SSES3):
		c.SSE = SSES3
	case strings.EqualFold(sse, SSEKMS):
		c.SSE = SSEKMS
	default:
		return c, fmt.Errorf("s3 URL: unknown sse %q: use sse=AES256 (S3-managed keys) or sse=aws:kms (KMS, optionally with kms_key_id=KEY)", sse)
	}
	if k := q.Get("kms_key_id"); k != "" {
		if c.SSE != SSEKMS {
			return c, errors.New("s3 URL: kms_key_id needs sse=aws:kms")
		}
		c.KMSKeyID = k
	}
	return c, nil
}

// checkEndpoint checks an endpoint URL: http or https, a host, no path,
// query or credentials. It returns it without a trailing '/'.
func checkEndpoint(e string) (string, error) {
	bad := func(why string) error {
		return fmt.Errorf("s3 URL: endpoint %q %s: want a server's base URL like endpoint=http://127.0.0.1:9000", e, why)
	}
	if !strings.HasPrefix(e, "http://") && !strings.HasPrefix(e, "https://") {
		return "", bad("must start with http:// or https://")
	}
	u, err := url.Parse(e)
	if err != nil {
		return "", bad("does not parse")
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return "", bad("must start with http:// or https://")
	}
	if u.Host == "" || u.Hostname() == "" {
		return "", bad("has no host")
	}
	if u.User != nil {
		return "", bad("must not hold credentials")
	}
	if (u.Path != "" && u.Path != "/") || u.RawQuery != "" || u.Fragment != "" {
		return "", bad("must not have a path or query")
	}
	return u.Scheme + "://" + u.Host, nil
}

// Open opens the bucket an s3 URL names, with credentials from the standard
// AWS chain: it checks that credentials are found, that the store works
// (Check: a probe object written, read, deleted) and, when retention > 0,
// ensures the bucket's lifecycle rule (EnsureLifecycle).
func Open(ctx context.Context, rawURL string, retention time.Duration) (*Store, error) {
	c, err := ParseURL(rawURL)
	if err != nil {
		return nil, err
	}
	if retention < 0 {
		return nil, fmt.Errorf("s3: retention must not be negative, not %v", retention)
	}
	var loadOpts []func(*config.LoadOptions) error
	if c.Region != "" {
		loadOpts = append(loadOpts, config.WithRegion(c.Region))
	}
	awsCfg, err := config.LoadDefaultConfig(ctx, loadOpts...)
	if err != nil {
		return nil, fmt.Errorf("s3: load the AWS configuration: %w", err)
	}
	if awsCfg.Region == "" {
		awsCfg.Region = DefaultRegion
	}
	if awsCfg.Credentials == nil {
		return nil, errors.New("s3: no AWS credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE, or run with a role")
	}
	if _, err := awsCfg.Credentials.Retrieve(ctx); err != nil {
		return nil, fmt.Errorf("s3: no usable AWS credentials (set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE, or run with a role): %w", err)
	}
	client := s3.NewFromConfig(awsCfg, func(o *s3.Options) {
		if c.Endpoint != "" {
			o.BaseEndpoint = aws.String(c.Endpoint)
			o.UsePathStyle = true
		}
	})
	s, err := New(ctx, client, c.Bucket, c.Options)
	if err != nil {
		return nil, err
	}
	if err := s.Check(ctx); err != nil {
		return nil, err
	}
	if retention > 0 {
		if err := s.EnsureLifecycle(ctx, retention); err != nil {
			return nil, err
		}
	}
	return s, nil
}
